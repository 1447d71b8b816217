"""The audit log: when (from the context's clock), who, what, the values before and after."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.models import AuditEntry
from app.usecases import contracts
from app.usecases.context import JST, UseCaseContext
from tests.usecases.conftest import new_contract


def entries(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).scalars())


def test_entry_records_clock_actor_action_and_changed_values(engine: Engine) -> None:
    stamp = datetime(2025, 9, 10, 14, 30, 5, tzinfo=JST)
    ctx = UseCaseContext("佐藤 花子", date(2025, 9, 10), clock=lambda: stamp)
    contract_id = new_contract(engine, ctx, start=None)
    contracts.record_service_start(engine, ctx, contract_id, date(2025, 4, 15), initial_term_end=date(2026, 4, 30))
    entry = entries(engine)[-1]
    assert entry.at.astimezone(timezone.utc) == stamp.astimezone(timezone.utc)
    assert (entry.actor, entry.action, entry.entity, entry.entity_id, entry.contract_id) == (
        "佐藤 花子", "record_service_start", "contract", contract_id, contract_id)
    before, after = json.loads(entry.before_json), json.loads(entry.after_json)
    assert before["start_date"] is None and after["start_date"] == "2025-04-15"
    assert before["term_confirmed"] is False and after["term_confirmed"] is True
    assert "number" not in after  # only what changed
    assert entry.summary == "サービス開始日を記録: 2025年4月15日"


def test_every_use_case_entry_is_in_its_transaction(engine: Engine) -> None:
    ctx = UseCaseContext("佐藤 花子", date(2025, 9, 10))
    new_contract(engine, ctx)
    assert [e.action for e in entries(engine)] == [
        "create_customer", "submit_application", "record_prerequisite_check", "create_contract",
        "accept_application", "record_service_start"]
    assert all(e.at == datetime(2025, 9, 10, tzinfo=JST) for e in entries(engine))  # no clock: midnight JST


def test_naive_clock_is_refused() -> None:
    ctx = UseCaseContext("佐藤 花子", date(2025, 9, 10), clock=lambda: datetime(2025, 9, 10) + timedelta(hours=1))
    with pytest.raises(ValueError):
        ctx.now()
