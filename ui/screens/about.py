"""バージョン情報: the version, and the licences of what ships with the program (IPAex fonts, Qt)."""
from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

PRODUCT = "セキュリティ・プラス 契約管理ツール"


def about_text(version: str) -> str:
    return (
        f"<h3>{PRODUCT}</h3>"
        f"<p>バージョン {version}</p>"
        "<h4>同梱フォント</h4>"
        "<p>IPAexゴシック・IPAex明朝（IPAex フォント）: IPA フォントライセンス v1.0"
        "（一般社団法人 文字情報技術促進協議会）。フォントファイルは resources/fonts に"
        "ライセンス文書とともに同梱しています。</p>"
        "<h4>Qt と PySide6</h4>"
        f"<p>Qt {qVersion()} / PySide6 {pyside_version}: GNU LGPL v3"
        "（The Qt Company Ltd. およびその他の著作権者）。Qt Charts・Qt PDF を含みます。"
        "LGPL に基づき、利用者は Qt ライブラリを差し替えることができます。</p>"
        "<h4>その他</h4>"
        "<p>SQLAlchemy・SQLModel・Alembic（MIT）、ReportLab（BSD）、python-dateutil（Apache 2.0 / BSD）、"
        "platformdirs（MIT）。</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("バージョン情報")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setObjectName("aboutText")
        text.setHtml(about_text(version))
        text.setOpenExternalLinks(False)
        layout.addWidget(QLabel(PRODUCT))
        layout.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
