"""取り込み: a wizard that brings contracts in from a spreadsheet.

    1 ファイル  ->  2 列の対応  ->  3 確認（ドライラン: 行ごとの新規・更新・問題）  ->  4 取り込み（進捗・中止）

The state and every step live in ui.presenters.import_wizard (Qt-free); this module only shows
them. Reading, the dry run and the import run in the background (ui.workers) with progress; the
import is one transaction, so 中止 leaves the database as it was.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.exchange.plan import Action, Cancelled
from app.exchange.problems import ImportFileError
from ui.models.rows import TONE_COLORS, Column, RowsModel
from ui.widgets.tables import RowTable
from ui.presenters.import_wizard import FIELD_CHOICES, FILE_FILTER, ImportWizardState, PlanRow
from ui.workers import Task, error_text, run_in_background

PROBLEM_COLOUR = TONE_COLORS["overdue"][1]


def _progress_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setTextVisible(True)
    bar.hide()
    return bar


def _show_progress(bar: QProgressBar, done: int, total: int) -> None:
    bar.show()
    if total <= 0:
        bar.setRange(0, 0)  # busy
    else:
        bar.setRange(0, total)
        bar.setValue(done)


def _message(label: QLabel, text: str, *, problem: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};" if problem else "")


class StatePage(QWizardPage):
    """A page over the wizard's state, with the background task it may be running."""

    def __init__(self, state: ImportWizardState, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.state = state
        self.task: Task[Any] | None = None
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)


