"""Reading an .xlsx file with openpyxl in read-only mode (cached values of formulas).

openpyxl's read-only mode shows neither which cells hold formulas nor merged ranges, so the
worksheet's XML is scanned once more for `<f>` elements and `<mergeCell>` refs (a byte-level
scan, a fraction of openpyxl's own parse). A damaged or truncated file is one problem naming
the file, never a traceback.
"""
from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from app.exchange.problems import ImportFileError, Problem
from app.exchange.sheet import Cell, MergedRange, RawSheet

_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>\s*<(?:\w+:)?f\b")
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')

DAMAGED = "Excel ファイルが壊れているか、途中で切れています。Excel で開いて保存し直してください"


def _damaged(path: Path, detail: str = "") -> ImportFileError:
    return ImportFileError(Problem(None, None, f"{DAMAGED}: {path.name}" + (f"（{detail}）" if detail else "")))


def scan_sheet_xml(xml: bytes) -> tuple[set[tuple[int, int]], list[MergedRange]]:
    """(row, column) of every cell with a formula, and the merged ranges, from a worksheet's XML."""
    formulas: set[tuple[int, int]] = set()
    if b"<f" in xml or b":f" in xml:
        for match in _FORMULA_CELL.finditer(xml):
            ref = _REF.search(match.group(1))
            if ref is not None:
                letters, row = coordinate_from_string(ref.group(1).decode("ascii"))
                formulas.add((row, column_index_from_string(letters)))
    merged = []
    for match in _MERGE.finditer(xml):
        min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode("ascii"))
        merged.append(MergedRange(int(min_row or 1), int(min_col or 1), int(max_row or 1), int(max_col or 1)))
    return formulas, merged


OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an encrypted workbook, or the old .xls format, is an OLE file, not a zip


def read_xlsx(path: Path, sheet_name: str | None = None) -> RawSheet:
    """A worksheet of an .xlsx file (by name; else the active one, else the first), values as Excel last
    saved them."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) == OLE_MAGIC:
                raise ImportFileError(Problem(None, None, "パスワードで保護されたブックか、古い形式（.xls）のファイルです。"
                                                          f"保護を解除し .xlsx 形式で保存し直してください: {path.name}"))
    except OSError:
        pass  # opening below names the problem
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ImportFileError(Problem(None, None, f"ファイルが見つかりません: {path}")) from None
    except PermissionError:
        raise ImportFileError(Problem(None, None, f"ファイルを開けません（使用中か、権限がありません）: {path}")) from None
    except InvalidFileException:
        raise ImportFileError(Problem(None, None, f"Excel ブック（.xlsx）ではありません: {path.name}")) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, ParseError, OSError) as exc:
        raise _damaged(path, type(exc).__name__) from None
    try:
        sheets = workbook.worksheets  # chart sheets are not among them
        if not sheets:
            raise ImportFileError(Problem(None, None, f"ワークシートがありません: {path.name}"))
        names = [s.title for s in sheets]
        if sheet_name is not None and sheet_name not in names:
            raise ImportFileError(Problem(None, None, f"シート「{sheet_name}」がありません: {path.name}"
                                                      f"（{'、'.join(names)}）"))
        if sheet_name is not None:
            sheet = sheets[names.index(sheet_name)]
        else:
            sheet = workbook.active if workbook.active in sheets else sheets[0]
        sheet.reset_dimensions()  # the stored dimension may be wrong: read every cell there is
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if values:
                    rows.append((number, tuple(values)))
        xml = workbook._archive.read(sheet._worksheet_path)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, ParseError, OSError, IndexError,
            AttributeError, TypeError) as exc:  # whatever a damaged part makes openpyxl raise
        raise _damaged(path, type(exc).__name__) from None
    finally:
        workbook.close()
    formulas, merged = scan_sheet_xml(xml)
    return RawSheet(path, rows, formulas, merged, sheet_name=sheet.title, sheet_names=names)
