"""The contract list's totals: a page asked for without its count (exact_total=False, the list as the
user types) has the same rows, a lower bound for a total, and count_contracts gives the exact one;
the gram counts kept for the plan never change a result."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from app.models import ContractStatus
from app.usecases import contract_list

# (text, sort, descending): the scan (every gram common), a gram-driven word, a one-character word,
# several words, no text
CASES = [("sp-20", "number", False), ("株式会社", "company", True), ("山", "start", False),
         ("株式会社 ホールディングス", "next_deadline", True), ("", "monthly_fee", False), ("zzz", "number", False)]
SELECTIONS: list[tuple[ContractStatus | str, ...]] = [(), (ContractStatus.ACTIVE,), ("ended", "notice_received")]


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    from app.sample.seed import seed_contracts

    seed_contracts(engine, 400, today=date(2026, 11, 28), rng_seed=7)
    return engine


@pytest.mark.parametrize("gram_limit", [20_000, 50])  # as shipped / the common grams scanned instead
def test_a_page_without_its_count_has_the_same_rows_and_count_contracts_the_total(
        seeded: Engine, monkeypatch: pytest.MonkeyPatch, gram_limit: int) -> None:
    monkeypatch.setattr(contract_list, "INLINE_COUNT_UP_TO", 0)  # every count of matches is left out
    monkeypatch.setattr(contract_list, "GRAM_CANDIDATE_LIMIT", gram_limit)
    contract_list._plan_counts.clear()
    deferred = 0
    for text, sort, descending in CASES:
        for chosen in SELECTIONS:
            everything = contract_list.list_contracts(seeded, text, sort, descending, 0, 1000, chosen)
            total = len(everything.rows)
            assert everything.exact and everything.total == total
            assert contract_list.count_contracts(seeded, text, chosen) == total, (text, chosen)
            for offset in (0, 30, max(total - 10, 0)):
                page = contract_list.list_contracts(seeded, text, sort, descending, offset, 30, chosen,
                                                    exact_total=False)
                assert page.rows == everything.rows[offset:offset + 30], (text, sort, chosen, offset)
                if page.exact:
                    assert page.total == total
                else:  # only a full page may come without its total, and then the bound is honest
                    deferred += 1
                    assert len(page.rows) == 30 and page.total == offset + 30 <= total
    assert deferred >= 6  # the cases do leave counts out


def test_the_indexes_give_their_totals_at_once(seeded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contract_list, "INLINE_COUNT_UP_TO", 0)
    for text, chosen in (("", ()), ("", ("active",)), ("山", ()), ("sp", ("ended",))):
        page = contract_list.list_contracts(seeded, text, limit=10, statuses=chosen, exact_total=False)
        assert page.exact and page.total == len(contract_list.list_contracts(seeded, text, limit=1000,
                                                                              statuses=chosen).rows) > 10


def test_a_rare_gram_is_counted_with_its_page(seeded: Engine) -> None:
    page = contract_list.list_contracts(seeded, "sp-2025-00", limit=5, exact_total=False)
    assert page.exact and page.total == contract_list.count_contracts(seeded, "sp-2025-00") > 5


def test_stale_plan_counts_choose_a_plan_but_never_the_rows(seeded: Engine) -> None:
    expected = contract_list.list_contracts(seeded, "株式会社", "number", False, 0, 1000)
    assert expected.total > 100
    with seeded.connect() as connection:
        grams = sorted(contract_list.word_grams("株式会社"))
        contract_list._driving_gram(connection, ["株式会社"])
    counts = contract_list._plan_counts[seeded]
    assert set(grams) <= set(counts)  # kept: the next keystroke counts only its new gram
    for wrong in (0, 1, contract_list.GRAM_CANDIDATE_LIMIT):  # as if another program had written since
        for gram in grams:
            counts[gram] = wrong
        assert contract_list.list_contracts(seeded, "株式会社", "number", False, 0, 1000) == expected
        assert contract_list.count_contracts(seeded, "株式会社") == expected.total


def test_writing_the_index_forgets_the_plan_counts(seeded: Engine) -> None:
    from app.usecases.context import UseCaseContext
    from tests.usecases.conftest import new_contract

    gram = contract_list.normalize("ゑび")
    assert contract_list.list_contracts(seeded, "ゑびす").total == 0
    assert contract_list._plan_counts[seeded][gram] == 0
    new_contract(seeded, UseCaseContext("山田 太郎", date(2026, 3, 1)), company="株式会社ゑびす商店", kana="エビスショウテン")
    assert gram not in contract_list._plan_counts.get(seeded, {})
    assert [r.company_name for r in contract_list.list_contracts(seeded, "ゑびす").rows] == ["株式会社ゑびす商店"]
