"""The contracts list as a QAbstractTableModel over a windowed cache of pages (ContractListPresenter):
the view asks only for the rows it shows, each page is one query of the query layer, sorting by a
column is done by SQL. Scrolling to the end reads the last page only, not every page before it.
A total counted after the rows were shown (ContractListPresenter.count_arrived) adds the rows past the
first page as an insertion, not a reset: the selection and the scroll position stay."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.presenters.contracts import COLUMNS, ContractListPresenter, QueryKey, cell_text
from ui.widgets.status_chip import status_brushes

Index = QModelIndex | QPersistentModelIndex
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # the ContractStatus value, for the chip delegate
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.sort_key == "status")
# the roles data() answers; the view asks for about a dozen per cell on every paint, the rest get None at once
ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
                   Qt.ItemDataRole.ForegroundRole, STATUS_ROLE, ID_ROLE})


class ContractListModel(QAbstractTableModel):
    def __init__(self, presenter: ContractListPresenter, date_style: Callable[[], str]) -> None:
        super().__init__()
        self.presenter = presenter
        self._style = date_style

    def reload(self, change: Callable[[], None] | None = None) -> None:
        self.beginResetModel()
        try:
            (change or self.presenter.reload)()
        finally:
            self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.reload(lambda: self.presenter.set_filter(text))

    def toggle_status(self, status: str) -> None:
        self.reload(lambda: self.presenter.toggle_status(status))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.reload(lambda: self.presenter.set_sort(column, order == Qt.SortOrder.DescendingOrder))

    def count_arrived(self, key: QueryKey, total: int) -> bool:
        """The exact total of the list `key` (text, chips) was counted: the rows past the lower bound
        shown so far are inserted (or removed, had contracts gone meanwhile). False when the list
        shows something else by now."""
        shown = self.presenter.total
        if key != self.presenter.query_key() or self.presenter.total_exact:
            return False
        if total > shown:
            self.beginInsertRows(QModelIndex(), shown, total - 1)
            self.presenter.count_arrived(key, total)
            self.endInsertRows()
        elif total < shown:
            self.beginRemoveRows(QModelIndex(), total, shown - 1)
            self.presenter.count_arrived(key, total)
            self.endRemoveRows()
        else:
            self.presenter.count_arrived(key, total)
        return True

    def contract_id(self, row: int) -> int:
        found = self.presenter.row(row)
        if found is None:
            raise IndexError(row)
        return found.id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else self.presenter.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():
            return None
        row = self.presenter.row(index.row())  # fetches the page on first sight (one query)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, index.column(), self._style())
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()].right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == STATUS_ROLE:
            return str(row.status)
        if index.column() == STATUS_COLUMN and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            background, foreground = status_brushes(str(row.status))
            return background if role == Qt.ItemDataRole.BackgroundRole else foreground
        if role == ID_ROLE:
            return row.id
        return None
