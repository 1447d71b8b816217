"""Writing a table to .xlsx (header row, column widths, yen and date formats) or .csv (UTF-8 with
BOM, so that Excel in Japan opens it right).

Text that begins with = + - @ tab or carriage return is neutralised with a leading apostrophe,
so that a spreadsheet never runs a cell as a formula (CSV injection); the importer removes the
apostrophe again. Files are written to a temporary name and renamed: a failed export leaves
no half file.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.atomic_file import write_atomically
from app.exchange.cells import FORMULA_STARTS
from app.formatting import display_width

YEN_FORMAT = '#,##0"円";-#,##0"円"'
DATE_FORMAT = "yyyy/mm/dd"
MAX_WIDTH = 60
FORMATS = (".xlsx", ".csv")


class ExportError(Exception):
    """The file cannot be written (Japanese message); nothing was left behind."""


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # "text", "date", "yen" or "int"


@dataclass(frozen=True)
class Table:
    title: str  # the sheet name
    columns: tuple[Column, ...]
    rows: list[tuple[object, ...]]


def neutralise(text: str) -> str:
    """"=1+2" -> "'=1+2": text a spreadsheet would read as a formula is kept as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y/%m/%d")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return neutralise(str(value))


def save_export(path: Path, write: Callable[[Path], object]) -> Path:
    """Write an exported file whole or not at all (app.atomic_file); ExportError in Japanese."""
    try:
        return write_atomically(path, write)
    except PermissionError:
        raise ExportError(f"ファイルを保存できません（他のプログラムで開かれているか、権限がありません）: {path}") from None
    except OSError as exc:
        raise ExportError(f"ファイルを保存できません: {path}（{exc.strerror or exc}）") from None


def write_csv(table: Table, path: Path) -> Path:
    def write(target: Path) -> None:
        with open(target, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([neutralise(c.header) for c in table.columns])
            for row in table.rows:
                writer.writerow([_csv_cell(v, c.kind) for v, c in zip(row, table.columns)])

    return save_export(path, write)


def _widths(table: Table) -> list[int]:
    widths = [display_width(c.header) for c in table.columns]
    for row in table.rows[:2000]:  # enough rows to size the columns
        for i, (value, column) in enumerate(zip(row, table.columns)):
            if value is None:
                continue
            if column.kind == "date":
                width = 10
            elif column.kind == "yen" and isinstance(value, int):
                width = len(f"{value:,}") + 2
            else:
                width = display_width(str(value))
            widths[i] = max(widths[i], width)
    return [min(MAX_WIDTH, w + 2) for w in widths]


def write_xlsx(table: Table, path: Path) -> Path:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    def write(target: Path) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=table.title[:31])
        for i, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=neutralise(column.header))
            cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for value, column in zip(row, table.columns):
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=neutralise(value))
                    cell.data_type = "s"  # never a formula, whatever the text
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    if column.kind == "yen":
                        cell.number_format = YEN_FORMAT
                    elif column.kind == "date":
                        cell.number_format = DATE_FORMAT
                cells.append(cell)
            sheet.append(cells)
        if table.rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
        workbook.save(target)

    return save_export(path, write)


def write_table(table: Table, path: Path) -> Path:
    """.xlsx or .csv by the file's extension."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(table, path)
    if suffix == ".csv":
        return write_csv(table, path)
    raise ExportError(f"出力できる形式は {'、'.join(FORMATS)} です: {path.name}")
