"""The screens' queries: contract list (filter, sort, page), what falls due, a contract's history."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from app.usecases import breach, contract_list, deadlines, history, payments, termination
from app.usecases.change_contracts import add_change_contract
from app.usecases.context import UseCaseContext
from app.usecases.errors import ValidationError
from app.models import ChargeKind
from tests.usecases.conftest import new_contract

CTX = UseCaseContext("山田 太郎", date(2026, 3, 1))


@pytest.fixture
def three(engine: Engine) -> dict[str, int]:
    return {
        "a": new_contract(engine, CTX, company="株式会社山田精工", kana="ヤマダセイコウ", fee=50_000),
        "b": new_contract(engine, CTX, company="100%物流株式会社", kana="ヒャクパーセントブツリュウ", fee=120_000,
                          start=date(2025, 6, 1), accepted=date(2025, 5, 20)),
        "c": new_contract(engine, CTX, company="100_システム株式会社", kana="ヒャクシステム", fee=80_000, start=None),
    }


def names(page: contract_list.Page) -> list[str]:
    return [row.company_name for row in page.rows]


def test_list_all_sorted_by_number(engine: Engine, three: dict[str, int]) -> None:
    page = contract_list.list_contracts(engine)
    assert page.total == 3
    assert [r.number for r in page.rows] == ["SP-2025-00001", "SP-2025-00002", "SP-2025-00003"]
    first = page.rows[0]
    assert (first.company_name, first.status_label, first.start_date, first.monthly_fee) == (
        "株式会社山田精工", "契約中", date(2025, 4, 15), 50_000)
    assert first.next_deadline == date(2026, 3, 31)  # non-renewal deadline of the term to 2026-04-30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田", ["株式会社山田精工"]),
        ("やまだ", ["株式会社山田精工"]),  # hiragana finds the katakana reading
        ("ﾔﾏﾀﾞ", ["株式会社山田精工"]),  # half-width katakana
        ("ｓｐ-2025-00002", ["100%物流株式会社"]),  # full-width, case-folded
        ("100%", ["100%物流株式会社"]),  # % is a character, not a wildcard
        ("100_", ["100_システム株式会社"]),  # so is _
        ("鈴木 株式会社山田", ["株式会社山田精工"]),  # every word must match
        ("鈴木", ["株式会社山田精工", "100%物流株式会社", "100_システム株式会社"]),
        ("'; DROP TABLE contract; --", []),
    ],
)
def test_text_filter(engine: Engine, three: dict[str, int], text: str, expected: list[str]) -> None:
    page = contract_list.list_contracts(engine, text=text)
    assert names(page) == expected and page.total == len(expected)


def test_sort_keys_and_paging(engine: Engine, three: dict[str, int]) -> None:
    by_fee = contract_list.list_contracts(engine, sort="monthly_fee", descending=True)
    assert [r.monthly_fee for r in by_fee.rows] == [120_000, 80_000, 50_000]
    by_start = contract_list.list_contracts(engine, sort="start")
    assert by_start.rows[-1].start_date is None  # no date sorts last both ways
    assert contract_list.list_contracts(engine, sort="start", descending=True).rows[-1].start_date is None
    by_kana = contract_list.list_contracts(engine, sort="company")
    assert names(by_kana) == ["100_システム株式会社", "100%物流株式会社", "株式会社山田精工"]
    page = contract_list.list_contracts(engine, sort="number", offset=1, limit=1)
    assert page.total == 3 and [r.number for r in page.rows] == ["SP-2025-00002"]
    for bad in ({"sort": "number; DROP TABLE contract"}, {"limit": 0}, {"offset": -1}, {"limit": 10_000}):
        with pytest.raises(ValidationError):
            contract_list.list_contracts(engine, **bad)


def test_due_within_warns_from_the_strict_deadline(engine: Engine) -> None:
    new_contract(engine, CTX, company="株式会社山田精工")  # term to 2026-04-30: deadline 03-31, strict 03-29
    rows = deadlines.due_within(engine, date(2026, 3, 1), 29)  # window through 03-30
    assert [(r.kind, r.date, r.strict_date) for r in rows] == [("更新拒絶期限", date(2026, 3, 31), date(2026, 3, 29))]
    assert "2026年3月29日" in rows[0].warning
    assert deadlines.due_within(engine, date(2026, 3, 1), 27) == []  # strict day 03-29 not yet in the window
    assert [r.kind for r in deadlines.due_within(engine, date(2026, 3, 1), 61)] == ["更新拒絶期限", "更新日"]
    assert deadlines.due_within(engine, date(2026, 4, 1), 10) == []  # the deadline passed


def test_due_within_cure_and_confidentiality(engine: Engine) -> None:
    ctx = UseCaseContext("山田 太郎", date(2025, 9, 10))
    ended = new_contract(engine, ctx, company="株式会社終了")
    termination.record_termination_notice(engine, ctx, ended, date(2025, 9, 10), date(2025, 10, 31))
    cured = new_contract(engine, ctx, company="株式会社是正")
    breach.record_cure_notice(engine, ctx, cured, date(2025, 9, 1), "月額費用の支払遅滞")
    rows = deadlines.due_within(engine, date(2025, 9, 10), 30)
    assert [(r.kind, r.date, r.company_name) for r in rows] == [("是正期限", date(2025, 10, 1), "株式会社是正")]
    far = deadlines.due_within(engine, date(2027, 10, 1), 30)
    assert [(r.kind, r.date, r.company_name) for r in far] == [("機密保持終了", date(2027, 10, 31), "株式会社終了")]
    with pytest.raises(ValidationError):
        deadlines.due_within(engine, date(2025, 9, 10), -1)


def test_contract_history_in_date_order(engine: Engine) -> None:
    ctx = UseCaseContext("山田 太郎", date(2025, 9, 10))
    contract_id = new_contract(engine, ctx)
    add_change_contract(engine, ctx, contract_id, requested_date=date(2025, 6, 1), accepted_date=date(2025, 6, 10),
                        effective_month=date(2025, 7, 1), new_monthly_fee=80_000)
    charge = payments.add_charge(engine, ctx, contract_id, ChargeKind.MONTHLY, 88_000, date(2025, 7, 31))
    payments.record_payment(engine, ctx, charge, date(2025, 8, 5), 88_000)
    termination.record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2025, 10, 31))
    items = history.contract_history(engine, contract_id)
    days = [item.day for item in items]
    assert days == sorted(days)
    sources = {item.source for item in items}
    assert sources == {"audit", "change_contract", "charge", "payment", "notice"}
    payment = next(i for i in items if i.source == "payment")
    assert payment.day == date(2025, 8, 5) and "期日後" in payment.summary
    audit = [i for i in items if i.source == "audit"]
    # the application's screening before the contract existed belongs to its history
    assert [i.summary for i in audit[:2]] == ["申込を受付（株式会社テスト商事）", "前提条件を確認: (1)充足、(2)充足、(3)充足、(4)充足"]
    assert all(i.actor == "山田 太郎" for i in audit)
    with pytest.raises(ValidationError):
        history.contract_history(engine, 999)


def test_bigram_index_and_scan_agree(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.sample.seed import seed_contracts

    seed_contracts(engine, 400, today=date(2026, 11, 28), rng_seed=11)
    cases = [("山田", "number", False), ("やまだ", "company", False), ("株式会社 物流", "next_deadline", True),
             ("佐藤 一郎", "start", False), ("精工", "status", True), ("ｼｽﾃﾑ", "monthly_fee", True),
             ("存在しない名前", "number", False),
             # a contract-number prefix, ASCII words and single characters use the index too (issue 9.3)
             ("sp-2026-000", "number", False), ("ＳＰ-2025", "company", True), ("山", "number", False),
             ("p", "start", True), ("00", "number", False), ("7", "status", False), ("ﾔ 1", "monthly_fee", False)]
    with_index = {c: [contract_list.list_contracts(engine, c[0], c[1], c[2], offset, 30) for offset in (0, 20)]
                  for c in cases}
    monkeypatch.setattr(contract_list, "_driving_gram", lambda session, words: None)
    monkeypatch.setattr(contract_list, "_exact_total", lambda *args: None)
    for case, pages in with_index.items():
        scanned = [contract_list.list_contracts(engine, case[0], case[1], case[2], offset, 30) for offset in (0, 20)]
        assert pages == scanned, case
    assert with_index[cases[0]][0].total > 0 and with_index[cases[6]][0].total == 0
    assert all(with_index[c][0].total > 0 for c in cases[7:])


STATUS_CASES = [("", "number", False), ("", "start", True), ("", "status", False), ("山", "number", False),
                ("山田", "company", True), ("sp-2026-000", "next_deadline", False), ("株式会社", "monthly_fee", True)]


@pytest.mark.parametrize("share", [0.0, 2.0])  # every selection scanned in sort order / every one read by the status index
def test_status_filter_gives_the_rows_of_those_statuses(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                        share: float) -> None:
    from app.models import ContractStatus
    from app.sample.seed import seed_contracts

    seed_contracts(engine, 400, today=date(2026, 11, 28), rng_seed=5)
    monkeypatch.setattr(contract_list, "STATUS_SCAN_SHARE", share)
    selections: list[list[ContractStatus | str]] = [[ContractStatus.ACTIVE], [ContractStatus.ENDED, "notice_received"],
                                                    list(ContractStatus)]
    for text, sort, descending in STATUS_CASES:
        every = contract_list.list_contracts(engine, text, sort, descending, 0, 1000).rows
        for chosen in selections:
            wanted = {ContractStatus(s) for s in chosen}
            expected = [r for r in every if r.status in wanted]
            assert contract_list.list_contracts(engine, text, sort, descending, 0, 1000, chosen).rows == expected
            page = contract_list.list_contracts(engine, text, sort, descending, 10, 20, chosen)
            assert (page.rows, page.total) == (expected[10:30], len(expected)), (text, sort, chosen)
    assert {r.status for r in contract_list.list_contracts(engine, limit=1000).rows} >= {
        ContractStatus.ACTIVE, ContractStatus.ENDED, ContractStatus.NOTICE_RECEIVED}  # the cases are not empty
    with pytest.raises(ValidationError):
        contract_list.list_contracts(engine, statuses=["unknown"])


def test_number_prefix_ascii_and_single_characters_are_driven_by_the_index(engine: Engine) -> None:
    from app.sample.seed import seed_contracts

    seed_contracts(engine, 300, today=date(2026, 11, 28), rng_seed=3)
    with engine.connect() as connection:
        for text in ("sp-2026-0001", "SP-2025-00", "山", "a", "7"):
            words = [contract_list.normalize(w) for w in text.split()]
            assert contract_list._driving_gram(connection, words) is not None, text
        assert contract_list._exact_total(connection, ["山"]) == contract_list.list_contracts(engine, "山").total


def test_due_pages_and_counts_agree_with_the_full_list(engine: Engine) -> None:
    from app.sample.seed import seed_contracts

    seed_contracts(engine, 600, today=date(2026, 11, 28), rng_seed=4)
    # 11-30: the strict day (11-29) of terms ending 12-31 has just passed, their deadline (11-30) not yet
    for today in (date(2026, 11, 28), date(2026, 11, 30)):
        everything = deadlines.due_within(engine, today, 90)
        assert len(everything) > 60
        assert {"更新拒絶期限", "更新日"} <= {r.kind for r in everything}
        pages = [deadlines.due_within(engine, today, 90, offset=o, limit=25) for o in range(0, len(everything) + 25, 25)]
        assert [r for page in pages for r in page] == everything
        counts = deadlines.count_due_within(engine, today, 90)
        assert counts == {k: sum(1 for r in everything if r.kind == k) for k in deadlines.DEADLINE_KINDS}
    assert any(r.strict_date is not None and r.strict_date < today for r in everything)
    with pytest.raises(ValidationError):
        deadlines.due_within(engine, today, 90, limit=0)


def test_a_notice_received_lists_its_end_until_the_contract_has_ended(engine: Engine) -> None:
    from app.usecases.lifecycle import close_ended_on

    ctx = UseCaseContext("山田 太郎", date(2025, 9, 10))
    ending = new_contract(engine, ctx, company="株式会社終了")
    new_contract(engine, ctx, company="株式会社続行")
    termination.record_termination_notice(engine, ctx, ending, date(2025, 9, 10), date(2025, 10, 31))
    rows = [r for r in deadlines.due_within(engine, date(2025, 10, 1), 30) if r.kind == deadlines.NOTICE_END]
    assert [(r.date, r.contract_id, r.company_name, r.strict_date) for r in rows] == [
        (date(2025, 10, 31), ending, "株式会社終了", None)]
    assert rows[0].warning == "2025年9月10日到達の解約通知（第9条第4項）"
    assert deadlines.count_due_within(engine, date(2025, 10, 1), 30)[deadlines.NOTICE_END] == 1
    assert deadlines.count_due_within(engine, date(2025, 10, 1), 29)[deadlines.NOTICE_END] == 0  # outside the window
    assert [r.kind for r in deadlines.due_within(engine, date(2025, 10, 31), 0)] == [deadlines.NOTICE_END]  # its last day
    close_ended_on(engine, date(2025, 11, 1))
    assert deadlines.count_due_within(engine, date(2025, 10, 1), 30)[deadlines.NOTICE_END] == 0  # ended: no longer due
