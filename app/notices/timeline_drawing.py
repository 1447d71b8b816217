"""The contract timeline as vector graphics for a PDF (reportlab.graphics), from the same
app.timeline.Timeline value the window paints with QPainter (ui/widgets/timeline.py).

Terms are shaded bands on a month axis; dated marks (start, term ends, non-renewal deadlines,
change contracts, notice) stand above it with their labels; each exit option is a bar from the
day its notice must arrive to its last service day, below the axis, the cheapest one emphasised.
"""
from __future__ import annotations

from datetime import date, timedelta

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from app import timeline as tl
from app.formatting import short_date
from app.quote.text import CHEAPEST_MARK
from app.notices.layout import FONT_BODY, FONT_HEAD, register_fonts

COLORS = {kind: colors.HexColor(value) for kind, value in tl.MARK_COLORS.items()}
COLORS[tl.EXIT] = colors.HexColor("#607d8b")  # the exit bars lighter on paper, under their black captions
CHEAPEST = colors.HexColor("#2e7d32")
BANDS = tuple(colors.HexColor(value) for value in tl.BAND_COLORS)
PAD_DAYS = 20
MAX_LABEL_ROWS = 4  # marks whose label finds no room are listed in one line under the axis (the page stays one)
FONT_SIZE = 6.5
MARK_KINDS_SHOWN = (tl.START, tl.MINIMUM_TERM_END, tl.TERM_END, tl.DEADLINE, tl.CHANGE, tl.NOTICE, tl.END)


class _Scale:
    def __init__(self, first: date, last: date, left: float, right: float) -> None:
        self.first, self.last = first, last
        self.left, self.right = left, right
        self.days = max(1, (last - first).days)

    def x(self, day: date) -> float:
        return self.left + (self.right - self.left) * (day - self.first).days / self.days


def timeline_drawing(timeline: tl.Timeline, width: float, *, cheapest: str | None = None,
                     font_size: float = FONT_SIZE, max_label_rows: int = MAX_LABEL_ROWS) -> Drawing:
    """A Drawing `width` points wide; its height grows with the label rows and the exit options."""
    register_fonts()
    exits = [o for o in timeline.exit_options if o.available]
    marks = [m for m in timeline.marks() if m.kind in MARK_KINDS_SHOWN]
    first, last = timeline.span()
    scale = _Scale(first - timedelta(days=PAD_DAYS), last + timedelta(days=PAD_DAYS), 4.0, width - 4.0)
    rows = _label_rows(marks, scale, font_size, width, max_label_rows)
    line = font_size * 1.25
    label_height = (max(rows.values(), default=-1) + 1) * (2 * line + 2)
    exit_row = font_size * 2.3
    crowded = [m for i, m in enumerate(marks) if rows[i] < 0]
    legend = font_size * 1.6 if crowded else 0.0
    height = legend + 4 + len(exits) * exit_row + 12 + 10 + label_height + 2
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT_BODY  # else the renderer sets (unembedded) Helvetica first
    axis_y = legend + 4 + len(exits) * exit_row + 12
    _bands(drawing, timeline, scale, axis_y)
    _axis(drawing, scale, axis_y, font_size)
    _marks(drawing, marks, rows, scale, axis_y, font_size)
    _exits(drawing, exits, scale, axis_y - 12, font_size, exit_row, cheapest)
    if crowded:
        text = "ほかの日付: " + "、".join(f"{m.label} {short_date(m.day)}" for m in crowded)
        while stringWidth(text, FONT_BODY, font_size) > width - 4:
            text = text[:-2] + "…"
        drawing.add(String(2, 2, text, fontName=FONT_BODY, fontSize=font_size, fillColor=colors.HexColor("#424242")))
    return drawing


def _label_rows(marks: list[tl.Mark], scale: _Scale, font_size: float, width: float,
                max_rows: int) -> dict[int, int]:
    """Row of each mark's label (index into `marks`) so that no two labels overlap; -1: no room."""
    rights: list[float] = []
    out: dict[int, int] = {}
    for index, mark in enumerate(marks):
        text_width = max(stringWidth(mark.label, FONT_BODY, font_size),
                         stringWidth(short_date(mark.day), FONT_BODY, font_size)) + 4
        left = min(max(0.0, scale.x(mark.day) - 1), width - text_width)
        row = next((i for i, right in enumerate(rights) if right < left), None)
        if row is None and len(rights) >= max_rows:
            out[index] = -1
            continue
        if row is None:
            rights.append(0.0)
            row = len(rights) - 1
        rights[row] = left + text_width
        out[index] = row
    return out


def _bands(drawing: Drawing, timeline: tl.Timeline, scale: _Scale, axis_y: float) -> None:
    begin = timeline.start
    for index, end in enumerate(timeline.term_ends):
        x1, x2 = scale.x(begin), scale.x(end + timedelta(days=1))
        drawing.add(Rect(x1, axis_y, x2 - x1, 8, fillColor=BANDS[index % 2], strokeColor=None))
        label = "当初契約期間" if index == 0 else f"更新後{index}年目"
        if x2 - x1 > stringWidth(label, FONT_BODY, 5.5) + 4:
            drawing.add(String((x1 + x2) / 2, axis_y + 2, label, fontName=FONT_BODY, fontSize=5.5,
                               fillColor=colors.HexColor("#546e7a"), textAnchor="middle"))
        begin = end + timedelta(days=1)


