"""A problem found in an import file: where (row and column, as a spreadsheet shows them) and what."""
from __future__ import annotations

from dataclasses import dataclass


def column_letter(index: int) -> str:
    """1 -> 'A', 27 -> 'AA' (spreadsheet column names; CSV columns are named the same way)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """`row`: 1-based row of the sheet (None: the whole file); `column`: 1-based (None: the whole row).

    `blocking`: the row cannot be imported. A non-blocking problem (a formula cell whose cached
    value is used) is still reported and still stops an all-or-nothing import.
    """

    row: int | None
    column: int | None
    message: str
    header: str = ""
    blocking: bool = True

    @property
    def where(self) -> str:
        if self.row is None:
            return "ファイル全体"
        place = f"{self.row}行目"
        if self.column is not None:
            place += f" {column_letter(self.column)}列"
            if self.header:
                place += f"（{self.header}）"
        return place

    def line(self) -> str:
        mark = "" if self.blocking else "［注意］"
        return f"{self.where}: {mark}{self.message}"


class ImportFileError(Exception):
    """The file cannot be read at all (missing, damaged, not a spreadsheet); nothing was changed."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.line())
        self.problem = problem
