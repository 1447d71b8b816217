"""The penalty quote in a meeting: a notice-date change to the redrawn table and picture (target
≤ 16 ms, one frame), and the printed quote PDF (target ≤ 100 ms) beside a bare ReportLab page with
the same font and the same text in the same run (target ratio ≤ 3×).

The screen part runs offscreen (QT_QPA_PLATFORM=offscreen is set when unset): each step types a new
notice date into the presenter, which repaints the table and the timeline synchronously.
"""
from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.notices.layout import FONT_BODY, FONT_HEAD, register_fonts  # noqa: E402
from app.notices.quote_document import render_quote  # noqa: E402
from app.quote import Addressee, QuoteSubject, build_quote  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.terms import ContractTerms, FeeChange, FeeSchedule  # noqa: E402

SUBJECT = QuoteSubject(
    ContractTerms(date(2025, 4, 15), FeeSchedule(50_000, (FeeChange(date(2026, 1, 1), 70_000),)), date(2026, 4, 30)),
    Addressee(company="株式会社サンプル商事", department="情報システム部", person="山田 花子",
              postal_code="100-0005", address="東京都千代田区丸の内1-1-1"),
    contract_number="SP-2025-00042", contract_id=1,
)
SETTINGS = Settings(company_name="アズジェント株式会社", company_postal_code="104-0044",
                    company_address="東京都中央区明石町6-4", company_phone="03-0000-0000",
                    company_representative="代表取締役 山田 太郎", company_registration_number="T4010001234567",
                    date_style="japanese")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=timezone(timedelta(hours=9)))


def _times_ms(step: Callable[[int], object], count: int) -> list[float]:
    out = []
    for i in range(count):
        began = time.perf_counter()
        step(i)
        out.append((time.perf_counter() - began) * 1000)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


class PaintCounter:
    """Counts the paint events of the table's viewport and the timeline (proof that a step redrew them)."""

    def __init__(self, table: Any, timeline: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.counts: dict[str, int] = {}
        names = {id(table): "table", id(timeline): "timeline"}
        counts = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
                if event.type() == QEvent.Type.Paint:
                    name = names[id(watched)]
                    counts.counts[name] = counts.counts.get(name, 0) + 1
                return False

        self.filter = Filter()
        table.installEventFilter(self.filter)
        timeline.installEventFilter(self.filter)


def screen_figures(count: int) -> dict[str, float]:
    from ui.app import create_application
    from ui.hub import Hub
    from ui.screens.quote import QuoteScreen

    app = create_application(["bench"])
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    host = QWidget()
    host.resize(1366, 768)
    hub = Hub(SETTINGS, clock=lambda: NOW)
    screen = QuoteScreen(hub, host)
    QVBoxLayout(host).addWidget(screen)
    host.show()
    if not QTest.qWaitForWindowExposed(host):
        raise RuntimeError("the offscreen window was not exposed: nothing would be painted")
    screen.presenter.set_subject(SUBJECT)
    screen.presenter.set_field("end", "2026-05-31")  # five columns: the user's end date too
    first = date(2025, 5, 1)

    paints = PaintCounter(screen.table.viewport(), screen.timeline)

    def step(i: int) -> None:
        """A new notice date typed, then the event loop's turn: it paints what changed, once."""
        screen.presenter.set_field("notice", (first + timedelta(days=(i * 7) % 900)).isoformat())
        app.processEvents()

    _times_ms(step, 10)  # warm-up: fonts, caches
    paints.counts = {}
    times = _times_ms(step, count)
    host.close()
    if min(paints.counts.values(), default=0) < count:
        raise RuntimeError(f"not every step repainted the table and the picture: {paints.counts}")
    return {"notice_change_ms_median": statistics.median(times), "notice_change_ms_p95": _p95(times),
            "table_paints_per_step": paints.counts.get("table", 0) / count,
            "timeline_paints_per_step": paints.counts.get("timeline", 0) / count}


def bare_page(lines: list[str]) -> bytes:
    """The baseline: the same text on one A4 page with the same fonts, drawn line by line on a canvas."""
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1, initialFontName=FONT_BODY)
    y = A4[1] - 40
    for index, line in enumerate(lines):
        canvas.setFont(FONT_HEAD if index % 7 == 0 else FONT_BODY, 7)
        canvas.drawString(40, y, line)
        y -= 8.5
        if y < 40:
            y = A4[1] - 40
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def pdf_figures(count: int) -> dict[str, float]:
    from pypdf import PdfReader

    quote = build_quote(SUBJECT, date(2026, 4, 5), issued_on=NOW.date(), requested_end=date(2026, 5, 31))
    data = render_quote(quote, SETTINGS)
    lines = [line for line in PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines() if line.strip()]
    render_quote(quote, SETTINGS)
    bare_page(lines)
    quote_ms = _times_ms(lambda _i: render_quote(quote, SETTINGS), count)
    bare_ms = _times_ms(lambda _i: bare_page(lines), count)
    return {
        "quote_pdf_ms_median": statistics.median(quote_ms),
        "bare_page_ms_median": statistics.median(bare_ms),
        "quote_pdf_to_bare_ratio": statistics.median(quote_ms) / statistics.median(bare_ms),
        "quote_pdf_bytes": float(len(data)),
        "text_lines": float(len(lines)),
    }


def run(quick: bool = False) -> dict[str, float]:
    figures = pdf_figures(5 if quick else 30)
    figures.update(screen_figures(20 if quick else 200))
    return figures


if __name__ == "__main__":
    for name, value in run(quick="--quick" in sys.argv).items():
        print(f"{name:28} {value:10.2f}")
