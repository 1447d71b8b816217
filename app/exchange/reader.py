"""Open an import file by its extension: .xlsx (openpyxl) or .csv/.txt (encoding detected)."""
from __future__ import annotations

from pathlib import Path

from app.exchange.mapping import header_score
from app.exchange.problems import ImportFileError, Problem
from app.exchange.read_csv import read_csv
from app.exchange.read_xlsx import read_xlsx
from app.exchange.sheet import Sheet, to_sheet

SUPPORTED = {".xlsx": "Excel ブック", ".xlsm": "Excel ブック（マクロ有効）", ".csv": "CSV", ".txt": "テキスト（CSV/タブ区切り）"}


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The file's sheet (xlsx: by name, else the active one) with its header row found; ImportFileError
    when it cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = read_xlsx(path, sheet_name)
    elif suffix in (".csv", ".txt"):
        raw = read_csv(path)
    elif suffix == ".xls":
        raise ImportFileError(Problem(None, None, f"古い形式の Excel ファイル（.xls）は読めません。Excel で .xlsx 形式で保存し直してください: {path.name}"))
    else:
        raise ImportFileError(Problem(None, None, f"読み込めるのは .xlsx と .csv のファイルです: {path.name}"))
    return to_sheet(raw, header_score)
