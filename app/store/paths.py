"""Where the database is: `--db`, then SECPLUS_DB, then the configured place, then the default file.

The configured place (the settings' ``db_path``) is passed in by the caller (app.startup,
app.cli), which resolves the settings: nothing here reads the settings file.

Each of these may be a file path or a full SQLAlchemy URL (``sqlite:///...`` or
``postgresql+psycopg://...``). Everything is turned into a URL here; `sqlite_file_path`
goes back from a URL to the file, for the parts that only concern SQLite files.
"""
from __future__ import annotations

import argparse
import os
import re
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.settings import APP_NAME
from app.store.errors import InvalidDatabaseLocation

ENV_VAR = "SECPLUS_DB"
DB_FILE_NAME = "secplus.db"
BACKUP_DIR_NAME = "backups"
SUPPORTED_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")

_URL_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / DB_FILE_NAME


def backup_dir_for(db_path: Path) -> Path:
    """Backups of a database file live beside it, in ``backups/``."""
    return db_path.parent / BACKUP_DIR_NAME


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help=f"データベースファイル（または postgresql+psycopg:// のURL）。省略時は環境変数 {ENV_VAR}、"
        f"設定の db_path、既定の場所 {default_db_path()} の順",
    )


def resolve_db_url(
    args_value: str | None,
    *,
    configured: str | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The database URL to use: `args_value` (--db), SECPLUS_DB, `configured` (the settings' db_path), the default."""
    environ = os.environ if environ is None else environ
    if args_value is not None and not args_value.strip():
        raise InvalidDatabaseLocation("--db に空の値が指定されました（データベースファイルのパスを指定してください）")
    for value in (args_value, environ.get(ENV_VAR)):
        if value is not None and value.strip():
            return to_url(value)
    if configured is not None and configured.strip():
        return to_url(configured)
    return path_to_url(default_db_path())


def to_url(value: str) -> str:
    """A path or URL as given by the user -> a checked SQLAlchemy URL."""
    value = value.strip()
    if not _URL_PATTERN.match(value):
        return path_to_url(Path(value))
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise InvalidDatabaseLocation(f"データベースのURLが正しくありません: {value}") from exc
    if url.drivername not in SUPPORTED_DRIVERS:
        raise InvalidDatabaseLocation(
            f"対応していないデータベースURLです: {url.drivername}://…"
            "（SQLite のファイルパス、または postgresql+psycopg:// を指定してください）"
        )
    return value


MAX_NAME_BYTES = 255  # the longest file or folder name common file systems allow


MAX_PATH_BYTES = 4095


def check_name_lengths(path: Path) -> None:
    """InvalidDatabaseLocation for a name the file system would refuse (instead of an OSError later)."""
    for part in path.parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            raise InvalidDatabaseLocation(
                f"パスに長すぎる名前があります（{MAX_NAME_BYTES}バイトまで）: {part[:40]}…"
            )
    if len(os.fsencode(str(path))) > MAX_PATH_BYTES:
        raise InvalidDatabaseLocation(f"パスが長すぎます（{MAX_PATH_BYTES}バイトまで）: {str(path)[:60]}…")


def path_to_url(path: Path) -> str:
    path = path.expanduser().absolute()
    check_name_lengths(path)
    if path.is_dir():
        raise InvalidDatabaseLocation(f"データベースの場所がフォルダです（ファイルを指定してください）: {path}")
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def sqlite_file_path(url: str) -> Path | None:
    """The database file of an SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).absolute()
    check_name_lengths(path)
    return resolve_links(path)


def resolve_links(path: Path) -> Path:
    """The real file behind symbolic links: restore and migrate replace the target, never the link."""
    try:
        return path.resolve() if path.is_symlink() or path.parent.resolve() != path.parent else path
    except (OSError, RuntimeError):  # a link loop: left for the open to report
        return path


def describe(url: str) -> str:
    """How to name the database in a message: the file path, or the URL without password."""
    path = sqlite_file_path(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)
