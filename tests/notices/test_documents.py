"""Each notice for a SPEC example contract: the text read back holds the amounts, dates in both
calendars and the article numbers; fonts embedded and subset; reprints byte-identical."""
from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.notices.kinds import DocumentKind
from app.notices.builders import BuildOptions
from app.settings import Settings
from app.usecases import documents
from app.usecases.documents import MissingCompanyProfile, issue_one, load_pdf
from app.usecases.errors import StateError
from tests.notices import scenarios
from tests.notices.conftest import ctx_on, pdf_text, settings_for, spec_contract
from tests.usecases.conftest import unchanged

STYLES = ["western", "japanese"]


def issue(engine: Engine, root: Path, kind: DocumentKind, cid: int, day: date, style: str,
          options: BuildOptions = BuildOptions()) -> str:
    row = issue_one(engine, ctx_on(day), settings_for(style), kind, cid, root=root, options=options)
    return pdf_text(load_pdf(engine, row.id, root=root))


@pytest.mark.parametrize("style", STYLES)
def test_renewal_notice(engine: Engine, root: Path, style: str) -> None:
    text = issue(engine, root, DocumentKind.RENEWAL, spec_contract(engine), date(2026, 3, 2), style)
    if style == "western":
        dates = ["2026年4月30日", "2026年3月31日", "2026年5月1日～2027年4月30日", "2025年4月15日"]
    else:
        dates = ["令和8年4月30日", "令和8年3月31日", "令和8年5月1日～令和9年4月30日", "令和7年4月15日"]
    for expected in [*dates, "契約更新のご案内", "50,000円", "5,000円", "55,000円", "第9条第3項", "拝啓", "敬具",
                     "記", "以上", "登録番号T9234567890123", "鈴木一郎様", "SP2026-000001"]:
        assert expected in text, expected


@pytest.mark.parametrize("style", STYLES)
def test_termination_acceptance(engine: Engine, root: Path, style: str) -> None:
    cid = scenarios.with_termination(engine)
    text = issue(engine, root, DocumentKind.TERMINATION_ACCEPTANCE, cid, date(2025, 9, 12), style)
    dates = (["2025年9月10日", "2025年10月31日", "2025年11月30日", "2026年4月30日"] if style == "western" else
             ["令和7年9月10日", "令和7年10月31日", "令和7年11月30日", "令和8年4月30日"])
    # September and October still billed (100,000 + 10% tax), penalty 6 x 50,000 outside tax
    for expected in [*dates, "300,000円", "100,000円", "10,000円", "410,000円", "残存期間6ヶ月分", "不課税",
                     "第9条第4項", "要確認"]:
        assert expected in text, expected


@pytest.mark.parametrize("style", STYLES)
def test_cure_notice_runs_30_days_from_dispatch(engine: Engine, root: Path, style: str) -> None:
    cid = scenarios.with_cure(engine)
    text = issue(engine, root, DocumentKind.CURE, cid, date(2026, 3, 5), style)
    dates = (["2026年3月2日", "2026年4月1日", "2026年4月2日"] if style == "western" else
             ["令和8年3月2日", "令和8年4月1日", "令和8年4月2日"])
    for expected in [*dates, "催告書", "30日以内", "第16条第1項", "第16条第3項", "管理者登録の抹消"]:
        assert expected in text, expected
    # dated on the dispatch day, from which the period runs
    assert re.search(r"発行日(2026年3月2日|令和8年3月2日)", text)


def test_cure_notice_states_the_16_3_sum(engine: Engine, root: Path) -> None:
    cid = scenarios.with_cure(engine, dispatched=date(2025, 9, 1))
    text = issue(engine, root, DocumentKind.CURE, cid, date(2025, 9, 1), "western")
    # terminable from 2025-10-02: November..April of the initial term, 6 x 50,000
    assert "2025年10月1日" in text and "2025年10月2日" in text and "300,000円" in text


@pytest.mark.parametrize("style", STYLES)
def test_late_interest_on_fees(engine: Engine, root: Path, style: str) -> None:
    cid = scenarios.with_late_fee(engine)
    text = issue(engine, root, DocumentKind.LATE_INTEREST, cid, date(2025, 7, 20), style)
    dates = ["2025年5月31日", "2025年7月15日"] if style == "western" else ["令和7年5月31日", "令和7年7月15日"]
    for expected in [*dates, "330,000円", "45日", "年14.6%", "5,940円", "第8条第2項", "非課税"]:
        assert expected in text, expected


def test_late_interest_on_unpaid_penalty_at_the_statutory_rate(engine: Engine, root: Path) -> None:
    cid = scenarios.with_unpaid_penalty(engine)
    text = issue(engine, root, DocumentKind.LATE_INTEREST, cid, date(2026, 1, 29), "western")
    # 300,000 x 3% x 60 / 365 = 1,479.45 -> 1,479; not 14.6%
    for expected in ["300,000円", "60日", "年3%（法定利率）", "1,479円", "民法第404条"]:
        assert expected in text, expected
    assert "7,200円" not in text  # what 14.6% would give


