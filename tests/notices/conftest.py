"""Notices tests: SPEC example contracts made through the use cases, a complete company profile,
the documents folder in the test's temp dir, and reading a PDF's text back."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.settings import Settings
from app.usecases.context import UseCaseContext
from tests.usecases.conftest import new_contract

COMPANY = dict(
    company_name="株式会社アズジェント",
    company_department="カスタマーサクセス部",
    company_postal_code="104-0044",
    company_address="東京都中央区明石町6-4 ニチレイ明石町ビル",
    company_phone="03-6853-7401",
    company_registration_number="T9234567890123",
    company_representative="代表取締役 山田 太郎",
)


def settings_for(style: str = "western", **changes: str) -> Settings:
    return Settings(user_name="山田 太郎", date_style=style, **{**COMPANY, **changes})  # type: ignore[arg-type]


@pytest.fixture
def settings() -> Settings:
    return settings_for()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "documents"


def ctx_on(day: date) -> UseCaseContext:
    return UseCaseContext("山田 太郎", day)


def spec_contract(engine: Engine, **kwargs: object) -> int:
    """SPEC section 4: start 2025-04-15, 50,000/month, initial term to 2026-04-30."""
    return new_contract(engine, ctx_on(date(2025, 4, 15)), start=date(2025, 4, 15), fee=50_000,
                        initial_end=date(2026, 4, 30), **kwargs)  # type: ignore[arg-type]


def pdf_text(data: bytes | Path) -> str:
    """The text of a PDF in the order it is drawn (pypdf), spaces and line breaks removed for matching.

    pdftotext regroups text into blocks by position, which splits table cells and the address
    blocks unpredictably; the drawing order is the letter's reading order.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return text.replace(" ", "").replace("\u3000", "").replace("\n", "")
