"""The shared letter layout: byte-identical output, fonts, page ranges, templates complete."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from pypdf import PdfReader

from app.notices.builders import BuildOptions, IssueContext, build_renewal
from app.notices.kinds import DocumentKind
from app.notices.layout import Addressee, FigureTable, Letter, Sender, render_letter, render_letters
from app.notices.sources import LetterFacts
from app.notices.templates import TemplateError, load_template, parse_template
from app.usecases.contract_terms import ContractFacts
from app import terms
from tests.notices.conftest import pdf_text

SENDER = Sender("株式会社アズジェント", "カスタマーサクセス部", "104-0044", "東京都中央区明石町6-4", "03-6853-7401",
                "T9234567890123", "代表取締役 山田 太郎")


def sample_letter(number: str = "SP2026-000001", body_lines: int = 1) -> Letter:
    return Letter(number, date(2026, 3, 2), Addressee("株式会社テスト商事", "情報システム部", "鈴木 一郎"), SENDER,
                  "契約更新のご案内", opening="時下ますますご清栄のこととお慶び申し上げます。",
                  body=["本文です。" * 30] * body_lines,
                  record=[FigureTable([["月額費用（税抜）", "50,000円"], ["合計", "55,000円"]], total_rows=[1])],
                  notes=["※ 利用約款第9条第3項"])


def test_same_letter_same_bytes_and_page_ranges() -> None:
    assert render_letter(sample_letter()) == render_letter(sample_letter())
    out = io.BytesIO()
    ranges = render_letters([sample_letter("A"), sample_letter("B", body_lines=25), sample_letter("C")], out)
    assert ranges == [(1, 1), (2, 3), (5, 1)]
    assert len(PdfReader(io.BytesIO(out.getvalue())).pages) == 5
    text = pdf_text(out.getvalue())
    assert text.index("文書番号A") < text.index("文書番号B") < text.index("文書番号C")
    # the continuation pages of B name it, with their sheet number
    assert "文書番号B（2枚目）" in text and "文書番号B（3枚目）" in text and "文書番号A（" not in text


def test_addressee_without_a_person_takes_onchu() -> None:
    assert Addressee("株式会社テスト商事").lines()[-1] == "株式会社テスト商事　御中"
    assert Addressee("株式会社テスト商事", "総務部").lines()[-1] == "総務部　御中"
    assert Addressee("株式会社テスト商事", "", "鈴木", "殿").lines()[-1] == "鈴木　殿"


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k != DocumentKind.PENALTY_QUOTE])
def test_every_template_loads(kind: DocumentKind) -> None:
    template = load_template(kind.value)
    assert template.subject and template.record


def test_a_template_asking_for_an_unknown_value_is_an_error_not_a_blank() -> None:
    template = parse_template("x", load_template("renewal").path, 'subject = "件名 {no_such_value}"\nrecord = []')
    with pytest.raises(TemplateError, match="no_such_value"):
        template.fill(template.subject, {})


def facts_for(start: date, fee: int) -> LetterFacts:
    schedule = terms.FeeSchedule(fee)
    return LetterFacts(
        contract_id=1, number="SP-2025-00001", customer_id=1, addressee=Addressee("株式会社テスト商事"),
        rules=ContractFacts(schedule, terms.ContractTerms(start, schedule), None), notice_date=None, end_ground="",
        change_contracts=(), open_cures=(), charges=())


@settings(max_examples=15)
@given(start=st.dates(date(2025, 4, 1), date(2030, 12, 31)), fee=st.integers(1, 5_000_000),
       style=st.sampled_from(["western", "japanese"]))
def test_renewal_figures_come_from_the_terms(start: date, fee: int, style: str) -> None:
    facts = facts_for(start, fee)
    term_end = terms.minimum_term_end(start)
    letter = build_renewal(facts, "SP2030-000001", IssueContext(term_end, SENDER, style),
                           BuildOptions(term_end=term_end))
    table = letter.record[0]
    assert isinstance(table, FigureTable)
    values = dict((row[0], row[1]) for row in table.rows)
    tax = fee * 10 // 100
    assert values["更新後の月額費用（税抜）"] == f"{fee:,}円"
    assert values["更新後の月額費用（税込）"] == f"{fee + tax:,}円"
    from app.formatting import format_date

    assert values["更新しない場合のお申し出期限（必着）"] == format_date(terms.notice_deadline(term_end), style)
    text = pdf_text(render_letter(letter))
    assert f"{fee + tax:,}円" in text and format_date(term_end, style) in text


def test_a_seal_image_is_printed_with_the_sender(tmp_path: Path) -> None:
    import subprocess

    from app.resources import resource_path

    seal = resource_path("resources", "icons", "secplus-desk.png")
    sender = Sender(**{**SENDER.__dict__, "seal_image": str(seal)})
    letter = sample_letter()
    letter.sender = sender
    path = tmp_path / "seal.pdf"
    path.write_bytes(render_letter(letter))
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) > 2  # header lines + the seal
    missing = Sender(**{**SENDER.__dict__, "seal_image": str(tmp_path / "none.png")})
    letter.sender = missing
    assert render_letter(letter)  # a seal file that went missing is left out, not an error
