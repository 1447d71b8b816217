"""Dry run and import against a database (SQLite and PostgreSQL): creates, updates, idempotence,
audit entries naming the file, one transaction."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from sqlmodel import Session

from app.exchange.apply import NothingImported, apply_plan
from app.exchange.mapping import guess_mapping
from app.exchange.plan import Action, Cancelled, ImportPlan, plan_import
from app.exchange.reader import read_sheet
from app.models import AuditEntry, Contract, Customer
from app.usecases.context import UseCaseContext
from tests.exchange.conftest import TODAY
from tests.exchange.files import good_rows, write_csv, write_xlsx
from tests.usecases.conftest import db_state


def dry_run(engine: Engine, path: Path) -> ImportPlan:
    sheet = read_sheet(path)
    return plan_import(sheet, guess_mapping(sheet.headers), engine, TODAY)


def contracts(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        rows = session.exec(select(Contract, Customer).join(Customer)).all()  # type: ignore[call-overload]
        return sorted((c.number, cu.company_name, cu.contact_person, c.accepted_date, c.start_date,
                       c.initial_term_end, c.initial_fee, c.monthly_fee, c.status) for c, cu in rows)


def test_import_creates_contracts_with_an_audit_entry_naming_the_file(engine: Engine, ctx: UseCaseContext,
                                                                      tmp_path: Path) -> None:
    rows = good_rows(3)
    rows[0][5] = date(2026, 3, 31)  # a notified term end, longer than the minimum term
    path = write_xlsx(tmp_path / "台帳.xlsx", rows)
    plan = dry_run(engine, path)
    assert [r.action for r in plan.rows] == [Action.CREATE] * 3 and not plan.problems
    result = apply_plan(engine, ctx, plan, skip_invalid=False)
    assert len(result.created) == 3
    found = contracts(engine)
    assert found[0][:8] == ("IMP-00001", "株式会社テスト1", "鈴木 一郎", date(2025, 1, 1), date(2025, 1, 1),
                            date(2026, 3, 31), 100_000, 50_001)
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "import_contract")).all()
    assert len(entries) == 3
    assert {e.contract_id for e in entries} == set(result.created)
    assert all("台帳.xlsx" in e.summary for e in entries)
    assert json.loads(entries[0].after_json)["source_file"] == "台帳.xlsx"


def test_reimporting_the_same_file_changes_nothing(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", good_rows(4))
    apply_plan(engine, ctx, dry_run(engine, path), skip_invalid=False)
    before = db_state(engine)
    again = dry_run(engine, path)
    assert [r.action for r in again.rows] == [Action.UNCHANGED] * 4
    result = apply_plan(engine, ctx, again, skip_invalid=False)
    assert result.created == [] and result.updated == [] and result.unchanged == 4
    assert db_state(engine) == before


def test_a_changed_row_updates_through_the_use_cases(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    rows = good_rows(2)
    rows[1][4] = None  # no start yet: accepted on a date, the start comes later
    headers = ["契約番号", "顧客名", "フリガナ", "ご担当者", "契約開始日", "契約期間満了日", "初期費用", "月額", "承諾日"]
    rows = [r + [date(2025, 1, 1)] for r in rows]
    apply_plan(engine, ctx, dry_run(engine, write_csv(tmp_path / "v1.csv", rows, headers)), skip_invalid=False)
    rows[0][3] = "佐藤 花子"  # the customer's contact changed
    rows[1][4] = date(2025, 2, 1)  # the service started
    plan = dry_run(engine, write_csv(tmp_path / "v2.csv", rows, headers))
    assert [r.action for r in plan.rows] == [Action.UPDATE, Action.UPDATE]
    assert plan.rows[0].changes[0].describe() == "ご担当者: 鈴木 一郎 → 佐藤 花子"
    apply_plan(engine, ctx, plan, skip_invalid=False)
    found = contracts(engine)
    assert found[0][2] == "佐藤 花子" and found[1][4] == date(2025, 2, 1)
    with Session(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]  # type: ignore[arg-type]
    assert actions[-2:] == ["update_customer", "record_service_start"]
    assert [r.action for r in dry_run(engine, tmp_path / "v2.csv").rows] == [Action.UNCHANGED] * 2


def test_a_change_no_use_case_makes_is_a_problem_of_the_dry_run(engine: Engine, ctx: UseCaseContext,
                                                                tmp_path: Path) -> None:
    rows = good_rows(1)
    apply_plan(engine, ctx, dry_run(engine, write_csv(tmp_path / "v1.csv", rows)), skip_invalid=False)
    rows[0][7] = 99_000
    plan = dry_run(engine, write_csv(tmp_path / "v2.csv", rows))
    assert plan.rows[0].action == Action.INVALID
    assert "変更契約" in plan.problems[0].message and plan.problems[0].where == "2行目 H列（月額）"


def test_all_or_nothing_and_skip_invalid(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    rows = good_rows(3)
    rows[1][7] = "-5"
    plan = dry_run(engine, write_csv(tmp_path / "a.csv", rows))
    before = db_state(engine)
    with pytest.raises(NothingImported):
        apply_plan(engine, ctx, plan, skip_invalid=False)
    assert db_state(engine) == before
    result = apply_plan(engine, ctx, plan, skip_invalid=True)
    assert len(result.created) == 2 and result.skipped_rows == 1


def test_cancel_and_failure_roll_back_every_row(engine: Engine, ctx: UseCaseContext, tmp_path: Path) -> None:
    plan = dry_run(engine, write_csv(tmp_path / "a.csv", good_rows(120)))
    before = db_state(engine)
    with pytest.raises(Cancelled):
        apply_plan(engine, ctx, plan, skip_invalid=False, progress=lambda done, total: done < 100)
    assert db_state(engine) == before
    # a contract number taken between the dry run and the import: the whole import is rolled back
    apply_plan(engine, ctx, dry_run(engine, write_csv(tmp_path / "b.csv", good_rows(1, start=120))),
               skip_invalid=False)
    before = db_state(engine)
    with pytest.raises(Exception):
        apply_plan(engine, ctx, plan, skip_invalid=False)
    assert db_state(engine) == before


def test_rows_of_one_customer_share_it_and_reimport_changes_nothing(engine: Engine, ctx: UseCaseContext,
                                                                    tmp_path: Path) -> None:
    rows = good_rows(4)
    for row in rows:
        row[1], row[2] = "株式会社同一", "ドウイツ"
    rows[3][3] = "別の 担当者"  # the same company, another contact: another customer record
    path = write_csv(tmp_path / "a.csv", rows)
    apply_plan(engine, ctx, dry_run(engine, path), skip_invalid=False)
    with Session(engine) as session:
        assert len(session.exec(select(Customer)).all()) == 2
    assert [r.action for r in dry_run(engine, path).rows] == [Action.UNCHANGED] * 4
    more = write_csv(tmp_path / "b.csv", [[f"IMP-1{i}", *rows[i][1:]] for i in (0, 3)])
    apply_plan(engine, ctx, dry_run(engine, more), skip_invalid=False)  # existing customers found by their details
    with Session(engine) as session:
        assert len(session.exec(select(Customer)).all()) == 2


def test_the_fee_in_effect_after_a_change_contract_is_no_change(engine: Engine, ctx: UseCaseContext,
                                                                 tmp_path: Path) -> None:
    from app.usecases.change_contracts import add_change_contract

    rows = good_rows(1)
    result = apply_plan(engine, ctx, dry_run(engine, write_csv(tmp_path / "a.csv", rows)), skip_invalid=False)
    add_change_contract(engine, ctx, result.created[0], requested_date=date(2025, 5, 1), accepted_date=date(2025, 5, 2),
                        effective_month=date(2025, 6, 1), new_monthly_fee=70_000)
    rows[0][7] = 70_000  # the sheet keeps the fee in effect now
    assert dry_run(engine, write_csv(tmp_path / "b.csv", rows)).rows[0].action == Action.UNCHANGED
