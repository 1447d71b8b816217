"""Fixtures for the exchange tests: a SQLite file at head (for byte-for-byte checks and the CLI), a context."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.store.engine import make_engine
from app.store.paths import path_to_url
from app.usecases.context import UseCaseContext

TODAY = date(2026, 4, 1)


@pytest.fixture
def ctx() -> UseCaseContext:
    return UseCaseContext("山田 太郎", TODAY)


@pytest.fixture
def db_file(sqlite_head_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "exchange.db"
    shutil.copyfile(sqlite_head_template, target)
    os.chmod(target, 0o600)
    return target


@pytest.fixture
def file_engine(db_file: Path) -> Iterator[Engine]:
    engine = make_engine(path_to_url(db_file))
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def user_name(isolated_user_dirs: Path) -> None:
    """The CLI's audit entries need an account manager's name from the settings."""
    config = isolated_user_dirs / "config" / "secplus-desk"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text('user_name = "山田 太郎"\n', encoding="utf-8")
