"""Errors a user can cause. Each carries a message already in the interface language;
the edges (GUI dialog, CLI exit code 2) show it. Bugs are not caught and silenced."""
from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused action; ``str(err)`` is the message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class WorkflowError(UserError):
    """A workflow move that the rules refuse."""


class ValidationError(UserError):
    """Content that does not meet its content type's requirements."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class AuthError(UserError):
    """A wrong or missing password."""


class Cancelled(Exception):
    """Long work stopped because the user cancelled it (an export, a report, a send): nothing
    half-done is left behind. Not an error to report: the edges just stop."""
