"""見積: the penalty quote in a customer meeting. The exit options side by side (cheapest marked, the
differences shown), the timeline with the options drawn, the printed quote (preview, print, save,
issue and record), export of the options, and a presenter mode (Ctrl+Shift+P) for the customer's eyes.

Opened from the contract view's 見積 action (a stored contract, its change contracts included) or
from the navigation for a prospect typed in. All arithmetic is in the Qt-free presenter
(ui/presenters/quote.py); this widget forwards each edit and paints the state it gets back.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.quote.prospect import FIELD_LABELS
from app.quote.text import CHEAPEST_MARK, ROW_LABELS, TITLE, TOTAL_ROW
from ui.hub import Hub
from ui.presenters.quote import QuotePresenter, QuoteScreenState
from ui.widgets.timeline import COLORS, TimelineWidget
from ui.workers import Progress, run_in_background, show_error

from app import timeline as tl
from app.timeline import ExitMark

if TYPE_CHECKING:
    from app.quote import Quote, QuoteSubject
    from app.quote.issue import IssuedQuote

CHEAPEST_BACKGROUND = QColor("#e8f5e9")
CHEAPEST_FOREGROUND = QColor("#1b5e20")
UNAVAILABLE_FOREGROUND = QColor("#9e9e9e")
ERROR_STYLE = "color: #c62828;"
PRESENTER_POINT_SIZE = 16
PRESENTER_TIMELINE_POINT_SIZE = 12
EMPTY_TIMELINE = "開始日・月額費用と通知到達日が入ると、終了方法をここに時系列で描きます"
NOTICE_HINT = "2025-09-10、令和7年9月10日 など（↑↓で1日、PgUp/PgDnで1ヶ月）"
END_HINT = "空欄: 比較のみ（列見出しのダブルクリックでその終了日）"
PROSPECT_INPUTS = (
    ("company", "会社名（宛先）", "株式会社〇〇"),
    ("start", FIELD_LABELS["start"], "2025-04-15"),
    ("monthly", FIELD_LABELS["monthly"] + "（税抜）", "50,000"),
    ("initial_end", FIELD_LABELS["initial_end"], "省略時は最低利用期間"),
    ("initial_fee", FIELD_LABELS["initial_fee"], "0"),
    ("changes", FIELD_LABELS["changes"], "2026-01:70000, 2026-07:80000"),
)


class DateStepper(QObject):
    """Up/Down: one day; Page Up/Page Down: one month, in a date field (the quote follows at once)."""

    def __init__(self, edit: QLineEdit, step: Callable[[int, bool], None]) -> None:
        super().__init__(edit)
        self._step = step
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            moves = {Qt.Key.Key_Up: (1, False), Qt.Key.Key_Down: (-1, False),
                     Qt.Key.Key_PageUp: (1, True), Qt.Key.Key_PageDown: (-1, True)}
            move = moves.get(Qt.Key(event.key()))
            if move is not None:
                self._step(*move)
                return True
        return False


class QuoteTimeline(TimelineWidget):
    """The contract timeline with the quote's options: the cheapest drawn green and bold, totals named."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cheapest: str | None = None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        if self.timeline() is not None:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY_TIMELINE)
        painter.end()

    def _paint_exits(self, painter: QPainter, top: float, metrics: QFontMetrics, exits: list[ExitMark]) -> None:
        for index, option in enumerate(exits):
            best = option.key == self.cheapest
            y = top + index * (metrics.height() + 4)
            x1, x2 = self.x_of(option.notice_by), self.x_of(option.end)
            color = CHEAPEST_FOREGROUND if best else COLORS[tl.EXIT]
            painter.setPen(QPen(color, 5 if best else 3))
            painter.drawLine(QPointF(x1, y + metrics.height() / 2), QPointF(x2, y + metrics.height() / 2))
            text = option.caption(CHEAPEST_MARK if best else "")
            font = QFont(painter.font())
            font.setBold(best)
            painter.setFont(font)
            width = QFontMetrics(font).horizontalAdvance(text)
            painter.setPen(color if best else self.palette().text().color())
            tx = x2 + 6
            if tx + width > self.width() - 16:
                tx = max(16.0, x1 - 6 - width)
            if tx < x2 and tx + width > x1:  # no room beside the bar: the text goes over it, on the background
                painter.fillRect(QRectF(tx - 2, y, width + 4, metrics.height()), self.palette().base())
            painter.drawText(QPointF(tx, y + metrics.ascent()), text)


class QuoteScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("quoteScreen")
        self.hub = hub
        self.window_ = window
        self.contract_id: int | None = None
        self._generation = 0
        self._was_full_screen = False
        settings = hub.settings
        self.presenter = QuotePresenter(today=hub.today(), date_style=settings.date_style,
                                        validity_days=settings.quote_validity_days)
        self._build()
        self.presenter.on_change = self.show_state
        self.show_state(self.presenter.recompute())
        hub.changed.connect(self._data_changed)

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("quoteTitle")
        self.title.setWordWrap(True)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.prospect_button = QPushButton("見込み客の見積に切替")
        self.prospect_button.setObjectName("prospectButton")
        self.prospect_button.clicked.connect(self.open_prospect)
        self.presenter_button = QPushButton("発表モード（Ctrl+Shift+P）")
        self.presenter_button.setObjectName("presenterButton")
        self.presenter_button.clicked.connect(self.toggle_presenter_mode)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.prospect_button)
        top.addWidget(self.presenter_button)

        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.prospect_box = QWidget()
        self.prospect_box.setObjectName("prospectForm")
        grid = QGridLayout(self.prospect_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, (name, label, placeholder) in enumerate(PROSPECT_INPUTS):
            row, col = divmod(index, 3)
            edit = self._edit(name, placeholder)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(QLabel(label))
            box.addWidget(edit)
            box.addWidget(self.errors[name])
            grid.addLayout(box, row, col)

        self.notice_edit = self._edit("notice", NOTICE_HINT)
        self.end_edit = self._edit("end", END_HINT)
        DateStepper(self.notice_edit, lambda days, month: self._step("notice", days, month))
        DateStepper(self.end_edit, lambda days, month: self._step("end", days, month))
        dates = QFormLayout()
        self.notice_label, self.end_label = QLabel("解約通知の到達日"), QLabel("ご希望の終了日")
        dates.addRow(self.notice_label, self._with_error(self.notice_edit, "notice"))
        dates.addRow(self.end_label, self._with_error(self.end_edit, "end"))

        self.summary = QLabel()
        self.summary.setObjectName("quoteSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(ROW_LABELS), 0)
        self.table.setObjectName("quoteTable")
        self.table.setAccessibleName("終了方法の比較")
        self.table.setVerticalHeaderLabels(list(ROW_LABELS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().sectionDoubleClicked.connect(self._use_column)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.timeline = QuoteTimeline()
        self.timeline.setObjectName("quoteTimeline")
        self.notes = QLabel()
        self.notes.setObjectName("quoteNotes")
        self.notes.setWordWrap(True)
        self.internal = QLabel()
        self.internal.setObjectName("quoteInternal")
        self.internal.setWordWrap(True)
        self.internal.setStyleSheet("color: #6d4c41;")

        self.preview_button = self._button("印刷プレビュー(&V)", "previewButton", self.preview)
        self.issue_button = self._button("発行して記録(&I)…", "issueButton", self.issue)
        self.export_button = self._button("表を書き出す(&E)…", "exportButton", self.export)
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        for button in (self.export_button, self.preview_button, self.issue_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prospect_box)
        layout.addLayout(dates)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.internal)
        layout.addWidget(self.buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.toggle_presenter_mode)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.activated.connect(lambda: self.set_presenter_mode(False))

    def _edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{name}Edit")
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(FIELD_LABELS.get(name, "会社名"))
        edit.textEdited.connect(lambda text, field=name: self.presenter.set_field(field, text))
        self.edits[name] = edit
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.errors[name] = error
        return edit

    def _with_error(self, edit: QLineEdit, name: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(edit)
        layout.addWidget(self.errors[name])
        return box

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- input ----------------------------------------------------------------------------------

    def _step(self, name: str, days: int, month: bool) -> None:
        """Move a date field by a day or a month (from today when it is empty or not a date)."""
        from app.inputs import InputError, parse_date
        from app.terms import add_months

        text = self.presenter.texts.get(name, "")
        try:
            day = parse_date(text) if text.strip() else self.presenter.today
        except InputError:
            day = self.presenter.today
        try:
            moved = add_months(day, days) if month else day + timedelta(days=days)
        except (OverflowError, ValueError):
            return
        self.edits[name].setText(moved.isoformat())
        self.presenter.set_field(name, moved.isoformat())

    def _use_column(self, column: int) -> None:
        state = self.presenter.state
        if state is not None and state.table is not None and 0 <= column < len(state.table.keys):
            self.presenter.use_column_end(state.table.keys[column])

    def open_contract(self, contract_id: int) -> None:
        """Quote a stored contract: its subject is read in a worker, then the quote shows at once."""
        self.contract_id = contract_id
        self._generation += 1
        generation = self._generation
        self.title.setText("契約を読み込んでいます…")
        if not self.hub.is_ready:
            return
        engine = self.hub.engine

        def work(_progress: Progress) -> QuoteSubject:
            from app.quote.stored import load_subject

            return load_subject(engine, contract_id=contract_id)

        def done(subject: QuoteSubject) -> None:
            if generation == self._generation:
                self.presenter.today = self.hub.today()
                self.presenter.set_subject(subject)

        run_in_background(self, work, done, on_error=lambda error: show_error(self, error, "見積"))

    def open_prospect(self) -> None:
        self.contract_id = None
        self._generation += 1
        self.presenter.today = self.hub.today()
        self.presenter.set_subject(None)

    def refresh(self) -> None:
        if self.contract_id is not None:
            self.open_contract(self.contract_id)
        else:
            self.presenter.set_today(self.hub.today())

    def _data_changed(self, kind: str) -> None:
        if kind in ("contracts", "all") and self.contract_id is not None:
            self.open_contract(self.contract_id)
        elif kind == "settings":
            settings = self.hub.settings
            self.presenter.date_style = settings.date_style
            self.presenter.validity_days = settings.quote_validity_days
            self.presenter.recompute()

    # --- painting -------------------------------------------------------------------------------

    def show_state(self, state: QuoteScreenState) -> None:
        self.title.setText(state.title)
        prospect = self.presenter.is_prospect
        self.prospect_box.setVisible(prospect and not state.presenter_mode)
        self.prospect_button.setVisible(not prospect and not state.presenter_mode)
        for name, edit in self.edits.items():
            text = self.presenter.texts.get(name, "")
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
        for name, label in self.errors.items():
            message = state.errors.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
        self.summary.setText(state.summary)
        self._fill_table(state)
        cheapest = state.quote.cheapest if state.quote is not None else None
        self.timeline.cheapest = cheapest.key if cheapest is not None else None
        self.timeline.set_timeline(state.timeline)
        self.notes.setText("\n".join(state.notes))
        self.internal.setText("\n".join(state.shown_internal))
        self.internal.setVisible(bool(state.shown_internal))
        self.buttons.setVisible(not state.presenter_mode)
        self.presenter_button.setText("発表モードを終了（Esc）" if state.presenter_mode else "発表モード（Ctrl+Shift+P）")
        for button in (self.preview_button, self.issue_button, self.export_button):
            button.setEnabled(state.can_print)

    def _fill_table(self, state: QuoteScreenState) -> None:
        table = state.table
        if table is None:
            self.table.setColumnCount(0)
            return
        if self.table.columnCount() != len(table.headers):
            self.table.setColumnCount(len(table.headers))
        for c, header_text in enumerate(table.headers):
            header = self.table.horizontalHeaderItem(c)
            if header is None or header.text() != header_text:
                self.table.setHorizontalHeaderItem(c, QTableWidgetItem(header_text))
        model = self.table.model()
        model.blockSignals(True)  # one repaint and one row sizing after the fill, not one per cell
        try:
            bold = QFont(self.table.font())
            bold.setBold(True)
            for c in range(len(table.headers)):
                cheapest = c == table.cheapest
                unavailable = c in table.unavailable
                for r, text in enumerate(table.rows):
                    item = self.table.item(r, c)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(r, c, item)
                    if item.text() != text[c]:
                        item.setText(text[c])
                    alignment = Qt.AlignmentFlag.AlignVCenter | (
                        Qt.AlignmentFlag.AlignLeft if r == len(ROW_LABELS) - 1 else Qt.AlignmentFlag.AlignRight)
                    item.setTextAlignment(alignment)
                    item.setFont(bold if (r == TOTAL_ROW or cheapest) else self.table.font())
                    item.setBackground(QBrush(CHEAPEST_BACKGROUND) if cheapest else QBrush())
                    foreground = (CHEAPEST_FOREGROUND if cheapest else UNAVAILABLE_FOREGROUND if unavailable
                                  else self.palette().text().color())
                    item.setForeground(QBrush(foreground))
                header = self.table.horizontalHeaderItem(c)
                if header is not None:
                    header.setToolTip("ダブルクリックでこの終了日をご希望の終了日にします")
        finally:
            model.blockSignals(False)
            self.table.horizontalHeader().viewport().update()
            self.table.viewport().update()
            self._fit_table_height()

    def _fit_table_height(self) -> None:
        """Every row shown, no scroll bar and no empty band under the last row."""
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        if self.table.minimumHeight() != height or self.table.maximumHeight() != height:
            self.table.setFixedHeight(height)

    # --- presenter mode -------------------------------------------------------------------------

    def toggle_presenter_mode(self) -> None:
        self.set_presenter_mode(not self.presenter.presenter_mode)

    def set_presenter_mode(self, on: bool) -> None:
        """Full screen, large type, only what the customer should see (no internal notes, no buttons)."""
        if on == self.presenter.presenter_mode:
            return
        window = self.window()
        font = QFont(self.font())
        if on:
            self._normal_font = QFont(self.font())
            font.setPointSize(PRESENTER_POINT_SIZE)
            self._was_full_screen = window.isFullScreen()
            window.showFullScreen()
        else:
            font = getattr(self, "_normal_font", font)
            if not self._was_full_screen:
                window.showNormal()
        for widget in (self.table, self.summary, self.notes, self.timeline, self.title, self.notice_edit,
                       self.end_edit, self.notice_label, self.end_label, self.errors["notice"], self.errors["end"]):
            size = QFont(font)
            if widget is self.title:
                size.setPointSizeF(font.pointSizeF() * 1.35)
                size.setBold(True)
            elif widget is self.timeline and on:
                size.setPointSize(PRESENTER_TIMELINE_POINT_SIZE)
            widget.setFont(size)
        for edit, hint in ((self.notice_edit, NOTICE_HINT), (self.end_edit, END_HINT)):
            edit.setPlaceholderText("" if on else hint)  # the customer sees no operating hints
        self.table.horizontalHeader().setFont(QFont(font))
        self.table.verticalHeader().setFont(QFont(font))
        for part in ("nav", "menuBar", "statusBar"):  # the window's own chrome, when it has it
            chrome = getattr(window, part, None)
            chrome = chrome() if callable(chrome) else chrome
            if isinstance(chrome, QWidget):
                chrome.setVisible(not on)
        self.presenter.set_presenter_mode(on)
        self._fit_table_height()

    # --- paper ----------------------------------------------------------------------------------

    def _quote(self) -> Quote | None:
        state = self.presenter.state
        return state.quote if state is not None and state.can_print else None

    def preview(self) -> None:
        """The printed quote as it would be issued (numbered 見本 until issued): look, print, save."""
        quote = self._quote()
        if quote is None:
            return
        from app.notices.quote_document import render_quote

        data = render_quote(quote, self.hub.settings, document_number="（見本）")
        self._show_pdf(data, "見本（発行前のプレビュー）。印刷・保存は「発行して記録」から行います", printable=False)

    def _show_pdf(self, data: bytes, caption: str, *, printable: bool) -> None:
        from ui.widgets.pdf_preview import PdfPreview

        dialog = QDialog(self)
        dialog.setWindowTitle(TITLE)
        dialog.resize(820, 980)
        preview = PdfPreview(dialog)
        preview.set_pdf(data, caption, f"{TITLE}.pdf", printable=printable)
        layout = QVBoxLayout(dialog)
        layout.addWidget(preview)
        dialog.exec()

    def issue(self) -> None:
        """Number, store and record the quote (like a notice), then show it to print or save."""
        quote = self._quote()
        if quote is None or not self.hub.is_ready:
            return
        from ui.dialogs.company_profile import ensure_company_profile

        if not ensure_company_profile(self, self.hub):  # asked before the first print, as for notices
            return
        engine, ctx, settings = self.hub.engine, self.hub.context(), self.hub.settings
        workspace = self.hub.require_workspace()
        database_path = workspace.database.path

        def work(_progress: Progress) -> IssuedQuote:
            from app.quote.issue import issue_quote
            from app.usecases.documents import documents_dir

            return issue_quote(engine, ctx, settings, quote, root=documents_dir(database_path))

        def done(issued: IssuedQuote) -> None:
            self.hub.notify("notices")
            self._show_pdf(issued.data, f"発行しました: 文書番号 {issued.document_number}", printable=True)

        run_in_background(self, work, done, on_error=lambda error: show_error(self, error, "見積書の発行"))

    def export(self) -> None:
        quote = self._quote()
        if quote is None:
            return
        from ui.screens.export_actions import ask_export_path

        path = ask_export_path(self, "終了方法の比較を書き出す", "終了方法の比較.xlsx", "Excel (*.xlsx);;CSV (*.csv)")
        if path is None:
            return
        from app.exchange.export_lists import export_options
        from app.exchange.export_table import ExportError

        try:
            export_options(quote, path)
        except ExportError as exc:
            QMessageBox.warning(self, "書き出し", str(exc))

