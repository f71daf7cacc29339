"""Seeds and mutations for fuzzing the document parser (used by the test and ``run_fuzz``).

Seeds are the generated declaration and reply PDFs of ``tests/fixtures/pdfs.py`` (every
layout, a reply, the bad inputs) plus any ``samples/*.pdf``. Mutations: byte flips, random
overwrites, truncation, splices of two seeds, deleted and duplicated spans, and random bytes
behind a ``%PDF-`` header.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def seeds() -> tuple[bytes, ...]:
    from fixtures import pdfs

    found = [make() for _, make in pdfs.good_fixtures().values()]
    found += [pdfs.truncated(), pdfs.encrypted(), pdfs.image_only(), pdfs.unrelated()]
    found += [p.read_bytes() for p in sorted((ROOT / "samples").glob("*.pdf"))]
    return tuple(data for data in found if data)


def flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def overwrite(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    n = rng.randint(1, 256)
    return data[:i] + rng.randbytes(n) + data[i + n :]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def cut_middle(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 4096) :]


def duplicate(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    span = data[i : i + rng.randint(1, 4096)]
    return data[:i] + span * rng.randint(2, 8) + data[i:]


def splice(rng: random.Random, data: bytes) -> bytes:
    other = rng.choice(seeds())
    return data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]


def keep_trailer(rng: random.Random, data: bytes) -> bytes:
    """Damage the body but keep ``%%EOF`` so the parser gets past the cheap checks."""
    body, tail = data[:-64], data[-64:]
    return flip(rng, body) + tail if body else data


def random_pdf(rng: random.Random, data: bytes) -> bytes:
    return (
        b"%PDF-1."
        + bytes([48 + rng.randrange(8)])
        + b"\n"
        + rng.randbytes(rng.randint(0, 4096))
        + (b"\n%%EOF\n" if rng.random() < 0.7 else b"")
    )


MUTATIONS = (flip, overwrite, truncate, cut_middle, duplicate, splice, keep_trailer, random_pdf)


def mutant(rng: random.Random) -> tuple[str, bytes]:
    """One fuzz input and the name of how it was made (1-3 mutations of one seed)."""
    data = rng.choice(seeds())
    names = []
    for _ in range(rng.randint(1, 3)):
        mutation = rng.choice(MUTATIONS)
        names.append(mutation.__name__)
        data = mutation(rng, data) if data else random_pdf(rng, data)
    return "+".join(names), data
