"""The shared letter layout: an A4 Japanese business letter rendered with ReportLab platypus.

Every printed document (the notices of app.notices.builders, H8's penalty quote in
app/notices/quote_document.py) is a `Letter` value rendered here, so they all look alike
and print the same bytes every time (``invariant=1``: fixed creation date and document id;
the IPAex fonts are embedded as subsets).

API
---
``Letter``          one letter, all text already formatted (dates through app.formatting):
                    ``document_number``, ``issue_date`` (printed by ``date_style``), ``addressee``
                    (``Addressee``), ``sender`` (``Sender.from_settings(settings)``), ``subject``
                    (件名), ``opening`` (the paragraph after 拝啓), ``body`` (paragraphs),
                    ``record`` (the items between 記 and 以上: ``FigureTable`` and ``Paragraph``-text
                    strings, in order), ``notes`` (article references, small print under the
                    table), ``extra`` (any platypus flowables, e.g. a vector ``Drawing`` of the
                    timeline, placed after the record), ``salutation`` (False: no 拝啓/敬具,
                    e.g. for a quote that reads as a form).
``FigureTable``     a table of figures: ``header`` (optional), ``rows`` of cells (strings), numbers
                    right-aligned in columns listed in ``numeric_columns``; ``total_rows``
                    (indexes) are printed bold with a rule above; ``col_widths`` in mm (optional).
``render_letters(letters, out)``
                    writes one PDF holding the letters one after another (each starts on a new
                    page) to a path or binary file; returns ``[(first_page, page_count), ...]``.
``render_letter(letter) -> bytes``
                    one letter as PDF bytes.
``letter_story(letter, styles)``
                    the flowables of one letter, for a caller that builds its own document.
``LetterStyles``    the paragraph styles (``letter_styles()`` makes them once per process).
``FONT_BODY``, ``FONT_HEAD``
                    the registered font names (IPAex明朝 for text, IPAexゴシック for headings).

Nothing here computes money or dates: builders pass text. Nothing here imports Qt.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.formatting import format_date
from app.resources import font_path
from app.settings import Settings

FONT_BODY = "IPAexMincho"
FONT_HEAD = "IPAexGothic"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
PDF_CREATOR = "secplus-desk"


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the bundled IPAex fonts with ReportLab once (embedded, subset on output)."""
    for name in (FONT_BODY, FONT_HEAD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    return FONT_BODY, FONT_HEAD


@dataclass(frozen=True)
class Addressee:
    """宛先: 会社名, 部署, 氏名 + 敬称. Without a person the company (or department) takes 御中."""

    company: str
    department: str = ""
    person: str = ""
    honorific: str = "様"
    postal_code: str = ""
    address: str = ""

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.postal_code:
            out.append(f"〒{self.postal_code}")
        if self.address:
            out.append(self.address)
        if self.person.strip():
            out.append(self.company)
            if self.department:
                out.append(self.department)
            out.append(f"{self.person}　{self.honorific or '様'}")
        elif self.department:
            out.append(self.company)
            out.append(f"{self.department}　御中")
        else:
            out.append(f"{self.company}　御中")
        return out


@dataclass(frozen=True)
class Sender:
    """差出人: the provider's company profile from the settings."""

    company: str
    department: str = ""
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    registration_number: str = ""
    representative: str = ""
    seal_image: str = ""  # optional path of a seal or logo (PNG/JPEG)

    @classmethod
    def from_settings(cls, settings: Settings) -> Sender:
        return cls(
            company=settings.company_name,
            department=settings.company_department,
            postal_code=settings.company_postal_code,
            address=settings.company_address,
            phone=settings.company_phone,
            registration_number=settings.company_registration_number,
            representative=settings.company_representative,
            seal_image=settings.company_seal_image,
        )

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.postal_code:
            out.append(f"〒{self.postal_code}")
        if self.address:
            out.append(self.address)
        out.append(self.company)
        if self.representative:
            out.append(self.representative)
        if self.department:
            out.append(self.department)
        if self.phone:
            out.append(f"TEL {self.phone}")
        if self.registration_number:
            out.append(f"登録番号 {self.registration_number}")
        return out


@dataclass(frozen=True)
class FigureTable:
    """Rows of figures between 記 and 以上 (strings already formatted, e.g. yen())."""

    rows: Sequence[Sequence[str]]
    header: Sequence[str] | None = None
    numeric_columns: Sequence[int] = (1,)
    total_rows: Sequence[int] = ()
    col_widths: Sequence[float] | None = None  # mm; default: label column wide, the rest even


@dataclass
class Letter:
    document_number: str
    issue_date: date
    addressee: Addressee
    sender: Sender
    subject: str
    opening: str = ""
    body: Sequence[str] = ()
    record: Sequence[FigureTable | str] = ()
    notes: Sequence[str] = ()
    extra: Sequence[Flowable] = ()
    date_style: str = "western"
    salutation: bool = True
    title: str = ""  # PDF metadata title; defaults to the subject
    meta: dict[str, Any] = field(default_factory=dict)  # free for builders (not printed)


@dataclass(frozen=True)
class LetterStyles:
    body: ParagraphStyle
    right: ParagraphStyle
    center: ParagraphStyle
    subject: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    address: ParagraphStyle


@lru_cache(maxsize=1)
def letter_styles() -> LetterStyles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT_BODY, fontSize=10.5, leading=17, wordWrap="CJK",
                          firstLineIndent=10.5)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    cell = ParagraphStyle("cell", parent=plain, fontSize=10, leading=14)
    return LetterStyles(
        body=body,
        right=ParagraphStyle("right", parent=plain, alignment=TA_RIGHT),
        center=ParagraphStyle("center", parent=plain, alignment=TA_CENTER),
        subject=ParagraphStyle("subject", parent=plain, fontName=FONT_HEAD, fontSize=14, leading=20,
                               alignment=TA_CENTER),
        small=ParagraphStyle("small", parent=plain, fontSize=8.5, leading=12.5),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_HEAD),
        cell_bold_right=ParagraphStyle("cell_bold_right", parent=cell, fontName=FONT_HEAD, alignment=TA_RIGHT),
        address=ParagraphStyle("address", parent=plain, fontSize=10.5, leading=15, alignment=TA_LEFT),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


