"""A read never writes, and the answer for a day never depends on what was asked before (issue 7.1).

A hypothesis state machine asks `due_within` / `count_due_within` about random days in random
order, restarts the program (refresh_lapsed) with random clocks and records cure notices on random
days, and compares every answer with a reference computed from scratch for that day.
"""
from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.cli import main
from app.models import Contract, ContractStatus
from app.sample.seed import seed_contracts
from app.store.engine import make_engine
from app.store.migrate import upgrade
from app.store.paths import path_to_url
from app.usecases import breach
from app.usecases.context import UseCaseContext
from app.usecases.deadlines import CONFIDENTIALITY, CURE, NON_RENEWAL, RENEWAL, count_due_within, due_within
from app.usecases.derived import STRICT_DEADLINE_MAX_LEAD, derived_values, refresh_lapsed
from app.usecases.errors import ValidationError
from tests.usecases.conftest import db_state, new_contract

SEEDED_ON = date(2026, 11, 28)
DAYS = st.dates(min_value=date(2018, 6, 1), max_value=date(2033, 12, 31))
WINDOWS = st.integers(min_value=0, max_value=400)


def reference(engine: Engine, today: date, days: int) -> list[tuple[str, date, int, date | None]]:
    """Every contract's derived values computed afresh for `today`, filtered as the terms say."""
    last = today + timedelta(days=days)
    with Session(engine) as session:
        contracts = session.exec(select(Contract)).scalars().all()  # type: ignore[call-overload]
        values = derived_values(session, contracts, today, None)
    rows: list[tuple[str, date, int, date | None]] = []
    for cid, v in values.items():
        strict, deadline = v["non_renewal_deadline_strict"], v["non_renewal_deadline"]
        if strict is not None and today - STRICT_DEADLINE_MAX_LEAD <= strict <= last and deadline >= today:
            rows.append((NON_RENEWAL, deadline, cid, strict))
        for kind, key in ((RENEWAL, "renewal_date"), (CURE, "cure_deadline"), (CONFIDENTIALITY, "confidentiality_end")):
            if v[key] is not None and today <= v[key] <= last:
                rows.append((kind, v[key], cid, None))
    return sorted(rows, key=lambda r: (r[1], r[0], r[2]))


def answer(engine: Engine, today: date, days: int) -> list[tuple[str, date, int, date | None]]:
    rows = due_within(engine, today, days)
    keys = [(r.strict_date or r.date, r.kind, r.contract_id) for r in rows]
    assert [(k[0]) for k in keys] == sorted(k[0] for k in keys), "not earliest first"
    return sorted(((r.kind, r.date, r.contract_id, r.strict_date) for r in rows), key=lambda r: (r[1], r[0], r[2]))


_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    """A migrated database with 60 seeded contracts (made once per test session)."""
    if "path" not in _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="deadlines-any-day-")) / "template.db"
        engine = make_engine(path_to_url(path))
        upgrade(engine, "head")
        seed_contracts(engine, 60, today=SEEDED_ON, rng_seed=5, actor="seed")
        engine.dispose()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


class AnyDayQueries(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="deadlines-"))
        shutil.copyfile(template(), self.directory / "db.sqlite")
        self.engine = make_engine(path_to_url(self.directory / "db.sqlite"))

    @initialize()
    def nothing(self) -> None:
        pass

    @rule(today=DAYS, days=WINDOWS)
    def query(self, today: date, days: int) -> None:
        before = db_state(self.engine)
        assert answer(self.engine, today, days) == reference(self.engine, today, days)
        counts = count_due_within(self.engine, today, days)
        assert sum(counts.values()) == len(reference(self.engine, today, days))
        assert db_state(self.engine) == before, "a query wrote to the database"

    @rule(today=DAYS)
    def program_start(self, today: date) -> None:
        refresh_lapsed(self.engine, today)  # a start with any clock (even one set wrong)

    @rule(today=DAYS, pick=st.integers(min_value=0, max_value=59))
    def cure_notice(self, today: date, pick: int) -> None:
        with Session(self.engine) as session:
            row = session.execute(select(Contract.id, Contract.accepted_date).where(
                Contract.status == ContractStatus.ACTIVE).order_by(Contract.id).offset(pick).limit(1)).first()
        if row is None or today < row[1]:
            return
        breach.record_cure_notice(self.engine, UseCaseContext("山田 太郎", today), row[0], today, "監視妨害")

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.directory, ignore_errors=True)


TestAnyDayQueries = AnyDayQueries.TestCase
TestAnyDayQueries.settings = settings(max_examples=25, stateful_step_count=12, deadline=None,
                                      suppress_health_check=[HealthCheck.too_slow])


def test_a_later_day_is_computed_and_nothing_is_written(engine: Engine, db_url: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: asking about 2030 first leaves the real deadlines of today in place."""
    new_contract(engine, UseCaseContext("山田 太郎", date(2025, 9, 10)), company="株式会社山田精工")
    before = db_state(engine)
    assert main(["deadlines", "--today", "2030-01-01", "--within", "120", "--db", db_url]) == 0
    assert "2030-03-31" in capsys.readouterr().out
    assert db_state(engine) == before
    assert main(["deadlines", "--today", "2026-03-10", "--within", "60", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "2026-03-31" in out and "2026-05-01" in out


@pytest.mark.parametrize("days", [3_000_000, 3661, -1])
def test_a_window_too_long_is_refused(engine: Engine, days: int) -> None:
    with pytest.raises(ValidationError, match="日数は0から3,660まで"):
        due_within(engine, SEEDED_ON, days)


def test_the_last_day_of_the_calendar_is_refused_with_a_message(engine: Engine) -> None:
    with pytest.raises(ValidationError, match="9999年12月31日"):
        count_due_within(engine, date(9999, 12, 1), 60)


def test_cli_window_too_long_is_one_line(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--within", "3000000", "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("エラー: 日数は0から3,660までの整数") and err.count("\n") == 1


