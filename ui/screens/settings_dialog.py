"""設定: the account manager's name, the company profile printed on notices, the database location,
backups kept, date style (西暦/和暦), dashboard days. A screen in the navigation and a dialog."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.settings import SettingsError
from ui.hub import Hub
from ui.presenters import settings as p


class SettingsForm(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout(self)
        for field in p.FIELDS:
            if field.kind == "choice":
                combo = QComboBox()
                for value, label in p.CHOICES[field.name].items():
                    combo.addItem(label, value)
                editor: QLineEdit | QComboBox = combo
            else:
                line = QLineEdit()
                line.setPlaceholderText(field.hint)
                editor = line
            editor.setObjectName(f"setting_{field.name}")
            editor.setAccessibleName(field.label)
            editor.setToolTip(field.hint)
            self.editors[field.name] = editor
            form.addRow(f"{field.label}:", editor)
        self.message = QLabel("")
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.load()

    def load(self) -> None:
        for name, text in p.values_of(self.hub.settings).items():
            editor = self.editors[name]
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(text)))
            else:
                editor.setText(text)
        self.message.setText("")

    def values(self) -> dict[str, str]:
        return {name: str(e.currentData()) if isinstance(e, QComboBox) else e.text() for name, e in self.editors.items()}

    def save(self) -> bool:
        try:
            new = p.settings_from(self.hub.settings, self.values())
            self.hub.update_settings(new)
        except SettingsError as error:
            self.message.setStyleSheet("color: #b71c1c;")
            self.message.setText(str(error))
            return False
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText("設定を保存しました。")
        return True


class SettingsScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("settings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        title = QLabel("設定")
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        self.form = SettingsForm(hub)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton("元に戻す")
        self.revert_button.clicked.connect(self.form.load)
        self.save_button = QPushButton("保存(&S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.form.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.form.load()


class SettingsDialog(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("設定")
        layout = QVBoxLayout(self)
        self.form = SettingsForm(hub, self)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        if self.form.save():
            self.accept()
