"""The main window: a left navigation, one stacked area for the screens, menus, a status bar.

How another helper plugs in (one line each, in the two registries below):

* A screen: add ``Screen("key", "ナビの名前", "ui.screens.module:Factory")`` to SCREENS, or
  replace a placeholder's target. ``Factory(hub, window)`` returns the QWidget (a class taking
  ``(hub: Hub, window: MainWindow)`` is fine; use ``window`` as the Qt parent). The module is
  imported the first time the screen is shown, so a screen costs nothing at start.
  ``nav=False`` keeps it out of the left navigation (reach it with ``window.show_screen(key)``).
  Optional methods the window calls when present: ``refresh()`` (F5 and after the database
  opens), ``focus_filter()`` (Ctrl+F), ``new_item()`` (Ctrl+N on the 申込 screen),
  ``open_contract(contract_id)`` (a contract action or row that targets the screen).
* A contract action (the bar above the contract view): set the target of its line in
  CONTRACT_ACTIONS to ``"ui.screens.module:function"`` with ``function(window, contract_id)``
  (open a dialog, then ``window.hub.notify("contracts")`` after a change), or to
  ``"screen:<key>"`` to show that screen and call its ``open_contract(contract_id)``.
  A target of None shows the action disabled ("準備中").

Screens read data through ``window.hub`` (ui/hub.py) and do slow work with
``ui.workers.run_in_background``; they never open database sessions themselves.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal  # not Qt: see nav_keys
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import startup_texts
from ui.hub import Hub


@dataclass(frozen=True)
class Screen:
    key: str
    title: str  # shown in the navigation and the window title
    target: str  # "package.module:Factory"; Factory(hub, window) -> QWidget
    nav: bool = True
    shortcut: str = ""


@dataclass(frozen=True)
class ContractAction:
    key: str
    title: str
    target: str | None  # "package.module:function" (function(window, contract_id)) or "screen:<key>"; None: 準備中
    shortcut: str = ""


# --- the screen registry: one line per screen ---------------------------------------------------
SCREENS: list[Screen] = [
    Screen("home", "ホーム", "ui.screens.dashboard:DashboardScreen", shortcut="Ctrl+1"),
    Screen("contracts", "契約一覧", "ui.screens.contracts:ContractsScreen", shortcut="Ctrl+2"),
    Screen("applications", "申込", "ui.screens.application_form:ApplicationFormScreen", shortcut="Ctrl+3"),  # H7
    Screen("notices", "通知・印刷", "ui.screens.notices:NoticesScreen", shortcut="Ctrl+4"),  # H4
    Screen("settings", "設定", "ui.screens.settings_dialog:SettingsScreen", shortcut="Ctrl+5"),
    Screen("contract", "契約詳細", "ui.screens.contract_view:ContractView", nav=False),
    Screen("quote", "見積", "ui.screens.quote:QuoteScreen", shortcut="Ctrl+6"),  # H8: a prospect, or a contract's 見積
]

# --- the contract view's action bar: one line per action ------------------------------------------
CONTRACT_ACTIONS: list[ContractAction] = [
    ContractAction("customer_edit", "顧客編集", "ui.screens.customer_edit:open_customer_edit"),  # H7
    ContractAction("change_contract", "変更契約", "ui.screens.change_contract_form:open_change_contract"),  # H7
    ContractAction("termination_notice", "解約通知の受領", "ui.dialogs.termination_notice:open_termination_notice"),
    ContractAction("cure_notice", "催告", "ui.dialogs.cure:open_cure_notice"),
    ContractAction("provider_termination", "解除", "ui.dialogs.provider_termination:open_provider_termination"),
    ContractAction("payment", "入金", "ui.dialogs.payment:open_payment"),
    ContractAction("service_start", "サービス開始", "ui.dialogs.service_start:open_service_start"),
    ContractAction("quote", "見積", "screen:quote"),  # H8
    ContractAction("notice_document", "通知書", "screen:notices"),  # H4
]

# --- the File menu's commands from other modules: (title, shortcut, "package.module:function(window)") -----
FILE_ACTIONS: list[tuple[str, str | None, str]] = [
    ("契約の取り込み(&I)…", "Ctrl+I", "ui.screens.import_wizard:open_import_wizard"),  # H5
    ("契約一覧を出力(&E)…", "Ctrl+E", "ui.screens.export_actions:export_contracts"),  # H5: as filtered
    ("期限一覧を出力(&D)…", None, "ui.screens.export_actions:export_deadlines"),  # H5: .xlsx/.csv/.ics
]

WINDOW_TITLE = "セキュリティ・プラス 契約管理"
STYLE = """
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 7px 10px; }
QLabel#screenTitle { font-size: 13pt; font-weight: bold; }
"""
DEFAULT_SIZE = (1280, 720)
HOME = "home"


def resolve(target: str) -> Callable[..., Any]:
    """The object named by "package.module:attribute"."""
    from ui.workers import import_lock

    module_name, _, attribute = target.partition(":")
    with import_lock:  # never beside a worker importing the database stack (see ui.workers.import_lock)
        module = importlib.import_module(module_name)
    return getattr(module, attribute)  # type: ignore[no-any-return]


def screen_spec(key: str) -> Screen:
    for screen in SCREENS:
        if screen.key == key:
            return screen
    raise KeyError(key)


def may_leave(widget: QWidget) -> bool:
    """A screen with unsaved input may refuse to be left (its optional ``can_leave()``)."""
    check = getattr(widget, "can_leave", None)
    return bool(check()) if callable(check) else True


def call_if_present(widget: QWidget, name: str, *args: Any) -> bool:
    method = getattr(widget, name, None)
    if callable(method):
        method(*args)
        return True
    return False


class MainWindow(QMainWindow):
    screen_shown = Signal(str)
    first_painted = Signal()  # on the turn of the event loop after the first paint, the home screen built

    def __init__(self, hub: Hub, version: str = "", settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.version = version
        self._qsettings = settings
        self._screens: dict[str, QWidget] = {}
        self._current = ""
        self._pending_screen = ""
        self._start_page: QWidget | None = None  # home's heading until the home screen is built
        self._painted = False
        self.reopen: Callable[[], None] | None = None  # F5 when the database could not be opened
        self.setWindowTitle(WINDOW_TITLE)
        self.setObjectName("mainWindow")
        self.resize(*DEFAULT_SIZE)
        self.setMinimumSize(900, 560)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("画面の切り替え")
        self.nav.setFixedWidth(132)
        # The row's screen key lives in nav_keys, not in the item's UserRole: reading Qt.ItemDataRole
        # builds the whole Qt namespace (~130 enums, ~15 ms), which the first paint does not need.
        self.nav_keys: list[str] = []
        for screen in SCREENS:
            if screen.nav:
                item = QListWidgetItem(screen.title)
                if screen.shortcut:
                    item.setToolTip(f"{screen.title}（{screen.shortcut}）")
                self.nav.addItem(item)
                self.nav_keys.append(screen.key)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.stack = QStackedWidget()
        self.stack.setObjectName("screens")
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setStyleSheet(STYLE)

        self.status_label = QLabel(startup_texts.OPENING)
        self.statusBar().addWidget(self.status_label, 1)
        self.count_label = QLabel("")
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_menus()
        self.hub.ready.connect(self._refresh_current)
        self.hub.ready.connect(self._show_pending_screen)  # the last screen, once the data is open
        self.hub.day_changed.connect(self._day_changed)  # the daily run (ui/hub.py) after midnight

    # --- menus and shortcuts --------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None,
                slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:  # setShortcuts, not setShortcut: its overloads build the Qt namespace (~15 ms)
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _shower(self, key: str) -> Callable[[], None]:
        def show() -> None:
            self.show_screen(key)

        return show

    def _caller(self, target: str) -> Callable[[], None]:
        def call() -> None:
            resolve(target)(self)

        return call

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("ファイル(&F)")
        self.new_application_action = self._action("新規申込(&N)…", "Ctrl+N", self.new_application)
        file_menu.addAction(self.new_application_action)
        file_menu.addSeparator()
        for title, shortcut, target in FILE_ACTIONS:
            file_menu.addAction(self._action(title, shortcut, self._caller(target)))
        file_menu.addSeparator()
        self.quit_action = self._action("終了(&Q)", "Ctrl+Q", self.close)
        file_menu.addAction(self.quit_action)

        view_menu = bar.addMenu("表示(&V)")
        self.screen_actions: dict[str, QAction] = {}
        for screen in SCREENS:
            if screen.nav:
                action = self._action(screen.title, screen.shortcut or None, self._shower(screen.key))
                view_menu.addAction(action)
                self.screen_actions[screen.key] = action
        view_menu.addSeparator()
        self.filter_action = self._action("絞り込み(&F)", "Ctrl+F", self.focus_filter)
        view_menu.addAction(self.filter_action)
        self.refresh_action = self._action("最新の情報に更新(&R)", "F5", self.refresh)
        view_menu.addAction(self.refresh_action)

        tools_menu = bar.addMenu("ツール(&T)")
        self.settings_action = self._action("設定(&S)…", "Ctrl+,", self.show_settings)
        tools_menu.addAction(self.settings_action)

        help_menu = bar.addMenu("ヘルプ(&H)")
        self.about_action = self._action("バージョン情報(&A)", None, self.show_about)
        help_menu.addAction(self.about_action)

    # --- screens --------------------------------------------------------------------------------

    def screen(self, key: str | None = None) -> Any:
        """The screen's widget, created on first use; without a key, QWidget.screen() (the QScreen)."""
        if key is None:
            return super().screen()
        return self.screen_widget(key)

    def screen_widget(self, key: str) -> QWidget:
        """The screen's widget, created on first use."""
        widget = self._screens.get(key)
        if widget is None:
            spec = screen_spec(key)
            widget = resolve(spec.target)(self.hub, self)
            assert isinstance(widget, QWidget), f"{spec.target} must return a QWidget"
            widget.setObjectName(widget.objectName() or f"screen_{key}")
            self._screens[key] = widget
            self.stack.addWidget(widget)
            if self.hub.is_ready:
                call_if_present(widget, "refresh")
        return widget

    def created_screens(self) -> dict[str, QWidget]:
        return dict(self._screens)

    def current_key(self) -> str:
        return self._current

    def show_screen(self, key: str) -> QWidget:
        leaving = self._screens.get(self._current)
        if leaving is not None and key != self._current and not may_leave(leaving):
            key = self._current  # the screen's unsaved-changes guard said stay
        widget = self.screen_widget(key)
        self.stack.setCurrentWidget(widget)
        self._drop_start_page()
        self._mark_current(key)
        self.count_label.setText("")  # a screen with counts shows its own (show_counts)
        call_if_present(widget, "show_counts")
        self.screen_shown.emit(key)
        assert isinstance(widget, QWidget)
        return widget

    def _mark_current(self, key: str) -> None:
        """The window title and the navigation row of the screen shown."""
        self._current = key
        spec = screen_spec(key)
        self.setWindowTitle(f"{spec.title} - {WINDOW_TITLE}")
        nav_key = key if spec.nav else ("contracts" if key == "contract" else "")
        if nav_key in self.nav_keys and self.nav.currentRow() != self.nav_keys.index(nav_key):
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.nav_keys.index(nav_key))
            self.nav.blockSignals(False)

    # --- the start: home's heading first, the home screen right after the first paint -------------

    def _show_start_page(self) -> None:
        """What the first paint shows in the screen area: home's title and "opening" line, the same
        place and words as the empty home screen. Building that screen imports its tables, models and
        formatting (~20 ms), so it waits for build_home, just after the paint."""
        page = QWidget()
        page.setObjectName("startPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 4)
        title = QLabel(screen_spec(HOME).title)
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        layout.addWidget(QLabel(startup_texts.OPENING))
        layout.addStretch(1)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self._start_page = page
        self._mark_current(HOME)

    def build_home(self) -> None:
        """The home screen in place of the start page (once; nothing when another screen came first)."""
        if self._start_page is not None and self._current == HOME:
            self.show_screen(HOME)
        self._drop_start_page()

    def _after_first_paint(self) -> None:
        self.build_home()
        self.first_painted.emit()

    def _drop_start_page(self) -> None:
        if self._start_page is not None and self.stack.currentWidget() is not self._start_page:
            self.stack.removeWidget(self._start_page)
            self._start_page.deleteLater()
            self._start_page = None

    def _nav_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        row = self.nav.row(current) if current is not None else -1
        if 0 <= row < len(self.nav_keys):
            self.show_screen(self.nav_keys[row])

    def open_contract(self, contract_id: int) -> None:
        """Show one contract in the contract view."""
        view = self.show_screen("contract")
        call_if_present(view, "open_contract", contract_id)

    def run_contract_action(self, key: str, contract_id: int) -> None:
        action = next(a for a in CONTRACT_ACTIONS if a.key == key)
        if action.target is None:
            return
        if action.target.startswith("screen:"):
            widget = self.show_screen(action.target.removeprefix("screen:"))
            call_if_present(widget, "open_contract", contract_id)
        else:
            resolve(action.target)(self, contract_id)

    # --- commands -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """F5: every created screen reloads."""
        if self.hub.is_ready:
            self.hub.notify("all")
        elif self.reopen is not None:
            self.reopen()

    def _refresh_current(self) -> None:
        for widget in self._screens.values():
            call_if_present(widget, "refresh")

    def focus_filter(self) -> None:
        widget = self.stack.currentWidget()
        if widget is None or not call_if_present(widget, "focus_filter"):
            call_if_present(self.show_screen("contracts"), "focus_filter")

    def new_application(self) -> None:
        call_if_present(self.show_screen("applications"), "new_item")

    def show_settings(self) -> None:
        from ui.screens.settings_dialog import SettingsDialog

        SettingsDialog(self.hub, self).exec()

    def show_about(self) -> None:
        from ui.screens.about import AboutDialog

        if not self.version:  # importlib.metadata scans the installed packages: not before the first paint
            from ui.app import app_version

            self.version = app_version()
        AboutDialog(self.version, self).exec()

    def set_counts(self, text: str) -> None:
        """The counts at the right of the status bar (the screen shown sets them)."""
        self.count_label.setText(text)

    def _day_changed(self, day: date, moved: int) -> None:
        from app.formatting import format_date

        ended = f"終了日を過ぎた契約 {moved:,}件を「終了」にしました。" if moved else ""
        self.set_status(f"日付が変わりました（{format_date(day, self.hub.settings.date_style)}）。{ended}")

    def set_status(self, text: str, counts: str = "") -> None:
        self.status_label.setText(text)
        if counts:
            self.count_label.setText(counts)

    # --- remembered state -----------------------------------------------------------------------

    def restore_state(self) -> None:
        """Geometry and the last screen from QSettings. The first paint shows home's heading; the
        home screen is built right after it (build_home), and another last screen once the data is
        open (its module may import more than the first paint needs)."""
        key = HOME
        if self._qsettings is not None:
            geometry = self._qsettings.value("window/geometry")
            if isinstance(geometry, QByteArray) and not geometry.isEmpty():
                self.restoreGeometry(geometry)
            saved = self._qsettings.value("window/screen", HOME)
            if isinstance(saved, str) and any(s.key == saved and s.nav for s in SCREENS):
                key = saved
        self._show_start_page()
        if key != HOME:
            self._pending_screen = key  # shown by paintEvent, after the first paint

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)  # (dropped if the window is gone)
        if self._pending_screen and self.hub.is_ready:
            QTimer.singleShot(0, self, self._show_pending_screen)

    def _show_pending_screen(self) -> None:
        key, self._pending_screen = self._pending_screen, ""
        if key and self._current == HOME:  # the user has not moved on meanwhile
            self.show_screen(key)

    def save_state(self) -> None:
        if self._qsettings is None:
            return
        self._qsettings.setValue("window/geometry", self.saveGeometry())
        current = self._pending_screen or self._current
        nav_key = current if any(s.key == current and s.nav for s in SCREENS) else HOME
        self._qsettings.setValue("window/screen", nav_key)
        self._qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if not all(may_leave(widget) for widget in self._screens.values()):
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)
