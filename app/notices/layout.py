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
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config  # type: ignore[import-untyped]
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
from app.notices.addressee import Addressee as Addressee  # re-exported: a Letter names its addressee
from app.notices.addressee import address_lines
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
    """Register the bundled IPAex fonts with ReportLab once (embedded, subset on output).

    Also switches off ReportLab's ASCII85 wrapping of compressed streams (rl_config.useA85):
    binary streams are smaller and a 1,000-letter batch renders about a tenth faster.
    """
    rl_config.useA85 = 0
    for name in (FONT_BODY, FONT_HEAD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    return FONT_BODY, FONT_HEAD


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
        out = address_lines(self.postal_code, self.address)
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
    font_size: float | None = None  # points; default: the letter's cell size (10)


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
    addressee_name: ParagraphStyle


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
        addressee_name=ParagraphStyle("addressee_name", parent=plain, fontSize=12.5, leading=16, alignment=TA_LEFT),
    )


class _Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its line breaks for a width: the same text in the next letter of
    a batch is laid out once (breaking CJK lines is most of the rendering time)."""

    _memo: tuple[float, float, float, Any, Any] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._memo
        if memo is not None and memo[0] == availWidth:
            _, self.width, self.height, self.blPara, self._wrapWidths = memo
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, self.width, self.height, self.blPara, self._wrapWidths)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> Any:
        self._memo = None
        return super().split(availWidth, availHeight)


class ParagraphCache:
    """Paragraphs by (text, style) for one rendering: a batch parses and breaks a repeated line once.
    One per render call, so that threads rendering at the same time share nothing."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, int], _Para] = {}

    def get(self, text: str, style: ParagraphStyle) -> Paragraph:
        key = (text, id(style))
        item = self._items.get(key)
        if item is None:
            if len(self._items) > 20_000:
                self._items.clear()
            item = self._items[key] = _Para(escape(text), style)
        return item


