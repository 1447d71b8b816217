"""Notices: 1,000 renewal notices into one PDF beside a bare ReportLab canvas, one notice from
click to preview, and the peak memory of the 1,000-notice batch.

Figures (seconds unless named otherwise):
    bare_canvas_s          the same text of the 1,000 letters drawn line by line on a bare canvas,
                           same fonts (embedded, subset), one page per letter: the baseline
    render_s               render_letters of the 1,000 built letters into one PDF
    render_ratio           render_s / bare_canvas_s                       (goal <= 4)
    issue_s                the whole batch as the user runs it: read 1,000 contracts, number,
                           build, render to one PDF, record 1,000 rows and audit entries
    issue_ratio            issue_s / bare_canvas_s
    click_to_preview_ms    the 通知・印刷 screen, a due row clicked -> preview shown (offscreen Qt,
                           in a fresh process; goal <= 300 ms)
    batch_peak_rss_mb      peak resident memory of a process running the 1,000-notice batch
                           (goal <= 250 MB); batch_base_rss_mb the same process just before the batch (imports loaded)
Run alone: `.venv/bin/python bench/run_all.py --only notices`.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

TODAY = date(2026, 3, 2)
TERM_END = date(2026, 4, 30)


def make_database(folder: Path, count: int) -> str:
    """A database at head with `count` running contracts whose term ends on 2026-04-30."""
    from sqlmodel import Session

    from app.models import Contract, ContractStatus, Customer
    from app.settings import Settings
    from app.store.database import open_database
    from app.store.paths import path_to_url
    from app.usecases.context import JST

    url = path_to_url(folder / "bench.db")
    database = open_database(url, backup_count=10, now=datetime(2026, 3, 1))
    with Session(database.engine) as session:
        for i in range(count):
            customer = Customer(company_name=f"株式会社ベンチ商事{i:04d}", company_kana=f"ベンチ{i:04d}",
                                department="情報システム部", contact_person=f"担当 {i:04d}", postal_code="100-0001",
                                address="東京都千代田区千代田1-1", created_at=datetime(2025, 4, 1, tzinfo=JST))
            session.add(customer)
            session.flush()
            session.add(Contract(number=f"SP-2025-{i + 1:05d}", customer_id=int(customer.id),  # type: ignore[arg-type]
                                 accepted_date=date(2025, 4, 1), start_date=date(2025, 4, 15),
                                 initial_term_end=TERM_END, term_confirmed=True, initial_fee=100_000,
                                 monthly_fee=50_000 + (i % 50) * 1000, status=ContractStatus.ACTIVE,
                                 current_term_end=TERM_END, non_renewal_deadline=date(2026, 3, 31),
                                 current_monthly_fee=50_000 + (i % 50) * 1000))
        session.commit()
    database.close()
    return url


def settings() -> Any:
    from app.settings import Settings

    return Settings(user_name="bench", company_name="株式会社アズジェント", company_department="カスタマーサクセス部",
                    company_postal_code="104-0044", company_address="東京都中央区明石町6-4 ニチレイ明石町ビル",
                    company_phone="03-6853-7401", company_registration_number="T9234567890123",
                    company_representative="代表取締役 山田 太郎")


def requests(url: str) -> list[Any]:
    from sqlmodel import Session, col, select

    from app.models import Contract
    from app.notices.builders import BuildOptions
    from app.notices.kinds import DocumentKind
    from app.store.engine import make_engine
    from app.usecases.documents import IssueRequest

    engine = make_engine(url)
    with Session(engine) as session:
        ids = session.exec(select(Contract.id).order_by(col(Contract.id))).all()
    engine.dispose()
    return [IssueRequest(DocumentKind.RENEWAL, int(i), BuildOptions(term_end=TERM_END)) for i in ids]  # type: ignore[arg-type]


def build_letters(url: str) -> list[Any]:
    from sqlmodel import Session

    from app.notices.builders import IssueContext, build
    from app.notices.layout import Sender
    from app.notices.sources import load_facts
    from app.store.engine import make_engine

    reqs = requests(url)
    engine = make_engine(url)
    with Session(engine) as session:
        facts = load_facts(session, [r.contract_id for r in reqs])
    engine.dispose()
    ic = IssueContext(TODAY, Sender.from_settings(settings()), "western")
    return [build(r.kind, facts[r.contract_id], f"SP2026-{n + 1:06d}", ic, r.options) for n, r in enumerate(reqs)]


def letter_lines(letter: Any) -> list[str]:
    """Every text of a letter, long paragraphs cut into lines of 44 characters (what fits A4)."""
    from app.formatting import format_date
    from app.notices.layout import FigureTable

    texts = [f"文書番号　{letter.document_number}", f"発行日　{format_date(letter.issue_date)}",
             *letter.addressee.lines(), *letter.sender.lines(), letter.subject, f"拝啓　{letter.opening}",
             *letter.body, "敬具", "記"]
    for item in letter.record:
        if isinstance(item, FigureTable):
            texts += ["　".join(row) for row in item.rows]
        else:
            texts.append(item)
    texts += [*letter.notes, "以上"]
    lines: list[str] = []
    for text in texts:
        lines += [text[i:i + 44] for i in range(0, len(text), 44)] or [""]
    return lines


def bare_canvas(letters: list[Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.notices.layout import FONT_BODY, FONT_HEAD, register_fonts

    register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1, pageCompression=1, initialFontName=FONT_BODY)
    for letter in letters:
        y = A4[1] - 60
        c.setFont(FONT_HEAD, 14)
        c.drawString(60, y, letter.subject)
        c.setFont(FONT_BODY, 10.5)
        for line in letter_lines(letter):
            y -= 14
            if y < 40:
                break
            c.drawString(60, y, line)
        c.showPage()
    c.save()
    return out.getvalue()


def timed(function: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def child_batch(url: str, root: str) -> None:
    """Subprocess: the 1,000-notice batch; prints its wall time and peak RSS as JSON."""
    from bench.peak_memory import current_rss_kb, peak_rss_kb

    from app.store.engine import make_engine
    from app.usecases.context import UseCaseContext
    from app.usecases.documents import issue_documents

    reqs = requests(url)
    engine = make_engine(url)
    base = current_rss_kb()
    started = time.perf_counter()
    result = issue_documents(engine, UseCaseContext("bench", TODAY), settings(), reqs, root=Path(root))
    elapsed = time.perf_counter() - started
    peak = peak_rss_kb()
    print(json.dumps({"issue_s": elapsed, "documents": len(result.documents), "base_kb": base, "peak_kb": peak}))


def child_preview(url: str, root: str) -> None:
    """Subprocess: the screen shows the due list; one row clicked -> preview shown."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QApplication, QWidget

    from app.store.engine import make_engine
    from app.usecases.context import JST
    from ui.hub import Hub
    from ui.screens.notices import NoticesScreen
    from ui.workers import running_tasks

    app = QApplication([])
    engine = make_engine(url)
    the_settings = settings()
    hub = Hub(the_settings, clock=lambda: datetime(2026, 3, 2, 10, 0, tzinfo=JST))
    hub.set_workspace(SimpleNamespace(database=SimpleNamespace(engine=engine, path=Path(root) / "bench.db"),  # type: ignore[arg-type]
                                      settings=the_settings))
    parent = QWidget()
    screen = NoticesScreen(hub, parent)
    parent.resize(1280, 720)
    parent.show()
    screen.refresh()

    def wait(condition: Any, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while not condition() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: running_tasks() == 0 and screen.data is not None)
    times = []
    for row in range(5):
        screen.preview.clear()
        started = time.perf_counter()
        screen.preview_due(row)
        wait(lambda: screen.preview.page_count() > 0)
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"first_ms": times[0], "median_ms": sorted(times)[len(times) // 2],
                      "due_rows": len(screen.due_model.rows)}))


