"""A PDF preview (QtPdf) with print (QPrinter) and save: the same bytes that are stored and sent."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PRINT_DPI = 300


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.data = b""
        self.pages: tuple[int, int] | None = None  # (first index, count) to show and print; None: all
        self.suggested_name = "notice.pdf"
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName("印刷プレビュー")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.caption = QLabel("プレビューする通知書を選んでください")
        self.caption.setObjectName("previewCaption")
        self.caption.setWordWrap(True)
        self.print_button = QPushButton("印刷(&P)…")
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton("PDFを保存(&S)…")
        self.save_button.setObjectName("savePdfButton")
        self.save_button.clicked.connect(self.save_pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.caption, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def set_pdf(self, data: bytes, caption: str, suggested_name: str = "notice.pdf", printable: bool = True,
                pages: tuple[int, int] | None = None) -> None:
        """Show `data`; `printable=False` for a 見本 (not issued: it may be looked at, not sent).

        `pages` = (first page, count), 1-based: one document in a batch file; the view opens on it
        and 印刷 prints only those pages (the file itself stays as it was sent)."""
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.data = data
        self.pages = (pages[0] - 1, pages[1]) if pages is not None else None
        self.suggested_name = suggested_name
        self.caption.setText(caption)
        self._enable(printable and self.document.pageCount() > 0)
        if self.pages is not None:
            self.view.pageNavigator().jump(self.pages[0], QPointF(0, 0))

    def clear(self, caption: str = "プレビューする通知書を選んでください") -> None:
        self.document.close()
        self.data = b""
        self.pages = None
        self.caption.setText(caption)
        self._enable(False)

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def pages_to_print(self) -> range:
        if self.pages is None:
            return range(self.page_count())
        first, count = self.pages
        return range(first, min(first + count, self.page_count()))

    def print_to(self, printer: QPrinter) -> None:
        """The pages to print (all, or the document's), rendered at the printer's resolution, one per sheet."""
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("プリンターを開始できませんでした")
        try:
            for index, page in enumerate(self.pages_to_print()):
                if index:
                    printer.newPage()
                target: QRect = painter.viewport()
                size = self.document.pagePointSize(page)
                scale = min(target.width() / size.width(), target.height() / size.height())
                pixels = QSize(int(size.width() * scale), int(size.height() * scale))
                image = self.document.render(page, pixels)
                painter.drawImage(QRect(target.x(), target.y(), pixels.width(), pixels.height()), image)
        finally:
            painter.end()

    def print_pdf(self) -> None:
        if not self.data:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setDocName(self.suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("通知書の印刷")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError as exc:
            QMessageBox.warning(self, "印刷", f"印刷できませんでした: {exc}")

    def save_pdf(self) -> None:
        if not self.data:
            return
        path, _ = QFileDialog.getSaveFileName(self, "PDFを保存", self.suggested_name, "PDF (*.pdf)")
        if not path:
            return
        try:
            with open(path, "wb") as handle:
                handle.write(self.data)
        except OSError as exc:
            QMessageBox.warning(self, "PDFを保存", f"保存できませんでした: {path}（{exc.strerror or exc}）")


__all__ = ["PdfPreview", "Qt"]
