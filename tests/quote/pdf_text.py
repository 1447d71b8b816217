"""Reading a quote PDF back: its text (pdftotext, whitespace removed) and its fonts (pdffonts)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from app.settings import Settings

COMPANY = Settings(
    company_name="アズジェント株式会社", company_postal_code="104-0044", company_address="東京都中央区明石町6-4",
    company_phone="03-0000-0000", company_representative="代表取締役 山田 太郎",
    company_registration_number="T4010001234567",
)


def pdf_text(data: bytes, tmp: Path) -> str:
    path = tmp / "quote.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    return "".join(out.decode("utf-8").split())


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
