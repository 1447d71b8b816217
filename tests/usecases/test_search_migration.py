"""Contracts made before migration 0003 get their search index and derived dates from refresh_lapsed."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from app.models import Contract
from app.store.engine import make_engine
from app.store.migrate import upgrade
from app.store.paths import path_to_url
from app.usecases import contract_list
from app.usecases.derived import refresh_lapsed


CUSTOMER = text(
    "INSERT INTO customer (id, company_name, company_kana, department, contact_person, honorific, postal_code, "
    "address, phone, email, created_at) VALUES (1, '株式会社山田精工', 'ヤマダセイコウ', '', '鈴木 一郎', '様', '', '', "
    "'', '', '2025-04-01 00:00:00.000000')")


def test_contracts_from_revision_0002_become_searchable(tmp_path: Path) -> None:
    engine = make_engine(path_to_url(tmp_path / "old.db"))
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            connection.execute(CUSTOMER)
            connection.execute(text(
                "INSERT INTO contract (id, number, customer_id, accepted_date, start_date, term_confirmed, initial_fee,"
                " monthly_fee, profile_id, status, end_ground, note, current_monthly_fee, search_text) VALUES "
                "(1, 'SP-2025-00001', 1, '2025-04-01', '2025-04-15', 0, 0, 50000, '2025-04-01', 'ACTIVE', '', '',"
                " 50000, '')"))
        upgrade(engine, "head")
        assert contract_list.list_contracts(engine, text="やまだ").total == 0  # not indexed yet
        assert refresh_lapsed(engine, date(2025, 9, 10)) == 1  # the old row: derived dates, search index
        assert [r.company_name for r in contract_list.list_contracts(engine, text="やまだ").rows] == ["株式会社山田精工"]
        assert refresh_lapsed(engine, date(2025, 9, 10)) == 0
        with Session(engine) as session:
            contract = session.get(Contract, 1)
        assert contract is not None and contract.non_renewal_deadline == date(2026, 3, 31)
    finally:
        engine.dispose()


def test_revision_0006_indexes_numbers_and_single_characters(tmp_path: Path) -> None:
    engine = make_engine(path_to_url(tmp_path / "old.db"))
    try:
        upgrade(engine, "0005")
        with engine.begin() as connection:
            connection.execute(CUSTOMER)
            connection.execute(text(
                "INSERT INTO contract (id, number, customer_id, accepted_date, start_date, term_confirmed, initial_fee,"
                " monthly_fee, profile_id, status, end_ground, note, current_monthly_fee, search_text, derived_as_of)"
                " VALUES (1, 'SP-2025-00001', 1, '2025-04-01', '2025-04-15', 0, 0, 50000, '2025-04-01', 'ACTIVE', '',"
                " '', 50000, 'sp-2025-00001\n株式会社山田精工\nヤマダセイコウ\n鈴木 一郎', '2025-09-10')"))
            connection.execute(text("INSERT INTO contract_search_gram (gram, contract_id) VALUES ('山田', 1)"))
        upgrade(engine, "head")
        with engine.connect() as connection:
            grams = {g for (g,) in connection.execute(text("SELECT gram FROM contract_search_gram"))}
        assert {"sp", "-2", "00", "01", "山", "田", "鈴", "一郎", "s", "1"} <= grams and " " not in grams
        assert "1\n" not in grams and "\n株" not in grams  # no gram spans two fields
        with Session(engine) as session:
            assert session.get(Contract, 1) is not None
        assert contract_list.list_contracts(engine, "sp-2025-0000").total == 1
    finally:
        engine.dispose()
