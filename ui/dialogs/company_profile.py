"""差出人の会社情報: asked for before the first print, so that no notice goes out with it blank.

`ensure_company_profile(parent, hub)` returns True when the profile is complete (asking for the
missing items first); the registration number's check digit is validated as it is typed.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.settings import COMPANY_REQUIRED, Settings, SettingsError, missing_company_fields
from app.terms import registration_number_valid
from ui.hub import Hub

FIELDS = [
    ("company_name", "会社名", "株式会社アズジェント"),
    ("company_department", "部署（任意）", "カスタマーサクセス部"),
    ("company_postal_code", "郵便番号（任意）", "104-0044"),
    ("company_address", "住所", "東京都中央区…"),
    ("company_phone", "電話番号", "03-0000-0000"),
    ("company_registration_number", "登録番号", "T + 13桁の数字"),
    ("company_representative", "代表者", "代表取締役 山田 太郎"),
]


class CompanyProfileDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("companyProfileDialog")
        self.setWindowTitle("差出人の会社情報")
        self.settings = settings
        self.result_settings: Settings | None = None
        intro = QLabel("通知書の差出人として印刷する会社情報を入力してください。"
                       "未入力のまま印刷することはできません。")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name, label, placeholder in FIELDS:
            edit = QLineEdit(str(getattr(settings, name)))
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            edit.textChanged.connect(self._validate)
            form.addRow(label + ("　※" if name in COMPANY_REQUIRED else ""), edit)
            self.edits[name] = edit
        self.seal = QLineEdit(settings.company_seal_image)
        self.seal.setObjectName("company_seal_image")
        self.seal.setPlaceholderText("社印・ロゴの画像（任意、PNG/JPEG）")
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal, 1)
        seal_row.addWidget(browse)
        form.addRow("社印・ロゴ（任意）", seal_row)
        self.message = QLabel("")
        self.message.setObjectName("profileMessage")
        self.message.setStyleSheet("color: #b71c1c")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._validate()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "社印・ロゴの画像", "", "画像 (*.png *.jpg *.jpeg)")
        if path:
            self.seal.setText(path)

    def values(self) -> dict[str, str]:
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["company_seal_image"] = self.seal.text().strip()
        return values

    def problems(self) -> list[str]:
        values = self.values()
        problems = [f"{label}を入力してください" for name, label in COMPANY_REQUIRED.items() if not values[name]]
        number = values["company_registration_number"]
        if number and not registration_number_valid(number):
            problems.append("登録番号は T と13桁の数字で、検査用数字（先頭の数字）が正しい番号を入力してください")
        return problems

    def _validate(self) -> None:
        problems = self.problems()
        self.message.setText("\n".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def _save(self) -> None:
        if self.problems():
            return
        try:
            self.result_settings = self.settings.with_changes(**self.values())
        except SettingsError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


def ensure_company_profile(parent: QWidget | None, hub: Hub) -> bool:
    """True when the company profile is complete; otherwise ask for it (and save it) first."""
    if not missing_company_fields(hub.settings):
        return True
    dialog = CompanyProfileDialog(hub.settings, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_settings is None:
        return False
    try:
        hub.update_settings(dialog.result_settings)
    except SettingsError as exc:
        from ui.workers import show_error

        show_error(parent, exc)
        return False
    return not missing_company_fields(hub.settings)
