"""A date field: typed as 2025/4/15, 2025-04-15, 令和7年4月15日 or R7.4.15 (app.inputs), or picked
from a calendar. A pick is an edit like typing: it emits textEdited, so the form's undo stack
and the live preview see it."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QStyle, QWidget, QWidgetAction

from app.inputs import DATE_EXAMPLES, InputError, parse_date


def typed_form(day: date) -> str:
    """How a picked date is written into the field: '2025/4/15'."""
    return f"{day.year}/{day.month}/{day.day}"


def typed_or_empty(day: date | None) -> str:
    return "" if day is None else typed_form(day)


class DateEdit(QLineEdit):
    def __init__(self, label: str = "日付", parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.label = label
        self.required = required
        self.setPlaceholderText("2025/4/15 または 令和7年4月15日")
        self.setToolTip(f"{label}（例: {DATE_EXAMPLES}）。右のボタンでカレンダーから選べます")
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("カレンダーから選ぶ")
        self.calendar_action.triggered.connect(self.open_calendar)
        self._menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None

    def value(self) -> date | None:
        """The date typed (None when empty and not required); InputError with a Japanese message."""
        text = self.text().strip()
        if not text and not self.required:
            return None
        return parse_date(text, self.label)

    def validation_error(self) -> str:
        try:
            self.value()
        except InputError as error:
            return error.message
        return ""

    def open_calendar(self) -> None:
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget(self._menu)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self.pick)
            self.calendar.activated.connect(self.pick)
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
        assert self.calendar is not None
        try:
            current = self.value()
        except InputError:
            current = None
        if current is not None:
            self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.setFocus()

    def pick(self, day: QDate) -> None:
        text = typed_form(date(day.year(), day.month(), day.day()))
        self.setText(text)
        self.textEdited.emit(text)
        if self._menu is not None:
            self._menu.hide()
        self.setFocus()
