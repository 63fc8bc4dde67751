"""Errors that reach the user as a message, never as a traceback.

Every problem with input names the file, the row and the field, and what was
expected, so that the user can fix the source and try again. The CLI turns an
:class:`InputError` into one line on stderr and exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the 1-based line number as a spreadsheet or editor shows it
    (the header is row 1); ``None`` when the problem concerns the whole file.
    """

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", column '{self.field}'"
        return f"{where}: {self.message}"


class SterkteError(Exception):
    """Base class of errors meant for the user."""


class InputError(SterkteError):
    """Input that cannot be accepted. Carries one or more :class:`Problem`."""

    def __init__(self, problems: Problem | list[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls, file: str, message: str, *, row: int | None = None, field: str | None = None
    ) -> InputError:
        return cls(Problem(file=file, row=row, field=field, message=message))
