"""The Lambda tasks of the case state machine (``statemachine/case.asl.json``).

- ``registry``: the task table, the envelope (``CaseTaskEvent``), ``run``.
- ``context``: what a task works with, injected (store, notifier, clock).
- ``issuing``: notices of a step, issued once.
- ``periods``: deadlines and waits; one module per path: ``ex_officio``,
  ``upon_application``, ``personal_items``, ``unidentified``; ``outcomes`` (how cases end).

Importing this package registers every task.
"""

from customs_ipr.cases.model import CaseTaskRefused
from customs_ipr.cases.tasks import (  # noqa: F401  (each registers its tasks)
    ex_officio,
    outcomes,
    periods,
    personal_items,
    unidentified,
    upon_application,
)
from customs_ipr.cases.tasks.context import TaskContext, production_context
from customs_ipr.cases.tasks.registry import TASKS, CaseTaskEvent, run

__all__ = [
    "TASKS",
    "CaseTaskEvent",
    "CaseTaskRefused",
    "TaskContext",
    "production_context",
    "run",
]
