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


class RetryableError(CustomsIprError):
    """The input is fine, but it cannot be processed now: operator data is missing (an
    exchange rate, a year's holiday calendar) or a service is unavailable.

    An upload that meets one is not quarantined and its uploader is not told it was
    rejected: the delivery fails, SQS retries it, and it waits in the dead-letter queue for
    a redrive once the operator has fixed the cause.
    """

    code = "retryable"


class InvalidInput(CustomsIprError):
    """A value given by a user (CLI argument, API field, upload content) is not acceptable."""

    code = "invalid_input"


class NotFound(CustomsIprError):
    code = "not_found"


class Conflict(CustomsIprError):
    """The request contradicts the stored state (a second reply, a late reply, ...)."""

    code = "conflict"
