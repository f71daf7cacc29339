"""Long fuzz run of the document parser (``make fuzz``).

    python tests/fuzz/run_fuzz.py --count 5000 [--seed N] [--max-seconds 10]

Feeds ``--count`` mutated PDFs (see ``mutations.py``) to ``parse_document``. Prints the
count, how many were refused per error code, the slowest input and its time. Exits 1 if
any input raised anything but a ``CustomsIprError`` or took longer than ``--max-seconds``;
each such input is written to ``--crash-dir`` for a reproducer.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`make fuzz`): tests/ on the path (`fuzz`, `fixtures`), as pytest's
    # `pythonpath` in pyproject.toml has it.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=None, help="default: random, printed")
    parser.add_argument("--max-seconds", type=float, default=10.0)
    parser.add_argument("--crash-dir", type=Path, default=Path("build/fuzz-crashes"))
    args = parser.parse_args(argv)

    import logging

    from fuzz import mutations

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged input warns a lot

    from customs_ipr.documents.parsing import parse_document
    from customs_ipr.errors import CustomsIprError

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = (0.0, "", "")
    started_all = time.perf_counter()
    for index in range(args.count):
        name, data = mutations.mutant(rng)
        started = time.perf_counter()
        try:
            parse_document(data, filename="fuzz.pdf")
            outcomes["parsed"] += 1
        except CustomsIprError as error:
            outcomes[error.code] += 1
        except Exception:  # the point of fuzzing: anything else is a bug
            failures.append(_save(args.crash_dir, data, name, traceback.format_exc()))
        elapsed = time.perf_counter() - started
        if elapsed > slowest[0]:
            slowest = (elapsed, name, hashlib.sha256(data).hexdigest()[:16])
        if elapsed > args.max_seconds:
            failures.append(_save(args.crash_dir, data, name, f"took {elapsed:.2f} s"))
        if (index + 1) % 500 == 0:
            print(f"  {index + 1} inputs, {len(failures)} failures", flush=True)

    print(f"seed: {seed}")
    print(f"inputs: {args.count} in {time.perf_counter() - started_all:.1f} s")
    print("outcomes: " + ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items())))
    print(f"slowest input: {slowest[0]:.3f} s ({slowest[1]}, sha256 {slowest[2]})")
    print(f"unhandled exceptions or over-time inputs: {len(failures)}")
    for path in failures[:20]:
        print(f"  reproducer: {path}")
    return 1 if failures else 0


def _save(folder: Path, data: bytes, name: str, reason: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = folder / f"{digest}.pdf"
    target.write_bytes(data)
    (folder / f"{digest}.txt").write_text(f"{name}\n{reason}\n", encoding="utf-8")
    return str(target)


if __name__ == "__main__":
    sys.exit(main())
