"""Reply codes: the secret that proves a reply comes from the addressee of a notice.

Every notice that invites an answer (a notice issued with a due date) carries a fresh
random code of 12 Crockford base-32 characters (60 bits), printed as ``XXXX-XXXX-XXXX``
under the label ``答复码 / Reply code`` on the notice, in its PDF and in its e-mail. Only
its hash is stored, with the notice in the case record: a leaked case table does not
reveal codes, and notice numbers (which are sequential) prove nothing on their own.

The hash is SHA-256 over the notice number and the normalized code. With 60 random bits
an offline search of one hash costs ~2^59 SHA-256 evaluations on average, and codes are
only ever checked online, one reply at a time. Comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from customs_ipr.documents.reply_code import ALPHABET, LENGTH, format_code, normalize

LABEL = "答复码 / Reply code"
"""The label the notices print the code under (a fact row of the notice)."""


def new_code() -> str:
    """A fresh code, ``XXXX-XXXX-XXXX`` (from the OS's cryptographic random source)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def hash_code(notice_no: str, code: str) -> str:
    """What the case record keeps: ``sha256(notice_no ":" normalized code)`` in hex."""
    raw = normalize(code)
    if raw is None:
        raise ValueError("not a reply code")
    return hashlib.sha256(f"{notice_no}:{raw}".encode()).hexdigest()


def verify(notice_no: str, code: str | None, stored_hash: str | None) -> bool:
    """True only when ``code`` is the code issued with notice ``notice_no``."""
    raw = normalize(code)
    if raw is None or not stored_hash:
        return False
    candidate = hashlib.sha256(f"{notice_no}:{raw}".encode()).hexdigest()
    return hmac.compare_digest(candidate, str(stored_hash))


def attach(notice_data: dict[str, object]) -> str:
    """Give the notice about to be issued a fresh code (printed as a fact row under
    ``LABEL``); returns the hash to keep with the notice record (the code itself is not
    kept anywhere but in the notice sent)."""
    code = new_code()
    extra = dict(notice_data.get("extra") or {})  # type: ignore[call-overload]
    extra[LABEL] = code
    notice_data["extra"] = extra
    return hash_code(str(notice_data["notice_no"]), code)
