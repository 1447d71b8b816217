"""The live fee preview panel beside a form: shows an app.preview.Preview, nothing else.

The form calls `show_preview(compute_preview(form_values))` once per edit; a field that does not
parse shows its message in place of the numbers (red), warnings in amber.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.preview import Preview, billing_rows, preview_rows

STYLES = {"value": "", "error": "color: #b00020;", "warning": "color: #8a5a00;"}
MAX_ROWS = 12


class FeePreviewPanel(QFrame):
    def __init__(self, parent: QWidget | None = None, *, title: str = "料金プレビュー") -> None:
        super().__init__(parent)
        self.setObjectName("feePreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("previewTitle")
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        self._labels: list[tuple[QLabel, QLabel]] = []
        for row in range(MAX_ROWS):
            name, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name.setMinimumWidth(self.fontMetrics().horizontalAdvance("2025年10月15日に通知した場合"))
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1)
            self._labels.append((name, value))
        billing_title = QLabel("請求予定")
        billing_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(billing_title)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("previewBilling")
        self.table.setHorizontalHeaderLabels(["月", "内容", "金額"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.preview: Preview | None = None

    def show_preview(self, preview: Preview, style: str = "western") -> None:
        self.preview = preview
        rows = preview_rows(preview, style)[:MAX_ROWS]
        for index, (name, value) in enumerate(self._labels):
            if index < len(rows):
                row = rows[index]
                name.setText(row.label)
                value.setText(row.text)
                value.setStyleSheet(STYLES[row.kind])
                name.show()
                value.show()
            else:
                name.hide()
                value.hide()
        lines = billing_rows(preview)
        self.table.setRowCount(len(lines))
        for r, (month, what, amount) in enumerate(lines):
            for c, text in enumerate((month, what, amount)):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)

    def texts(self) -> list[str]:
        """What the panel shows, line by line (for tests)."""
        shown = [f"{n.text()} {v.text()}" for n, v in self._labels if not n.isHidden()]
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(3)]
            shown.append(" ".join(item.text() for item in items if item is not None))
        return shown
