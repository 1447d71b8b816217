"""`python -m app quote ... --pdf` and `--contract NUMBER`, `--db` before or after the sub-command."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.formatting import yen
from app.quote import QuoteSubject
from app.terms import ContractTerms, FeeChange, FeeSchedule, termination_options
from tests.quote.pdf_text import pdf_fonts, pdf_text
from tests.quote.stored import NUMBER, contract_database
from tests.terms.spec_examples import PENALTY, PENALTY_FEE, PENALTY_INITIAL_END, PENALTY_START
from datetime import date

PROSPECT = ["quote", "--start", "2025-04-15", "--monthly", "50000", "--initial-end", "2026-04-30"]
STORED = ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE, (FeeChange(date(2026, 1, 1), 70_000),)),
                       PENALTY_INITIAL_END)


@pytest.mark.parametrize(("notice", "end", "allowed", "first", "latest", "months", "penalty", "names"),
                         [row for row in PENALTY if row[2]])
def test_prospect_pdf_and_json_carry_the_spec_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str], notice,  # type: ignore[no-untyped-def]
                                                      end, allowed, first, latest, months, penalty, names) -> None:
    out = tmp_path / "quote.pdf"
    assert main([*PROSPECT, "--notice", notice.isoformat(), "--end", end.isoformat(), "--json", "--pdf", str(out),
                 "--today", notice.isoformat()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["requested"]["penalty"] == penalty and data["pdf"] == str(out)
    text = pdf_text(out.read_bytes(), tmp_path)
    options = termination_options(ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE), PENALTY_INITIAL_END), notice)
    for item, option in zip(data["options"], options.options, strict=True):
        assert (item["total"], item["penalty"]) == (option.total, option.penalty)
        if option.available:
            assert yen(option.total) in text and yen(option.penalty) in text
    assert data["cheapest"] in {o.key for o in options.options}


def test_stored_contract_with_db_before_and_after_the_sub_command(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = contract_database(tmp_path / "data.db")
    args = ["--contract", NUMBER, "--notice", "2026-04-05", "--json", "--today", "2026-04-01"]
    assert main(["quote", *args, "--db", str(db)]) == 0
    after = json.loads(capsys.readouterr().out)
    assert main(["--db", str(db), "quote", *args]) == 0
    before = json.loads(capsys.readouterr().out)
    assert after == before and after["contract"] == NUMBER
    options = termination_options(STORED, date(2026, 4, 5))
    assert [o["total"] for o in after["options"]] == [o.total for o in options.options]
    assert after["cheapest"] == "after_renewal"  # notice after the deadline, before the renewal


def test_stored_contract_pdf_has_the_customer_and_no_internal_note(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = contract_database(tmp_path / "data.db")
    out = tmp_path / "q.pdf"
    assert main([f"--db={db}", "quote", "--contract", NUMBER, "--notice", "2025-09-10", "--pdf", str(out),
                 "--today", "2025-09-01"]) == 0
    stdout = capsys.readouterr().out
    assert "契約番号 SP-2025-00042" in stdout and "最も費用の少ない終了方法" in stdout
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "株式会社サンプル商事" in text and NUMBER in text and "値引き交渉中" not in text
    assert all(row[-5] == "yes" for row in pdf_fonts(out))


@pytest.mark.parametrize(("args", "message"), [
    ([*PROSPECT, "--notice", "2025-09-10", "--end", "2025-10-09"], "2025-10-10"),
    ([*PROSPECT, "--notice", "2025-09-10", "--end", "2026-05-31"], "2026-04-30"),
    ([*PROSPECT, "--notice", "2025-02-30"], "通知到達日"),
    (["quote", "--start", "2025-04-15", "--monthly", "-1", "--notice", "2025-09-10"], "負の金額"),
    (["quote", "--notice", "2025-09-10"], "--contract"),
    ([*PROSPECT, "--notice", "2025-09-10", "--today", "9999-01-01"], "発行日"),
])
def test_bad_input_is_one_line_and_writes_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   args: list[str], message: str) -> None:
    out = tmp_path / "quote.pdf"
    assert main([*args, "--pdf", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and message in captured.err
    assert list(tmp_path.iterdir()) == []


def test_unknown_contract_and_contract_with_prospect_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = contract_database(tmp_path / "data.db")
    assert main(["quote", "--contract", "SP-0000", "--notice", "2025-09-10", "--db", str(db)]) == 2
    assert "SP-0000" in capsys.readouterr().err
    assert main(["quote", "--contract", NUMBER, "--start", "2025-04-15", "--notice", "2025-09-10", "--db", str(db)]) == 2
    assert "同時に指定できません" in capsys.readouterr().err
    missing = tmp_path / "missing.db"
    assert main(["--db", str(missing), "quote", "--contract", NUMBER, "--notice", "2025-09-10"]) == 2
    assert not missing.exists()


def test_same_quote_twice_gives_the_same_pdf_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (first, second):
        assert main([*PROSPECT, "--notice", "2025-09-10", "--pdf", str(out), "--today", "2025-09-01"]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_issue_records_the_quote_and_needs_the_company_profile(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from sqlmodel import Session, select

    from app.models import IssuedDocument
    from app.settings import save_settings
    from app.store.database import open_database
    from app.store.paths import path_to_url
    from tests.quote.pdf_text import COMPANY
    from datetime import datetime

    db = contract_database(tmp_path / "data.db")
    args = ["quote", "--contract", NUMBER, "--notice", "2025-09-10", "--issue", "--today", "2025-09-01", "--db", str(db)]
    assert main(args) == 2  # no company profile yet: refused, nothing recorded
    assert "会社情報" in capsys.readouterr().err
    save_settings(COMPANY)
    out = tmp_path / "copy.pdf"
    assert main([*args, "--pdf", str(out)]) == 0
    assert "文書番号" in capsys.readouterr().err
    database = open_database(path_to_url(db), backup_count=COMPANY.backup_count, now=datetime(2025, 9, 1, 9, 0), create=False)
    with database, Session(database.engine) as session:
        rows = session.exec(select(IssuedDocument)).all()
    assert len(rows) == 1 and rows[0].kind == "penalty_quote"
    assert rows[0].document_number in pdf_text(out.read_bytes(), tmp_path)
