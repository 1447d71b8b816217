"""The audit log: when, who, what, and the values before and after.

Every use case writes its entries in the same transaction as the change itself, so a
change without its entry (or an entry without its change) cannot exist.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

from app.models import AuditEntry, Contract
from app.usecases.context import UseCaseContext


_INSERT_ENTRY = insert(AuditEntry)  # built once: write_audit runs several times per contract of an import


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A row's column values as JSON-ready data (None for 'did not exist')."""
    if row is None:
        return None
    return {key: _plain(value) for key, value in row.model_dump().items()}


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, for a compact update entry."""
    before = before or {}
    after = after or {}
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return {k: before.get(k) for k in keys if k in before}, {k: after.get(k) for k in keys if k in after}


def _dump(values: dict[str, Any] | None) -> str:
    if values is None:
        return ""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def write_audit(
    session: Session,
    ctx: UseCaseContext,
    *,
    action: str,
    row: SQLModel,
    before: dict[str, Any] | None,
    contract_id: int | None,
    summary: str,
    extra: dict[str, Any] | None = None,
) -> int:
    """Record one change of `row` (a new row is flushed first so that it has its id); returns the row's id.

    `contract_id` is the contract the change belongs to (a Contract row belongs to itself).
    `before` is the snapshot taken before the change (None for a new row); the entry keeps
    only the fields that changed, plus `extra` (e.g. an override note) on the after side.
    The entry is written at once (one INSERT, no ORM object): entries keep the order of the
    calls, and a changed row that already has its id is written with the session's next flush.
    """
    session.add(row)
    if getattr(row, "id") is None:
        session.flush()
    if contract_id is None and isinstance(row, Contract):
        contract_id = row.id
    row_id = getattr(row, "id")
    if not isinstance(row_id, int):
        raise TypeError(f"{type(row).__name__} has no integer id after flush")
    after = snapshot(row)
    if before is not None:
        before, after = changed_fields(before, after)
    if extra:
        after = {**(after or {}), **{k: _plain(v) for k, v in extra.items()}}
    session.connection().execute(_INSERT_ENTRY, {
        "at": ctx.now(),
        "actor": ctx.actor,
        "action": action,
        "entity": str(getattr(row, "__tablename__")),
        "entity_id": row_id,
        "contract_id": contract_id,
        "summary": summary,
        "before_json": _dump(before),
        "after_json": _dump(after),
    })
    return row_id
