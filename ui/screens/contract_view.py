"""契約詳細: one contract at a glance (customer, devices and prerequisites, fees and change contracts,
notices, charges with late interest, cure notices, history, the timeline) and the action bar that
other screens hook into (CONTRACT_ACTIONS in ui/main_window.py). Loads in a worker."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.formatting import yen
from ui.hub import Hub
from ui.main_window import CONTRACT_ACTIONS
from ui.models.rows import Column, RowsModel
from ui.presenters import contract_view as p
from ui.widgets.action_bar import ActionBar
from ui.widgets.tables import RowTable
from ui.widgets.timeline import TimelineWidget
from ui.widgets.screen import Screen
from ui.widgets.status_chip import chip_style
from ui.workers import Progress

if TYPE_CHECKING:
    from app.usecases.contract_detail import (
        ChangeLine,
        ChargeLine,
        ContractDetail,
        CureLine,
        DeviceLine,
        NoticeLine,
        PrerequisiteLine,
    )
    from app.usecases.history import HistoryItem


SHOWN_DAYS_BEFORE_TODAY = 550  # the timeline of a long contract starts about a term and a half back


def yes_no(value: bool) -> str:
    return "はい" if value else "いいえ"


class ContractView(Screen):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(hub, window, "contractView", "契約詳細")
        self.contract_id: int | None = None
        self.detail: ContractDetail | None = None
        def style() -> str:
            return self.hub.settings.date_style

        layout = self.screen_layout
        self.status_chip = QLabel("")
        self.status_chip.setObjectName("statusChip")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.status_chip)
        head.addStretch(1)
        layout.addLayout(head)
        self.actions_bar = ActionBar(CONTRACT_ACTIONS, self._run_action, self)
        layout.addWidget(self.actions_bar)

        self.timeline = TimelineWidget(self)
        self.timeline_note = QLabel("")
        self.timeline_note.setWordWrap(True)
        self.customer_form = QFormLayout()
        self.contract_form = QFormLayout()
        summary = QWidget()
        summary_layout = QHBoxLayout(summary)
        for form in (self.customer_form, self.contract_form):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            holder = QWidget()
            holder.setLayout(form)
            summary_layout.addWidget(holder, 1)

        self.devices: RowsModel[DeviceLine] = RowsModel([
            Column("メーカー", lambda d: d.maker), Column("型番", lambda d: d.model),
            Column("シリアル番号", lambda d: d.serial), Column("設置場所", lambda d: d.site_address),
            Column("国内", lambda d: yes_no(d.in_japan)),
            Column("ベンダー要件", lambda d: yes_no(d.meets_vendor_requirements)),
        ])
        self.prerequisites: RowsModel[PrerequisiteLine] = RowsModel([
            Column("第7条", lambda r: f"({r.number})"), Column("前提条件", lambda r: r.label),
            Column("確認", lambda r: r.answer),
        ], tone=lambda r: "" if r.answer == "充足" else "soon")
        self.changes: RowsModel[ChangeLine] = RowsModel([
            Column("承諾日", lambda c: p.day_text(c.accepted_date, style())),
            Column("適用月", lambda c: p.month_text(c.effective_month)),
            Column("新しい月額", lambda c: yen(c.new_monthly_fee), right=True),
            Column("一時費用", lambda c: yen(c.one_time_fee), right=True),
            Column("内容", lambda c: c.description),
        ])
        self.notices: RowsModel[NoticeLine] = RowsModel([
            Column("日付", lambda n: p.day_text(n.notice_date, style())), Column("受領/発送", lambda n: n.direction),
            Column("種類", lambda n: n.kind),
            Column("終了日", lambda n: p.day_text(n.requested_end, style()) if n.requested_end else ""),
            Column("違約金等", lambda n: yen(n.penalty) if n.penalty else "", right=True),
            Column("文書番号", lambda n: n.document_number),
        ])
        self.charges: RowsModel[ChargeLine] = RowsModel([
            Column("支払期日", lambda c: p.day_text(c.due_date, style())), Column("種類", lambda c: c.kind),
            Column("内容", lambda c: c.description), Column("請求額", lambda c: yen(c.amount), right=True),
            Column("入金済", lambda c: yen(c.paid), right=True),
            Column("未入金", lambda c: yen(c.balance), right=True),
            Column("遅延利息", lambda c: yen(c.late_interest), right=True),
        ], tone=lambda c: "overdue" if c.balance > 0 and c.due_date < self.hub.today() else "")
        self.cures: RowsModel[CureLine] = RowsModel([
            Column("発送日", lambda k: p.day_text(k.dispatched_date, style())), Column("違反の内容", lambda k: k.breach),
            Column("是正期限", lambda k: p.day_text(k.cure_deadline, style(), True)),
            Column("是正日", lambda k: p.day_text(k.cured_date, style()) if k.cured_date else ""),
            Column("完了", lambda k: yes_no(k.closed)),
        ], tone=lambda k: "" if k.closed else "soon")
        self.history: RowsModel[HistoryItem] = RowsModel([
            Column("日付", lambda h: p.day_text(h.day, style())),
            Column("記録", lambda h: h.at.strftime("%Y-%m-%d %H:%M") if h.at else ""),
            Column("担当者", lambda h: h.actor), Column("内容", lambda h: h.summary, tooltip=lambda h: h.summary),
        ])

        self.tabs = QTabWidget()
        self.tabs.setObjectName("contractTabs")
        self.tabs.addTab(summary, "概要")
        devices_page = QWidget()
        devices_layout = QVBoxLayout(devices_page)
        devices_layout.setContentsMargins(0, 0, 0, 0)
        self.tables: dict[str, RowTable] = {}
        pages: list[tuple[str, QAbstractItemModel]] = [("devices", self.devices), ("prerequisites", self.prerequisites)]
        for key, model in pages:
            table = RowTable(key, devices_page)
            table.setModel(model)
            devices_layout.addWidget(table)
            self.tables[key] = table
        self.tabs.addTab(devices_page, "機器・前提条件")
        self.tab_keys = ["summary", "devices"]
        tabs: list[tuple[str, str, QAbstractItemModel]] = [
            ("changes", "変更契約", self.changes), ("notices", "通知", self.notices),
            ("charges", "請求・入金", self.charges), ("cures", "催告", self.cures), ("history", "履歴", self.history)]
        for key, title, model in tabs:
            table = RowTable(key, self)
            table.setModel(model)
            self.tables[key] = table
            self.tabs.addTab(table, title)
            self.tab_keys.append(key)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.timeline, 1)
        top_layout.addWidget(self.timeline_note)
        splitter.addWidget(top)
        splitter.addWidget(self.tabs)
        splitter.setSizes([230, 400])
        layout.addWidget(splitter, 1)
        hub.changed.connect(self._changed)

    # --- actions and loading ------------------------------------------------------------------

    def _run_action(self, key: str) -> None:
        run = getattr(self.main_window, "run_contract_action", None)
        if self.contract_id is not None and callable(run):
            run(key, self.contract_id)

    def _changed(self, kind: str) -> None:
        if kind in ("all", "contracts", "notices", "payments", "settings"):
            self.refresh()

    def open_contract(self, contract_id: int) -> None:
        self.contract_id = contract_id
        self.actions_bar.set_contract_loaded(False)
        self.refresh()

    def refresh(self) -> None:
        if self.contract_id is None or not self.hub.is_ready:
            return
        contract_id, engine, today = self.contract_id, self.hub.engine, self.hub.today()

        def work(_progress: Progress) -> ContractDetail:
            from app.usecases.contract_detail import contract_detail

            return contract_detail(engine, contract_id, today)

        self.load(work, self.show_detail)

    def show_detail(self, detail: ContractDetail) -> None:
        self.detail = detail
        style = self.hub.settings.date_style
        self.title.setText(p.title(detail))
        self.status_chip.setText(detail.status)
        self.status_chip.setStyleSheet(chip_style(detail.status_value))
        for form, pairs in ((self.customer_form, p.customer_pairs(detail)),
                            (self.contract_form, p.contract_pairs(detail, style))):
            while form.rowCount():
                form.removeRow(0)
            for label, value in pairs:
                field = QLabel(value)
                field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                field.setWordWrap(True)
                form.addRow(f"{label}:", field)
        self.devices.set_rows(detail.devices)
        self.prerequisites.set_rows(detail.prerequisites)
        self.changes.set_rows(detail.changes)
        self.notices.set_rows(detail.notices)
        self.charges.set_rows(detail.charges)
        self.cures.set_rows(detail.cures)
        self.history.set_rows(detail.history)
        titles = p.tab_titles(detail)
        for index, key in enumerate(self.tab_keys):
            if key in titles:
                self.tabs.setTabText(index, titles[key])
        for table in self.tables.values():
            table.resizeColumnsToContents()
        shown_from = None
        if detail.timeline is not None and detail.timeline.today is not None:
            shown_from = detail.timeline.today - timedelta(days=SHOWN_DAYS_BEFORE_TODAY)
        self.timeline.set_timeline(detail.timeline, shown_from)
        self.timeline_note.setText(detail.timeline_note)
        self.timeline_note.setVisible(bool(detail.timeline_note))
        self.actions_bar.set_contract_loaded(True)

    def current(self) -> Any:
        return self.detail
