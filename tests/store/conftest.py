"""Fixtures of the storage tests: an isolated user directory and empty databases."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.db_fixtures import BACKENDS, PostgresServer


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """platformdirs' data and config directories inside tmp_path; no SECPLUS_DB."""
    dirs = {"data": tmp_path / "xdg-data", "config": tmp_path / "xdg-config"}
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.delenv("SECPLUS_DB", raising=False)
    return dirs


@pytest.fixture
def cli_env(user_dirs: dict[str, Path]) -> dict[str, str]:
    """Environment for running `python -m app` in a subprocess, isolated like user_dirs."""
    env = dict(os.environ)
    env.pop("SECPLUS_DB", None)
    env["XDG_DATA_HOME"] = str(user_dirs["data"])
    env["XDG_CONFIG_HOME"] = str(user_dirs["config"])
    return env


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables at all, on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    request.addfinalizer(lambda: server.drop_database(name))
    return server.url(name)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
