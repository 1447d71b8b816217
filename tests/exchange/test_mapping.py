"""Column mapping: guessed from Japanese and English headers, remembered, read from MAP.toml."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.exchange.mapping import (
    ColumnMapping,
    MappingError,
    guess_mapping,
    load_mapping_file,
    load_remembered,
    remember,
    save_mapping_file,
)


def test_japanese_headers() -> None:
    headers = ["契約番号", "顧客名", "契約開始日", "月額（税抜）", "初期費用", "契約期間満了日", "担当者", "メモ欄", "色"]
    mapping = guess_mapping(headers)
    assert mapping.columns == {0: "number", 1: "company_name", 2: "start_date", 3: "monthly_fee", 4: "initial_fee",
                               5: "initial_term_end", 6: "contact_person", 7: "note"}
    assert mapping.missing_required() == []


def test_english_headers_and_unknown_columns() -> None:
    mapping = guess_mapping(["Contract No.", "Customer Name", "Start Date", "Monthly Fee", "Colour"])
    assert mapping.columns == {0: "number", 1: "company_name", 2: "start_date", 3: "monthly_fee"}


def test_a_field_takes_one_column_exact_matches_first() -> None:
    mapping = guess_mapping(["現在の月額", "月額", "契約番号", "顧客名"])
    assert mapping.column_of("monthly_fee") == 1


def test_missing_required_fields_are_named() -> None:
    assert [s.label for s in guess_mapping(["顧客名"]).missing_required()] == ["契約番号", "月額"]


def test_remembered_mapping_wins_and_can_ignore(tmp_path: Path) -> None:
    headers = ["No", "お客様", "料金", "顧客名"]
    mapping = ColumnMapping({0: "number", 1: "company_name", 2: "monthly_fee"})
    remember(headers, mapping)
    assert load_remembered() == {"No": "number", "お客様": "company_name", "料金": "monthly_fee", "顧客名": ""}
    assert guess_mapping(headers, load_remembered()).columns == mapping.columns


def test_mapping_file_accepts_keys_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('[columns]\n"No." = "number"\n"お客様" = "顧客名"\n"料金" = "月額"\n"x" = ""\n', encoding="utf-8")
    assert load_mapping_file(path) == {"No.": "number", "お客様": "company_name", "料金": "monthly_fee", "x": ""}


@pytest.mark.parametrize("text, words", [
    ('[columns]\n"No." = "契約"\n', "不明な項目"),
    ('[columns]\n"a" = "number"\n"b" = "契約番号"\n', "複数の列"),
    ("columns = 1\n", "[columns]"),
    ("[columns\n", "書式"),
])
def test_bad_mapping_files(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping_file(path)
    assert words in str(caught.value)


def test_saved_file_reads_back(tmp_path: Path) -> None:
    path = save_mapping_file(tmp_path / "m.toml", {'見出し"引用"': "number", "月額\\": "monthly_fee"})
    assert load_mapping_file(path) == {'見出し"引用"': "number", "月額\\": "monthly_fee"}
