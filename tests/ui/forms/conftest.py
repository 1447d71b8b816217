"""Fixtures of the form tests: a use-case context, and a real Hub over the test database with a
fixed clock (today 2025-09-10, the SPEC's example notice date)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select

from app.models import AuditEntry
from app.settings import Settings
from app.usecases.context import JST, UseCaseContext
from ui.hub import Hub

TODAY = date(2025, 9, 10)
ACTOR = "山田 太郎"


@pytest.fixture
def ctx() -> UseCaseContext:
    return UseCaseContext(ACTOR, TODAY)


@pytest.fixture
def ui_engine(sqlite_engine: Engine) -> Engine:
    """The form tests' database: SQLite only (the use cases run on PostgreSQL in their own tests)."""
    return sqlite_engine


@pytest.fixture
def hub(qapp: QApplication, ui_engine: Engine) -> Iterator[Hub]:
    engine = ui_engine
    settings = Settings(user_name=ACTOR)
    the_hub = Hub(settings, clock=lambda: datetime(2025, 9, 10, 10, 0, tzinfo=JST))
    the_hub.set_workspace(SimpleNamespace(database=SimpleNamespace(engine=engine), settings=settings))  # type: ignore[arg-type]
    yield the_hub
    the_hub.deleteLater()


def type_into(edit: QLineEdit, text: str) -> None:
    """What typing (IME included) does to a line edit: the text changes and textEdited fires."""
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def audit_actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]  # type: ignore[arg-type]


def audit_after(engine: Engine, action: str) -> dict[str, Any]:
    with Session(engine) as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == action)).one()
        return json.loads(entry.after_json)  # type: ignore[no-any-return]


def rows(engine: Engine, model: type[SQLModel]) -> list[Any]:
    with Session(engine) as session:
        return list(session.exec(select(model)).all())


def find(root: QWidget, kind: type[QObject], name: str) -> Any:
    found = root.findChild(kind, name)
    assert found is not None, name
    return found
