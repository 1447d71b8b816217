"""The window's export commands without a window: default names, the chosen format, the work itself."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import Engine

from app.usecases.context import UseCaseContext
from tests.exchange.conftest import TODAY
from tests.exchange.test_export import seed
from ui.presenters.import_export import ExportRequest, default_name, done_text, export_job, with_chosen_suffix


def test_names_and_suffixes() -> None:
    assert default_name("contracts", date(2026, 4, 1)) == "契約一覧_20260401.xlsx"
    assert with_chosen_suffix(Path("a"), "CSV（UTF-8） (*.csv)") == Path("a.csv")
    assert with_chosen_suffix(Path("a.ics"), "Excel ブック (*.xlsx)") == Path("a.ics")
    assert with_chosen_suffix(Path("期限"), "カレンダー（iCalendar） (*.ics)") == Path("期限.ics")


def test_jobs_write_the_files(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    seed(engine, ctx)
    contracts = ExportRequest("contracts", tmp_path / "c.csv", TODAY, text="普通")
    assert export_job(lambda: engine, contracts)(None) == 1
    calendar = ExportRequest("deadlines", tmp_path / "d.ics", TODAY, days=400, reminder_days=3,
                             stamp=datetime(2026, 4, 1, tzinfo=timezone.utc))
    count = export_job(lambda: engine, calendar)(None)
    assert count == len(Calendar.from_ical((tmp_path / "d.ics").read_bytes()).walk("VEVENT")) > 0
    assert "件の予定" in done_text(calendar, count)
