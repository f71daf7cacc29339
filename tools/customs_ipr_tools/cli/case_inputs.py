"""What each ``customs-ipr case input`` kind takes: its fields, their meaning, a sample file.

``customs-ipr case input KIND --help`` (or ``case input CASE_ID KIND --help``) prints the
kind's fields read from the input's model (so the help cannot drift from what is checked),
with the meaning of each and the sample in ``samples/inputs/KIND.json``. A file or
``--set`` values that do not fit are refused with every problem listed at once.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

MEANINGS: dict[str, dict[str, str]] = {
    "ip_status_declaration": {
        "suspect": "true when customs still suspects infringement after the consignee's "
        "declaration (release is then suspended, Art. 21 ¶2); false clears the goods",
        "statement": "what the consignee or consignor declared, in short",
    },
    "investigation_result": {
        "result": "not_infringing (release) or undetermined (the Art. 28 notice)",
        "note": "the officer's note on the investigation",
    },
    "settlement": {
        "statement": "the parties' written request for release after settling (Art. 27 ¶3)",
    },
    "penalty_decision": {
        "fine_rmb": "the fine in RMB; must stay below 30 % of the goods' value",
        "effective_on": "the date the penalty decision took effect (YYYY-MM-DD)",
        "criminal_referral": "true when the case is referred to the public security organ",
        "other_facts": "further facts the Art. 30 notice states, one text per fact",
    },
    "court_notice": {
        "court": "the people's court that sent the assistance notice (Art. 29)",
        "reference": "the court's case or notice number",
    },
    "counter_guarantee": {
        "amount_rmb": "the guarantee the consignee or consignor provided, in RMB, to release "
        "goods suspected of infringing a patent (Art. 28 ¶2)",
    },
    "renunciation": {
        "officer": "the officer who consented to the renunciation (Art. 31)",
        "statement": "the person's written renunciation, in short",
    },
    "party_identified": {
        "name": "the consignee or consignor identified during the announcement (Art. 32)",
        "code": "its customs or unified social credit code",
        "email": "where its notices go",
    },
    "explanation": {
        "text": "the person's written explanation (personal items, Art. 31)",
    },
    "holder_reply": {
        "notice_no": "the number of the notice answered (the suspension notice)",
        "decision": "detain (apply for detention) or no_detention (explain instead)",
        "guarantee": "with detain: {form: cash|bank_letter|general, amount, currency, reference}",
        "recordation_no": "the recordation the reply is about",
        "holder_name": "the right holder's name",
        "reply_date": "the date of the reply (YYYY-MM-DD)",
        "reasons": "the written explanation, if any",
    },
}


def input_models() -> dict[str, Any]:
    from customs_ipr.cases.inputs import INPUTS
    from customs_ipr.documents.models import HolderResponse

    return {**INPUTS, "holder_reply": HolderResponse}


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) or str(annotation)
    return text.replace("typing.", "").replace("datetime.", "").replace("decimal.", "")


def kind_help(kind: str) -> str:
    model = input_models()[kind]
    meanings = MEANINGS.get(kind, {})
    lines = [f"customs-ipr case input CASE_ID {kind} [--data FILE] [--set FIELD=VALUE ...]", ""]
    lines.append("fields (* required):")
    for name, info in model.model_fields.items():
        if name == "kind":
            continue
        meaning = meanings.get(name) or info.description or ""
        star = "*" if info.is_required() else " "
        lines.append(f"  {star} {name} ({_type_name(info.annotation)}): {meaning}")
    lines += [
        "",
        f"sample: samples/inputs/{kind}.json",
        f"e.g.    customs-ipr case input CASE_ID {kind} --data samples/inputs/{kind}.json",
    ]
    return "\n".join(lines)


def kinds_epilog() -> str:
    names = ", ".join(sorted(input_models()))
    return (
        f"kinds: {names}. 'customs-ipr case input KIND --help' lists a kind's fields; "
        f"samples/inputs/ holds a sample file for each."
    )


class KindHelp(argparse.Action):
    """``-h``: the fields of the kind named on the command line, else the usual help."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the fields of KIND and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, *_: Any) -> None:
        models = input_models()
        named = [getattr(namespace, "kind", None), getattr(namespace, "case_id", None)]
        kind = next((k for k in named if k in models), None)
        if kind is None:
            parser.print_help()
        else:
            print(kind_help(kind))
        sys.exit(0)
