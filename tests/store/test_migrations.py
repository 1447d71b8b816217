"""Migrations: an old database is upgraded with its data intact; a failure changes nothing."""
from __future__ import annotations

import shutil
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import select

from app.models import Contract, ContractStatus, Customer, Notice, NoticeKind
from app.settings import Settings
from app.store.engine import make_engine, session_scope
from app.store.backup import list_backups
from app.store.database import open_database
from app.store.errors import DatabaseMissing, DatabaseTooNew, DatabaseUnmanaged, MigrationFailed
from app.store.migrate import MIGRATIONS_DIR, current_revision, head_revision, new_revision, upgrade
from app.store.paths import backup_dir_for, path_to_url, sqlite_file_path
from tests.db_fixtures import PostgresServer
from tests.store.conftest import file_digest

NOW = datetime(2025, 4, 1, 9, 0, 0)
SETTINGS = Settings(user_name="テスト担当", backup_count=5)
STAMP = "2025-04-01 00:00:00.000000"

# One row per table, in the schema of revision 0001 (every NOT NULL column given: 0001 has no server defaults).
ROWS_0001: dict[str, list[dict[str, Any]]] = {
    "customer": [
        dict(id=1, company_name="株式会社テスト", company_kana="テスト", department="情報システム部",
             contact_person="山田 太郎", honorific="様", postal_code="100-0001", address="東京都千代田区1-1",
             phone="03-0000-0000", email="yamada@example.jp", created_at=STAMP),
    ],
    "application": [
        dict(id=1, customer_id=1, received_date="2025-03-01", status="ACCEPTED", prereq_site_power="MET",
             prereq_remote_access="MET", prereq_admin_registered="MET", prereq_site_in_japan="MET",
             requested_start="2025-04-15", initial_fee=100000, monthly_fee=50000, refusal_reasons="",
             refusal_note="", override_note="", decision_date="2025-03-10", decided_by="佐藤"),
    ],
    "contract": [
        dict(id=1, number="SP-2025-0001", customer_id=1, application_id=1, accepted_date="2025-03-10",
             start_date="2025-04-15", initial_term_end="2026-04-30", term_confirmed=True, initial_fee=100000,
             monthly_fee=50000, profile_id="2025-04-01", status="NOTICE_RECEIVED", notice_date="2025-09-20",
             end_date="2025-10-31", end_ground="9.4", note="メモ", current_term_end="2026-04-30",
             renewal_date="2026-05-01", non_renewal_deadline="2026-03-31", non_renewal_deadline_strict="2026-03-30",
             cure_deadline=None, confidentiality_end="2027-10-31", derived_as_of="2025-09-20"),
    ],
    "managed_device": [
        dict(id=1, contract_id=1, maker="Maker", model="UTM-100", serial="SN1", site_address="東京都",
             in_japan=True, meets_vendor_requirements=True),
    ],
    "change_contract": [
        dict(id=1, contract_id=1, requested_date="2025-06-01", accepted_date="2025-06-05",
             effective_month="2025-07-01", new_monthly_fee=60000, one_time_fee=0, description="台数追加"),
    ],
    "notice": [
        dict(id=1, contract_id=1, direction="RECEIVED", kind="TERMINATION", notice_date="2025-09-20",
             requested_end="2025-10-31", document_number="", pdf_sha256="", note="", created_at=STAMP),
    ],
    "charge": [
        dict(id=1, contract_id=1, kind="PENALTY", description="解約違約金", amount=330000, due_date="2025-11-30"),
    ],
    "payment": [dict(id=1, charge_id=1, paid_date="2025-11-29", amount=330000)],
    "cure_notice": [
        dict(id=1, contract_id=1, dispatched_date="2025-05-01", breach="支払遅延", cure_deadline="2025-05-31",
             cured_date="2025-05-20", closed=True),
    ],
    "audit_entry": [
        dict(id=1, at=STAMP, actor="佐藤", action="accept_application", entity="application", entity_id=1,
             before_json="{}", after_json='{"status": "accepted"}'),
    ],
}