def _axis(drawing: Drawing, scale: _Scale, axis_y: float, font_size: float) -> None:
    drawing.add(Line(scale.left, axis_y, scale.right, axis_y, strokeColor=colors.black, strokeWidth=0.8))
    month = date(scale.first.year, scale.first.month, 1)
    months = (scale.last.year - scale.first.year) * 12 + scale.last.month - scale.first.month
    every = 1 if months <= 14 else 3 if months <= 40 else 6 if months <= 80 else 12
    while month <= scale.last:
        x = scale.x(month)
        if x >= scale.left:
            major = month.month == 1
            drawing.add(Line(x, axis_y, x, axis_y - (4 if major else 2), strokeColor=colors.black, strokeWidth=0.5))
            if (month.month - 1) % every == 0:
                text = f"{month.year}年" if major or every == 12 else f"{month.month}月"
                drawing.add(String(x + 1, axis_y - 3 - font_size, text, fontName=FONT_BODY, fontSize=font_size - 1,
                                   fillColor=colors.HexColor("#424242")))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _marks(drawing: Drawing, marks: list[tl.Mark], rows: dict[int, int], scale: _Scale, axis_y: float,
           font_size: float) -> None:
    """Stems and diamonds first, then the labels on white so that no stem runs through a label."""
    line = font_size * 1.25
    row_height = 2 * line + 2
    tops = [axis_y + 10 + (rows[index] + 1) * row_height for index in range(len(marks))]
    for index, (mark, top) in enumerate(zip(marks, tops, strict=True)):
        if rows[index] < 0:  # no room for the label: the diamond only, named in the legend
            top = axis_y + 6
        x = scale.x(mark.day)
        color = COLORS.get(mark.kind, colors.black)
        drawing.add(Line(x, axis_y, x, top - 1, strokeColor=color, strokeWidth=0.5,
                         strokeDashArray=[2, 1.5] if mark.kind == tl.DEADLINE else None))
        drawing.add(Polygon([x, axis_y - 2.5, x + 2.5, axis_y, x, axis_y + 2.5, x - 2.5, axis_y],
                            fillColor=color, strokeColor=color, strokeWidth=0.3))
    for index, (mark, top) in enumerate(zip(marks, tops, strict=True)):
        if rows[index] < 0:
            continue
        x = scale.x(mark.day)
        color = COLORS.get(mark.kind, colors.black)
        label_width = max(stringWidth(mark.label, FONT_BODY, font_size),
                          stringWidth(short_date(mark.day), FONT_BODY, font_size)) + 3
        left = min(max(0.0, x - 1), drawing.width - label_width)
        drawing.add(Rect(left, top - 2 * line - 0.5, label_width, 2 * line + 0.5, fillColor=colors.white,
                         strokeColor=None))
        drawing.add(Line(left, top - 2 * line - 0.5, left, top, strokeColor=color, strokeWidth=0.8))
        drawing.add(String(left + 2, top - line + 1.2, mark.label, fontName=FONT_BODY, fontSize=font_size,
                           fillColor=color))
        drawing.add(String(left + 2, top - 2 * line + 1.2, short_date(mark.day), fontName=FONT_BODY,
                           fontSize=font_size, fillColor=color))


def _exits(drawing: Drawing, exits: list[tl.ExitMark], scale: _Scale, top: float, font_size: float,
           row: float, cheapest: str | None) -> None:
    for index, option in enumerate(exits):
        y = top - index * row - row / 2
        best = option.key == cheapest
        color = CHEAPEST if best else COLORS[tl.EXIT]
        x1, x2 = scale.x(option.notice_by), scale.x(option.end)
        drawing.add(Line(x1, y, x2, y, strokeColor=color, strokeWidth=3.2 if best else 2.2))
        drawing.add(Polygon([x1, y - 2.5, x1 + 2.5, y, x1, y + 2.5, x1 - 2.5, y], fillColor=colors.white,
                            strokeColor=color, strokeWidth=0.8))
        drawing.add(Rect(x2 - 1.5, y - 3, 3, 6, fillColor=color, strokeColor=None))
        text = option.caption(CHEAPEST_MARK if best else "")
        font = FONT_HEAD if best else FONT_BODY
        text_width = stringWidth(text, font, font_size)
        tx = x2 + 5  # right of the bar; else left of it; else above it
        ty = y - font_size / 3
        if tx + text_width > drawing.width:
            tx = x1 - 5 - text_width
            if tx < 0:
                tx, ty = min(max(0.0, x1), drawing.width - text_width), y + 3
        drawing.add(String(tx, ty, text, fontName=font, fontSize=font_size, fillColor=colors.black))
