"""A yen field: ¥, 円, commas and full-width digits accepted (app.inputs.parse_yen); shown with
thousands separators once the user leaves the field."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from app.inputs import InputError, parse_yen


class MoneyEdit(QLineEdit):
    def __init__(self, label: str = "金額", parent: QWidget | None = None, *, required: bool = False,
                 positive: bool = False) -> None:
        super().__init__(parent)
        self.label = label
        self.required = required
        self.positive = positive
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("50,000")
        self.setToolTip(f"{label}（円、税抜。¥・カンマ・全角数字も使えます）")
        self.editingFinished.connect(self.reformat)

    def value(self) -> int | None:
        """Whole yen (None when empty and not required); InputError with a Japanese message."""
        text = self.text().strip()
        if not text and not self.required:
            return None
        amount = parse_yen(text, self.label)
        if self.positive and amount <= 0:
            raise InputError(f"{self.label}は1円以上で入力してください")
        return amount

    def validation_error(self) -> str:
        try:
            self.value()
        except InputError as error:
            return error.message
        return ""

    def reformat(self) -> None:
        """'５００００円' -> '50,000' (only when it parses; a bad value stays as typed)."""
        try:
            amount = self.value()
        except InputError:
            return
        if amount is not None and self.text() != f"{amount:,}":
            self.setText(f"{amount:,}")
