"""`python -m app db init | migrate | check | backup | backups | restore FILE | seed --contracts N`.

Every sub-command takes `--db PATH` (see app.store.paths for the order of resolution).
Storage and settings problems become one Japanese line on stderr with exit code 2;
`check` exits 1 when the database only needs a migration.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from app.cli import CliError
from app.inputs import normalise
from app.settings import Settings, SettingsError, load_settings
from app.store.backup import backup_now, list_backups, naming_good_backup, restore_backup, unusable_backups
from app.store.database import Database, open_database
from app.store.errors import DatabaseCorrupt, DatabaseMissing, DatabaseUnreadable, StoreError
from app.store.integrity import check_integrity, raise_for_sqlite_error
from app.store.revision import cheap_head, read_file_state
from app.store.paths import add_db_argument, backup_dir_for, describe, resolve_db_url, sqlite_file_path

if TYPE_CHECKING:
    from app.usecases.context import UseCaseContext

Handler = Callable[[argparse.Namespace], int]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="データベースの作成・移行・検査・バックアップ・復元")
    commands = parser.add_subparsers(dest="db_command", required=True)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_db_argument(sub)
        sub.set_defaults(func=_reporting_errors(handler))
        return sub

    add("init", _init, "データベースを作成する（既にあれば最新の形式に更新する）")
    add("migrate", _migrate, "データベースを最新の形式に更新する（更新前にバックアップを作成）")
    add("check", _check, "整合性検査と形式（リビジョン）の確認")
    add("backup", _backup, "今すぐバックアップを作成する")
    add("backups", _list, "バックアップの一覧（新しい順）")
    restore = add("restore", _restore, "バックアップから復元する（現在のファイルは .before-restore として残す）")
    restore.add_argument("file", metavar="FILE", type=Path, help="復元するバックアップファイル")
    seed = add("seed", _seed, "試用・性能測定用の架空の契約データを作成する")
    seed.add_argument("--contracts", type=_contract_count, required=True, metavar="N",
                      help=f"作成する契約の件数（1〜{MAX_SEED_CONTRACTS:,}）")
    seed.add_argument("--seed", type=int, default=0, dest="rng_seed", help="乱数の種（既定 0）")
    revision = add("revision", _revision, "（開発用）モデルとの差分から移行スクリプトを作る")
    revision.add_argument("message", help="移行の説明（英語）")


def open_for_command(db_arg: str | None, *, create: bool = True) -> tuple[Database, Settings]:
    """Settings and the open, checked, migrated database for a command; errors as CliError.

    For other sub-commands (e.g. `deadlines`): call it inside the handler.
    """
    try:
        settings = load_settings()
        url = resolve_db_url(db_arg, configured=settings.db_path)
        database = open_database(url, backup_count=settings.backup_count, now=datetime.now(), create=create)
    except (StoreError, SettingsError, SQLAlchemyError, OSError) as exc:
        raise CliError(error_line(exc, db_arg)) from exc
    warn(database)
    return database, settings


def command_context(settings: Settings, today: date) -> UseCaseContext:
    """The use-case context of a command that writes: the settings' actor ("cli" when none is set)
    and notice reading, and the wall clock for its audit entries (the command line's clock edge)."""
    from app.usecases.context import context_from_settings

    if not settings.user_name.strip():
        settings = settings.with_changes(user_name="cli")
    return context_from_settings(settings, today, clock=lambda: datetime.now().astimezone())


def warn(database: Database) -> None:
    """What the open could not do but worked around (e.g. a file mode it could not change): on stderr."""
    for warning in database.warnings:
        print(f"警告: {warning}", file=sys.stderr)


def error_line(exc: Exception, db_arg: str | None) -> str:
    """One line for stderr; for a damaged file, how to restore the newest backup."""
    if isinstance(exc, (DatabaseCorrupt, DatabaseUnreadable)) and exc.newest_backup is not None:
        where = f" --db {db_arg}" if db_arg else ""
        return f"{exc.summary}。バックアップから復元するには: python -m app db restore {exc.newest_backup}{where}"
    if isinstance(exc, DatabaseMissing):
        where = f" --db {db_arg}" if db_arg else ""
        return f"{exc}（作成するには: python -m app db init{where}）"
    if isinstance(exc, SQLAlchemyError):
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
        return f"データベースに接続できないか、処理に失敗しました: {detail[:300]}"
    if isinstance(exc, OSError):  # the last line of defence: a file operation the checks did not foresee
        where = f": {str(exc.filename)[:200]}" if exc.filename else ""
        return f"ファイルを操作できませんでした{where}（{exc.strerror or exc}）"
    return " ".join(str(exc).split())


def _reporting_errors(handler: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (StoreError, SettingsError, SQLAlchemyError, OSError) as exc:
            raise CliError(error_line(exc, args.db)) from exc

    return run


MAX_SEED_CONTRACTS = 1_000_000


def _contract_count(text: str) -> int:
    value = normalise(text)
    if not value.isascii() or not value.isdigit() or len(value) > 9 or not 1 <= int(value) <= MAX_SEED_CONTRACTS:
        raise argparse.ArgumentTypeError(f"1から{MAX_SEED_CONTRACTS:,}までの整数を指定してください: {text[:40]}")
    return int(value)


def _settings_and_url(args: argparse.Namespace) -> tuple[Settings, str]:
    settings = load_settings()
    return settings, resolve_db_url(args.db, configured=settings.db_path)


def _file_only(url: str, what: str) -> Path:
    path = sqlite_file_path(url)
    if path is None:
        raise CliError(f"{what}は SQLite のデータベースファイルだけが対象です（PostgreSQL は pg_dump などを使ってください）")
    return path


def _report_open(database: Database, created_word: str) -> None:
    where = describe(database.url)
    if database.migrated_from == "":
        print(f"データベースを{created_word}しました: {where}（リビジョン {database.revision}）")
    elif database.migrated_from:
        print(f"データベースを更新しました: {where}（リビジョン {database.migrated_from} → {database.revision}）")
        if database.backup_taken is not None:
            print(f"更新前のバックアップ: {database.backup_taken}")
    else:
        print(f"データベースは最新です: {where}（リビジョン {database.revision}）")


def _init(args: argparse.Namespace) -> int:
    settings, url = _settings_and_url(args)
    with open_database(url, backup_count=settings.backup_count, now=datetime.now()) as database:
        warn(database)
        _report_open(database, "作成")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    settings, url = _settings_and_url(args)
    with open_database(url, backup_count=settings.backup_count, now=datetime.now(), create=False) as database:
        warn(database)
        _report_open(database, "作成")
    return 0


def _check(args: argparse.Namespace) -> int:
    """The full integrity check and the revision; a read: it never writes, creates or migrates."""
    settings, url = _settings_and_url(args)
    where = describe(url)
    path = sqlite_file_path(url)
    if path is None:
        with open_database(url, backup_count=settings.backup_count, now=datetime.now(), create=False, migrate=False) as database:
            revision = database.revision
    else:
        if not path.exists():
            raise CliError(f"データベースファイルがありません: {path}（作成するには: python -m app db init）")
        _full_check(path)
        try:
            revision = read_file_state(path).revision
        except sqlite3.Error as exc:
            raise_for_sqlite_error(path, exc, None)
    head = cheap_head()
    if revision != head:
        print(
            f"データベースの形式が古いため更新が必要です: {where}（リビジョン {revision or 'なし'} → {head}）"
            f" 更新するには: python -m app db migrate",
            file=sys.stderr,
        )
        return 1
    print(f"正常です: {where}（整合性検査 ok、リビジョン {head}）")
    return 0


def _full_check(path: Path) -> None:
    """The full integrity check; a damaged file's error names the newest backup that passes it."""
    try:
        check_integrity(path)
    except (DatabaseCorrupt, DatabaseUnreadable) as exc:
        raise naming_good_backup(exc, backup_dir_for(path)) from exc


def _backup(args: argparse.Namespace) -> int:
    settings, url = _settings_and_url(args)
    path = _file_only(url, "バックアップ")
    if not path.exists():
        raise CliError(f"データベースファイルがありません: {path}")
    backup_dir = backup_dir_for(path)
    _full_check(path)
    made = backup_now(path, backup_dir, settings.backup_count, now=datetime.now())
    print(f"バックアップを作成しました: {made}（保持数 {settings.backup_count}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    _settings, url = _settings_and_url(args)
    path = _file_only(url, "バックアップ")
    backups = list_backups(path, backup_dir_for(path))
    if not backups:
        print(f"バックアップはありません: {backup_dir_for(path)}")
    kinds = {"": "手動", "auto": "自動", "premigrate": "移行前"}
    for backup in backups:
        print(f"{backup.taken_at:%Y-%m-%d %H:%M:%S}  {kinds.get(backup.reason, backup.reason)}  {backup.path}")
    for unusable in unusable_backups(path, backup_dir_for(path)):
        print(f"開けないため一覧から除いたファイル: {unusable}", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    _settings, url = _settings_and_url(args)
    path = _file_only(url, "復元")
    kept = restore_backup(args.file, path)
    print(f"復元しました: {path} ← {args.file.expanduser().absolute()}")
    if kept is not None:
        print(f"復元前のファイル: {kept}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from app.sample.seed import seed_contracts  # the use-case stack only when seeding

    settings, url = _settings_and_url(args)
    if not settings.user_name.strip():
        raise CliError("担当者名（設定の user_name）が空です")
    with open_database(url, backup_count=settings.backup_count, now=datetime.now(), create=False) as database:
        warn(database)
        made = seed_contracts(
            database.engine, args.contracts, today=date.today(), rng_seed=args.rng_seed, actor=settings.user_name
        )
        print(f"架空の契約を{made}件作成しました: {describe(url)}")
    return 0


def _revision(args: argparse.Namespace) -> int:
    from app.store.migrate import head_revision, new_revision

    rev_id = f"{int(head_revision()) + 1:04d}"
    path = new_revision(args.message, rev_id)
    print(f"移行スクリプトを作成しました（内容を確認してください）: {path}")
    return 0
