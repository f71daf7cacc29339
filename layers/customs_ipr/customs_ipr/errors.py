"""Errors that reach users: a stable code and one plain sentence, never a stack trace."""

from __future__ import annotations


class CustomsIprError(Exception):
    """Base of every error the product reports to a user.

    ``code`` is stable and machine-readable (it ends up in quarantine records, API
    answers and the CLI's stderr line); ``message`` is one plain sentence.
    """

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InvalidInput(CustomsIprError):
    """A value given by a user (CLI argument, API field, upload content) is not acceptable."""

    code = "invalid_input"


class NotFound(CustomsIprError):
    code = "not_found"


class Conflict(CustomsIprError):
    """The request contradicts the stored state (a second reply, a late reply, ...)."""

    code = "conflict"