class FilePage(StatePage):
    def __init__(self, state: ImportWizardState) -> None:
        super().__init__(state, "1. 取り込むファイル", "Excel（.xlsx）または CSV（UTF-8・Shift_JIS）の契約一覧を選んでください。"
                                                   "1行目（または表題の下）が見出しの行です。")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName("取り込むファイル")
        self.path_edit.editingFinished.connect(self.load)
        browse = QPushButton("参照(&B)…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("importSheet")
        self.sheet_box.setAccessibleName("読み込むシート")
        self.sheet_box.activated.connect(lambda _index: self.load(self.sheet_box.currentText()))
        self.sheet_label = QLabel("シート(&S):")
        self.sheet_label.setBuddy(self.sheet_box)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_box, 1)
        self._show_sheets([])
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("importFileStatus")
        self.bar = _progress_bar()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(sheet_row)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "取り込むファイル", self.path_edit.text(), FILE_FILTER)
        if chosen:
            self.path_edit.setText(chosen)
            self.load()

    def _show_sheets(self, names: list[str]) -> None:
        """The sheet choice, only for a workbook with more than one worksheet."""
        self.sheet_box.clear()
        self.sheet_box.addItems(names)
        for widget in (self.sheet_label, self.sheet_box):
            widget.setVisible(len(names) > 1)

    def load(self, sheet_name: str | None = None) -> None:
        text = self.path_edit.text().strip()
        problem = ImportWizardState.path_problem(text)
        if problem:
            _message(self.status, problem, problem=bool(text))
            self.completeChanged.emit()
            return
        loaded = self.state.sheet
        if self.state.path == Path(text) and loaded is not None and sheet_name in (None, loaded.sheet_name):
            return
        self.state.sheet = None
        if self.task is not None:
            self.task.cancel()
        _message(self.status, "読み込んでいます…")
        path = Path(text)
        self.task = run_in_background(self, lambda progress: self.state.load(path, progress, sheet_name), self._loaded,
                                      self._failed, lambda d, t, _s: _show_progress(self.bar, d, t))
        self.completeChanged.emit()

    def _loaded(self, _sheet: object) -> None:
        self.task = None
        self.bar.hide()
        sheet = self.state.sheet
        if sheet is not None and [self.sheet_box.itemText(i) for i in range(self.sheet_box.count())] != sheet.sheet_names:
            self._show_sheets(sheet.sheet_names)
        if sheet is not None:
            self.sheet_box.setCurrentText(sheet.sheet_name)
        _message(self.status, self.state.file_summary())
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.bar.hide()
        text = error.problem.line() if isinstance(error, ImportFileError) else error_text(error)
        _message(self.status, f"このファイルは取り込めません: {text}", problem=True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return self.task is None and self.state.sheet is not None \
            and self.state.path == Path(self.path_edit.text().strip())


class MappingPage(StatePage):
    COLUMNS = ("列", "見出し", "先頭の値", "取り込む項目")

    def __init__(self, state: ImportWizardState) -> None:
        super().__init__(state, "2. 列の対応",
                         "見出しから推定した対応です。違う場合は「取り込む項目」を選び直してください（次回のために記憶します）。")
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        rows = self.state.mapping_rows()
        self.table.setRowCount(len(rows))
        self.combos = []
        for i, row in enumerate(rows):
            for j, text in enumerate((row.letter, row.header or "（見出しなし）", row.samples)):
                self.table.setItem(i, j, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setAccessibleName(f"{row.letter}列の取り込む項目")
            for key, label in FIELD_CHOICES:
                combo.addItem(label, key)
            combo.currentIndexChanged.connect(lambda _i, column=row.column, box=combo: self._chosen(column, box))
            self.table.setCellWidget(i, 3, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self._show_mapping()

    def _chosen(self, column: int, combo: QComboBox) -> None:
        self.state.set_field(column, str(combo.currentData() or ""))
        self._show_mapping()

    def _show_mapping(self) -> None:
        for row, combo in zip(self.state.mapping_rows(), self.combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(row.key)))
            combo.blockSignals(False)
        problem = self.state.mapping_problem()
        _message(self.problem, problem or "必須の項目（契約番号・顧客名・月額）はそろっています", problem=bool(problem))
        self.completeChanged.emit()

    def choose(self, column: int, key: str) -> None:
        """Pick the field of a column as the user would in its combo box."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(key))

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return not self.state.mapping_problem()

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        self.state.remember_mapping()
        return True


PLAN_COLUMNS: list[Column[PlanRow]] = [
    Column("行", lambda r: str(r.row or ""), right=True),
    Column("処理", lambda r: r.action_label),
    Column("契約番号", lambda r: r.number),
    Column("顧客名", lambda r: r.company),
    Column("内容・問題", lambda r: r.detail, tooltip=lambda r: r.detail.replace(" / ", "\n")),
]
PLAN_TONES = {Action.INVALID: "overdue", Action.UPDATE: "soon"}  # the app's colours: problem red, change yellow


def plan_model() -> RowsModel[PlanRow]:
    return RowsModel(PLAN_COLUMNS, lambda r: PLAN_TONES.get(r.action, ""))


class DryRunPage(StatePage):
    def __init__(self, state: ImportWizardState) -> None:
        super().__init__(state, "3. 確認（まだ取り込んでいません）",
                         "行ごとに、新しく作る契約・更新する契約・問題を表示します。問題は行と列で示します。")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "取り込む(&I)")
        self.bar = _progress_bar()
        self.summary = QLabel("")
        self.summary.setObjectName("dryRunSummary")
        self.summary.setWordWrap(True)
        self.model = plan_model()
        self.view = RowTable("dryRunTable", self)
        self.view.setModel(self.model)
        self.problems_only = QCheckBox("問題のある行だけ表示")
        self.problems_only.toggled.connect(self._show_rows)
        self.skip_invalid = QCheckBox("問題のない行だけ取り込む（問題のある行は取り込まない）")
        self.skip_invalid.setObjectName("skipInvalid")
        self.skip_invalid.toggled.connect(self._skip_changed)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_only)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.problem)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        self.model.set_rows([])
        self.summary.setText("確認しています…")
        self.problem.setText("")
        self.task = run_in_background(self, self.state.dry_run, self._planned, self._failed,
                                      lambda d, t, _s: _show_progress(self.bar, d, t))
        self.completeChanged.emit()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt name): back to the mapping
        if self.task is not None:
            self.task.cancel()

    def _planned(self, _plan: object) -> None:
        self.task = None
        self.bar.hide()
        self.summary.setText(self.state.plan_summary())
        self._show_rows()
        self._skip_changed()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.bar.hide()
        if not isinstance(error, Cancelled):
            _message(self.summary, f"確認できませんでした: {error_text(error)}", problem=True)
        self.completeChanged.emit()

    def _show_rows(self) -> None:
        self.model.set_rows(self.state.plan_rows(problems_only=self.problems_only.isChecked()))
        metrics = self.view.fontMetrics()
        for column, sample in enumerate(("99999", "取り込めません", "SP-2025-00000", "株式会社サンプル商事")):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

    def _skip_changed(self) -> None:
        self.state.skip_invalid = self.skip_invalid.isChecked()
        problem = self.state.import_problem()
        _message(self.problem, problem, problem=bool(problem))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return self.task is None and self.state.plan is not None and not self.state.import_problem()


class ImportPage(StatePage):
    def __init__(self, state: ImportWizardState, notify: Callable[[str], None]) -> None:
        super().__init__(state, "4. 取り込み")
        self.notify = notify
        self.finished = False
        self.bar = _progress_bar()
        self.status = QLabel("")
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.stop = QPushButton("中止(&S)")
        self.stop.setObjectName("stopImport")
        self.stop.setToolTip("取り込みを中止します。途中まで取り込んだ分も含め、何も変更しません。")
        self.stop.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.stop)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        self.finished = False
        self.stop.setEnabled(True)
        self.status.setText("取り込んでいます…（一つの処理として記録し、中止すると何も変更しません）")
        self.task = run_in_background(self, self.state.run_import, self._done, self._failed, self._progress)
        self.completeChanged.emit()

    def _progress(self, done: int, total: int, _text: str) -> None:
        _show_progress(self.bar, done, total)
        if total:
            self.bar.setFormat("%v / %m 行")

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.stop.setEnabled(False)
            self.status.setText("中止しています…")

    def _done(self, _result: object) -> None:
        self._end()
        result = self.state.result
        _message(self.status, f"取り込みました: {result.summary() if result else ''}")
        self.notify("contracts")

    def _failed(self, error: BaseException) -> None:
        self._end()
        if isinstance(error, Cancelled):
            _message(self.status, "中止しました。データベースは何も変更していません。")
        else:
            _message(self.status, f"取り込めませんでした（何も変更していません）: {error_text(error)}", problem=True)

    def _end(self) -> None:
        self.task = None
        self.finished = True
        self.stop.setEnabled(False)
        self.bar.hide()
        self.completeChanged.emit()
        wizard = self.wizard()
        if isinstance(wizard, ImportWizard) and wizard.close_when_idle:
            wizard.done(QWizard.DialogCode.Rejected)

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return self.finished


class ImportWizard(QWizard):
    def __init__(self, state: ImportWizardState, notify: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.close_when_idle = False
        self.setWindowTitle("契約の取り込み")
        self.setObjectName("importWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "次へ(&N) >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 戻る(&B)")
        self.setButtonText(QWizard.WizardButton.FinishButton, "閉じる")
        self.setButtonText(QWizard.WizardButton.CancelButton, "キャンセル")
        self.file_page = FilePage(state)
        self.mapping_page = MappingPage(state)
        self.dry_run_page = DryRunPage(state)
        self.import_page = ImportPage(state, notify)
        for page in (self.file_page, self.mapping_page, self.dry_run_page, self.import_page):
            self.addPage(page)
        self.resize(900, 620)

    def reject(self) -> None:
        """キャンセル during the import stops it (rolled back) and closes when it has stopped."""
        if self.import_page.task is not None:
            self.close_when_idle = True
            self.import_page.cancel()
            return
        for page in (self.file_page, self.dry_run_page):
            if page.task is not None:
                page.task.cancel()
        super().reject()


def open_import_wizard(window: Any) -> ImportWizard | None:
    """The File menu's 取り込み: the wizard on the window's data (modal, deleted when closed)."""
    hub = window.hub
    if not hub.is_ready:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(window, "取り込み", "データベースを開いています。しばらくお待ちください。")
        return None
    state = ImportWizardState(lambda: hub.engine, hub.today, hub.context)
    wizard = ImportWizard(state, hub.notify, window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.setWindowModality(Qt.WindowModality.WindowModal)
    wizard.show()
    return wizard


__all__ = ["ImportWizard", "open_import_wizard"]
