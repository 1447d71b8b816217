"""The printed penalty quote (解約違約金のお見積り): one A4 page on the shared letter layout.

Addressee, issue date (西暦/和暦 by Settings.date_style), what the quote assumes, the options side by
side with the cheapest marked, the timeline drawn as vector graphics from the same Timeline value
as the screen, the validity, the article references and the provider's company profile. Output is
byte-identical for the same quote (the layout renders with ReportLab's invariant mode).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from app.formatting import format_date, format_month, yen
from app.notices.layout import (
    FONT_BODY,
    FONT_HEAD,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE_HEIGHT,
    TEXT_WIDTH,
    Addressee,
    Letter,
    Sender,
    letter_story,
    letter_styles,
    render_letter,
)
from app.notices.timeline_drawing import timeline_drawing
from app.quote import Quote
from app.quote.picture import quote_timeline
from app.quote.text import ROW_LABELS, TITLE, TOTAL_ROW, column_cells, customer_notes, header
from app.settings import Settings

PROSPECT_ADDRESSEE = "お客様"
UNISSUED_NUMBER = "（未発行）"
COMPACT_LEVELS = (0, 1, 2)
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
FIT_MARGIN = 2 * mm
LABEL_WIDTH = 28 * mm
CELL_SIZE = 8.0
_SHADE = colors.Color(0.92, 0.92, 0.92)
_GRID: tuple[tuple[object, ...], ...] = (
    ("FONTNAME", (0, 0), (-1, -1), FONT_BODY),  # else Table selects (unembedded) Helvetica
    ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.55, 0.55, 0.55)),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
)


def addressee_of(quote: Quote) -> Addressee:
    a = quote.subject.addressee
    return replace(a, company=a.company or PROSPECT_ADDRESSEE)


def assumptions(quote: Quote, style: str, *, changes_shown: int = 3) -> Table:
    """What the figures assume: the contract, its fees, the notice date, the end dates allowed (two pairs a row)."""
    cell, _right, bold, _bold_right = _styles()
    terms = quote.subject.terms
    chain = terms.chain()
    fee = yen(terms.schedule.base_fee)
    for change in terms.schedule.changes[:changes_shown]:
        fee += f"、{format_month(change.effective_month)}から{yen(change.monthly_fee)}"
    if len(terms.schedule.changes) > changes_shown:
        fee += f"、ほか変更契約{len(terms.schedule.changes) - changes_shown}件"
    term = format_date(chain.initial_end, style)
    pairs = [
        ("契約番号", quote.subject.contract_number or "（ご契約前）"),
        ("本サービス開始日", format_date(terms.start, style)),
        ("当初の契約期間満了日", term if terms.term_confirmed else f"{term}（最低利用期間）"),
        ("解約通知の到達日（想定）", format_date(quote.notice_date, style)),
        ("指定できる終了日", f"{format_date(quote.earliest_end, style)} 〜 {format_date(quote.latest_end, style)}"),
        ("月額費用（税抜）", fee),
    ]
    data = [[Paragraph(escape(text), bold if i % 2 == 0 else cell)
             for i, text in enumerate((*pairs[r], *pairs[r + 1]))] for r in range(0, len(pairs), 2)]
    return Table(data, colWidths=[34 * mm, 49 * mm, 34 * mm, TEXT_WIDTH - 117 * mm], style=TableStyle([
        *_GRID,
        ("BACKGROUND", (0, 0), (0, -1), _SHADE),
        ("BACKGROUND", (2, 0), (2, -1), _SHADE),
    ]), hAlign="CENTER")


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = letter_styles().cell
    cell = ParagraphStyle("quote_cell", parent=base, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.3)
    right = ParagraphStyle("quote_right", parent=cell, alignment=2)
    bold = ParagraphStyle("quote_bold", parent=cell, fontName=FONT_HEAD)
    bold_right = ParagraphStyle("quote_bold_right", parent=bold, alignment=2)
    return cell, right, bold, bold_right


def options_table(quote: Quote, style: str) -> Table:
    """Options as columns, the figures as rows; the cheapest column shaded, totals bold."""
    cell, right, bold, bold_right = _styles()
    columns = quote.columns
    cells = [column_cells(c, style) for c in columns]
    data: list[list[Flowable]] = [[Paragraph("", bold)] + [Paragraph(escape(header(c)), bold) for c in columns]]
    for r, label in enumerate(ROW_LABELS):
        strong = r == TOTAL_ROW
        text_style = bold_right if strong else right
        if label == "備考":
            text_style = cell
        data.append([Paragraph(escape(label), bold)] +
                    [Paragraph(escape(cells[c][r]), text_style) for c in range(len(columns))])
    width = (TEXT_WIDTH - LABEL_WIDTH) / max(1, len(columns))
    commands: list[tuple[object, ...]] = [
        *_GRID,
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LINEABOVE", (0, TOTAL_ROW + 1), (-1, TOTAL_ROW + 1), 1.2, colors.black),
    ]
    for index, column in enumerate(columns):
        if column.cheapest:
            commands.append(("BACKGROUND", (index + 1, 0), (index + 1, -1), colors.HexColor("#e8f5e9")))
            commands.append(("BOX", (index + 1, 0), (index + 1, -1), 1.4, colors.HexColor("#2e7d32")))
        elif not column.available:
            commands.append(("TEXTCOLOR", (index + 1, 1), (index + 1, -1), colors.Color(0.45, 0.45, 0.45)))
    return Table(data, colWidths=[LABEL_WIDTH] + [width] * len(columns), style=TableStyle(commands),
                 hAlign="CENTER")


def article_notes(quote: Quote) -> list[str]:
    """The articles the quote rests on, one line each (本サービス利用約款)."""
    return ["根拠条項（本サービス利用約款）", *(f"・{a.ref}: {a.summary}" for a in quote.articles)]


def quote_letter(quote: Quote, settings: Settings, *, document_number: str = UNISSUED_NUMBER,
                 compact: int = 0) -> Letter:
    """The quote as a Letter; `compact` 1 or 2 tightens the picture and the small print (see render_quote)."""
    style = settings.date_style
    size = (7.6, 7.0, 6.5)[compact]
    small = ParagraphStyle(f"quote_small_{compact}", parent=letter_styles().small, fontSize=size, leading=size * 1.32)
    cheapest = quote.cheapest
    verdict = (f"最も費用の少ない終了方法は「{cheapest.label}」（合計 {yen(cheapest.total)}、税込）です。"
               if cheapest is not None else "")
    extra: list[Flowable] = [
        assumptions(quote, style, changes_shown=(3, 1, 0)[compact]),
        Spacer(1, 1.5 * mm),
        options_table(quote, style),
        Spacer(1, 1 * mm),
        timeline_drawing(quote_timeline(quote), TEXT_WIDTH, cheapest=cheapest.key if cheapest else None,
                         max_label_rows=(4, 2, 1)[compact], font_size=(6.5, 6.0, 5.5)[compact]),
        Spacer(1, 1.5 * mm),
    ]
    lines = [f"本お見積りの有効期限: {format_date(quote.valid_until, style)}"
             f"（発行日から{(quote.valid_until - quote.issued_on).days}日間）", *customer_notes(quote),
             *article_notes(quote)]
    extra += [Paragraph(escape(line), small) for line in lines]
    return Letter(
        document_number=document_number,
        issue_date=quote.issued_on,
        addressee=addressee_of(quote),
        sender=Sender.from_settings(settings),
        subject=TITLE,
        opening=(f"解約の通知が{format_date(quote.notice_date, style)}に当社へ到達した場合の終了方法ごとの費用を、"
                 f"下記のとおりお見積りいたします。{verdict}"),
        extra=extra,
        date_style=style,
        salutation=False,
        title=TITLE,
        meta={"kind": "penalty_quote", "notice": quote.notice_date.isoformat()},
    )


def render_quote(quote: Quote, settings: Settings, *, document_number: str = UNISSUED_NUMBER) -> bytes:
    """The quote as PDF bytes: one A4 page (a crowded quote is set tighter until it fits), the same bytes
    every time for the same input."""
    data = b""
    for compact in COMPACT_LEVELS:
        letter = quote_letter(quote, settings, document_number=document_number, compact=compact)
        if compact < COMPACT_LEVELS[-1] and story_height(letter) > FRAME_HEIGHT - FIT_MARGIN:
            continue  # measured too tall: set it tighter before drawing anything
        data = render_letter(letter)
        if page_count(data) == 1:  # the measure is close, the page count decides
            break
    return data


def story_height(letter: Letter) -> float:
    """The height the letter's flowables take in the text frame (wrapped, not drawn: cheap)."""
    total = 0.0
    for flowable in letter_story(letter):
        _width, height = flowable.wrap(TEXT_WIDTH, FRAME_HEIGHT)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def page_count(data: bytes) -> int:
    """Pages of a ReportLab PDF (page objects are written uncompressed)."""
    return len(re.findall(rb"/Type /Page[^s]", data))


def write_quote(quote: Quote, settings: Settings, path: Path, *, document_number: str = UNISSUED_NUMBER) -> bytes:
    """Render first, then write: a quote that cannot be rendered leaves no file behind."""
    data = render_quote(quote, settings, document_number=document_number)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return data


__all__: Sequence[str] = ("quote_letter", "render_quote", "write_quote", "timeline_drawing")
