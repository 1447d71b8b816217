"""A corpus of deliberately bad files: each gives a report with row and column on stderr, exit
code 2, and leaves the database byte-for-byte unchanged (the import goes through the CLI)."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.cli import main
from tests.exchange.files import HEADERS, good_rows, with_cached_value, write_csv, write_xlsx
from tests.usecases.conftest import db_state

WHERE = re.compile(r"(\d+)行目 ([A-Z]+)列")


def _rows_with(row: int, column: int, value: object, count: int = 3) -> list[list[object]]:
    rows = good_rows(count)
    rows[row][column] = value
    return rows


def _euc_jp(path: Path) -> Path:
    return write_csv(path.with_suffix(".csv"), good_rows(3), encoding="euc_jp")


def _not_any_encoding(path: Path) -> Path:
    target = path.with_suffix(".csv")
    data = "\r\n".join(",".join(HEADERS) for _ in range(1)).encode("utf-8") + b"\r\nIMP-1,\xff\xfe\x80abc,,,2025/4/1,,0,1000\r\n"
    target.write_bytes(data)
    return target


def _truncated(path: Path) -> Path:
    target = write_xlsx(path.with_suffix(".xlsx"), good_rows(50))
    data = target.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


def _bytes(path: Path, data: bytes) -> Path:
    target = path.with_suffix(".xlsx")
    target.write_bytes(data)
    return target


def _ten_thousand(path: Path) -> Path:
    rows = good_rows(10_000)
    rows[8_999][7] = "5万円"  # sheet row 9,001
    return write_xlsx(path.with_suffix(".xlsx"), rows)


Builder = Callable[[Path], Path]
CORPUS: dict[str, tuple[Builder, str, str | None]] = {
    # name: (builder, words expected in the report, expected "row column" or None for the whole file)
    "euc-jp csv": (_euc_jp, "文字コード", "1行目 A列"),
    "bytes of no encoding": (_not_any_encoding, "文字コード", "2行目 B列"),
    "merged header cells": (lambda p: write_xlsx(p.with_suffix(".xlsx"), good_rows(), merge="B1:C1"),
                            "結合されています（B1:C1）", "1行目 B列"),
    "empty row between rows": (lambda p: write_xlsx(p.with_suffix(".xlsx"), [*good_rows(2), [None] * 8,
                                                                            *good_rows(1, start=3)]),
                               "空の行", "4行目"),
    "formula without a cached value": (lambda p: write_xlsx(p.with_suffix(".xlsx"), good_rows(),
                                                            formulas={"H3": "=G3/2"}),
                                       "計算結果が保存されていません", "3行目 H列"),
    "formula with a cached value": (lambda p: with_cached_value(write_xlsx(p.with_suffix(".xlsx"), good_rows(),
                                                                           formulas={"H3": "=G3/2"}), "H3", "50000"),
                                    "数式のセルです", "3行目 H列"),
    "truncated xlsx": (_truncated, "壊れているか、途中で切れています", None),
    "encrypted or .xls workbook": (lambda p: _bytes(p, b"\xd0\xcf\x11\xe0" + b"\0" * 600), "パスワード", None),
    "csv renamed xlsx": (lambda p: write_csv(p.with_suffix(".xlsx"), good_rows()), "壊れて", None),
    "bad western date": (lambda p: write_xlsx(p.with_suffix(".xlsx"), _rows_with(1, 4, "2025/13/1")),
                         "契約開始日", "3行目 E列"),
    "bad era date": (lambda p: write_xlsx(p.with_suffix(".xlsx"), _rows_with(2, 4, "令和7年2月30日")),
                     "存在しません", "4行目 E列"),
    "bad R-date": (lambda p: write_csv(p.with_suffix(".csv"), _rows_with(0, 4, "R7.4.31")), "存在しません", "2行目 E列"),
    "serial out of range": (lambda p: write_xlsx(p.with_suffix(".xlsx"), _rows_with(0, 4, 9_999_999)),
                            "範囲外", "2行目 E列"),
    "bad amount": (lambda p: write_csv(p.with_suffix(".csv"), _rows_with(1, 7, "1,2,3")), "カンマ", "3行目 H列"),
    "decimal amount": (lambda p: write_xlsx(p.with_suffix(".xlsx"), _rows_with(1, 6, 1234.5)), "小数", "3行目 G列"),
    "term end before the minimum term": (
        lambda p: write_xlsx(p.with_suffix(".xlsx"), _rows_with(0, 5, date(2025, 11, 30))),
        "最低利用期間の満了日（2025年12月31日）より前", "2行目 F列"),
    "negative fee": (lambda p: write_csv(p.with_suffix(".csv"), _rows_with(2, 6, "-10,000")), "負の金額", "4行目 G列"),
    "duplicate contract numbers": (lambda p: write_xlsx(p.with_suffix(".xlsx"), _rows_with(2, 0, "IMP-00001")),
                                   "2行目と重複", "4行目 A列"),
    "required column missing": (lambda p: write_csv(p.with_suffix(".csv"), [r[:7] for r in good_rows()], HEADERS[:7]),
                                "必須の列「月額」", "1行目"),
    "ten thousand rows, one bad": (_ten_thousand, "5万円", "9001行目 H列"),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_bad_file_reports_and_changes_nothing(name: str, tmp_path: Path, db_file: Path, file_engine: Engine,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    builder, words, where = CORPUS[name]
    path = builder(tmp_path / "bad")
    before = db_state(file_engine)
    code = main(["import", str(path), "--db", str(db_file), "--today", "2026-04-01"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert words in err, err
    assert path.name in err
    if where is not None:
        assert where in err, err
        if "列" in where:
            assert WHERE.search(err)
    else:
        assert "ファイル全体" in err or "エラー" in err
    assert "Traceback" not in err
    assert db_state(file_engine) == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_every_encoding_excel_writes_imports(encoding: str, tmp_path: Path, db_file: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "good.csv", good_rows(3), encoding=encoding)
    assert main(["import", str(path), "--db", str(db_file), "--today", "2026-04-01"]) == 0, capsys.readouterr().err
    assert "新規 3件" in capsys.readouterr().out


def test_skip_invalid_imports_the_good_rows_and_still_exits_2(tmp_path: Path, db_file: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "mixed.csv", _rows_with(1, 7, "-1"))
    assert main(["import", str(path), "--db", str(db_file), "--today", "2026-04-01", "--skip-invalid"]) == 2
    captured = capsys.readouterr()
    assert "新規 2件" in captured.out and "3行目 H列" in captured.err


def test_dry_run_writes_nothing(tmp_path: Path, db_file: Path, file_engine: Engine,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows(5))
    before = db_state(file_engine)
    assert main(["import", str(path), "--db", str(db_file), "--today", "2026-04-01", "--dry-run"]) == 0
    assert "新規 5件" in capsys.readouterr().out
    assert db_state(file_engine) == before


def test_dry_run_without_a_database_checks_the_file_and_creates_nothing(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "good.csv", good_rows(2))
    target = tmp_path / "none.db"
    assert main(["import", str(path), "--db", str(target), "--dry-run"]) == 0
    assert "新規 2件" in capsys.readouterr().out and not target.exists()


def test_a_mapping_file_maps_unknown_headers(tmp_path: Path, db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    headers = ["No", "お客様", "開始", "料金"]
    path = write_csv(tmp_path / "own.csv", [[r[0], r[1], r[4], r[7]] for r in good_rows(2)], headers)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nNo = "number"\n"お客様" = "顧客名"\n"開始" = "契約開始日"\n"料金" = "月額"\n',
                       encoding="utf-8")
    assert main(["import", str(path), "--db", str(db_file), "--mapping", str(mapping), "--today", "2026-04-01"]) == 0
    assert "新規 2件" in capsys.readouterr().out
    assert main(["import", str(path), "--db", str(db_file), "--mapping", str(tmp_path / "no.toml")]) == 2
    assert "見つかりません" in capsys.readouterr().err


def test_sheet_is_chosen_by_name(tmp_path: Path, db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.exchange.files import write_workbook

    path = write_workbook(tmp_path / "book.xlsx", {"メモ": good_rows(1), "契約": good_rows(3, start=10)}, active=1)
    assert main(["import", str(path), "--db", str(db_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "シート「契約」" in out and "新規 3件" in out
    assert main(["import", str(path), "--db", str(db_file), "--dry-run", "--sheet", "メモ"]) == 0
    assert "新規 1件" in capsys.readouterr().out
    assert main(["import", str(path), "--db", str(db_file), "--sheet", "無い"]) == 2
    assert "シート「無い」がありません" in capsys.readouterr().err
