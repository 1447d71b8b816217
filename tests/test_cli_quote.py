"""`python -m app quote`: the SPEC section 4 figures, and one clear line with exit code 2 for bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.cli import main
from tests.terms.spec_examples import PENALTY, PENALTY_FEE, PENALTY_START

BASE = ["quote", "--start", "2025-04-15", "--monthly", "50000"]


@pytest.mark.parametrize(("notice", "end", "allowed", "first", "latest", "months", "penalty", "names"), PENALTY)
def test_quote_prints_the_spec_figures(capsys: pytest.CaptureFixture[str], notice, end, allowed, first,  # type: ignore[no-untyped-def]
                                       latest, months, penalty, names) -> None:
    assert (PENALTY_START.isoformat(), PENALTY_FEE) == ("2025-04-15", 50_000)
    code = main([*BASE, "--notice", notice.isoformat(), "--end", end.isoformat(), "--json"])
    out, err = capsys.readouterr()
    if allowed:
        assert code == 0 and err == ""
        data = json.loads(out)
        assert data["requested"]["penalty"] == penalty
        assert data["requested"]["remaining_months"] == months
        assert (data["earliest_end"], data["latest_end"]) == (first.isoformat(), latest.isoformat())
    else:
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and names in err


def test_text_table_has_japanese_headings_and_thousands_separators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--notice", "2025-09-10", "--end", "2025-10-31"]) == 0
    out = capsys.readouterr().out
    assert "違約金 300,000円" in out
    for heading in ("終了方法", "通知到達期限", "最終利用日", "違約金", "合計"):
        assert heading in out
    assert "410,000円" in out and "440,000円" in out


def test_full_width_digits_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quote", "--start", "２０２５－０４－１５", "--monthly", "５００００", "--notice", "2025-09-10",
                 "--end", "2025-10-31", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["requested"]["penalty"] == 300_000


def test_change_contracts_enter_the_penalty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--notice", "2025-09-10", "--end", "2025-10-31", "--change", "2026-01:70000", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["requested"]["penalty"] == 2 * 50_000 + 4 * 70_000


@pytest.mark.parametrize(("args", "message"), [
    (["quote", "--start", "2025-02-30", "--monthly", "50000", "--notice", "2025-09-10"], "開始日の日付"),
    ([*BASE[:3], "--monthly", "-50000", "--notice", "2025-09-10"], "負の金額"),
    ([*BASE[:3], "--monthly", "5万", "--notice", "2025-09-10"], "整数"),
    ([*BASE, "--notice", "2025-09-10", "--end", "2025-10-09"], "2025-10-10"),
    ([*BASE, "--notice", "2025-09-10", "--end", "2026-05-31"], "2026-04-30"),
    ([*BASE, "--notice", "2025-09-10", "--initial-end", "2026-03-31"], "最低利用期間の満了日（2026年4月30日）"),
    ([*BASE], "必須の引数"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args: list[str], message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_quote_does_not_load_the_database_stack() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['quote', '--start', '2025-04-15', '--monthly', '50000', '--notice', '2025-09-10'])\n"
        "print(rc, 'sqlalchemy' in sys.modules, 'alembic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "False", "False"], result.stderr
