"""A table read from a file, before any meaning is given to its columns.

The readers (read_xlsx, read_csv) give a RawSheet: every row with its sheet row number, the
cells holding formulas, and merged ranges. `to_sheet` finds the header row, drops trailing
empty rows and reports what makes a file unsafe to import: merged cells in the header or the
data, and empty rows between data rows.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.exchange.problems import Problem, column_letter

Cell = object  # str, int, float, bool, datetime, date or None, as the file holds it
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row


@dataclass(frozen=True)
class MergedRange:
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def ref(self) -> str:
        return f"{column_letter(self.min_col)}{self.min_row}:{column_letter(self.max_col)}{self.max_row}"


@dataclass
class RawSheet:
    source: Path
    rows: list[tuple[int, tuple[Cell, ...]]]  # (1-based sheet row, cells from column A)
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, 1-based column) holding a formula
    merged: list[MergedRange] = field(default_factory=list)
    encoding: str = ""  # CSV: the encoding detected
    sheet_name: str = ""  # xlsx: the worksheet read
    sheet_names: list[str] = field(default_factory=list)  # xlsx: every worksheet, to choose another
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class SheetRow:
    number: int  # 1-based row of the sheet
    cells: tuple[Cell, ...]


@dataclass
class Sheet:
    source: Path
    header_row: int
    headers: list[str]  # by 0-based column index; '' for a column without a header
    rows: list[SheetRow]
    formulas: set[tuple[int, int]]
    encoding: str
    problems: list[Problem]  # of the file and its layout (not of cell values)
    sheet_name: str = ""
    sheet_names: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.source.name


def is_empty(cells: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def to_sheet(raw: RawSheet, header_score: Callable[[list[str]], int]) -> Sheet:
    """The header row (the best-scoring of the first non-empty rows), data rows and layout problems."""
    problems = list(raw.problems)
    filled = [(number, cells) for number, cells in raw.rows if not is_empty(cells)]
    if not filled:
        problems.append(Problem(None, None, "データがありません（見出しの行と1行以上のデータが必要です）"))
        return Sheet(raw.source, 0, [], [], raw.formulas, raw.encoding, problems, raw.sheet_name, raw.sheet_names)
    candidates = filled[:HEADER_SEARCH_ROWS]
    scored = [(header_score([header_text(c) for c in cells]), -i) for i, (_, cells) in enumerate(candidates)]
    best = max(range(len(candidates)), key=lambda i: scored[i]) if max(scored)[0] > 0 else 0
    header_row, header_cells = candidates[best]
    headers = [header_text(c) for c in header_cells]
    last = filled[-1][0]
    filled_numbers = {number for number, _ in filled}
    for number in range(header_row + 1, last):  # rows a file leaves out are empty rows too
        if number not in filled_numbers:
            problems.append(Problem(number, None, "空の行です（行を削除するか、問題のある行を除いて取り込んでください）"))
    rows = [SheetRow(number, cells) for number, cells in filled if header_row < number]
    for merged in raw.merged:
        if merged.max_row < header_row or merged.min_row > last:
            continue
        where = "見出し" if merged.min_row <= header_row else "データ"
        problems.append(Problem(
            max(merged.min_row, header_row), merged.min_col,
            f"{where}のセルが結合されています（{merged.ref}）。結合を解除し、1列に1つの{where}を入れてください",
            header=headers[merged.min_col - 1] if merged.min_col <= len(headers) else "",
        ))
    if not rows:
        problems.append(Problem(header_row, None, "見出しの行の下にデータの行がありません"))
    return Sheet(raw.source, header_row, headers, rows, raw.formulas, raw.encoding, problems, raw.sheet_name,
                 raw.sheet_names)
