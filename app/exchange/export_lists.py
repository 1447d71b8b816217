"""The lists the program exports, as tables: contracts (as filtered on screen), deadlines, a quote's options.

The contracts table holds every column the importer reads, under the headers it recognises,
so an exported file imports into an empty database as the same contracts.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, select

from app.exchange.export_table import Column, Table, write_table
from app.labels import STATUS_LABELS
from app.models import Contract, ContractStatus, Customer
from app.usecases.contract_list import MAX_PAGE, list_contracts
from app.usecases.deadlines import due_within

CHUNK = 500

CONTRACT_COLUMNS = (
    Column("契約番号"), Column("顧客名"), Column("フリガナ"), Column("部署"), Column("ご担当者"), Column("郵便番号"),
    Column("住所"), Column("電話番号"), Column("メールアドレス"), Column("承諾日", "date"), Column("契約開始日", "date"),
    Column("契約期間満了日", "date"), Column("初期費用", "yen"), Column("月額", "yen"), Column("現在の月額", "yen"),
    Column("状態"), Column("次の期限", "date"), Column("終了日", "date"), Column("備考"),
)


def filtered_contract_ids(engine: Engine, text: str = "", sort: str = "number", descending: bool = False) -> list[int]:
    """The ids the contract list shows for this filter and order, all pages."""
    ids: list[int] = []
    while True:
        page = list_contracts(engine, text, sort, descending, offset=len(ids), limit=MAX_PAGE)
        ids.extend(row.id for row in page.rows)
        if not page.rows or len(ids) >= page.total:
            return ids


def contracts_table(engine: Engine, ids: list[int]) -> Table:
    """The contracts with these ids, in this order, with every imported column (reads only)."""
    wanted: list[Any] = [
        Contract.id, Contract.number, Customer.company_name, Customer.company_kana, Customer.department,
        Customer.contact_person, Customer.postal_code, Customer.address, Customer.phone, Customer.email,
        Contract.accepted_date, Contract.start_date, Contract.initial_term_end, Contract.term_confirmed,
        Contract.initial_fee, Contract.monthly_fee, Contract.current_monthly_fee, Contract.status,
        Contract.next_deadline, Contract.end_date, Contract.note,
    ]
    by_id: dict[int, tuple[object, ...]] = {}
    with engine.connect() as connection:
        for start in range(0, len(ids), CHUNK):
            query = (select(*wanted).join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
                     .where(Contract.id.in_(ids[start:start + CHUNK])))  # type: ignore[union-attr]
            for r in connection.execute(query):
                term_end = r[12] if r[13] else None  # an unconfirmed term end is not the customer's
                by_id[r[0]] = (*r[1:12], term_end, *r[14:17], STATUS_LABELS[ContractStatus(r[17])], *r[18:21])
    return Table("契約一覧", CONTRACT_COLUMNS, [by_id[i] for i in ids if i in by_id])


def export_contracts(engine: Engine, path: Path, *, text: str = "", sort: str = "number",
                     descending: bool = False) -> int:
    """The contract list as filtered to .xlsx/.csv; returns the number of contracts written."""
    table = contracts_table(engine, filtered_contract_ids(engine, text, sort, descending))
    write_table(table, path)
    return len(table.rows)


DEADLINE_COLUMNS = (
    Column("期限日", "date"), Column("残り日数", "int"), Column("種類"), Column("契約番号"), Column("顧客名"),
    Column("厳格な読み方での期限", "date"), Column("注意"),
)


def deadlines_table(engine: Engine, today: date, days: int) -> Table:
    rows = due_within(engine, today, days)
    return Table("期限一覧", DEADLINE_COLUMNS, [
        (r.date, (r.date - today).days, r.kind, r.contract_number, r.company_name, r.strict_date, r.warning)
        for r in rows
    ])


def export_deadlines(engine: Engine, path: Path, today: date, days: int) -> int:
    table = deadlines_table(engine, today, days)
    write_table(table, path)
    return len(table.rows)


class ExitOptionLike(Protocol):
    """What a quote's option column holds (app.quote QuoteColumn, app.terms ExitOption)."""

    label: str
    available: bool
    notice_by: date
    last_service_day: date
    suggested_end: date
    fees_billed: int
    fees_tax: int
    penalty: int
    penalty_tax: int
    total: int
    note: str


OPTION_COLUMNS = (
    Column("終了の方法"), Column("選択可"), Column("通知の到達期限", "date"), Column("最終利用日", "date"),
    Column("終了日（月末）", "date"), Column("残りの月額費用（税抜）", "yen"), Column("消費税（月額）", "yen"),
    Column("解約違約金", "yen"), Column("消費税（違約金）", "yen"), Column("合計", "yen"), Column("備考"),
)


def options_table(options: Iterable[ExitOptionLike]) -> Table:
    return Table("終了方法の比較", OPTION_COLUMNS, [
        (o.label, "可" if o.available else "不可", o.notice_by, o.last_service_day, o.suggested_end, o.fees_billed,
         o.fees_tax, o.penalty, o.penalty_tax, o.total, o.note)
        for o in options
    ])


def export_options(options: Any, path: Path) -> int:
    """A quote's exit options to .xlsx/.csv: a Quote (its columns), TerminationOptions, or the options
    themselves. Returns the number of options written."""
    items = getattr(options, "columns", None) or getattr(options, "options", None) or options
    table = options_table(list(items))
    write_table(table, path)
    return len(table.rows)
