"""The import writes exactly what the forms' use cases write for the same rows, one by one.

Two databases from the same template and the same seed: one imports a sheet, the other gets
the same contracts through `create_contract` + `record_service_start` (and the customer edit and
service start for the changed rows), each followed by the import's own audit entry. Every column
of every table must then be equal, ids, audit texts and timestamps, search grams and derived
dates included: however the import is made faster, it stays the use cases' result.
"""
from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel

from app.exchange.apply import apply_plan
from app.exchange.plan import Action, ImportPlan
from app.models import Contract
from app.store.engine import make_engine, session_scope
from app.store.paths import path_to_url
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import JST, UseCaseContext
from app.usecases.contracts import NewContract, create_contract, record_service_start
from app.usecases.customer_edit import load_customer, update_customer
from app.usecases.customers import CustomerInput
from tests.exchange.conftest import TODAY
from tests.exchange.files import write_csv
from tests.exchange.test_plan_apply import dry_run

HEADERS = ["契約番号", "顧客名", "フリガナ", "部署", "ご担当者", "住所", "電話番号", "承諾日", "契約開始日",
           "契約期間満了日", "初期費用", "月額", "備考"]
SEEDED = CustomerInput("株式会社既存", "キゾン", "総務部", "佐藤 花子", address="東京都港区1-1", phone="03-1111-2222")


def ticking_clock() -> Callable[[], datetime]:
    """A clock one second further at each reading: the audit timestamps show the order of the writes."""
    ticks = itertools.count()
    start = datetime(2026, 4, 1, 9, 0, tzinfo=JST)
    return lambda: start + timedelta(seconds=next(ticks))


def sheet_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(1, 25):
        company = f"株式会社イチ{i % 5}"  # five companies; the same details share one customer
        contact = "鈴木 一郎" if i % 7 else "田中 次郎"  # ... another contact is another customer
        start: object = date(2025, i % 12 + 1, 1) if i % 6 else None  # some accepted only
        term_end = date(2026, 12, 31) if i % 8 == 0 and start else None
        rows.append([f"ＥＱ-{i:04d}", company, f"イチ{i % 5}", "情報システム部", contact, f"大阪市北区{i % 5}",
                     "06-0000-0000", date(2024, i % 12 + 1, 1), start, term_end, 100_000 + i, 40_000 + i * 100,
                     "移行データ" if i % 4 == 0 else ""])
    rows.append(["EQ-SEED-NEW", SEEDED.company_name, SEEDED.company_kana, SEEDED.department, SEEDED.contact_person,
                 SEEDED.address, SEEDED.phone, date(2025, 1, 1), date(2025, 2, 1), None, 0, 55_000, ""])
    # the seeded contracts: one gets its service start, one a new contact person
    rows.append(["EQ-SEED-1", SEEDED.company_name, SEEDED.company_kana, SEEDED.department, SEEDED.contact_person,
                 SEEDED.address, SEEDED.phone, date(2024, 6, 1), date(2024, 7, 1), None, 0, 30_000, ""])
    rows.append(["EQ-SEED-2", "株式会社変更", "ヘンコウ", "", "新しい 担当", "", "", date(2024, 6, 1), None, None,
                 0, 31_000, ""])
    return rows[12:] + rows[:12]  # the changed rows in the middle: created rows before and after them


def seed(engine: Engine, ctx: UseCaseContext) -> None:
    create_contract(engine, ctx, SEEDED, NewContract(date(2024, 6, 1), 0, 30_000, number="EQ-SEED-1"))
    create_contract(engine, ctx, CustomerInput("株式会社変更", "ヘンコウ", contact_person="古い 担当"),
                    NewContract(date(2024, 6, 1), 0, 31_000, number="EQ-SEED-2"))


def one_by_one(engine: Engine, ctx: UseCaseContext, plan: ImportPlan) -> None:
    """What the import does, through the forms' use cases, one row and one transaction at a time."""
    created_customers: dict[CustomerInput, int] = {}
    for row in plan.rows:
        record = row.record
        assert record is not None
        if row.action == Action.UPDATE:
            assert row.customer_id is not None and row.contract_id is not None
            keys = {change.key for change in row.changes}
            if keys - {"start_date", "initial_term_end"}:
                changed = replace(load_customer(engine, row.customer_id),
                                  **{k: getattr(record.customer, k) for k in keys - {"start_date", "initial_term_end"}})
                update_customer(engine, ctx, row.customer_id, changed)
            if "start_date" in keys and record.start_date is not None:
                record_service_start(engine, ctx, row.contract_id, record.start_date,
                                     initial_term_end=record.initial_term_end)
            continue
        assert row.action == Action.CREATE
        customer = row.customer_id or created_customers.get(record.customer) or record.customer
        contract_id = create_contract(engine, ctx, customer, NewContract(
            record.accepted_date, record.initial_fee, record.monthly_fee, record.number, record.note))
        if record.start_date is not None:
            record_service_start(engine, ctx, contract_id, record.start_date, initial_term_end=record.initial_term_end)
        with session_scope(engine) as session:
            contract = session.get(Contract, contract_id)
            assert contract is not None
            created_customers.setdefault(record.customer, contract.customer_id)
            write_audit(session, ctx, action="import_contract", row=contract, before=snapshot(contract),
                        contract_id=contract_id, summary=f"ファイル「{plan.source_name}」の{row.row}行目から取り込み",
                        extra={"source_file": plan.source_name, "source_row": row.row})


def everything(engine: Engine) -> dict[str, list[Any]]:
    """Every row of every table, all columns, in primary-key order."""
    with Session(engine) as session:
        return {table.name: [tuple(r) for r in session.execute(select(table).order_by(*table.primary_key.columns))]
                for table in SQLModel.metadata.sorted_tables}


@pytest.fixture
def two_engines(sqlite_head_template: Path, tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    engines = []
    for name in ("imported.db", "one_by_one.db"):
        shutil.copyfile(sqlite_head_template, tmp_path / name)
        engines.append(make_engine(path_to_url(tmp_path / name)))
    yield engines[0], engines[1]
    for engine in engines:
        engine.dispose()


def test_the_import_writes_what_the_use_cases_write_row_by_row(two_engines: tuple[Engine, Engine],
                                                               tmp_path: Path) -> None:
    imported, reference = two_engines
    path = write_csv(tmp_path / "移行台帳.csv", sheet_rows(), HEADERS)
    plans = []
    for engine in (imported, reference):
        seed(engine, UseCaseContext("山田 太郎", TODAY, clock=ticking_clock()))
        plans.append(dry_run(engine, path))
    plan = plans[0]
    assert not plan.problems
    actions = [r.action for r in plan.rows]
    assert actions.count(Action.CREATE) == 25 and actions.count(Action.UPDATE) == 2
    assert sum(1 for r in plan.rows if r.action == Action.CREATE and r.customer_id) == 1  # the seeded customer

    result = apply_plan(imported, UseCaseContext("山田 太郎", TODAY, clock=ticking_clock()), plan, skip_invalid=False)
    one_by_one(reference, UseCaseContext("山田 太郎", TODAY, clock=ticking_clock()), plans[1])

    assert len(result.created) == 25 and len(result.updated) == 2
    got, expected = everything(imported), everything(reference)
    assert len(expected["contract"]) == 27 and len(expected["contract_search_gram"]) > 27 * 10
    assert len(expected["audit_entry"]) > 27 * 3 and len(expected["customer"]) == 2 + 8
    for table in expected:
        assert got[table] == expected[table], table
