"""Issue 7: nothing lost, nothing hidden. An emptied file, another process, killed backups, links, modes."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.settings import Settings
from app.store import backup as backup_module
from app.store.backup import auto_backup, backup_now, list_backups, newest_good_backup, restore_backup
from app.store.database import open_database
from app.store.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    InvalidDatabaseLocation,
)
from app.store.migrate import upgrade
from app.store.paths import backup_dir_for, path_to_url, resolve_db_url
from app.store.engine import make_engine
from tests.store.conftest import file_digest
from tests.store.helpers import (
    NOW,
    REPO_ROOT,
    Holder,
    count_rows,
    kill_during_backup,
    make_database,
    refuse_mode_changes,
)

SETTINGS = Settings(backup_count=3)


def _open(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return open_database(path_to_url(path), backup_count=SETTINGS.backup_count, now=NOW, **kwargs)  # type: ignore[arg-type]


# --- 2. an emptied file ------------------------------------------------------------------------------


def test_an_emptied_file_is_damage_naming_the_newest_good_backup(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=3)
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    db.write_bytes(b"")

    for create in (True, False):
        with pytest.raises(DatabaseCorrupt, match="空のファイル") as raised:
            _open(db, create=create)
        assert raised.value.newest_backup == good
    assert db.stat().st_size == 0  # never set up as a new database
    assert [b.path for b in list_backups(db, backup_dir_for(db))] == [good]


def test_a_missing_file_is_created_only_when_asked_and_never_half_made(tmp_path: Path) -> None:
    db = tmp_path / "secplus.db"
    with pytest.raises(DatabaseMissing):
        _open(db, create=False)
    assert not db.exists()
    with _open(db) as database:
        assert database.migrated_from == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secplus.db"]  # no .creating-* left


def test_the_automatic_backup_never_rotates_out_the_last_backup_with_contracts(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=2)
    backups = backup_dir_for(db)
    with_contracts = auto_backup(db, backups, 2, NOW)
    assert with_contracts is not None
    empty = make_database(tmp_path / "empty.db")
    os.replace(empty, db)  # e.g. a sync put an empty database in its place

    made = [auto_backup(db, backups, 2, NOW + timedelta(days=day)) for day in range(1, 5)]

    listed = [b.path for b in list_backups(db, backups)]
    assert with_contracts in listed and made[-1] in listed
    assert len(listed) == 2


def test_backups_with_a_future_timestamp_do_not_rotate_a_new_backup_out(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    backups = backup_dir_for(db)
    future = [backup_now(db, backups, keep=3, now=datetime(2099, 1, 1) + timedelta(days=d)) for d in range(3)]

    made = backup_now(db, backups, keep=3, now=NOW)

    listed = [b.path for b in list_backups(db, backups)]
    assert made.exists() and made in listed
    assert len(listed) == 3 and set(listed) - {made} <= set(future)


# --- 3. another process ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["transaction", "read"])
def test_restore_is_refused_while_another_process_has_the_file_open(tmp_path: Path, mode: str) -> None:
    db = make_database(tmp_path / "secplus.db")
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    holder = Holder(db, mode)
    try:
        with pytest.raises(DatabaseLocked, match="使用中"):
            restore_backup(good, db)
        holder.finish("commit")
    finally:
        holder.kill()
    assert not list(tmp_path.glob("*.before-restore*"))
    if mode == "transaction":  # what the other process committed is in the file, not lost in a swap
        assert count_rows(db, "sqlite_master WHERE name = 'held_by_other'") == 1
    assert restore_backup(good, db) is not None  # once it is closed


def test_cli_restore_and_migrate_refuse_with_one_line_while_another_process_writes(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    db = tmp_path / "old.db"
    engine = make_engine(path_to_url(db))
    upgrade(engine, "0001")
    engine.dispose()
    good = backup_now(db, backup_dir_for(db), keep=5, now=NOW)
    holder = Holder(db, "transaction")
    try:
        for args in (["restore", str(good)], ["migrate"]):
            result = subprocess.run([sys.executable, "-m", "app", "db", *args, "--db", str(db)], cwd=REPO_ROOT,
                                    env=cli_env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 2, result.stdout
            [line] = result.stderr.splitlines()
            assert "他のプログラムが使用中" in line and "Traceback" not in result.stderr
        holder.finish("commit")
    finally:
        holder.kill()
    assert count_rows(db, "sqlite_master WHERE name = 'held_by_other'") == 1
    assert count_rows(db, "alembic_version WHERE version_num = '0001'") == 1  # not migrated under it


def test_opening_a_file_held_exclusively_is_locked_not_damaged(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    digest = file_digest(db)
    holder = Holder(db, "exclusive")
    try:
        with pytest.raises(DatabaseLocked) as raised:
            _open(db)
        assert "壊れて" not in str(raised.value)
    finally:
        holder.finish("release")
        holder.kill()
    assert file_digest(db) == digest


def test_a_read_only_file_is_read_only_not_damaged_and_stays_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db")
    os.chmod(db, 0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: False if Path(p) == db and m & os.W_OK else real_access(p, m))
    with pytest.raises(DatabaseReadOnly, match="読み取り専用"):
        _open(db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o444  # never made writable


# --- 4. backups that are backups ---------------------------------------------------------------------


def test_a_backup_killed_mid_copy_never_appears_and_the_older_good_one_is_offered(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=5)
    backups = backup_dir_for(db)
    older = backup_now(db, backups, keep=5, now=NOW)
    partial = kill_during_backup(db, backups, datetime(2026, 11, 29, 9))
    assert partial.exists() and partial.name.startswith(".")
    # an older program's half-written backup under a valid name, newer than the good one
    torn = backups / "secplus-20261130-090000.db"
    torn.write_bytes(older.read_bytes()[: older.stat().st_size // 3])

    assert [b.path for b in list_backups(db, backups)] == [older]
    db.write_bytes(b"")
    with pytest.raises(DatabaseCorrupt) as raised:
        _open(db)
    assert raised.value.newest_backup == older


def test_every_before_restore_file_is_kept(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    kept = [restore_backup(good, db) for _ in range(3)]
    assert [p.name for p in kept if p] == ["secplus.db.before-restore", "secplus.db.before-restore.1",
                                          "secplus.db.before-restore.2"]


def test_a_backup_is_checked_before_it_gets_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_database(tmp_path / "secplus.db")
    monkeypatch.setattr(backup_module, "integrity_problems", lambda path, stopper=None: ["page 3: damaged"])
    with pytest.raises(backup_module.BackupError, match="検査"):
        backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    assert list(backup_dir_for(db).iterdir()) == []


def test_newest_good_backup_skips_backups_that_do_not_pass_the_full_check(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    backups = backup_dir_for(db)
    older = backup_now(db, backups, keep=5, now=NOW)
    newer = backup_now(db, backups, keep=5, now=NOW + timedelta(hours=1))
    _damage_a_middle_page(newer)
    assert newest_good_backup(db, backups) == older


# --- 5. symbolic links -------------------------------------------------------------------------------


def test_restore_and_migrate_through_a_link_work_on_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "secplus.db"
    target.parent.mkdir()
    engine = make_engine(path_to_url(target))
    upgrade(engine, "0001")
    engine.dispose()
    link = tmp_path / "link.db"
    link.symlink_to(target)

    with _open(link) as database:  # migrates 0001 -> head
        assert database.path == target and database.migrated_from == "0001"
        assert database.engine.url.database == str(target)
    assert link.is_symlink() and link.resolve() == target
    good = backup_now(target, backup_dir_for(target), keep=3, now=NOW)
    restore_backup(good, link)
    assert link.is_symlink() and link.resolve() == target


# --- errors instead of tracebacks --------------------------------------------------------------------


def test_a_name_over_255_bytes_and_an_empty_db_argument_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidDatabaseLocation, match="255バイト"):
        path_to_url(tmp_path / ("名" * 100 + ".db"))
    with pytest.raises(InvalidDatabaseLocation, match="空の値"):
        resolve_db_url("", configured=None)


def test_a_mode_that_cannot_be_changed_is_a_warning_and_the_file_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db")
    refuse_mode_changes(db, monkeypatch)
    with _open(db) as database:
        assert any("権限を変更できない" in warning for warning in database.warnings)


def test_a_file_that_is_not_a_database_keeps_its_mode(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("my notes\n" * 100)
    os.chmod(db, 0o644)
    with pytest.raises(DatabaseCorrupt):
        _open(db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o644


def test_leftovers_of_a_killed_migration_are_removed_at_the_next_open(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    leftover = tmp_path / ".secplus.db.migrating-4242"
    shutil.copyfile(db, leftover)
    holder = Holder(db, "read")
    try:
        _open(db).close()
        assert leftover.exists()  # someone else has it open: maybe theirs
    finally:
        holder.finish("release")
        holder.kill()
    _open(db).close()
    assert not leftover.exists()


# --- 4. (open) the full check where it belongs -------------------------------------------------------


def test_the_open_runs_no_full_check_but_an_unclean_shutdown_triggers_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db")
    _damage_a_middle_page(db)
    with _open(db) as database:  # the header is fine: the cheap open does not read every page
        assert not database.checked_fully
    (tmp_path / ".secplus.db.session-99999-1").touch()  # a session that never closed
    with pytest.raises(DatabaseCorrupt, match="壊れています"):
        _open(db)


def test_a_session_that_closed_leaves_no_marker_and_an_unclean_one_is_checked_once(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    (tmp_path / ".secplus.db.session-99999-1").touch()
    with _open(db) as database:
        assert database.checked_fully
    with _open(db) as database:
        assert not database.checked_fully
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secplus.db"]


def test_opening_an_up_to_date_file_does_not_import_alembic(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db")
    code = ("import sys; from datetime import datetime; "
            "from app.store.database import open_database; from app.store.paths import path_to_url; "
            f"open_database(path_to_url(__import__('pathlib').Path({str(db)!r})), backup_count=10, "
            "now=datetime(2026, 1, 1)).close(); print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_the_cheap_head_is_alembics_head() -> None:
    from app.store.migrate import head_revision, known_revisions
    from app.store.revision import cheap_head, script_revisions

    assert cheap_head() == head_revision()
    assert set(script_revisions()[0]) == known_revisions()


def _damage_a_middle_page(path: Path) -> None:
    """Overwrite one page in the middle with garbage, leaving the header alone."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    middle = (pages // 2) * page_size
    data[middle: middle + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


def test_a_database_that_cannot_be_created_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(InvalidDatabaseLocation, match="作成できません"):
        _open(blocker / "sub" / "secplus.db")
    with pytest.raises(InvalidDatabaseLocation, match="255バイト"):
        open_database(f"sqlite:///{tmp_path / ('x' * 300)}/secplus.db", backup_count=SETTINGS.backup_count, now=NOW)


def test_cli_db_arguments_that_name_nothing_usable_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_dirs: dict[str, Path]
) -> None:
    from app.cli import main

    for db_arg in ("", str(tmp_path / ("y" * 300) / "secplus.db")):
        assert main(["db", "init", "--db", db_arg]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("エラー: ")
    assert main(["db", "seed", "--contracts", "5", "--db", str(tmp_path / "missing.db")]) == 2
    assert "db init" in capsys.readouterr().err and not (tmp_path / "missing.db").exists()
    db = make_database(tmp_path / "secplus.db")
    assert main(["db", "restore", str(tmp_path / ("z" * 300) / "x.db"), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "255バイト" in err


def test_db_backups_lists_only_backups_that_open_and_names_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_dirs: dict[str, Path]
) -> None:
    from app.cli import main

    db = make_database(tmp_path / "secplus.db")
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    torn = backup_dir_for(db) / "secplus-20261130-090000.db"
    torn.write_bytes(good.read_bytes()[:5000])

    assert main(["db", "backups", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert str(good) in out and str(torn) not in out
    assert f"開けないため一覧から除いたファイル: {torn}" in err


@pytest.mark.parametrize("command", [["db", "check"], ["db", "init"], ["db", "backup"], ["deadlines"]])
def test_cli_on_an_emptied_file_says_damaged_and_names_the_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], user_dirs: dict[str, Path], command: list[str]
) -> None:
    from app.cli import main

    db = make_database(tmp_path / "secplus.db", contracts=1)
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    db.write_bytes(b"")

    assert main([*command, "--db", str(db)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "空のファイル" in line and f"db restore {good}" in line
    assert db.stat().st_size == 0 and [b.path for b in list_backups(db, backup_dir_for(db))] == [good]
