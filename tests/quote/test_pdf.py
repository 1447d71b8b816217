"""The printed quote: its numbers equal app.terms, one A4 page, fonts embedded, the same bytes twice."""
from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from pypdf import PdfReader

from app.formatting import format_date, yen
from app.notices.quote_document import render_quote, write_quote
from app.quote import Addressee, QuoteSubject, build_quote
from app.terms import ContractTerms, FeeChange, FeeSchedule, termination_options
from tests.quote.pdf_text import COMPANY, page_count, pdf_fonts, pdf_text
from tests.quote.strategies import contracts_and_notices
from tests.terms.spec_examples import PENALTY, PENALTY_FEE, PENALTY_INITIAL_END, PENALTY_START

SPEC_TERMS = ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE), PENALTY_INITIAL_END)
CUSTOMER = Addressee(company="株式会社サンプル商事", department="情報システム部", person="山田 花子")


def squeeze(text: str) -> str:
    return "".join(text.split())


def assert_figures_in(text: str, terms: ContractTerms, notice: date, style: str = "western") -> None:
    for option in termination_options(terms, notice).options:  # (headers may wrap inside their cell)
        if option.available:
            for amount in (option.total, option.penalty, option.fees_billed):
                assert yen(amount) in text
            assert squeeze(format_date(option.last_service_day, style)) in text


@pytest.mark.parametrize(("notice", "end", "allowed", "first", "latest", "months", "penalty", "names"),
                         [row for row in PENALTY if row[2]])
def test_spec_examples_in_the_pdf_text(tmp_path: Path, notice, end, allowed, first, latest, months, penalty,  # type: ignore[no-untyped-def]
                                       names) -> None:
    quote = build_quote(QuoteSubject(SPEC_TERMS, CUSTOMER), notice, issued_on=notice, requested_end=end)
    data = render_quote(quote, COMPANY)
    text = pdf_text(data, tmp_path)
    assert_figures_in(text, SPEC_TERMS, notice)
    assert yen(penalty) in text and squeeze(format_date(end)) in text
    assert "解約違約金のお見積り" in text and "第9条第4項" in text and "山田花子様" in text
    assert "アズジェント株式会社" in text
    assert page_count(data) == 1


@settings(max_examples=12)
@given(contracts_and_notices())
def test_generated_contracts_with_fee_changes_in_the_pdf_text(case: tuple[ContractTerms, date]) -> None:
    terms, notice = case
    data = render_quote(build_quote(QuoteSubject(terms), notice, issued_on=notice), COMPANY)
    with tempfile.TemporaryDirectory() as tmp:
        assert_figures_in(pdf_text(data, Path(tmp)), terms, notice)
    assert page_count(data) == 1


def test_pypdf_reads_the_same_figures() -> None:
    quote = build_quote(QuoteSubject(SPEC_TERMS, CUSTOMER), date(2025, 9, 10), issued_on=date(2025, 9, 10))
    text = squeeze(PdfReader(io.BytesIO(render_quote(quote, COMPANY))).pages[0].extract_text())
    assert "300,000円" in text and "410,000円" in text and "440,000円" in text


def test_japanese_dates_validity_articles_and_change_contracts(tmp_path: Path) -> None:
    terms = ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE, (FeeChange(date(2026, 1, 1), 70_000),)),
                          PENALTY_INITIAL_END)
    quote = build_quote(QuoteSubject(terms, CUSTOMER, contract_number="SP-2025-0001", contract_id=1,
                                     internal_notes="値引き交渉中"),
                        date(2026, 4, 5), issued_on=date(2026, 4, 1), validity_days=30)
    text = pdf_text(render_quote(quote, COMPANY.with_changes(date_style="japanese")), tmp_path)
    assert_figures_in(text, terms, date(2026, 4, 5), "japanese")
    assert "令和8年5月1日" in text  # valid until: 30 days after the issue date
    assert "第10条" in text and "第9条第3項" in text and "SP-2025-0001" in text
    assert "「更新後に通知」（合計231,000円、税込）" in text
    assert "値引き交渉中" not in text  # internal notes never reach paper


def test_fonts_are_embedded_and_the_same_quote_gives_the_same_bytes(tmp_path: Path) -> None:
    quote = build_quote(QuoteSubject(SPEC_TERMS, CUSTOMER), date(2025, 9, 10), issued_on=date(2025, 9, 10),
                        requested_end=date(2025, 10, 31))
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_quote(quote, COMPANY, first)
    write_quote(quote, COMPANY, second)
    assert first.read_bytes() == second.read_bytes()
    fonts = pdf_fonts(first)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # the "emb" column
    assert not any(row[0] == "Helvetica" for row in fonts)
    assert list(tmp_path.iterdir()) == [first, second] or sorted(tmp_path.iterdir()) == sorted([first, second])


def test_a_prospect_without_company_is_addressed_to_the_customer(tmp_path: Path) -> None:
    quote = build_quote(QuoteSubject(SPEC_TERMS), date(2025, 9, 10), issued_on=date(2025, 9, 10))
    text = pdf_text(render_quote(quote, COMPANY), tmp_path)
    assert "お客様御中" in text and "（ご契約前）" in text


def test_a_crowded_quote_still_fits_one_page() -> None:
    changes = tuple(FeeChange(date(2025, month, 1), 50_000 + month * 1_000) for month in range(5, 13))
    terms = ContractTerms(date(2025, 4, 30), FeeSchedule(PENALTY_FEE, changes), date(2026, 5, 31), 150_000)
    long = Addressee(company="株式会社" + "長い名前" * 12, department="情報システム本部 セキュリティ運用部 第二課",
                     person="山田 花子", postal_code="100-0005", address="東京都千代田区丸の内1-1-1 " + "ビル" * 20)
    quote = build_quote(QuoteSubject(terms, long, contract_number="SP-2025-00042", contract_id=1), date(2026, 4, 30),
                        issued_on=date(2026, 4, 1), requested_end=date(2026, 6, 30))
    data = render_quote(quote, COMPANY.with_changes(date_style="japanese", company_department="カスタマーサクセス部"))
    assert page_count(data) == 1


def test_the_timeline_is_vector_graphics_not_an_image(tmp_path: Path) -> None:
    quote = build_quote(QuoteSubject(SPEC_TERMS, CUSTOMER), date(2026, 4, 5), issued_on=date(2026, 4, 5))
    data = render_quote(quote, COMPANY)
    assert b"/Subtype /Image" not in data
    text = pdf_text(data, tmp_path)
    for label in ("利用開始", "更新拒絶期限", "解約通知", "当初契約期間", "【最安】更新後に通知"):
        assert label in text  # drawn as text by reportlab.graphics