def _insert_rows(engine: Engine) -> None:
    with engine.begin() as connection:
        for table, rows in ROWS_0001.items():
            for row in rows:
                columns = ", ".join(row)
                values = ", ".join(f":{name}" for name in row)
                connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)


# 0002 marks the derived columns of old rows stale on purpose (see its docstring)
RESET_BY_0002 = {"derived_as_of"}


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every 0001 column of every row (but those 0002 resets), as the database returns it."""
    with engine.connect() as connection:
        return {
            table: [
                tuple(r)
                for r in connection.execute(
                    text(f"SELECT {', '.join(c for c in rows[0] if c not in RESET_BY_0002)} FROM {table} ORDER BY id")
                ).all()
            ]
            for table, rows in ROWS_0001.items()
        }


def _database_at_0001(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine, "0001")
    _insert_rows(engine)
    return engine


def test_database_made_by_0001_is_upgraded_to_head_with_data_intact(empty_db_url: str) -> None:
    engine = _database_at_0001(empty_db_url)
    before = _snapshot(engine)
    engine.dispose()

    with open_database(empty_db_url, backup_count=SETTINGS.backup_count, now=NOW) as database:
        assert database.migrated_from == "0001"
        assert database.revision == head_revision()
        assert _snapshot(database.engine) == before
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            assert connection.execute(
                text("SELECT current_monthly_fee, derived_as_of, search_text FROM contract")
            ).one() == (50000, None, "")
            assert connection.execute(text("SELECT penalty FROM notice")).scalar_one() == 0
            assert connection.execute(text("SELECT summary, contract_id FROM audit_entry")).one() == ("", None)
        with session_scope(database.engine) as session:  # the models read the upgraded rows
            contract = session.exec(select(Contract)).one()
            assert contract.status is ContractStatus.NOTICE_RECEIVED
            assert contract.end_date == date(2025, 10, 31)
            assert contract.term_confirmed is True
            assert session.exec(select(Notice)).one().kind is NoticeKind.TERMINATION
            customer = session.get(Customer, 1)
            assert customer is not None and customer.company_name == "株式会社テスト"


def test_a_backup_at_the_old_revision_is_taken_before_upgrading(tmp_path: Path) -> None:
    db_path = tmp_path / "old.db"
    _database_at_0001(path_to_url(db_path)).dispose()

    with open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW) as database:
        assert database.backup_taken is not None
    [backup] = list_backups(db_path, backup_dir_for(db_path))
    assert backup.path == database.backup_taken
    assert (backup.reason, backup.taken_at) == ("premigrate", NOW)
    old = make_engine(path_to_url(backup.path))
    try:
        with old.connect() as connection:
            assert current_revision(connection) == "0001"
            assert connection.execute(text("SELECT number FROM contract")).scalar_one() == "SP-2025-0001"
    finally:
        old.dispose()


def _failing_scripts(tmp_path: Path) -> Path:
    """A copy of the migrations with one more, which changes things and then fails."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_fails.py").write_text(
        textwrap.dedent(
            f'''
            import sqlalchemy as sa
            from alembic import op

            revision = "9999"
            down_revision = "{head_revision()}"
            branch_labels = None
            depends_on = None


            def upgrade():
                with op.batch_alter_table("customer") as batch_op:
                    batch_op.add_column(sa.Column("doomed", sa.Integer(), nullable=True))
                op.execute("UPDATE customer SET company_name = 'changed'")
                op.drop_table("payment")
                raise RuntimeError("injected failure")


            def downgrade():
                pass
            '''
        ),
        encoding="utf-8",
    )
    return scripts


