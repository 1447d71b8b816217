"""Reading a .csv file: UTF-8 (with or without BOM), UTF-16 with BOM, or Shift_JIS/CP932 as
Excel in Japan writes it, detected from the bytes, never asked.

A file that is none of these is one problem naming the row and column of the first byte
that cannot be read.
"""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from app.exchange.problems import ImportFileError, Problem
from app.exchange.sheet import Cell, RawSheet

MAX_BYTES = 200 * 1024 * 1024
_HALF_WIDTH_KANA = range(0xFF61, 0xFFA0)


def _where(data: bytes, position: int) -> tuple[int, int]:
    """(row, column) of a byte position, counting lines and commas (good enough to point at it)."""
    line_start = data.rfind(b"\n", 0, position) + 1
    return data.count(b"\n", 0, position) + 1, data.count(b",", line_start, position) + 1


def _looks_misread(text: str) -> bool:
    """Text decoded as CP932 that is mostly half-width katakana is another encoding (e.g. EUC-JP)."""
    wide = [ch for ch in text[:20000] if ord(ch) > 0x7F]
    kana = sum(1 for ch in wide if ord(ch) in _HALF_WIDTH_KANA)
    return len(wide) >= 4 and kana * 2 > len(wide)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) or ImportFileError with the row and column of the first unreadable byte."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp932"]
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if encoding == "cp932" and _looks_misread(text):
            break
        return text, encoding
    if first_error is not None:
        row, column = _where(data, first_error.start)
    else:
        row, column = 1, 1
    raise ImportFileError(Problem(
        row, column, f"文字コードを判別できません: {name}（UTF-8 か Shift_JIS で保存してください。"
                     f"この位置に読めない文字があります）"))


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def read_csv(path: Path) -> RawSheet:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportFileError(Problem(None, None, f"ファイルが大きすぎます（{MAX_BYTES // 1024 // 1024}MB まで）: {path.name}"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(Problem(None, None, f"ファイルが見つかりません: {path}")) from None
    except OSError as exc:
        raise ImportFileError(Problem(None, None, f"ファイルを開けません: {path}（{exc.strerror}）")) from None
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(Problem(None, None, f"CSV ファイルではありません（バイナリのデータです）: {path.name}"))
    text, encoding = decode(data, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, tuple(record)))
    except csv.Error as exc:
        raise ImportFileError(Problem(len(rows) + 1, None, f"CSV の形式が正しくありません（{exc}）")) from None
    return RawSheet(path, rows, encoding=encoding)