class PageMark(Flowable):  # type: ignore[misc]
    """Zero-size marker that notes the page on which a letter starts (for page ranges)."""

    def __init__(self, sink: list[int]) -> None:
        super().__init__()
        self.sink = sink
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink.append(self.canv.getPageNumber())


def _figure_table(table: FigureTable, styles: LetterStyles) -> Table:
    ncols = max(len(r) for r in ([table.header] if table.header else []) + [list(r) for r in table.rows])
    data: list[list[Paragraph]] = []
    if table.header:
        data.append([_p(text, styles.cell_bold_right if i in table.numeric_columns else styles.cell_bold)
                     for i, text in enumerate(table.header)])
    offset = 1 if table.header else 0
    for index, row in enumerate(table.rows):
        bold = index in table.total_rows
        cells = []
        for i, text in enumerate(row):
            if i in table.numeric_columns:
                style = styles.cell_bold_right if bold else styles.cell_right
            else:
                style = styles.cell_bold if bold else styles.cell
            cells.append(_p(text, style))
        data.append(cells)
    width = TEXT_WIDTH - 10 * mm
    if table.col_widths:
        widths = [w * mm for w in table.col_widths]
    elif ncols == 1:
        widths = [width]
    else:
        first = width * (0.5 if ncols == 2 else 0.34)
        widths = [first] + [(width - first) / (ncols - 1)] * (ncols - 1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_BODY),  # else Table selects (unembedded) Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.55, 0.55, 0.55)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if table.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)))
    for index in table.total_rows:
        commands.append(("LINEABOVE", (0, index + offset), (-1, index + offset), 1.2, colors.black))
        commands.append(("BACKGROUND", (0, index + offset), (-1, index + offset), colors.Color(0.96, 0.96, 0.96)))
    result = Table(data, colWidths=widths, style=TableStyle(commands), hAlign="CENTER")
    return result