def _add_customer(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(Customer(company_name="元の会社", created_at=datetime.fromisoformat("2025-04-01T00:00:00+09:00")))


def test_failed_migration_leaves_the_sqlite_file_byte_identical(tmp_path: Path) -> None:
    db_path = tmp_path / "secplus.db"
    with open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW) as database:
        _add_customer(database.engine)
    digest = file_digest(db_path)
    scripts = _failing_scripts(tmp_path)

    with pytest.raises(MigrationFailed, match="injected failure") as raised:
        open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW, script_location=scripts)

    assert "元のデータは変更されていません" in str(raised.value)
    assert file_digest(db_path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "migrations", "secplus.db"]
    with open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW) as database:
        assert database.migrated_from is None  # still at head of the real migrations, nothing to do
        with session_scope(database.engine) as session:
            assert [c.company_name for c in session.exec(select(Customer))] == ["元の会社"]


def test_failed_migration_of_a_new_file_leaves_no_file(tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    with pytest.raises(MigrationFailed):
        open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW, script_location=_failing_scripts(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["migrations"]


@pytest.mark.postgres
def test_failed_migration_is_rolled_back_on_postgres(postgres_server: PostgresServer, tmp_path: Path) -> None:
    name = postgres_server.create_database()
    url = postgres_server.url(name)
    try:
        with open_database(url, backup_count=SETTINGS.backup_count, now=NOW) as database:
            _add_customer(database.engine)

        with pytest.raises(MigrationFailed, match="injected failure"):
            open_database(url, backup_count=SETTINGS.backup_count, now=NOW, script_location=_failing_scripts(tmp_path))

        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                assert current_revision(connection) == head_revision()
                assert "doomed" not in {c["name"] for c in inspect(connection).get_columns("customer")}
                assert inspect(connection).has_table("payment")
                assert connection.execute(text("SELECT company_name FROM customer")).scalars().all() == ["元の会社"]
        finally:
            engine.dispose()
    finally:
        postgres_server.drop_database(name)


def _set_revision(url: str, revision: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    engine.dispose()


def test_unknown_newer_revision_is_refused_and_left_alone(db_url: str) -> None:
    _set_revision(db_url, "0999")
    path = sqlite_file_path(db_url)
    digest = file_digest(path) if path else None
    try:
        with pytest.raises(DatabaseTooNew, match="新しいバージョンのプログラム"):
            open_database(db_url, backup_count=SETTINGS.backup_count, now=NOW)
        if path is not None:
            assert file_digest(path) == digest
    finally:
        _set_revision(db_url, head_revision())  # the PostgreSQL database is shared by the session


def test_tables_without_a_revision_are_not_ours(tmp_path: Path) -> None:
    db_path = tmp_path / "other.db"
    engine = make_engine(path_to_url(db_path))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE something (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    digest = file_digest(db_path)

    with pytest.raises(DatabaseUnmanaged):
        open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW)
    assert file_digest(db_path) == digest


def test_without_create_a_missing_file_stays_missing(tmp_path: Path) -> None:
    db_path = tmp_path / "nothing.db"
    with pytest.raises(DatabaseMissing, match="データベースファイルがありません"):
        open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW, create=False)
    assert not db_path.exists()


def test_without_migrate_an_old_file_is_left_byte_identical(tmp_path: Path) -> None:
    db_path = tmp_path / "old.db"
    _database_at_0001(path_to_url(db_path)).dispose()
    digest = file_digest(db_path)

    with open_database(path_to_url(db_path), backup_count=SETTINGS.backup_count, now=NOW, migrate=False) as database:
        assert database.revision == "0001"
    assert file_digest(db_path) == digest
    assert not backup_dir_for(db_path).exists()


def test_new_revision_tool_finds_nothing_to_do_when_models_match(tmp_path: Path) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    next_id = f"{int(head_revision()) + 1:04d}"

    made = new_revision("nothing changed", next_id, script_location=scripts)

    assert made.parent == scripts / "versions"
    source = made.read_text(encoding="utf-8")
    assert f"revision: str = '{next_id}'" in source
    assert f"down_revision: str | None = '{head_revision()}'" in source
    assert "op." not in source.split("def upgrade")[1].split("def downgrade")[0]
