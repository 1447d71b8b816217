"""The portfolio at a glance with QtCharts: per month for the next 12 months, the contracts reaching a
term end with the monthly revenue at stake, and the penalties of termination notices received.

Imported only when the home screen has data (QtCharts is not needed for the first paint).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.usecases.portfolio import MonthFigures


def _month_label(figures: MonthFigures) -> str:
    month = figures.month
    return str(month.month)  # the axis is titled 月: "11" fits where "11月" is cut off


def nice_scale(maximum: float, whole: bool = False, intervals: int = 5) -> tuple[float, int, str]:
    """(top, tick count, label format) of an axis from 0 that shows `maximum` in about `intervals`
    steps of 1, 2 or 5 × 10^k, so that every tick is a round number (25 split in four gave 6, 12, 18).
    `whole`: the values are counts, never a step below 1. Nothing to show, or a few: 0 to 5 in steps of 1."""
    if maximum <= 0 or (whole and maximum <= intervals):
        return float(intervals), intervals + 1, "%d"
    raw = maximum / intervals
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if raw <= m * magnitude * (1 + 1e-9))
    if whole:
        step = max(step, 1.0)
    count = max(1, math.ceil(maximum / step - 1e-9))
    decimals = 0 if step >= 1 else -math.floor(math.log10(step) + 1e-9)
    return count * step, count + 1, f"%.{decimals}f" if decimals else "%d"


def _chart(title: str, font: QFont) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    title_font = QFont(font)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


class PortfolioCharts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioCharts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.term_view = QChartView()
        self.penalty_view = QChartView()
        for view in (self.term_view, self.penalty_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(200)
            layout.addWidget(view, 1)
        self.figures: list[MonthFigures] = []

    def set_figures(self, figures: Sequence[MonthFigures]) -> None:
        self.figures = list(figures)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        categories = [_month_label(f) for f in figures]
        self.term_view.setChart(self._term_chart(categories, font))
        self.penalty_view.setChart(self._penalty_chart(categories, font))

    def _axis_x(self, categories: list[str], font: QFont) -> QBarCategoryAxis:
        axis = QBarCategoryAxis()
        axis.append(categories)
        axis.setLabelsFont(font)
        axis.setTitleText("月")
        axis.setTitleFont(font)
        return axis

    def _axis_y(self, maximum: float, title: str, font: QFont, whole: bool = False) -> QValueAxis:
        axis = QValueAxis()
        top, ticks, label_format = nice_scale(maximum, whole)
        axis.setRange(0, top)
        axis.setTickCount(ticks)
        axis.setLabelFormat(label_format)
        axis.setTitleText(title)
        axis.setTitleFont(font)
        axis.setLabelsFont(font)
        return axis

    def _term_chart(self, categories: list[str], font: QFont) -> QChart:
        chart = _chart("今後12か月の契約満了（件数）と月額の合計（万円）", font)
        bars = QBarSet("満了する契約")
        bars.setColor(QColor("#5c8dd6"))
        bars.append([float(f.term_ends) for f in self.figures])
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        revenue = QLineSeries()
        revenue.setName("月額の合計（万円）")
        revenue.setColor(QColor("#e65100"))
        for index, f in enumerate(self.figures):
            revenue.append(index, f.revenue_at_stake / 10_000)
        chart.addSeries(revenue)
        axis_x = self._axis_x(categories, font)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        revenue.attachAxis(axis_x)
        count_axis = self._axis_y(max((f.term_ends for f in self.figures), default=0), "件", font, whole=True)
        chart.addAxis(count_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(count_axis)
        money_axis = self._axis_y(max((f.revenue_at_stake / 10_000 for f in self.figures), default=0), "万円", font)
        chart.addAxis(money_axis, Qt.AlignmentFlag.AlignRight)
        revenue.attachAxis(money_axis)
        return chart

    def _penalty_chart(self, categories: list[str], font: QFont) -> QChart:
        none = "（該当なし）" if not any(f.notice_penalties for f in self.figures) else ""
        chart = _chart(f"受領した解約通知の違約金（終了月別・万円）{none}", font)
        bars = QBarSet("違約金（万円）")
        bars.setColor(QColor("#c62828"))
        bars.append([f.notice_penalties / 10_000 for f in self.figures])
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_x = self._axis_x(categories, font)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = self._axis_y(max((f.notice_penalties / 10_000 for f in self.figures), default=0), "万円", font)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return chart
