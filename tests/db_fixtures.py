"""Database fixtures shared by storage and use-case tests (a pytest plugin, see tests/conftest.py).

`engine`: a fresh database per test. (Owner: storage work; to be extended with migrations and a
PostgreSQL parameter.)
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables)
from app.store import make_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()
