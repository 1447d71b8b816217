"""Database fixtures shared by storage and use-case tests (a pytest plugin, see tests/conftest.py).

`engine`   a fresh database at the newest schema revision, built through the Alembic
           migrations (never create_all), once on SQLite and once on PostgreSQL: every
           test that uses it runs on both (test ids ``[sqlite]`` and ``[postgres]``; the
           PostgreSQL ones carry the ``postgres`` marker, ``-m "not postgres"`` skips them).
`db_url`   the URL of that database, for tests that open it themselves.
`postgres_server`  a throw-away PostgreSQL server for the whole session: Debian's
           binaries (/usr/lib/postgresql/*/bin), run as the ``postgres`` user when we
           are root, in a temporary data directory, listening on a Unix socket only,
           stopped at the end of the session. Missing binaries skip the PostgreSQL
           tests, except when the environment variable CI is set: then they fail.

Each test starts from an empty database at head: on SQLite a copy of a file migrated
once per session; on PostgreSQL one database migrated once per session whose tables
are emptied (TRUNCATE ... RESTART IDENTITY) before each test, after ending any session
a previous test left open. A test must not change the schema of `engine`; tests that
migrate use `postgres_server.create_database()` for a database of their own.
"""
from __future__ import annotations

import atexit
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import Engine, create_engine, text

from app.store.engine import make_engine
from app.store.database import open_database
from app.store.migrate import VERSION_TABLE, head_revision
from app.store.paths import path_to_url

PG_GLOB = "/usr/lib/postgresql/*/bin"
PG_USER = "postgres"
HEAD_DB = "secplus_head"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
FIXED_NOW = datetime(2025, 4, 1, 9, 0, 0)


def find_postgres_bin() -> Path | None:
    """The newest installed server's bin directory (with initdb and pg_ctl)."""
    candidates = [Path(p) for p in sorted(Path("/").glob(PG_GLOB.lstrip("/")))]
    usable = [p for p in candidates if (p / "initdb").exists() and (p / "pg_ctl").exists()]
    usable.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return usable[-1] if usable else None


@dataclass
class PostgresServer:
    bin_dir: Path
    base_dir: Path  # holds data/, the socket and the log
    as_user: list[str]  # ["runuser", "-u", "postgres", "--"] when we are root
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _running: bool = False

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "server.log"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@/{dbname}?host={self.base_dir}"

    def _run(self, *args: str) -> None:
        command = [*self.as_user, *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}\n{log}")

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-A", "trust", "-U", PG_USER,
            "--no-sync", "-E", "UTF8", "--locale=C",
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.base_dir}"
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-o", options,
            "-l", str(self.log_file), "-w", "-t", "60", "start",
        )
        self._running = True

    def stop(self) -> None:
        if self._running:
            self._running = False
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def admin(self, sql: str, **params: object) -> None:
        """Run one statement outside a transaction in the maintenance database."""
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql), params)
        finally:
            engine.dispose()

    def create_database(self) -> str:
        """A new, empty database (about 0.2 s: for the few tests that need their own)."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def empty_tables(self, name: str) -> None:
        """Delete every row (keeping the schema and its revision); end other sessions on it first."""
        self.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()",
            name=name,
        )
        engine = create_engine(self.url(name))
        try:
            with engine.begin() as connection:
                tables = connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> :version"),
                    {"version": VERSION_TABLE},
                ).scalars().all()
                if tables:
                    quoted = ", ".join(f'"{table}"' for table in tables)
                    connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
                revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar_one()
        finally:
            engine.dispose()
        if revision != head_revision():
            raise RuntimeError(f"a previous test left the shared database {name} at revision {revision}")


def _postgres_unavailable(reason: str) -> NoReturn:
    message = f"PostgreSQL tests need a local server: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is an error, not a skip)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        _postgres_unavailable(f"no initdb/pg_ctl under {PG_GLOB} (Debian: apt-get install postgresql)")
    as_user: list[str] = []
    base_dir = Path(tempfile.mkdtemp(prefix="secplus-pg-", dir="/tmp"))  # short: socket paths are limited
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            account = pwd.getpwnam(PG_USER)
        except KeyError:
            shutil.rmtree(base_dir)
            _postgres_unavailable(f"we run as root and there is no '{PG_USER}' user to run the server as")
        os.chown(base_dir, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", PG_USER, "--"]
    server = PostgresServer(bin_dir=bin_dir, base_dir=base_dir, as_user=as_user)
    atexit.register(server.stop)  # also when the session ends abnormally
    previous_handler = _interrupt_on_sigterm()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt("SIGTERM")


def _interrupt_on_sigterm() -> signal.Handlers | Callable[[int, Any], Any] | int | None:
    """A killed test run (SIGTERM, e.g. a timeout) still stops the server: pytest tears down on KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        return None  # someone else handles it
    signal.signal(signal.SIGTERM, _raise_interrupt)
    return previous


@pytest.fixture(scope="session")
def postgres_head_database(postgres_server: PostgresServer) -> str:
    """One database migrated to head per session; `db_url` empties its tables before each test."""
    postgres_server.admin(f"CREATE DATABASE {HEAD_DB}")
    database = open_database(postgres_server.url(HEAD_DB), backup_count=10, now=FIXED_NOW)
    database.close()
    return HEAD_DB


@pytest.fixture(scope="session")
def sqlite_head_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated to head once per session, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-head") / "head.db"
    database = open_database(path_to_url(path), backup_count=10, now=FIXED_NOW)
    database.close()  # the WAL is checkpointed into the file: one file to copy
    return path


@pytest.fixture
def sqlite_engine(sqlite_head_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a private copy of the head-revision file, for tests that run on SQLite only."""
    target = tmp_path / "sqlite.db"
    shutil.copyfile(sqlite_head_template, target)
    eng = make_engine(path_to_url(target))
    yield eng
    eng.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_head_template")
        target = tmp_path / "test.db"
        shutil.copyfile(template, target)
        os.chmod(target, 0o600)
        return path_to_url(target)
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name: str = request.getfixturevalue("postgres_head_database")
    server.empty_tables(name)  # TRUNCATE takes ~20 ms, CREATE DATABASE ~200 ms
    return server.url(name)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
