"""契約一覧: every contract, page by page; filter as you type (Ctrl+F), sort by any column (SQL),
status chips with counts that filter (a click or Space toggles one), Enter or double-click opens the
contract.

A keystroke repaints the rows first: when the total needs a count of the matches themselves (thousands
of them, 10-25 ms on 100,000 contracts), the page comes without it and count_contracts runs in a
worker once typing pauses (COUNT_DELAY_MS: the keystrokes of a word do not wait behind counts of its
first letters), one at a time, for the newest list only; the count text says
"…件以上（件数を数えています）" until it arrives."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.labels import STATUS_LABELS
from ui.hub import Hub
from ui.models.contract_list import ContractListModel
from ui.presenters.contracts import COLUMNS, ContractListPresenter, QueryKey
from ui.widgets.status_chip import chip_button_style
from ui.widgets.screen import Screen
from ui.widgets.tables import RowTable
from ui.workers import run_in_background, show_error

COLUMN_WIDTHS = (130, 300, 120, 130, 100, 130, 130)
COUNT_DELAY_MS = 120  # typing pauses this long before the total of a page shown without one is counted


class ContractsScreen(Screen):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(hub, window, "contracts", "契約一覧")
        self.presenter = ContractListPresenter(self._fetch)
        self.model = ContractListModel(self.presenter, lambda: self.hub.settings.date_style)
        self._counting = False  # a count_contracts worker is running
        self._count_wanted: QueryKey | None = None  # the list whose total is to be counted next
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        self.model.modelReset.connect(self._count_if_needed)  # a filter, chip, sort or refresh

        layout = self.screen_layout
        title = self.title
        self.filter = QLineEdit()
        self.filter.setObjectName("contractFilter")
        self.filter.setPlaceholderText("契約番号・会社名・フリガナ・ご担当者で絞り込み（Ctrl+F）")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("絞り込み")
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.returnPressed.connect(self._focus_table)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.filter, 1)
        layout.addLayout(top)

        chips = QHBoxLayout()
        self.chips: dict[str, QPushButton] = {}
        for status, label in STATUS_LABELS.items():
            chip = QPushButton(label)
            chip.setObjectName(f"chip_{status}")
            chip.setCheckable(True)
            chip.setAutoDefault(False)
            chip.setStyleSheet(chip_button_style(str(status)))
            chip.setToolTip(f"「{label}」の契約だけを表示します（もう一度押すと解除）")
            chip.setAccessibleName(f"状態で絞り込み: {label}")
            chip.clicked.connect(lambda _checked=False, value=str(status): self.toggle_status(value))
            chips.addWidget(chip)
            self.chips[str(status)] = chip
        chips.addStretch(1)
        self.count_label = QLabel("")
        self.count_label.setObjectName("contractCount")
        chips.addWidget(self.count_label)
        layout.addLayout(chips)

        self.table = RowTable("契約の一覧", self, lambda row: self.open_contract_in_window(self.model.contract_id(row)))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        previous: QWidget = self.filter
        for chip in self.chips.values():  # Tab: filter, the chips, the rows
            self.setTabOrder(previous, chip)
            previous = chip
        self.setTabOrder(previous, self.table)
        hub.changed.connect(self._changed)

    def _fetch(self, text: str, sort: str, descending: bool, offset: int, limit: int,  # type: ignore[no-untyped-def]
               statuses: tuple[str, ...]):
        from app.usecases.contract_list import Page, list_contracts

        if not self.hub.is_ready:
            return Page([], 0)
        return list_contracts(self.hub.engine, text, sort, descending, offset, limit, statuses, exact_total=False)

    def _count_if_needed(self) -> None:
        self._count_wanted = None if self.presenter.total_exact else self.presenter.query_key()
        if self._count_wanted is None:
            self._count_timer.stop()
        else:
            self._count_timer.start()  # (again): once typing pauses

    def counting(self) -> bool:
        """Whether a total is still to be counted (tests wait for it)."""
        return self._counting or self._count_wanted is not None

    def _start_count(self) -> None:
        if self._counting:
            return  # _counted starts the wanted one
        key, self._count_wanted = self._count_wanted, None
        if key is None or not self.hub.is_ready:
            return
        from app.usecases.contract_list import count_contracts

        engine = self.hub.engine
        self._counting = True
        run_in_background(self, lambda _progress: count_contracts(engine, key[0], key[1]),
                          lambda total: self._counted(key, total), self._count_failed)

    def _counted(self, key: QueryKey, total: int) -> None:
        self._counting = False
        if self.model.count_arrived(key, total):
            self.show_counts()
        self._start_count()  # the list changed meanwhile: its own count

    def _count_failed(self, _error: BaseException) -> None:  # logged by the worker; the list stays usable
        self._counting = False
        if self._count_wanted is None:
            self.presenter.count_failed = True
            self.show_counts()
        self._start_count()

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _changed(self, kind: str) -> None:
        if kind in ("all", "contracts", "settings", "applications"):
            self.refresh()

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def apply_filter(self, text: str) -> None:
        try:
            self.model.set_filter(text)
        except Exception as error:  # a ValidationError from the query layer: shown, nothing else changes
            show_error(self, error)
        self.show_counts()

    def toggle_status(self, status: str) -> None:
        """A chip pressed (click, Space): its status joins or leaves the filter; the chips show which."""
        try:
            self.model.toggle_status(status)
        except Exception as error:
            show_error(self, error)
        for value, chip in self.chips.items():
            chip.setChecked(value in self.presenter.statuses)
        self.show_counts()

    def refresh(self) -> None:
        if not self.hub.is_ready:
            return
        try:
            self.model.reload()
            self._show_status_counts()
        except Exception as error:
            show_error(self, error)
        self.show_counts()

    def _show_status_counts(self) -> None:
        from app.usecases.portfolio import status_counts

        for status, count in status_counts(self.hub.engine).items():
            chip = self.chips.get(str(status))
            if chip is not None:
                chip.setText(f"{STATUS_LABELS[status]} {count:,}")

    def show_counts(self) -> None:
        text = self.presenter.count_text()
        self.count_label.setText(text)
        current = getattr(self.main_window, "current_key", None)
        setter = getattr(self.main_window, "set_counts", None)
        if callable(setter) and callable(current) and current() == "contracts":  # only while it is shown
            setter(text)


__all__ = ["COLUMNS", "ContractsScreen"]