def _two_blocks(letter: Letter, styles: LetterStyles) -> Table:
    """Addressee on the left, sender on the right, top-aligned."""
    to_lines = letter.addressee.lines()
    to = [_p(line, styles.address) for line in to_lines[:-1]]
    to.append(Paragraph(f'<font size="12.5">{escape(to_lines[-1])}</font>', styles.address))
    sender = [_p(line, styles.address) for line in letter.sender.lines()]
    right: list[Flowable] = list(sender)
    if letter.sender.seal_image and Path(letter.sender.seal_image).is_file():
        right.append(Image(letter.sender.seal_image, width=18 * mm, height=18 * mm, kind="proportional",
                           hAlign="RIGHT"))
    table = Table([[to, right]], colWidths=[TEXT_WIDTH * 0.55, TEXT_WIDTH * 0.45])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_BODY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def letter_story(letter: Letter, styles: LetterStyles | None = None) -> list[Flowable]:
    """The flowables of one letter (no page break before or after)."""
    s = styles or letter_styles()
    story: list[Flowable] = [
        _p(f"文書番号　{letter.document_number}", s.right),
        _p(f"発行日　{format_date(letter.issue_date, letter.date_style)}", s.right),
        Spacer(1, 5 * mm),
        _two_blocks(letter, s),
        Spacer(1, 9 * mm),
        _p(letter.subject, s.subject),
        Spacer(1, 6 * mm),
    ]
    if letter.salutation:
        story.append(_p(f"拝啓　{letter.opening}", s.body))
    elif letter.opening:
        story.append(_p(letter.opening, s.body))
    for paragraph in letter.body:
        story.append(_p(paragraph, s.body))
    if letter.salutation:
        story.append(_p("敬具", s.right))
    if letter.record:
        story += [Spacer(1, 4 * mm), _p("記", s.center), Spacer(1, 3 * mm)]
        for item in letter.record:
            if isinstance(item, FigureTable):
                story.append(_figure_table(item, s))
            else:
                story.append(_p(item, s.body))
            story.append(Spacer(1, 2 * mm))
    story += list(letter.extra)
    if letter.notes:
        story.append(Spacer(1, 2 * mm))
        story.append(KeepTogether([_p(note, s.small) for note in letter.notes]))
    if letter.record:
        story.append(_p("以上", s.right))
    return story


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, out: str | BinaryIO, title: str) -> None:
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author="",
            creator=PDF_CREATOR,
            producer=PDF_CREATOR,
            invariant=1,
            pageCompression=1,
            initialFontName=FONT_BODY,  # no unembedded Helvetica in the file
        )
        register_fonts()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="letter", frames=[frame])])


def render_letters(letters: Iterable[Letter], out: str | Path | BinaryIO,
                   marks: list[int] | None = None) -> list[tuple[int, int]]:
    """Write the letters into one PDF (each from a new page); their (first_page, page_count).

    `marks` (optional) receives each letter's first page as it is drawn: a list subclass may
    report progress or raise to cancel from its ``append``.
    """
    styles = letter_styles()
    marks = [] if marks is None else marks
    story: list[Flowable] = []
    title = ""
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        title = title or letter.title or letter.subject
        story.append(PageMark(marks))
        story += letter_story(letter, styles)
    if not story:
        raise ValueError("no letters to render")
    target: str | BinaryIO = str(out) if isinstance(out, Path) else out
    doc = _Doc(target, title)
    doc.build(story)
    total = doc.page
    ends = marks[1:] + [total + 1]
    return [(first, end - first) for first, end in zip(marks, ends)]


def render_letter(letter: Letter) -> bytes:
    buffer = io.BytesIO()
    render_letters([letter], buffer)
    return buffer.getvalue()
