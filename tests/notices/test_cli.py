"""`python -m app notices ...`: batches to a file, one contract, list, reprint, clear errors."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.cli import main
from app.settings import save_settings
from tests.notices import scenarios
from tests.notices.conftest import pdf_text, settings_for


@pytest.fixture
def sqlite_db(engine: Engine, db_url: str) -> str:
    if engine.dialect.name != "sqlite":
        pytest.skip("the command line's documents folder sits beside an SQLite file")
    return str(engine.url.database)


def test_renewal_batch_list_and_reprint(sqlite_db: str, engine: Engine, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(settings_for("japanese"))
    scenarios.spec_contract(engine)
    scenarios.spec_contract(engine)
    out = tmp_path / "renewals.pdf"
    assert main(["notices", "renewal", "--term-end-month", "2026-04", "--out", str(out), "--db", sqlite_db,
                 "--today", "2026-03-02"]) == 0
    assert "2通を発行しました" in capsys.readouterr().out
    text = pdf_text(out)
    assert text.count("契約更新のご案内") == 2 and "令和8年3月31日" in text
    assert main(["notices", "list", "--db", sqlite_db]) == 0
    listing = capsys.readouterr().out
    assert "SP2026-000001" in listing and "SP2026-000002" in listing
    again = tmp_path / "again.pdf"
    assert main(["notices", "reprint", "SP2026-000002", "--out", str(again), "--db", sqlite_db]) == 0
    assert again.read_bytes() == out.read_bytes()  # the batch file as it was sent
    assert "SP2026-000002 は 2ページ" in capsys.readouterr().out


def test_one_contract_and_errors(sqlite_db: str, engine: Engine, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    scenarios.with_late_fee(engine)
    # no company profile yet: refused before anything is printed
    assert main(["notices", "late-interest", "--contract", "SP-2025-00001", "--out", str(out), "--db", sqlite_db,
                 "--today", "2025-07-20"]) == 2
    assert "会社情報が未設定" in capsys.readouterr().err and not out.exists()
    save_settings(settings_for())
    assert main(["notices", "late-interest", "--contract", "SP-2025-00001", "--out", str(out), "--db", sqlite_db,
                 "--today", "2025-07-20"]) == 0
    assert "5,940円" in pdf_text(out)
    assert main(["notices", "cure", "--contract", "NO-SUCH", "--out", str(out), "--db", sqlite_db]) == 2
    assert "見つかりません" in capsys.readouterr().err
    assert main(["notices", "renewal", "--out", str(out), "--db", sqlite_db]) == 2
    assert "対象を1つ指定" in capsys.readouterr().err
    assert main(["notices", "renewal", "--term-end-month", "2026-13", "--out", str(out), "--db", sqlite_db]) == 2
