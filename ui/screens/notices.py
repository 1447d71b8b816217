"""通知・印刷: what is due to be sent, batches, what was sent; preview (QtPdf), print and reprint.

Left: three tabs (送付予定 / 一括作成 / 発行済み) and, when opened from a contract's 通知書
action, a bar for that contract. Right: the PDF preview with 印刷 and 保存. Issuing runs in a
worker with progress and 中止 (a cancelled batch records nothing); the company profile is asked
for before the first print. Data comes through ui/presenters/notices.py.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.labels import DOCUMENT_KIND_LABELS
from app.notices.kinds import DocumentKind
from app.usecases.documents import StoredPdf
from app.usecases.errors import ValidationError
from ui.dialogs.company_profile import ensure_company_profile
from ui.hub import NOTICES, Hub
from ui.models.rows import Column, RowsModel
from ui.presenters import notices as p
from ui.widgets.pdf_preview import PdfPreview
from ui.widgets.tables import RowTable
from ui.workers import Progress, Task, run_in_background, show_error

DUE_COLUMNS: list[Column[p.DueLine]] = [
    Column("日付", lambda r: r.day_text),
    Column("種類", lambda r: r.kind_text),
    Column("契約番号", lambda r: r.item.contract_number),
    Column("会社名", lambda r: r.item.company),
    Column("内容", lambda r: r.item.reason, tooltip=lambda r: r.item.reason),
]
SENT_COLUMNS: list[Column[p.SentLine]] = [
    Column("文書番号", lambda r: r.row.number),
    Column("発行日", lambda r: r.date_text),
    Column("種類", lambda r: r.row.kind_label),
    Column("契約番号", lambda r: r.row.contract_number),
    Column("会社名", lambda r: r.row.company),
    Column("金額", lambda r: r.amount_text, right=True),
]


class NoticesScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("notices")
        self.hub = hub
        self._window = window
        self._generation = 0
        self.contract_id: int | None = None
        self.data: p.NoticesData | None = None
        self.task: Task[Any] | None = None
        self.last_message = ""

        self.title = QLabel("通知・印刷")
        self.title.setObjectName("screenTitle")
        # one contract (from the contract view's 通知書 action)
        self.contract_bar = QWidget()
        bar = QHBoxLayout(self.contract_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.contract_label = QLabel("")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.setAccessibleName("通知書の種類")
        for kind in p.PRINTABLE:
            self.kind_combo.addItem(DOCUMENT_KIND_LABELS[kind], kind.value)
        self.contract_preview_button = QPushButton("見本を表示")
        self.contract_preview_button.clicked.connect(self.preview_contract_kind)
        self.contract_issue_button = QPushButton("発行して印刷…")
        self.contract_issue_button.setObjectName("issueContractButton")
        self.contract_issue_button.clicked.connect(self.issue_contract_kind)
        self.show_all_button = QPushButton("すべての契約を表示")
        self.show_all_button.clicked.connect(lambda: self.open_contract(None))
        for w in (self.contract_label, self.kind_combo, self.contract_preview_button, self.contract_issue_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.show_all_button)
        self.contract_bar.setVisible(False)

        # 送付予定
        self.due_model: RowsModel[p.DueLine] = RowsModel(DUE_COLUMNS, tone=lambda r: r.tone)
        self.due_table = RowTable("送付予定の通知書", self, lambda row: self.preview_due(row))
        self.due_table.setModel(self.due_model)
        self.due_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.due_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.preview_due(cur.row()))
        self.grouping = QComboBox()
        self.grouping.setObjectName("groupingCombo")
        self.grouping.setAccessibleName("ファイルのまとめ方")
        for key, label in p.GROUPINGS.items():
            self.grouping.addItem(label, key)
        self.issue_selected_button = QPushButton("選択した通知書を発行(&I)")
        self.issue_selected_button.setObjectName("issueSelectedButton")
        self.issue_selected_button.clicked.connect(self.issue_selected)
        self.issue_all_due_button = QPushButton("すべて発行")
        self.issue_all_due_button.setObjectName("issueAllDueButton")
        self.issue_all_due_button.clicked.connect(self.issue_all_due)
        due_page = QWidget()
        due_layout = QVBoxLayout(due_page)
        due_layout.addWidget(self.due_table, 1)
        due_buttons = QHBoxLayout()
        due_buttons.addWidget(self.issue_selected_button)
        due_buttons.addWidget(self.issue_all_due_button)
        due_buttons.addStretch(1)
        due_layout.addLayout(due_buttons)

        # 一括作成
        batch_page = QWidget()
        batch_layout = QVBoxLayout(batch_page)
        self.batch_group = QButtonGroup(self)
        self.batch_radios: dict[str, QRadioButton] = {}
        for key, label in p.BATCHES.items():
            radio = QRadioButton(label)
            radio.setObjectName(f"batch_{key}")
            self.batch_group.addButton(radio)
            self.batch_radios[key] = radio
            batch_layout.addWidget(radio)
        self.batch_radios[p.BATCH_RENEWAL_MONTH].setChecked(True)
        form = QFormLayout()
        self.month_edit = QLineEdit()
        self.month_edit.setObjectName("termEndMonth")
        self.month_edit.setPlaceholderText("例 2026-04")
        self.month_edit.setAccessibleName("満了月")
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("deadlineDays")
        self.days_spin.setRange(1, 366)
        self.days_spin.setValue(30)
        self.days_spin.setSuffix(" 日以内")
        form.addRow("満了月", self.month_edit)
        form.addRow("申出期限", self.days_spin)
        batch_layout.addLayout(form)
        self.batch_button = QPushButton("一括で発行(&B)")
        self.batch_button.setObjectName("batchButton")
        self.batch_button.clicked.connect(self.issue_batch)
        batch_layout.addWidget(self.batch_button, 0, Qt.AlignmentFlag.AlignLeft)
        batch_layout.addStretch(1)

        # 発行済み
        self.sent_model: RowsModel[p.SentLine] = RowsModel(SENT_COLUMNS)
        self.sent_table = RowTable("発行済みの通知書", self, lambda row: self.show_sent(row))
        self.sent_table.setModel(self.sent_model)
        self.sent_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_sent(cur.row()))
        self.reprint_button = QPushButton("再印刷(&R)…")
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.clicked.connect(self.reprint_selected)
        sent_page = QWidget()
        sent_layout = QVBoxLayout(sent_page)
        sent_layout.addWidget(self.sent_table, 1)
        sent_layout.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("noticeTabs")
        self.tabs.addTab(due_page, "送付予定")
        self.tabs.addTab(batch_page, "一括作成")
        self.tabs.addTab(sent_page, "発行済み")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tabs, 1)
        grouping_row = QHBoxLayout()
        grouping_row.addWidget(QLabel("ファイル:"))
        grouping_row.addWidget(self.grouping, 1)
        left_layout.addLayout(grouping_row)

        self.preview = PdfPreview(self)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.progress = QProgressBar()
        self.progress.setObjectName("noticeProgress")
        self.progress_text = QLabel("")
        self.cancel_button = QPushButton("中止")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress_text)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.setVisible(False)
        self.message = QLabel("")
        self.message.setObjectName("noticeMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.contract_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.message)
        hub.changed.connect(self._changed)

    # --- loading -----------------------------------------------------------------------------

    def _changed(self, kind: str) -> None:
        if kind in (NOTICES, "contracts", "payments", "all", "settings"):
            self.refresh()

    def refresh(self) -> None:
        if not self.hub.is_ready:
            return
        self._generation += 1
        generation = self._generation
        engine, today = self.hub.engine, self.hub.today()
        days, style, contract_id = self.hub.settings.dashboard_days, self.hub.settings.date_style, self.contract_id

        def work(_progress: Progress) -> p.NoticesData:
            return p.load(engine, today, days, style, contract_id)

        run_in_background(self, work, lambda data: self._loaded(generation, data),
                          on_error=lambda error: show_error(self, error))

    def _loaded(self, generation: int, data: p.NoticesData) -> None:
        if generation == self._generation:
            self.show_data(data)

    def show_data(self, data: p.NoticesData) -> None:
        self.data = data
        self.due_model.set_rows(data.due)
        self.sent_model.set_rows(data.sent)
        self.tabs.setTabText(0, f"送付予定（{len(data.due):,}）")
        self.tabs.setTabText(2, f"発行済み（{len(data.sent):,}）")
        if self.contract_id is not None and data.contract_caption:
            self.contract_label.setText(f"契約 {data.contract_caption} の通知書:")
        for table, widths in ((self.due_table, (120, 140, 120, 220)),
                              (self.sent_table, (130, 120, 200, 120, 200))):
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)

    def open_contract(self, contract_id: int | None) -> None:
        """From the contract view's 通知書 action: this contract's notices (None: all contracts)."""
        self.contract_id = contract_id
        self.contract_bar.setVisible(contract_id is not None)
        if contract_id is not None:
            self.contract_label.setText("この契約の通知書:")
        self.preview.clear()
        self.refresh()

    def focus_filter(self) -> None:
        self.due_table.setFocus()

    # --- preview ------------------------------------------------------------------------------

    def _show_pdf(self, data: bytes, caption: str, name: str, printable: bool) -> None:
        self.preview.set_pdf(data, caption, name, printable)

    def preview_due(self, row: int) -> None:
        if row < 0 or row >= len(self.due_model.rows) or not self.hub.is_ready:
            return
        item = self.due_model.row(row).item
        self._preview(item.kind, item.contract_id, item.options, f"見本: {DOCUMENT_KIND_LABELS[item.kind]}（{item.contract_number}）")

    def preview_contract_kind(self) -> None:
        if self.contract_id is None:
            return
        kind = DocumentKind(self.kind_combo.currentData())
        self._preview(kind, self.contract_id, p.BuildOptions(), f"見本: {DOCUMENT_KIND_LABELS[kind]}")

    def _preview(self, kind: DocumentKind, contract_id: int, options: p.BuildOptions, caption: str) -> None:
        if p.missing_profile(self.hub.settings):
            self.preview.clear("差出人の会社情報が未設定です。発行時に入力を求めます。")
            return
        try:
            ctx = self.hub.context()
        except ValidationError as exc:
            self.preview.clear(exc.message)
            return
        engine, settings = self.hub.engine, self.hub.settings

        def work(_progress: Progress) -> bytes:
            return p.preview(engine, ctx, settings, kind, contract_id, options)

        run_in_background(self, work, lambda data: self._show_pdf(data, caption + "（未発行・印刷不可）", "見本.pdf",
                                                                  False),
                          on_error=lambda error: self.preview.clear(str(error)))

    def show_sent(self, row: int) -> None:
        if row < 0 or row >= len(self.sent_model.rows) or not self.hub.is_ready:
            return
        line = self.sent_model.row(row)
        engine, root = self.hub.engine, self.documents_root()

        def work(_progress: Progress) -> StoredPdf:
            from app.usecases.documents import stored_pdf

            return stored_pdf(engine, line.row.id, root=root)

        run_in_background(self, work, lambda stored: self._show_stored(
            stored, f"{line.row.number}　{line.row.kind_label}（{line.date_text}発行）"),
            on_error=lambda error: self.preview.clear(str(error)))

    def _show_stored(self, stored: StoredPdf, caption: str) -> None:
        if stored.shared:
            caption += f"　一括発行ファイルの{stored.pages_text}（印刷はこの通知書のページのみ）"
        self.preview.set_pdf(stored.data, caption, f"{stored.number}.pdf", True,
                             pages=(stored.first_page, stored.page_count))

    def reprint_selected(self) -> None:
        index = self.sent_table.currentIndex()
        if not index.isValid():
            self.message.setText("再印刷する通知書を選んでください")
            return
        line = self.sent_model.row(index.row())
        try:
            ctx = self.hub.context()
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        engine, root = self.hub.engine, self.documents_root()

        def work(_progress: Progress) -> StoredPdf:
            from app.usecases.documents import record_reprint

            return record_reprint(engine, ctx, line.row.id, root=root)

        def done(stored: StoredPdf) -> None:
            self._show_stored(stored, f"再印刷: {line.row.number}")
            self.hub.notify("contracts")
            self.preview.print_pdf()

        run_in_background(self, work, done, on_error=lambda error: show_error(self, error))

    # --- issuing ------------------------------------------------------------------------------

    def documents_root(self) -> Path:
        from app.usecases.documents import documents_dir

        workspace = self.hub.require_workspace()
        return documents_dir(workspace.database.path)

    def issue_selected(self) -> None:
        rows = sorted({index.row() for index in self.due_table.selectionModel().selectedRows()})
        if not rows:
            self.message.setText("発行する通知書を選んでください（Ctrl+クリックで複数選択）")
            return
        self.start_issue(p.requests_for([self.due_model.row(r) for r in rows]), "送付予定")

    def issue_all_due(self) -> None:
        if not self.due_model.rows:
            self.message.setText("送付予定の通知書はありません")
            return
        self.start_issue(p.requests_for(self.due_model.rows), "送付予定")

    def issue_contract_kind(self) -> None:
        if self.contract_id is None:
            return
        kind = DocumentKind(self.kind_combo.currentData())
        self.start_issue([p.IssueRequest(kind, self.contract_id)], "", single=True)

    def selected_batch(self) -> str:
        for key, radio in self.batch_radios.items():
            if radio.isChecked():
                return key
        return p.BATCH_RENEWAL_MONTH

    def issue_batch(self) -> None:
        batch = self.selected_batch()
        month: date | None = None
        if batch == p.BATCH_RENEWAL_MONTH:
            from app.inputs import InputError, parse_month

            try:
                month = parse_month(self.month_edit.text(), "満了月")
            except InputError as exc:
                self.message.setText(exc.message)
                self.month_edit.setFocus()
                return
        engine, today, days = self.hub.engine, self.hub.today(), self.days_spin.value()
        # the contracts are chosen in the worker too: nothing but widgets on the GUI thread
        self.start_issue(lambda: p.batch_requests(engine, batch, today, month=month, days=days), p.BATCHES[batch])

    def start_issue(self, requests: list[p.IssueRequest] | Callable[[], list[p.IssueRequest]], label: str,
                    single: bool = False) -> None:
        """Issue in a worker; `requests` may be a function that chooses them (run in the worker)."""
        if self.task is not None and not self.task.done:
            return
        if not ensure_company_profile(self, self.hub):
            self.message.setText("差出人の会社情報が未設定のため、発行しませんでした")
            return
        try:
            ctx = self.hub.context()
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        engine, settings = self.hub.engine, self.hub.settings
        root = self.documents_root()
        grouping = "per_document" if single else str(self.grouping.currentData())
        batch = f"{label}:{ctx.today.isoformat()}" if label else ""

        def work(progress: Progress) -> p.IssueResult:
            chosen = requests() if callable(requests) else requests
            if not chosen:
                return p.IssueResult()
            return p.issue(engine, ctx, settings, chosen, root, grouping, progress, batch)

        count = "" if callable(requests) else f"{len(requests):,}件の"
        self._busy(True, f"{count}通知書を作成しています")
        self.task = run_in_background(self, work, self._issued, on_error=self._failed, on_progress=self._progressed)

    def _busy(self, on: bool, text: str = "") -> None:
        self.progress_row.setVisible(on)
        self.progress_text.setText(text)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(on)
        for button in (self.issue_selected_button, self.issue_all_due_button, self.batch_button,
                       self.contract_issue_button, self.reprint_button):
            button.setEnabled(not on)

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_text.setText(text)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_text.setText("中止しています…")

    def _issued(self, result: p.IssueResult) -> None:
        self._busy(False)
        self.last_message = p.result_text(result) if result.documents else "対象の契約はありません"
        self.message.setText(self.last_message)
        self.hub.notify(NOTICES)
        if result.files:
            first = result.files[0]
            self._show_pdf(first.read_bytes(), f"発行済み: {first.name}"
                           + (f"（ほか{len(result.files) - 1}ファイル: {first.parent}）" if len(result.files) > 1 else ""),
                           first.name, True)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        from app.usecases.documents import Cancelled

        if isinstance(error, Cancelled):
            self.last_message = "中止しました。通知書は記録されていません。"
            self.message.setText(self.last_message)
            return
        self.last_message = str(error)
        self.message.setText(self.last_message)
        show_error(self, error)


def open_notice_document(window: Any, contract_id: int) -> None:
    """The contract view's 通知書 action."""
    widget = window.show_screen("notices")
    widget.open_contract(contract_id)