@pytest.mark.parametrize("style", STYLES)
def test_change_notice(engine: Engine, root: Path, style: str) -> None:
    cid = scenarios.with_change(engine)
    text = issue(engine, root, DocumentKind.CHANGE, cid, date(2025, 8, 6), style)
    month = "2025年9月分から" if style == "western" else "令和7年9月分から"
    for expected in [month, "50,000円", "80,000円", "8,000円", "88,000円", "第10条第2項", "日割計算は行わず",
                     "監視対象機器の追加"]:
        assert expected in text, expected


def test_fonts_are_embedded_and_subset(engine: Engine, root: Path) -> None:
    row = issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.RENEWAL, spec_contract(engine),
                    root=root)
    out = subprocess.run(["pdffonts", str(root / row.file_name)], capture_output=True, text=True, check=True).stdout
    fonts = out.splitlines()[2:]
    assert fonts, out
    for line in fonts:
        name, emb, sub = line.split()[0], line.split()[-5], line.split()[-4]
        assert re.fullmatch(r"[A-Z]{6}\+IPAex(Mincho|Gothic)", name), line
        assert (emb, sub) == ("yes", "yes"), line


def test_reprint_is_byte_identical_and_numbers_follow(engine: Engine, root: Path) -> None:
    cid = spec_contract(engine)
    first = issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.RENEWAL, cid, root=root)
    stored = (root / first.file_name).read_bytes()
    again = documents.record_reprint(engine, ctx_on(date(2026, 3, 9)), first.id, root=root)
    assert again.data == stored and not again.shared and (again.first_page, again.page_count) == (1, 1)
    second = issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.RENEWAL, cid, root=root)
    assert (first.number, second.number) == ("SP2026-000001", "SP2026-000002")
    # the same letter rendered again differs only by its number: rendering itself is deterministic
    assert documents.preview_letter(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.RENEWAL,
                                    cid) == documents.preview_letter(engine, ctx_on(date(2026, 3, 2)),
                                                                     settings_for(), DocumentKind.RENEWAL, cid)
    assert [d.number for d in documents.list_documents(engine, contract_id=cid)] == [second.number, first.number]


def test_a_changed_pdf_is_refused_on_reprint(engine: Engine, root: Path) -> None:
    row = issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.RENEWAL, spec_contract(engine),
                    root=root)
    path = root / row.file_name
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOF\n"))
    with pytest.raises(documents.DocumentDamaged):
        load_pdf(engine, row.id, root=root)


def test_missing_company_profile_prints_nothing(engine: Engine, root: Path) -> None:
    cid = spec_contract(engine)
    with unchanged(engine), pytest.raises(MissingCompanyProfile) as info:
        issue_one(engine, ctx_on(date(2026, 3, 2)), Settings(user_name="山田"), DocumentKind.RENEWAL, cid, root=root)
    assert "会社名" in info.value.message and "登録番号" in info.value.message
    assert not root.exists() or not any(root.rglob("*.pdf"))


def test_a_kind_that_does_not_apply_is_refused_and_writes_nothing(engine: Engine, root: Path) -> None:
    cid = spec_contract(engine)
    with unchanged(engine), pytest.raises(StateError, match="解約のご通知"):
        issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.TERMINATION_ACCEPTANCE, cid,
                  root=root)
    with pytest.raises(StateError, match="遅延利息"):
        issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.LATE_INTEREST, cid, root=root)


def test_the_contract_history_shows_issued_and_reprinted_documents(engine: Engine, root: Path) -> None:
    from app.usecases.history import contract_history

    cid = spec_contract(engine)
    row = issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.RENEWAL, cid, root=root)
    documents.record_reprint(engine, ctx_on(date(2026, 3, 9)), row.id, root=root)
    summaries = [item.summary for item in contract_history(engine, cid)]
    assert "契約更新のご案内を発行（文書番号 SP2026-000001）" in summaries
    assert "契約更新のご案内を再印刷（文書番号 SP2026-000001）" in summaries


def test_cure_notice_has_no_salutation(engine: Engine, root: Path) -> None:
    text = issue(engine, root, DocumentKind.CURE, scenarios.with_cure(engine), date(2026, 3, 2), "western")
    assert "拝啓" not in text and "敬具" not in text and "以上" in text


def test_a_second_interest_statement_bills_only_the_days_since_the_first(engine: Engine, root: Path) -> None:
    cid = scenarios.with_unpaid_penalty(engine)
    issue(engine, root, DocumentKind.LATE_INTEREST, cid, date(2026, 1, 29), "western")  # 60 days: 1,479
    text = issue(engine, root, DocumentKind.LATE_INTEREST, cid, date(2026, 3, 2), "western")
    # 2026-01-30 .. 2026-03-02 = 32 days: floor(300,000 x 3% x 32 / 365) = 789
    assert "32日" in text and "789円" in text and "1,479円" not in text
    with pytest.raises(StateError, match="遅延利息"):  # nothing new on the same day
        issue_one(engine, ctx_on(date(2026, 3, 2)), settings_for(), DocumentKind.LATE_INTEREST, cid, root=root)