class _Line(Flowable):  # type: ignore[misc]
    """One line of text that fits its width: drawn as one string, placed as a Paragraph would place
    it (a Paragraph costs several times more to draw; a letter is mostly such lines)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        # whitespace as a Paragraph treats it: runs (the ideographic space too) become one space
        self.text = " ".join(text.split())
        self.style = style
        self.width = 0.0
        self.height = float(style.leading)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, style.fontSize)
        y = self.height - style.fontSize
        if style.alignment == TA_RIGHT:
            width = text_width(self.text, style.fontName, style.fontSize)
            canvas.drawString(self.width - style.rightIndent - width, y, self.text)
        elif style.alignment == TA_CENTER:
            width = text_width(self.text, style.fontName, style.fontSize)
            canvas.drawString((self.width + style.leftIndent - style.rightIndent - width) / 2, y, self.text)
        else:
            canvas.drawString(style.leftIndent + style.firstLineIndent, y, self.text)


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    """pdfmetrics.stringWidth, remembered: the labels and fixed lines recur in every letter of a batch."""
    return float(pdfmetrics.stringWidth(text, font, size))


def _fits(text: str, style: ParagraphStyle, width: float) -> bool:
    room = width - style.leftIndent - style.firstLineIndent - style.rightIndent
    return "\n" not in text and text_width(" ".join(text.split()), style.fontName, style.fontSize) <= room


def _p(text: str, style: ParagraphStyle, cache: ParagraphCache | None = None,
       width: float = TEXT_WIDTH) -> Flowable:
    """A line or paragraph of text: one string when it fits on one line at `width`, else a Paragraph."""
    if _fits(text, style, width):
        return _Line(text, style)
    if cache is not None:
        return cache.get(text, style)
    return Paragraph(escape(text), style)


class PageMark(Flowable):  # type: ignore[misc]
    """Zero-size marker that notes the page on which a letter starts (for page ranges), and which
    letter is being drawn (for the header of its continuation pages)."""

    def __init__(self, sink: list[int], number: str = "") -> None:
        super().__init__()
        self.sink = sink
        self.number = number
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.canv._secplus_letter = (self.number, page)
        self.sink.append(page)


def _continuation_header(canvas: Any, _doc: Any) -> None:
    """On the second and later pages of a letter: its document number and the sheet number."""
    number, first = getattr(canvas, "_secplus_letter", ("", 0))
    page = canvas.getPageNumber()
    if not number or page <= first:
        return
    canvas.saveState()
    canvas.setFont(FONT_BODY, 8.5)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - MARGIN_TOP + 5 * mm,
                           f"文書番号　{number}（{page - first + 1}枚目）")
    canvas.restoreState()


CELL_PADDING = 6  # left + right padding of a table cell (points)
CELL_TOP, CELL_BOTTOM = 3, 4  # top and bottom padding of a table cell (points)
FAST_ROWS = 20  # a figure table of plain one-line cells up to this many rows is drawn directly
GRID_COLOR = colors.Color(0.55, 0.55, 0.55)
HEADER_SHADE = colors.Color(0.92, 0.92, 0.92)
TOTAL_SHADE = colors.Color(0.96, 0.96, 0.96)


class _Rows(Flowable):  # type: ignore[misc]
    """A figure table whose cells are all one line: the same look as the platypus Table (grid,
    shaded header and total rows, numbers right-aligned), drawn directly (several times faster)."""

    def __init__(self, data: list[list[Any]], widths: list[float], bold_rows: set[int], numeric: set[int],
                 size: float, leading: float, *, header: bool, totals: set[int]) -> None:
        super().__init__()
        self.data, self.widths, self.bold_rows, self.numeric = data, widths, bold_rows, numeric
        self.size, self.leading, self.row_height = size, leading, leading + CELL_TOP + CELL_BOTTOM
        self.header, self.totals = header, totals
        self.width = sum(widths)
        self.height = self.row_height * len(data)
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, h = self.canv, self.row_height
        for r in range(len(self.data)):
            shade = HEADER_SHADE if (self.header and r == 0) else (TOTAL_SHADE if r in self.totals else None)
            if shade is not None:
                canvas.setFillColor(shade)
                canvas.rect(0, self.height - (r + 1) * h, self.width, h, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(GRID_COLOR)
        canvas.setLineWidth(0.5)
        xs = [0.0]
        for width in self.widths:
            xs.append(xs[-1] + width)
        for r in range(len(self.data) + 1):
            canvas.line(0, r * h, self.width, r * h)
        for x in xs:
            canvas.line(x, 0, x, self.height)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(1.2)
        for r in self.totals:
            y = self.height - r * h
            canvas.line(0, y, self.width, y)
        for r, row in enumerate(self.data):
            font = FONT_HEAD if r in self.bold_rows else FONT_BODY
            canvas.setFont(font, self.size)
            # the baseline where a Table puts a middle-aligned line (platypus tables.py, valign MIDDLE)
            y = self.height - (r + 1) * h + (CELL_BOTTOM + h - CELL_TOP + self.leading) / 2 - self.size
            for c, text in enumerate(row):
                if c in self.numeric:
                    canvas.drawString(xs[c + 1] - CELL_PADDING / 2 - text_width(text, font, self.size), y, text)
                else:
                    canvas.drawString(xs[c] + CELL_PADDING / 2, y, text)


def _figure_table(table: FigureTable, styles: LetterStyles, cache: ParagraphCache | None = None) -> Flowable:
    """Cells that fit on one line are drawn as plain strings (fast); longer ones wrap as paragraphs."""
    ncols = max(len(r) for r in ([table.header] if table.header else []) + [list(r) for r in table.rows])
    width = TEXT_WIDTH - 10 * mm
    if table.font_size:
        size = table.font_size
        styles = replace(styles, **{name: ParagraphStyle(f"{name}_{size}", parent=getattr(styles, name), fontSize=size,
                                                         leading=size * 1.35)
                                    for name in ("cell", "cell_right", "cell_bold", "cell_bold_right")})
    if table.col_widths:
        widths = [w * mm for w in table.col_widths]
    elif ncols == 1:
        widths = [width]
    else:
        first = width * (0.5 if ncols == 2 else 0.34)
        widths = [first] + [(width - first) / (ncols - 1)] * (ncols - 1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_BODY),  # else Table selects (unembedded) Helvetica
        ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.55, 0.55, 0.55)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_BOTTOM),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
    ]
    offset = 1 if table.header else 0
    bold_rows = ({0} if table.header else set()) | {i + offset for i in table.total_rows}
    data: list[list[str | Paragraph]] = []
    source = ([list(table.header)] if table.header else []) + [list(r) for r in table.rows]
    for r, row in enumerate(source):
        bold = r in bold_rows
        cells: list[str | Paragraph] = []
        for c, text in enumerate(row):
            numeric = c in table.numeric_columns
            font = FONT_HEAD if bold else FONT_BODY
            if text_width(text, font, styles.cell.fontSize) <= widths[c] - CELL_PADDING - 1:
                cells.append(text)
            else:
                style = (styles.cell_bold_right if numeric else styles.cell_bold) if bold else (
                    styles.cell_right if numeric else styles.cell)
                cells.append(_p(text, style, cache, widths[c] - CELL_PADDING))
            if numeric:
                commands.append(("ALIGN", (c, r), (c, r), "RIGHT"))
        if bold:
            commands.append(("FONTNAME", (0, r), (-1, r), FONT_HEAD))
        data.append(cells)
    if all(isinstance(cell, str) for row in data for cell in row) and len(data) <= FAST_ROWS:
        return _Rows(data, widths, bold_rows, set(table.numeric_columns), styles.cell.fontSize,
                     styles.cell.leading, header=bool(table.header), totals={i + offset for i in table.total_rows})
    if table.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)))
    for index in table.total_rows:
        commands.append(("LINEABOVE", (0, index + offset), (-1, index + offset), 1.2, colors.black))
        commands.append(("BACKGROUND", (0, index + offset), (-1, index + offset), colors.Color(0.96, 0.96, 0.96)))
    return Table(data, colWidths=widths, style=TableStyle(commands), hAlign="CENTER")


class _Columns(Flowable):  # type: ignore[misc]
    """Columns of single lines side by side, top-aligned (the addressee and sender blocks)."""

    def __init__(self, columns: list[list[Flowable]], widths: list[float]) -> None:
        super().__init__()
        self.columns = columns
        self.widths = widths
        self.width = sum(widths)
        self.height = max(sum(item.height for item in column) for column in columns)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for column, width in zip(self.columns, self.widths):
            y = self.height
            for item in column:
                item.wrap(width, y)
                y -= item.height
                item.drawOn(self.canv, x, y)
            x += width


def _two_blocks(letter: Letter, styles: LetterStyles, cache: ParagraphCache | None = None) -> Flowable:
    """Addressee on the left, sender on the right, top-aligned."""
    left_width, right_width = TEXT_WIDTH * 0.55, TEXT_WIDTH * 0.45
    to_lines = letter.addressee.lines()
    to = [_p(line, styles.address, cache, left_width) for line in to_lines[:-1]]
    to.append(_p(to_lines[-1], styles.addressee_name, cache, left_width))
    right = [_p(line, styles.address, cache, right_width) for line in letter.sender.lines()]
    if letter.sender.seal_image and Path(letter.sender.seal_image).is_file():
        right.append(Image(letter.sender.seal_image, width=18 * mm, height=18 * mm, kind="proportional",
                           hAlign="RIGHT"))
    elif all(isinstance(item, _Line) for item in to + right):
        return _Columns([to, right], [left_width, right_width])
    table = Table([[to, right]], colWidths=[left_width, right_width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_BODY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),  # the seal at the right; the text lines fill the width
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def letter_story(letter: Letter, styles: LetterStyles | None = None,
                 cache: ParagraphCache | None = None) -> list[Flowable]:
    """The flowables of one letter (no page break before or after); `cache` shares repeated lines."""
    s = styles or letter_styles()
    story: list[Flowable] = [
        _p(f"文書番号　{letter.document_number}", s.right, cache),
        _p(f"発行日　{format_date(letter.issue_date, letter.date_style)}", s.right, cache),
        Spacer(1, 5 * mm),
        _two_blocks(letter, s, cache),
        Spacer(1, 9 * mm),
        _p(letter.subject, s.subject, cache),
        Spacer(1, 6 * mm),
    ]
    if letter.salutation:
        story.append(_p(f"拝啓　{letter.opening}", s.body, cache))
    elif letter.opening:
        story.append(_p(letter.opening, s.body, cache))
    for paragraph in letter.body:
        story.append(_p(paragraph, s.body, cache))
    if letter.salutation:
        story.append(_p("敬具", s.right, cache))
    if letter.record:
        story += [Spacer(1, 4 * mm), _p("記", s.center, cache), Spacer(1, 3 * mm)]
        for item in letter.record:
            if isinstance(item, FigureTable):
                story.append(_figure_table(item, s, cache))
            else:
                story.append(_p(item, s.body, cache))
            story.append(Spacer(1, 2 * mm))
    story += list(letter.extra)
    if letter.notes:
        story.append(Spacer(1, 2 * mm))
        story.append(KeepTogether([_p(note, s.small, cache) for note in letter.notes]))
    if letter.record:
        story.append(_p("以上", s.right, cache))
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
        self.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPageEnd=_continuation_header)])


def render_letters(letters: Iterable[Letter], out: str | Path | BinaryIO,
                   marks: list[int] | None = None) -> list[tuple[int, int]]:
    """Write the letters into one PDF (each from a new page); their (first_page, page_count).

    `marks` (optional) receives each letter's first page as it is drawn: a list subclass may
    report progress or raise to cancel from its ``append``.
    """
    styles = letter_styles()
    marks = [] if marks is None else marks
    cache = ParagraphCache()
    story: list[Flowable] = []
    title = ""
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        title = title or letter.title or letter.subject
        story.append(PageMark(marks, letter.document_number))
        story += letter_story(letter, styles, cache)
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
