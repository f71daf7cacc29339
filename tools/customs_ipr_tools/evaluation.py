"""Scoring screening on a labelled set, against a naive substring baseline.

Used by the unit test (which asserts the targets), ``benchmarks/tune_thresholds.py`` and
``make bench``. A case is *positive* when labelled ``hit``; ``licensed`` and ``clear`` are
negatives, so flagging a licensed user's goods counts as a false positive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from customs_ipr.documents.models import Declaration
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import RecordationStore


@dataclass(frozen=True)
class EvalCase:
    id: str
    category: str
    expected: str
    recordation_no: str | None
    declaration: Declaration


@dataclass
class Metrics:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0
    licensed_right: int = 0
    licensed_total: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, case: EvalCase, predicted: str) -> None:
        positive = case.expected == "hit"
        flagged = predicted == "hit"
        if positive and flagged:
            self.tp += 1
        elif positive:
            self.fn += 1
            self.misses.append(case.id)
        elif flagged:
            self.fp += 1
            self.false_alarms.append(case.id)
        else:
            self.tn += 1
        if case.expected == "licensed":
            self.licensed_total += 1
            self.licensed_right += predicted == "licensed"

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "tn": self.tn,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "fpr": round(self.fpr, 4),
            "f1": round(self.f1, 4),
            "licensed_recognised": f"{self.licensed_right}/{self.licensed_total}",
            "misses": self.misses,
            "false_alarms": self.false_alarms,
        }


def load_cases(path: str | Path) -> list[EvalCase]:
    cases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(
                EvalCase(
                    id=row["id"],
                    category=row["category"],
                    expected=row["expected"],
                    recordation_no=row.get("recordation_no"),
                    declaration=Declaration.model_validate(row["declaration"]),
                )
            )
    return cases


def evaluate(cases: list[EvalCase], store: RecordationStore, **options: Any) -> Metrics:
    """Screen each case's single item with ``screen_declaration`` and score it."""
    metrics = Metrics()
    for case in cases:
        score_case(case, store, metrics, **options)
    return metrics


def baseline(cases: list[EvalCase], recordations: list[Recordation]) -> Metrics:
    """The naive screen: any recorded title or alias, lower-cased, inside the item's text."""
    terms = [(r.recordation_no, t.lower()) for r in recordations for t in r.terms]
    metrics = Metrics()
    for case in cases:
        item = case.declaration.items[0]
        text = " ".join(
            filter(None, [item.brand, item.name, item.spec, case.declaration.marks])
        ).lower()
        flagged = any(term in text for _no, term in terms)
        metrics.add(case, "hit" if flagged else "clear")
    return metrics


def score_case(case: EvalCase, store: RecordationStore, metrics: Metrics, **options: Any) -> str:
    """Screen one case, add it to ``metrics`` and return the predicted outcome."""
    from customs_ipr.screening.matching import screen_declaration

    item = screen_declaration(case.declaration, store, **options).items[0]
    predicted = item.outcome.value
    if (
        predicted in ("hit", "licensed")
        and case.recordation_no
        and case.recordation_no not in item.recordations
    ):
        predicted = "wrong_recordation"
    metrics.add(case, predicted)
    return predicted