def _child(mode: str, url: str, root: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    out = subprocess.run([sys.executable, __file__, mode, url, root], cwd=REPO_ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run(quick: bool = False) -> dict[str, float | int | str]:
    count = 200 if quick else 1000
    from app.notices.layout import register_fonts, render_letters

    register_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = make_database(folder, count)
        letters = build_letters(url)
        render_letters(letters[:5], io.BytesIO())  # warm: fonts and styles, as in a running program
        bare_canvas(letters[:5])
        bare_s, bare_pdf = timed(bare_canvas, letters)
        render_s, _ = timed(lambda: render_letters(letters, io.BytesIO()))
        batch = _child("batch", url, str(folder / "documents"))
        preview = _child("preview", make_database(Path(tempfile.mkdtemp(dir=tmp)), 50), tmp)
    return {
        "letters": count,
        "bare_canvas_s": round(bare_s, 3),
        "render_s": round(render_s, 3),
        "render_ratio": round(render_s / bare_s, 2),
        "issue_s": round(batch["issue_s"], 3),
        "issue_ratio": round(batch["issue_s"] / bare_s, 2),
        "bare_pdf_kb": len(bare_pdf) // 1024,
        "click_to_preview_ms": round(preview["median_ms"], 1),
        "click_to_preview_first_ms": round(preview["first_ms"], 1),
        "batch_base_rss_mb": round(batch["base_kb"] / 1024, 1),
        "batch_peak_rss_mb": round(batch["peak_kb"] / 1024, 1),
    }


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "batch":
        child_batch(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "preview":
        child_preview(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(run(quick="--quick" in sys.argv), ensure_ascii=False, indent=2))
