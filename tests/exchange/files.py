"""Import files made by the tests: good ones, and a corpus of deliberately bad ones."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HEADERS = ["契約番号", "顧客名", "フリガナ", "ご担当者", "契約開始日", "契約期間満了日", "初期費用", "月額"]


def good_rows(count: int = 3, *, start: int = 1) -> list[list[object]]:
    """Valid rows: one customer per contract, started on the 1st of a month in 2025."""
    rows: list[list[object]] = []
    for i in range(start, start + count):
        month = (i - 1) % 12 + 1
        rows.append([f"IMP-{i:05d}", f"株式会社テスト{i}", f"テスト{i}", "鈴木 一郎", date(2025, month, 1), None,
                     100_000, 50_000 + i])
    return rows


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, *,
               merge: str | None = None, formulas: dict[str, str] | None = None,
               title: str | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for ref, formula in (formulas or {}).items():
        sheet[ref] = formula
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def with_cached_value(path: Path, ref: str, value: str) -> Path:
    """Give the formula cell `ref` a cached value, as Excel saves it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    xml, count = re.subn(rf'(<c r="{ref}"[^>]*>(?:<f>[^<]*</f>))<v\s*/>', rf"\g<1><v>{value}</v>", xml)
    assert count == 1, xml
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def csv_text(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> str:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, date):
            return value.strftime("%Y/%m/%d")
        return str(value)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [list(headers), *rows]:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


def write_csv(path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, *,
              encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_text(rows, headers).encode(encoding))
    return path


def write_workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]], active: int = 0) -> Path:
    """A workbook with several sheets of HEADERS and rows; `active` is the sheet Excel would open on."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(list(row))
    workbook.active = active
    workbook.save(path)
    return path
