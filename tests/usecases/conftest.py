"""Helpers for use-case tests: a context, a database-state snapshot, a contract ready to use."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from app.models import Prerequisite
from app.usecases import contracts, screening
from app.usecases.context import UseCaseContext
from app.usecases.customers import CustomerInput

TODAY = date(2025, 9, 10)
ALL_MET = {n: Prerequisite.MET for n in (1, 2, 3, 4)}


@pytest.fixture
def ctx() -> UseCaseContext:
    return UseCaseContext("山田 太郎", TODAY)


def db_state(engine: Engine) -> object:
    """Everything the database holds, comparable with ==.

    SQLite: the `iterdump()` text and the file's SHA-256 after a WAL checkpoint (byte-identical);
    PostgreSQL: every table's rows ordered by primary key.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            dump = "\n".join(connection.connection.dbapi_connection.iterdump())  # type: ignore[union-attr]
        path = Path(str(engine.url.database))
        return dump, hashlib.sha256(path.read_bytes()).hexdigest()
    state = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            state[table.name] = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
    return state


@contextmanager
def unchanged(engine: Engine) -> Iterator[None]:
    """Assert that the block (which is expected to raise) leaves the database as it was."""
    before = db_state(engine)
    try:
        yield
    finally:
        assert db_state(engine) == before, "the database changed"


def new_application(engine: Engine, ctx: UseCaseContext, *, fee: int = 50_000, received: date = date(2025, 3, 1),
                    company: str = "株式会社テスト商事", kana: str = "テストショウジ") -> int:
    customer = CustomerInput(company, kana, department="情報システム部", contact_person="鈴木 一郎")
    return screening.submit_application(engine, ctx, customer, received, monthly_fee=fee, initial_fee=100_000)


def new_contract(
    engine: Engine,
    ctx: UseCaseContext,
    *,
    start: date | None = date(2025, 4, 15),
    fee: int = 50_000,
    accepted: date = date(2025, 4, 1),
    initial_end: date | None = None,
    company: str = "株式会社テスト商事",
    kana: str = "テストショウジ",
) -> int:
    """A contract through the use cases: submitted, all four prerequisites met, accepted, started."""
    application_id = new_application(engine, ctx, fee=fee, received=accepted.replace(day=1), company=company,
                                     kana=kana)
    screening.record_prerequisite_check(engine, ctx, application_id, ALL_MET)
    contract_id = screening.accept_application(engine, ctx, application_id, accepted)
    if start is not None:
        contracts.record_service_start(engine, ctx, contract_id, start, initial_term_end=initial_end)
    return contract_id
