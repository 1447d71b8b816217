"""The suite's guard: a modal dialog in a test fails that test instead of hanging the run."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import ModalDialogInTest


def test_message_boxes_and_dialog_exec_fail_fast(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    with pytest.raises(ModalDialogInTest, match="本当に"):
        QMessageBox.question(parent, "確認", "本当に削除しますか？")
    with pytest.raises(ModalDialogInTest):
        QMessageBox(parent).exec()
    with pytest.raises(ModalDialogInTest):
        QDialog(parent).exec()
