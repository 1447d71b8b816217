"""Export: .xlsx with header, widths and formats; .csv with BOM and no cell that starts a formula;
.ics with all-day events, reminders and stable UIDs; export then import gives the same contracts."""
from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import Engine

from app.cli import main
from app.exchange.apply import apply_plan
from app.exchange.calendar import write_ics
from app.exchange.cells import FORMULA_STARTS
from app.exchange.export_lists import export_contracts, export_deadlines, export_options
from app.exchange.export_table import Column, ExportError, Table, write_table
from app.store.engine import make_engine
from app.store.paths import path_to_url
from app.terms import termination_options
from app.terms.contract import ContractTerms
from app.terms.fees import FeeSchedule
from app.usecases.context import UseCaseContext
from app.usecases.contracts import NewContract, create_contract, record_service_start
from app.usecases.customers import CustomerInput
from app.usecases.deadlines import DeadlineRow, due_within
from tests.exchange.conftest import TODAY
from tests.exchange.test_plan_apply import contracts, dry_run

NASTY = ["=HYPERLINK(\"http://x\")", "+81-3-1234", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "普通の会社"]


def seed(engine: Engine, ctx: UseCaseContext) -> None:
    for i, name in enumerate(NASTY, start=1):
        customer = CustomerInput(f"{name} 株式会社" if i == len(NASTY) else name, contact_person=f"=担当{i}",
                                 phone="+81-3-0000-0000")
        cid = create_contract(engine, ctx, customer, NewContract(date(2025, i, 3), 100_000 * i, 30_000 + i,
                                                                 number=f"EX-{i:03d}", note="-メモ" if i % 2 else ""))
        if i < 6:
            record_service_start(engine, ctx, cid, date(2025, i, 10),
                                 initial_term_end=date(2026 + (i > 3), i + 2, 28) if i % 2 else None)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_into_an_empty_database(suffix: str, engine: Engine, ctx: UseCaseContext, tmp_path: Path,
                                           db_file: Path) -> None:
    seed(engine, ctx)
    path = tmp_path / f"contracts{suffix}"
    assert export_contracts(engine, path) == len(NASTY)
    empty = make_engine(path_to_url(db_file))
    try:
        plan = dry_run(empty, path)
        assert not plan.problems, [p.line() for p in plan.problems]
        apply_plan(empty, ctx, plan, skip_invalid=False)
        assert contracts(empty) == contracts(engine)
        assert [r.action.value for r in dry_run(empty, path).rows] == ["unchanged"] * len(NASTY)
    finally:
        empty.dispose()


def test_exported_csv_has_a_bom_and_no_cell_starting_a_formula(engine: Engine, ctx: UseCaseContext,
                                                               tmp_path: Path) -> None:
    seed(engine, ctx)
    path = tmp_path / "c.csv"
    export_contracts(engine, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'+81-3-0000-0000" in cells


def test_xlsx_has_header_widths_formats_and_no_formulas(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    seed(engine, ctx)
    path = tmp_path / "c.xlsx"
    export_contracts(engine, path, text="普通")  # as filtered on screen
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["契約番号", "顧客名"] and sheet[1][0].font.bold and sheet.freeze_panes == "A2"
    assert sheet.max_row == 2 and sheet["A2"].value == "EX-007"
    assert sheet.column_dimensions["B"].width >= 20
    fee = sheet.cell(row=2, column=header.index("月額") + 1)
    day = sheet.cell(row=2, column=header.index("承諾日") + 1)
    assert fee.value == 30_007 and "円" in fee.number_format
    assert day.value.date() == date(2025, 7, 3) and day.number_format == "yyyy/mm/dd"
    every = load_workbook(tmp_path / "c.xlsx")
    assert all(c.data_type != "f" for row in every.active.iter_rows() for c in row)


def test_unknown_format_and_unwritable_place_are_messages(tmp_path: Path) -> None:
    table = Table("t", (Column("a"),), [("x",)])
    with pytest.raises(ExportError, match="形式"):
        write_table(table, tmp_path / "a.pdf")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ExportError, match="保存できません"):
        write_table(table, tmp_path / "dir.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["dir.csv"]  # no temporary file left


ROWS = [
    DeadlineRow("更新拒絶期限", date(2026, 4, 30), 1, "SP-2025-00001", "株式会社A", date(2026, 4, 28), "注意"),
    DeadlineRow("更新日", date(2026, 6, 1), 2, "SP-2025-00002", "株式会社B", None, ""),
]
STAMP = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)


def test_ics_all_day_events_with_reminders_and_stable_uids(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    write_ics(ROWS, first, reminder_days=7, stamp=STAMP)
    write_ics(list(reversed(ROWS)), second, reminder_days=3, stamp=STAMP + timedelta(days=1))
    events = Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    assert len(events) == 2
    event = events[0]
    assert event.decoded("dtstart") == date(2026, 4, 30) and event.decoded("dtend") == date(2026, 5, 1)
    assert "株式会社A" in str(event["summary"])
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("trigger") == timedelta(hours=9) - timedelta(days=7)
    again = Calendar.from_ical(second.read_bytes()).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {str(e["uid"]) for e in again}
    assert len({str(e["uid"]) for e in events}) == 2


def test_deadline_and_option_exports(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    seed(engine, ctx)
    rows = due_within(engine, TODAY, 400)
    assert export_deadlines(engine, tmp_path / "d.csv", TODAY, 400) == len(rows) > 0
    options = termination_options(ContractTerms(date(2025, 4, 1), FeeSchedule(50_000)), date(2026, 1, 15))
    assert export_options(options, tmp_path / "o.xlsx") == len(options.options) == 4
    sheet = load_workbook(tmp_path / "o.xlsx").active
    assert sheet["A1"].value == "終了の方法" and sheet.max_row == 5
    assert export_options(options.options, tmp_path / "o.csv") == 4


def test_cli_export_by_extension(db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("c.xlsx", "c.csv"):
        assert main(["export", "contracts", "--out", str(tmp_path / name), "--db", str(db_file)]) == 0
    assert main(["export", "deadlines", "--out", str(tmp_path / "d.ics"), "--db", str(db_file),
                 "--today", "2026-04-01"]) == 0
    assert main(["export", "contracts", "--out", str(tmp_path / "c.ics"), "--db", str(db_file)]) == 2
    assert "出力形式" in capsys.readouterr().err
