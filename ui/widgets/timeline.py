"""The contract timeline painted with QPainter: terms as bands, dates as marks, today as a line.

Takes an app.timeline.Timeline (plain dates), so the contract view and the quote screen draw
the same picture for a stored contract or a prospect.
"""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app import timeline as tl
from app.formatting import short_date, yen

COLORS = {kind: QColor(value) for kind, value in tl.MARK_COLORS.items()}
BAND_COLORS = tuple(QColor(value) for value in tl.BAND_COLORS)
MARGIN = 16
PAD_DAYS = 20


class TimelineWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: tl.Timeline | None = None
        self.shown_from: date | None = None  # marks before this day are left out (long contracts)
        self._range_cache: tuple[date, date] | None = None  # the drawn span, once per timeline
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("契約の時系列")

    def timeline(self) -> tl.Timeline | None:
        return self._timeline

    def set_timeline(self, timeline: tl.Timeline | None, shown_from: date | None = None) -> None:
        self._timeline = timeline
        self.shown_from = shown_from
        self._range_cache = None
        self._update_tooltip()
        self.update()

    def sizeHint(self) -> QSize:
        rows = 4 + (len(self._timeline.exit_options) if self._timeline else 0)
        return QSize(800, 120 + rows * 18)

    def _update_tooltip(self) -> None:
        if self._timeline is None:
            self.setToolTip("")
            return
        lines = [f"{short_date(m.day)}　{m.label}" for m in self._timeline.marks()]
        self.setToolTip("\n".join(lines))

    # --- geometry -----------------------------------------------------------------------------

    def _range(self) -> tuple[date, date]:
        """The drawn span, computed once per timeline (x_of asks for it once per mark)."""
        assert self._timeline is not None
        if self._range_cache is None:
            first, last = self._timeline.span()
            if self.shown_from is not None and first < self.shown_from < last:
                first = self.shown_from
            self._range_cache = (first - timedelta(days=PAD_DAYS), last + timedelta(days=PAD_DAYS))
        return self._range_cache

    def visible_marks(self) -> list[tl.Mark]:
        assert self._timeline is not None
        first, _last = self._range()
        return [m for m in self._timeline.marks() if m.day >= first]

    def x_of(self, day: date) -> float:
        first, last = self._range()
        width = max(1, self.width() - 2 * MARGIN)
        return MARGIN + width * (day - first).days / max(1, (last - first).days)

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self._timeline is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "契約を選ぶと時系列を表示します")
            painter.end()
            return
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        exits = [o for o in self._timeline.exit_options if o.available]
        axis_y = self.height() - MARGIN - 22 - len(exits) * (metrics.height() + 4)
        self._paint_bands(painter, axis_y)
        self._paint_axis(painter, axis_y, metrics)
        self._paint_marks(painter, axis_y, metrics)
        self._paint_exits(painter, axis_y + 22, metrics, exits)
        painter.end()

    def _paint_bands(self, painter: QPainter, axis_y: float) -> None:
        assert self._timeline is not None
        first = self._timeline.start
        left_edge = self._range()[0]
        for index, last in enumerate(self._timeline.term_ends):
            first = max(first, left_edge)
            if last < first:
                first = last + timedelta(days=1)
                continue
            rect = QRectF(QPointF(self.x_of(first), axis_y - 10), QPointF(self.x_of(last + timedelta(days=1)), axis_y))
            painter.fillRect(rect, BAND_COLORS[index % 2])
            first = last + timedelta(days=1)

    def _paint_axis(self, painter: QPainter, axis_y: float, metrics: QFontMetrics) -> None:
        first, last = self._range()
        painter.setPen(QPen(self.palette().text().color(), 1.2))
        painter.drawLine(QPointF(MARGIN, axis_y), QPointF(self.width() - MARGIN, axis_y))
        month = date(first.year, first.month, 1)
        months = (last.year - first.year) * 12 + last.month - first.month
        label_every = 1 if months <= 14 else 3 if months <= 40 else 6 if months <= 80 else 12
        while month <= last:
            x = self.x_of(month)
            if x >= MARGIN:
                major = month.month == 1
                painter.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + (6 if major else 3)))
                if (month.month - 1) % label_every == 0:
                    text = f"{month.year}年" if major or label_every == 12 else f"{month.month}月"
                    painter.drawText(QPointF(x + 2, axis_y + 4 + metrics.ascent()), text)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)

    def _paint_marks(self, painter: QPainter, axis_y: float, metrics: QFontMetrics) -> None:
        """Stems and diamonds first, then the labels on the background colour, so that no stem runs
        through another mark's label; labels take the lowest row where they fit beside the others."""
        assert self._timeline is not None
        rows: list[float] = []  # right edge of the last label in each row
        row_height = metrics.height() * 2 + 2
        labels: list[tuple[QRectF, QColor, tuple[str, str]]] = []
        for mark in self.visible_marks():
            if mark.kind == tl.EXIT:
                continue
            x = self.x_of(mark.day)
            color = COLORS.get(mark.kind, QColor("#333333"))
            text_lines = (mark.label, short_date(mark.day))
            width = max(metrics.horizontalAdvance(t) for t in text_lines) + 6
            left = min(max(MARGIN, x - 2), self.width() - MARGIN - width)
            row = next((i for i, right in enumerate(rows) if right < left), None)
            if row is None:
                rows.append(0.0)
                row = len(rows) - 1
            rows[row] = left + width
            top = max(2.0, axis_y - 16 - (row + 1) * row_height)  # no room: the tooltip holds the list
            pen = QPen(color, 2 if mark.kind == tl.TODAY else 1)
            if mark.kind in (tl.TODAY, tl.STRICT_DEADLINE):
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, top + row_height - 2), QPointF(x, axis_y + 4))
            painter.setBrush(color)
            diamond = QPolygonF([QPointF(x, axis_y - 5), QPointF(x + 5, axis_y), QPointF(x, axis_y + 5),
                                 QPointF(x - 5, axis_y)])
            painter.drawPolygon(diamond)
            labels.append((QRectF(left, top, width, row_height - 2), color, text_lines))
        background = self.palette().base()
        for rect, color, (label, day_text) in labels:
            painter.fillRect(rect, background)
            painter.setPen(color)
            painter.drawText(QPointF(rect.left() + 3, rect.top() + metrics.ascent()), label)
            painter.drawText(QPointF(rect.left() + 3, rect.top() + metrics.height() + metrics.ascent()), day_text)

    def _paint_exits(self, painter: QPainter, top: float, metrics: QFontMetrics, exits: list[tl.ExitMark]) -> None:
        for index, option in enumerate(exits):
            y = top + index * (metrics.height() + 4)
            x1, x2 = self.x_of(option.notice_by), self.x_of(option.end)
            painter.setPen(QPen(COLORS[tl.EXIT], 3))
            painter.drawLine(QPointF(x1, y + metrics.height() / 2), QPointF(x2, y + metrics.height() / 2))
            text = f"{option.label}: 通知 {short_date(option.notice_by)} → 終了 {short_date(option.end)}　違約金 {yen(option.penalty)}"
            painter.setPen(self.palette().text().color())
            tx = x2 + 6
            if tx + metrics.horizontalAdvance(text) > self.width() - MARGIN:
                tx = max(MARGIN, x1 - 6 - metrics.horizontalAdvance(text))
            painter.drawText(QPointF(tx, y + metrics.ascent()), text)
