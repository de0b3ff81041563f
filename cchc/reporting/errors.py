"""The refusals of the reporting rules, each with the HTTP status the web and the API answer with
(and the exit status the commands derive from it). Kept apart from actions so that access, which the
actions call, can raise them too."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc.catalog.validation import Result


class ReportError(Exception):
    """A refused write, with a Vietnamese message (and the validation result when there is one)."""

    status = 400

    def __init__(self, message: str, result: Result | None = None):
        super().__init__(message)
        self.message = message
        self.result = result


class ValidationFailed(ReportError):
    status = 422


class StaleReport(ReportError):
    """Someone else saved the report since the caller read it (optimistic locking)."""

    status = 409


class WrongState(ReportError):
    """The report is not in a state where this is possible (signed, accepted; not sent yet)."""

    status = 409
