"""Realistic demo and benchmark data: N contracts with customers, applications, devices, change
contracts, notices, cure notices, charges and payments.

Bulk inserts in chunks (derived dates computed in Python by the same `compute_derived` the use
cases use), not one use case per contract: 100,000 contracts take seconds, not hours. The data is
deterministic for a given (n, today, rng_seed) on an empty database. Every seeded contract gets
one audit entry naming the seeding actor.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from typing import Any

from sqlalchemy import Engine, func, insert, select, text
from sqlmodel import col

from app import terms
from app.models import (
    Application,
    ApplicationStatus,
    AuditEntry,
    ChangeContract,
    Charge,
    ChargeKind,
    Contract,
    ContractSearchGram,
    ContractStatus,
    CureNotice,
    Customer,
    ManagedDevice,
    Notice,
    NoticeDirection,
    NoticeKind,
    Payment,
    Prerequisite,
)
from app.store.engine import session_scope
from app.sample import names
from app.usecases.context import JST
from app.labels import CHARGE_KIND_LABELS
from app.usecases.breach import provider_sum_description
from app.usecases.contract_terms import ContractFacts, contract_facts
from app.usecases.contracts import CONTRACT_NUMBER_PREFIX, contract_number, contract_number_parts
from app.usecases.derived import compute_derived
from app.usecases.termination import ending_by_notice, penalty_description
from app.usecases.contract_list import indexed_grams, search_text

CHUNK = 5000
FIRST_START = date(2019, 1, 1)
LAST_START = date(2026, 12, 31)
TABLES = (Customer, Application, Contract, ManagedDevice, ChangeContract, CureNotice, Notice, Charge, Payment,
          AuditEntry)  # tables with an integer id
SEED_CACHE_KIB = 262_144  # SQLite page cache while seeding: the bigram index is inserted out of order


@dataclass
class _Rows:
    """Rows of one chunk, per table, in insert order."""

    by_table: dict[type, list[dict[str, Any]]] = field(
        default_factory=lambda: {t: [] for t in (*TABLES, ContractSearchGram)})

    def add(self, table: type, row: dict[str, Any]) -> None:
        self.by_table[table].append(row)


class _Ids:
    """Next free primary key per table (explicit ids: no RETURNING round trips)."""

    def __init__(self, start: dict[type, int]) -> None:
        self.next = dict(start)

    def take(self, table: type) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _month_last(day: date) -> date:
    return terms.month_last(day)


def _fee(rng: random.Random) -> int:
    """30,000-300,000 yen in 100s, most contracts at the lower end."""
    return int(30_000 + (270_000 * rng.random() ** 2.2)) // 100 * 100


def _tax_included(amount: int, day: date) -> int:
    """The amount with the consumption tax of the profile in force on `day` (the charge's month)."""
    return amount + terms.tax_on(amount, terms.profile_for(day))


def _pay(rng: random.Random, ids: _Ids, rows: _Rows, charge_id: int, amount: int, due: date, today: date) -> None:
    """Most charges paid on time, some late, a few in two parts, recent ones maybe not yet."""
    roll = rng.random()
    if roll < 0.85:
        paid = due - timedelta(days=rng.randint(0, 20))
    elif roll < 0.97:
        paid = due + timedelta(days=rng.randint(1, 75))
    else:  # partial: half late, the rest later still
        first = due + timedelta(days=rng.randint(1, 30))
        half = amount // 2
        if first <= today:
            rows.add(Payment, {"id": ids.take(Payment), "charge_id": charge_id, "paid_date": first, "amount": half})
            second = first + timedelta(days=rng.randint(10, 60))
            if second <= today:
                rows.add(Payment, {"id": ids.take(Payment), "charge_id": charge_id, "paid_date": second,
                                   "amount": amount - half})
        return
    if paid <= today:
        rows.add(Payment, {"id": ids.take(Payment), "charge_id": charge_id, "paid_date": paid, "amount": amount})


def _charge(rng: random.Random, ids: _Ids, rows: _Rows, contract_id: int, kind: ChargeKind, amount: int, due: date,
            description: str, today: date) -> None:
    charge_id = ids.take(Charge)
    rows.add(Charge, {"id": charge_id, "contract_id": contract_id, "kind": kind, "description": description,
                      "amount": amount, "due_date": due})
    _pay(rng, ids, rows, charge_id, amount, due, today)


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


class _Numbers:
    """Contract numbers SP-YYYY-NNNNN continuing each year's highest number in the database."""

    def __init__(self, highest: dict[int, int]) -> None:
        self.highest = highest

    def take(self, year: int) -> str:
        value = self.highest.get(year, 0) + 1
        self.highest[year] = value
        return contract_number(year, value)


def _existing_numbers(session: Any) -> dict[int, int]:
    highest: dict[int, int] = {}
    prefix = f"{CONTRACT_NUMBER_PREFIX}-"
    for (number,) in session.execute(select(col(Contract.number)).where(col(Contract.number).startswith(prefix))):
        parts = contract_number_parts(number)
        if parts is not None:
            highest[parts[0]] = max(highest.get(parts[0], 0), parts[1])
    return highest


def _customer(rng: random.Random, ids: _Ids, rows: _Rows, now: datetime) -> dict[str, Any]:
    prefix, prefix_kana = rng.choice(names.COMPANY_PREFIXES)
    word, word_kana = rng.choice(names.COMPANY_WORDS)
    form, form_kana = names.COMPANY_FORMS[0] if rng.random() < 0.93 else names.COMPANY_FORMS[1]
    if rng.random() < 0.6:
        company, kana = f"{form}{prefix}{word}", f"{prefix_kana}{word_kana}"
    else:
        company, kana = f"{prefix}{word}{form}", f"{prefix_kana}{word_kana}"
    prefecture, city, postal = rng.choice(names.CITIES)
    row = {
        "id": ids.take(Customer),
        "company_name": company,
        "company_kana": kana,
        "department": rng.choice(names.DEPARTMENTS),
        "contact_person": f"{rng.choice(names.SURNAMES)} {rng.choice(names.GIVEN_NAMES)}",
        "honorific": "様",
        "postal_code": f"{postal}-{rng.randint(0, 9999):04d}",
        "address": f"{prefecture}{city}{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号",
        "phone": f"0{rng.randint(3, 99)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
        "email": f"it-{rng.randint(10000, 99999)}@example.co.jp",
        "created_at": now,
    }
    rows.add(Customer, row)
    return row


def _one_contract(rng: random.Random, ids: _Ids, rows: _Rows, numbers: _Numbers, today: date, now: datetime,
                  actor: str) -> None:
    customer = _customer(rng, ids, rows, now)
    last_start = min(LAST_START, today + timedelta(days=60))
    start = _random_day(rng, FIRST_START, last_start)
    accepted = min(start - timedelta(days=rng.randint(7, 40)), today)
    received = accepted - timedelta(days=rng.randint(3, 30))
    waiting = start > today and rng.random() < 0.5  # accepted, prerequisites still being confirmed
    initial_fee = 0 if rng.random() < 0.3 else rng.randint(5, 30) * 10_000
    monthly_fee = _fee(rng)
    roll = rng.random()
    initial_end = None
    if not waiting and roll < 0.55:
        initial_end = terms.minimum_term_end(start)
    elif not waiting and roll < 0.65:
        initial_end = terms.period_end(terms.minimum_term_end(start) + timedelta(days=1), 12)

    application_id = ids.take(Application)
    prereq = Prerequisite.UNCHECKED if waiting else Prerequisite.MET
    rows.add(Application, {
        "id": application_id, "customer_id": customer["id"], "received_date": received,
        "status": ApplicationStatus.ACCEPTED, "prereq_site_power": Prerequisite.MET,
        "prereq_remote_access": Prerequisite.MET, "prereq_admin_registered": prereq,
        "prereq_site_in_japan": Prerequisite.MET, "requested_start": start, "initial_fee": initial_fee,
        "monthly_fee": monthly_fee, "refusal_reasons": "", "refusal_note": "",
        "override_note": "管理者登録は設置作業時に確認予定" if waiting else "", "decision_date": accepted,
        "decided_by": actor,
    })
    contract_id = ids.take(Contract)
    number = numbers.take(accepted.year)
    contract: dict[str, Any] = {
        "id": contract_id, "number": number, "customer_id": customer["id"], "application_id": application_id,
        "accepted_date": accepted, "start_date": None if waiting else start, "initial_term_end": initial_end,
        "term_confirmed": initial_end is not None, "initial_fee": initial_fee, "monthly_fee": monthly_fee,
        "profile_id": terms.profile_for(accepted).id, "status": ContractStatus.ACTIVE, "notice_date": None, "end_date": None,
        "end_ground": "", "note": "",
        "search_text": search_text(number, customer["company_name"], customer["company_kana"],
                                   customer["contact_person"]),
    }
    for gram in indexed_grams(number, customer["company_name"], customer["company_kana"], customer["contact_person"]):
        rows.add(ContractSearchGram, {"gram": gram, "contract_id": contract_id})
    maker, model = rng.choice(names.DEVICES)
    rows.add(ManagedDevice, {
        "id": ids.take(ManagedDevice), "contract_id": contract_id, "maker": maker, "model": model,
        "serial": f"{maker[:2].upper()}{rng.randint(10**9, 10**10 - 1)}", "site_address": customer["address"],
        "in_japan": True, "meets_vendor_requirements": True,
    })
    changes: list[ChangeContract] = []
    cures: list[dict[str, Any]] = []
    started = not waiting and start <= today
    if started:
        _events(rng, ids, rows, contract, changes, cures, today, now)
        if initial_fee:
            _charge(rng, ids, rows, contract_id, ChargeKind.INITIAL, _tax_included(initial_fee, start),
                    _month_last(terms.add_months(start, 1)), CHARGE_KIND_LABELS[ChargeKind.INITIAL], today)
    schedule = _facts(contract, changes).schedule
    if started and contract["end_date"] is None:  # the last two months' monthly fees
        this_month = terms.month_first(today)
        for back in (2, 1):
            month = terms.add_months(this_month, -back)
            if month >= terms.month_first(start):
                _charge(rng, ids, rows, contract_id, ChargeKind.MONTHLY,
                        _tax_included(schedule.fee_for_month(month), month), _month_last(month),
                        f"{CHARGE_KIND_LABELS[ChargeKind.MONTHLY]}（{month.year}年{month.month}月分）", today)
    open_cures = [CureNotice(**c) for c in cures if not c["closed"]]
    contract.update(compute_derived(_facts(contract, changes, open_cures), None, today))
    rows.add(Contract, contract)
    for change in changes:
        rows.add(ChangeContract, change.model_dump())
    for cure in cures:
        rows.add(CureNotice, cure)
    rows.add(AuditEntry, {
        "id": ids.take(AuditEntry), "at": now, "actor": actor, "action": "seed_contract", "entity": "contract",
        "entity_id": contract_id, "contract_id": contract_id, "summary": "デモデータとして生成",
        "before_json": "", "after_json": json.dumps({"number": number}, ensure_ascii=False),
    })


def _facts(contract: dict[str, Any], changes: list[ChangeContract],
           open_cures: list[CureNotice] | None = None) -> ContractFacts:
    """The contract's facts through the same bridge as the use cases (contract_terms)."""
    row = Contract(**{k: v for k, v in contract.items() if k in Contract.model_fields})
    return contract_facts(row, changes, open_cures or ())


def _events(rng: random.Random, ids: _Ids, rows: _Rows, contract: dict[str, Any], changes: list[ChangeContract],
            cures: list[dict[str, Any]], today: date, now: datetime) -> None:
    """Change contracts, a termination notice, cure notices or a provider termination for a started contract."""
    start: date = contract["start_date"]
    contract_id = contract["id"]
    horizon = today
    roll = rng.random()
    notice_day = None
    if roll < 0.10 and (today - start).days > 45:  # the customer's notice
        notice_day = _random_day(rng, start + timedelta(days=30), today)
        horizon = notice_day
    if rng.random() < 0.20 and (horizon - start).days > 90:  # change contracts before any notice
        fee = contract["monthly_fee"]
        first = terms.add_months(terms.month_first(start), 1)
        months = sorted({terms.month_first(_random_day(rng, first, horizon)) for _ in range(1 + (rng.random() < 0.25))})
        for month in months:
            fee = max(30_000, min(400_000, int(fee * rng.choice((0.8, 0.9, 1.1, 1.2, 1.3, 1.5))) // 100 * 100))
            accepted = max(contract["accepted_date"], month - timedelta(days=rng.randint(5, 25)))
            changes.append(ChangeContract(
                id=ids.take(ChangeContract), contract_id=contract_id,
                requested_date=max(contract["accepted_date"], accepted - timedelta(days=rng.randint(3, 20))),
                accepted_date=accepted, effective_month=month, new_monthly_fee=fee,
                one_time_fee=0 if rng.random() < 0.7 else 50_000, description=rng.choice(
                    ("対象機器の追加", "監視項目の追加", "対象機器の機種変更", "レポート頻度の変更", "設置場所の移設")),
            ))
    schedule = _facts(contract, changes).schedule
    if notice_day is not None:
        _customer_notice(rng, ids, rows, contract, schedule, notice_day, today, now)
    elif roll < 0.113:  # cure notices (some cured), a few provider terminations
        _breach(rng, ids, rows, contract, schedule, cures, today, now)


def _customer_notice(rng: random.Random, ids: _Ids, rows: _Rows, contract: dict[str, Any],
                     schedule: terms.FeeSchedule, notice: date, today: date, now: datetime) -> None:
    start, initial_end = contract["start_date"], contract["initial_term_end"]
    latest = terms.latest_end(start, notice, initial_end)
    earliest = terms.earliest_end(notice)
    end = latest if rng.random() < 0.5 else min(latest, _month_last(earliest))
    quote = terms.termination_quote_for(start, schedule, notice, end, initial_end)
    ending = ending_by_notice(quote)
    contract.update(status=ContractStatus.NOTICE_RECEIVED if end >= today else ContractStatus.ENDED,
                    notice_date=notice, end_date=end, end_ground=ending.ground)
    rows.add(Notice, {
        "id": ids.take(Notice), "contract_id": contract["id"], "direction": NoticeDirection.RECEIVED,
        "kind": ending.kind, "notice_date": notice,
        "requested_end": end, "document_number": "", "pdf_sha256": "", "penalty": quote.penalty, "note": "",
        "created_at": now,
    })
    if quote.penalty:
        _charge(rng, ids, rows, contract["id"], ChargeKind.PENALTY, quote.penalty,
                _month_last(terms.add_months(end, 1)), penalty_description(quote), today)


def _breach(rng: random.Random, ids: _Ids, rows: _Rows, contract: dict[str, Any], schedule: terms.FeeSchedule,
            cures: list[dict[str, Any]], today: date, now: datetime) -> None:
    start = contract["start_date"]
    dispatched = max(start, today - timedelta(days=rng.randint(0, 120)))
    deadline = terms.cure_deadline(dispatched)
    cure = {"id": ids.take(CureNotice), "contract_id": contract["id"], "dispatched_date": dispatched,
            "breach": rng.choice(names.BREACHES), "cure_deadline": deadline, "cured_date": None, "closed": False}
    cures.append(cure)
    if deadline < today and rng.random() < 0.6:
        cure.update(cured_date=_random_day(rng, dispatched, deadline), closed=True)
    elif deadline < today and rng.random() < 0.5:  # not cured: the provider terminated (16.1)
        day = _random_day(rng, deadline + timedelta(days=1), today)
        amount = terms.provider_termination_sum(start, schedule, day, contract["initial_term_end"])
        cure["closed"] = True
        contract.update(status=ContractStatus.TERMINATED_BY_PROVIDER, end_date=day, end_ground="16.1")
        rows.add(Notice, {
            "id": ids.take(Notice), "contract_id": contract["id"], "direction": NoticeDirection.SENT,
            "kind": NoticeKind.PROVIDER_TERMINATION, "notice_date": day, "requested_end": None,
            "document_number": "", "pdf_sha256": "", "penalty": amount, "note": "", "created_at": now,
        })
        if amount:
            _charge(rng, ids, rows, contract["id"], ChargeKind.PROVIDER_TERMINATION, amount,
                    _month_last(terms.add_months(day, 1)), provider_sum_description("16.1"), today)


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (enum by name, ISO dates, naive-UTC datetimes)."""
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(session: Any, table: type, rows: list[dict[str, Any]]) -> None:
    """Bulk insert: the driver's executemany on SQLite (SQLAlchemy's per-row bind processing
    costs more than generating the data), a Core insert elsewhere."""
    sa_table = table.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(insert(sa_table), rows)
        return
    columns = [c.name for c in sa_table.columns]
    for row in rows:
        if set(row) - set(columns):
            raise KeyError(f"{sa_table.name}: unknown columns {set(row) - set(columns)}")
    defaults = {c.name: c.default.arg for c in sa_table.columns if c.default is not None and not callable(c.default.arg)}
    statement = f'INSERT INTO "{sa_table.name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    values = [tuple(_sqlite_value(row[c] if c in row else defaults.get(c)) for c in columns) for row in rows]
    connection.exec_driver_sql(statement, values)


def _start_ids(session: Any) -> dict[type, int]:
    return {t: int(session.execute(select(func.coalesce(func.max(t.id), 0))).scalar_one()) + 1 for t in TABLES}


def _chunks(n: int) -> Iterator[int]:
    while n > 0:
        yield min(CHUNK, n)
        n -= CHUNK


def seed_contracts(engine: Engine, n: int, *, today: date, rng_seed: int = 0, actor: str = "seed") -> int:
    """Add `n` realistic contracts (one transaction); returns how many were added."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be a non-negative int: {n!r}")
    rng = random.Random(rng_seed)
    now = datetime.combine(today, time(9, 0), tzinfo=JST)
    with session_scope(engine) as session:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            cache = int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
            session.connection().exec_driver_sql(f"PRAGMA cache_size=-{SEED_CACHE_KIB}")
        ids = _Ids(_start_ids(session))
        numbers = _Numbers(_existing_numbers(session))
        for size in _chunks(n):
            rows = _Rows()
            for _ in range(size):
                _one_contract(rng, ids, rows, numbers, today, now, actor)
            rows.by_table[ContractSearchGram].sort(key=lambda r: (r["gram"], r["contract_id"]))
            for table, table_rows in rows.by_table.items():
                if table_rows:
                    _insert(session, table, table_rows)
        if sqlite:
            session.connection().exec_driver_sql(f"PRAGMA cache_size={cache}")
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in TABLES:
                name = str(getattr(table, "__tablename__"))
                session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM \"{name}\"))"
                ))
    return n
