"""`python -m app deadlines`: the same query as the dashboard, without a window."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine

from app.cli import main
from app.usecases.context import UseCaseContext
from tests.usecases.conftest import new_contract


@pytest.fixture
def one_contract(engine: Engine) -> None:
    # start 2025-04-15, term to 2026-04-30: non-renewal deadline 2026-03-31 (strict 03-29), renewal 2026-05-01
    new_contract(engine, UseCaseContext("山田 太郎", date(2025, 9, 10)), company="株式会社山田精工")


def test_table(one_contract: None, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--within", "60", "--today", "2026-03-10", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "2026-03-31" in out and "更新拒絶期限" in out and "SP-2025-00001" in out and "株式会社山田精工" in out
    assert "2026年3月29日" in out and "2026-05-01" in out and "2件" in out


def test_json_and_full_width_input(one_contract: None, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--within", "３０", "--today", "２０２６－０３－１０", "--json", "--db", db_url]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{
        "kind": "更新拒絶期限", "date": "2026-03-31", "days_left": 21, "contract_id": rows[0]["contract_id"],
        "contract_number": "SP-2025-00001", "company_name": "株式会社山田精工", "strict_date": "2026-03-29",
        "warning": rows[0]["warning"],
    }]


def test_renews_lapsed_rows_first(one_contract: None, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    # a year later the stored dates have lapsed (a renewal happened): the command recomputes them
    assert main(["deadlines", "--within", "30", "--today", "2027-03-10", "--json", "--db", db_url]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["date"]) for r in rows] == [("更新拒絶期限", "2027-03-31")]


def test_nothing_due(one_contract: None, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--within", "5", "--today", "2025-10-01", "--db", db_url]) == 0
    assert "ありません" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--within", "-1"], ["--within", "abc"], ["--today", "2025-13-01"]])
def test_bad_input_is_one_line_exit_2(db_url: str, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(["deadlines", *argv, "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("エラー: ") and err.count("\n") == 1
