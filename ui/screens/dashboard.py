"""ホーム: what needs action in the next days (red overdue, amber within 7 days), contracts ending,
overdue charges, and the portfolio at a glance. Loads in a worker; a row opens its contract."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui import startup_texts
from ui.hub import Hub
from ui.models.rows import Column, RowsModel
from ui.presenters import dashboard as p
from ui.widgets.tables import RowTable
from ui.widgets.screen import Screen
from ui.workers import Progress

if TYPE_CHECKING:
    from app.usecases.portfolio import EndingRow, OverdueRow
    from ui.widgets.portfolio_charts import PortfolioCharts

DEADLINE_COLUMNS: list[Column[p.DeadlineLine]] = [
    Column("期限日", lambda r: f"{r.date_text}（{r.weekday}）"),
    Column("残り", lambda r: r.days_left_text, right=True),
    Column("種類", lambda r: r.kind),
    Column("厳格な読み方", lambda r: r.strict_text, tooltip=lambda r: r.warning),
    Column("契約番号", lambda r: r.contract_number),
    Column("会社名", lambda r: r.company_name),
    Column("注意", lambda r: r.warning, tooltip=lambda r: r.warning),
]


class DashboardScreen(Screen):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(hub, window, "dashboard", "ホーム")
        self.data: p.DashboardData | None = None
        self.charts: PortfolioCharts | None = None
        layout = self.screen_layout
        self.summary = QLabel(startup_texts.OPENING)
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)

        self.deadlines = RowsModel(DEADLINE_COLUMNS, tone=lambda r: r.tone)
        self.deadline_table = RowTable("期限の一覧", self, lambda row: self.open_row(self.deadlines, row))
        self.deadline_table.setModel(self.deadlines)
        def style() -> str:
            return self.hub.settings.date_style
        self.ending: RowsModel[EndingRow] = RowsModel([
            Column("終了日", lambda r: p.format_date(r.end_date, style())),
            Column("残り", lambda r: p.days_left(r.end_date, self._today()), right=True),
            Column("契約番号", lambda r: r.contract_number),
            Column("会社名", lambda r: r.company_name),
            Column("月額", lambda r: p.money(r.monthly_fee), right=True),
        ], tone=lambda r: p.ending_tone(r, self._today()))
        self.ending_table = RowTable("終了予定の契約", self, lambda row: self.open_row(self.ending, row))
        self.ending_table.setModel(self.ending)
        self.overdue: RowsModel[OverdueRow] = RowsModel([
            Column("支払期日", lambda r: p.format_date(r.due_date, style())),
            Column("超過", lambda r: p.days_left(r.due_date, self._today()), right=True),
            Column("契約番号", lambda r: r.contract_number),
            Column("会社名", lambda r: r.company_name),
            Column("内容", lambda r: r.description),
            Column("未入金額", lambda r: p.money(r.balance), right=True),
            Column("遅延利息（本日まで）", lambda r: p.money(r.interest), right=True),
        ], tone=p.overdue_tone)
        self.overdue_table = RowTable("未入金の請求", self, lambda row: self.open_row(self.overdue, row))
        self.overdue_table.setModel(self.overdue)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.deadline_table, "期限")
        self.tabs.addTab(self.ending_table, "終了予定")
        self.tabs.addTab(self.overdue_table, "未入金")
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tabs)
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        hub.changed.connect(self._changed)

    def open_row(self, model: RowsModel[Any], row: int) -> None:
        self.open_contract_in_window(model.row(row).contract_id)

    def _today(self) -> date:
        return self.data.today if self.data is not None else self.hub.today()

    def _changed(self, _kind: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        if not self.hub.is_ready:
            return
        engine, today, days = self.hub.engine, self.hub.today(), self.hub.settings.dashboard_days

        def deadlines(_progress: Progress) -> p.DashboardData:
            return p.load_deadlines(engine, today, days)

        def shown(data: p.DashboardData) -> None:
            self.show_data(data)
            if not data.portfolio_loaded:  # then the slower part: charts, contracts ending, overdue charges
                self.load(lambda _progress: p.load_portfolio(engine, data), self.show_data)

        self.load(deadlines, shown)

    def show_data(self, data: p.DashboardData) -> None:
        previous, self.data = self.data, data
        style = self.hub.settings.date_style
        self.title.setText(f"ホーム　{p.format_date(data.today, style)}（{p.weekday(data.today)}）")
        self.summary.setText(p.summary(data))
        if previous is None or previous.deadlines != data.deadlines or not data.portfolio_loaded:
            self.deadlines.set_rows(p.deadline_lines(data, style))  # (the portfolio step keeps the selection)
            self.set_column_widths()
        self.tabs.setTabText(0, f"期限（{data.total:,}）")
        if not data.portfolio_loaded:
            return
        self.ending.set_rows(data.ending)
        self.overdue.set_rows(data.overdue)
        self.tabs.setTabText(1, f"終了予定（{len(data.ending):,}）")
        self.tabs.setTabText(2, f"未入金（{len(data.overdue):,}）")
        self.show_charts(data)

    def set_column_widths(self) -> None:
        for table, widths in ((self.deadline_table, (176, 58, 92, 176, 110, 220)),
                              (self.ending_table, (130, 70, 110, 240, 100)),
                              (self.overdue_table, (130, 70, 110, 200, 120, 100))):
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)

    def show_charts(self, data: p.DashboardData) -> None:
        if self.charts is None:
            from ui.widgets.portfolio_charts import PortfolioCharts

            self.charts = PortfolioCharts(self.chart_holder)
            self.chart_layout.addWidget(self.charts)
            total = max(self.splitter.width(), 900)
            self.splitter.setSizes([total * 63 // 100, total - total * 63 // 100])
        self.charts.set_figures(data.months)


__all__ = ["DashboardScreen", "EndingRow", "OverdueRow"]
