"""The home screen lists what `python -m app deadlines --json` lists, with the same counts."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.screen_fixtures import TODAY, home_loaded, hub, seeded_db, workspace  # noqa: F401 (fixtures)
from ui.hub import Hub
from ui.presenters.dashboard import tone

ROOT = Path(__file__).resolve().parents[2]


def cli_deadlines(db: Path, days: int) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "app", "deadlines", "--json", "--within", str(days), "--today", TODAY.isoformat(),
         "--db", str(db)], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_dashboard_rows_and_counts_equal_the_deadlines_command(qtbot: QtBot, hub: Hub, seeded_db: Path) -> None:  # noqa: F811
    expected = cli_deadlines(seeded_db, hub.settings.dashboard_days)
    assert expected, "the sample data has deadlines in the next 60 days"
    _window, screen = home_loaded(qtbot, hub)
    lines = screen.deadlines.rows
    assert [(r.kind, r.day.isoformat(), r.contract_id, r.contract_number) for r in lines] == [
        (e["kind"], e["date"], e["contract_id"], e["contract_number"]) for e in expected]
    assert [r.days_left for r in lines] == [e["days_left"] for e in expected]
    assert screen.data is not None and screen.data.total == len(expected)
    assert f"{len(expected)}件" in screen.summary.text() or f"{len(expected):,}件" in screen.summary.text()
    assert screen.tabs.tabText(0) == f"期限（{len(expected):,}）"
    notice_ends = [r for r in lines if r.kind == "解約予定日"]  # termination notices whose end is near: own rows
    assert notice_ends and all("到達の" in r.warning for r in notice_ends)
    strict_rows = [r for r in lines if r.strict_text]
    assert all("（" in r.strict_text for r in strict_rows)  # the strict day with its weekday


def test_a_row_opens_its_contract(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    window, screen = home_loaded(qtbot, hub)
    assert screen.deadlines.rowCount() > 0
    screen.deadline_table.setFocus()
    screen.deadline_table.selectRow(0)
    from PySide6.QtCore import Qt

    qtbot.keyClick(screen.deadline_table, Qt.Key.Key_Return)
    assert window.current_key() == "contract"
    view = window.screen("contract")
    assert getattr(view, "contract_id") == screen.deadlines.row(0).contract_id


def test_tones_red_overdue_amber_within_seven_days() -> None:
    from datetime import timedelta

    assert tone(TODAY - timedelta(days=1), TODAY) == "overdue"
    assert tone(TODAY, TODAY) == "soon"
    assert tone(TODAY + timedelta(days=7), TODAY) == "soon"
    assert tone(TODAY + timedelta(days=8), TODAY) == ""


@pytest.mark.parametrize(("maximum", "whole", "expected"), [
    (22, True, (25, 6, "%d")),  # 0, 5, ... 25 (not 0, 6, 12, 18, 25)
    (240.5, False, (250, 6, "%d")),  # 万円
    (1_234, False, (1_500, 4, "%d")),
    (3, True, (5, 6, "%d")),  # a few contracts: 0 to 5, never 0.5 of a contract
    (0, False, (5, 6, "%d")),  # nothing to show: whole numbers, not 0.3
    (0.3, False, (0.3, 4, "%.1f")),  # 3,000円 in 万円
])
def test_chart_axes_tick_at_round_numbers(maximum: float, whole: bool, expected: tuple[float, int, str]) -> None:
    from ui.widgets.portfolio_charts import nice_scale

    top, ticks, label_format = nice_scale(maximum, whole)
    assert (round(top, 6), ticks, label_format) == expected
    step = top / (ticks - 1)
    assert top >= maximum and round(step / 10 ** math.floor(math.log10(step)), 6) in (1, 2, 5)
