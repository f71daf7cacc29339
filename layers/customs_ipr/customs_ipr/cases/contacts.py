"""Traders' e-mail addresses for notices, kept in the cases table.

Declarations carry no e-mail address. When ingest knows one (the uploader's, a broker's
registry) it passes it to ``start_case``; otherwise the case looks here, by the trader's
unified social credit / customs code, else by its normalised name. Item:
``pk=CONTACT#<key>``, ``sk=META``, ``email``, ``name``. A trader without an address gets
its notices served by other means (the notice record says so).
"""

from __future__ import annotations

import re

from customs_ipr import aws
from customs_ipr.config import get_settings
from customs_ipr.errors import InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def contact_key(name: str | None, code: str | None = None) -> str:
    if code and code.strip():
        return f"CODE#{code.strip().upper()}"
    if not name or not name.strip():
        raise InvalidInput("A contact needs a name or a code.")
    return "NAME#" + re.sub(r"\s+", " ", name).strip().casefold()


def register_contact(name: str, email: str, code: str | None = None) -> dict[str, str]:
    if not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not an e-mail address.")
    table = aws.resource("dynamodb").Table(get_settings().cases_table)
    keys = {contact_key(name)}
    if code:
        keys.add(contact_key(name, code))
    for key in keys:
        item = {"pk": f"CONTACT#{key}", "sk": "META", "name": name, "email": email}
        if code:
            item["code"] = code
        table.put_item(Item=item)
    return {"name": name, "code": code or "", "email": email}


def find_email(name: str | None, code: str | None = None) -> str | None:
    table = aws.resource("dynamodb").Table(get_settings().cases_table)
    keys = []
    if code:
        keys.append(contact_key(name, code))
    if name:
        keys.append(contact_key(name))
    for key in keys:
        item = table.get_item(Key={"pk": f"CONTACT#{key}", "sk": "META"}).get("Item")
        if item:
            return str(item["email"])
    return None
