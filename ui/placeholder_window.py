"""The main window for now: a title, a menu bar and a note that the contract screens are coming.

It opens no database and runs no use case (the status line is handed in); the real screens
replace the central widget.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

WINDOW_TITLE = "セキュリティ・プラス 契約管理"
PLACEHOLDER_TEXT = (
    "セキュリティ・プラス 契約管理ツール\n\n"
    "契約一覧・契約詳細・解約見積もりの画面は準備中です。\n"
    "それまではコマンドライン (python -m app quote など) をご利用ください。"
)
ABOUT_TITLE = "バージョン情報"


class PlaceholderWindow(QMainWindow):
    def __init__(self, version: str, status: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._version = version
        self.setWindowTitle(WINDOW_TITLE)
        self.resize(720, 420)

        label = QLabel(PLACEHOLDER_TEXT)
        label.setObjectName("placeholderLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.setCentralWidget(label)
        if status:
            self.statusBar().showMessage(status)

        self.quit_action = QAction("終了(&Q)", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        file_menu.addAction(self.quit_action)

        self.about_action = QAction(f"{ABOUT_TITLE}(&A)", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        help_menu.addAction(self.about_action)

    def about_text(self) -> str:
        return f"セキュリティ・プラス 契約管理ツール\nバージョン {self._version}"

    def show_about(self) -> None:
        QMessageBox.about(self, ABOUT_TITLE, self.about_text())
