"""Every registered screen creates, shows, takes empty input and closes cleanly (one shared test)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.settings import Settings
from tests.ui.screen_fixtures import NOW, SETTINGS, hub, seeded_db, workspace  # noqa: F401 (fixtures)
from ui.hub import Hub
from ui.main_window import CONTRACT_ACTIONS, SCREENS, MainWindow
from ui.workers import running_tasks

SCREEN_KEYS = [screen.key for screen in SCREENS]


def show_and_type_nothing(qtbot: QtBot, window: MainWindow, key: str) -> None:
    widget = window.show_screen(key)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    assert widget.isVisible() and window.stack.currentWidget() is widget
    for line in widget.findChildren(QLineEdit):
        if line.isVisible() and not line.isReadOnly():
            line.setText("")
            line.editingFinished.emit()
            line.returnPressed.emit()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)


@pytest.mark.parametrize("key", SCREEN_KEYS)
def test_screen_creates_shows_takes_empty_input_and_closes(qtbot: QtBot, hub: Hub, key: str) -> None:  # noqa: F811
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    if key == "contract":
        window.open_contract(1)
    show_and_type_nothing(qtbot, window, key)
    assert window.close()


@pytest.mark.parametrize("key", SCREEN_KEYS)
def test_screen_shows_before_the_database_is_open(qtbot: QtBot, key: str) -> None:
    window = MainWindow(Hub(Settings(user_name="山田")), version="test")
    qtbot.addWidget(window)
    window.show()
    show_and_type_nothing(qtbot, window, key)
    window.refresh_action.trigger()  # F5 without a database: nothing breaks
    assert window.close()


def test_contract_actions_are_wired_or_disabled(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.show()
    window.open_contract(1)
    view = window.screen("contract")
    qtbot.waitUntil(lambda: getattr(view, "detail", None) is not None, timeout=10_000)
    buttons = view.actions_bar.buttons  # type: ignore[attr-defined]
    assert list(buttons) == [a.key for a in CONTRACT_ACTIONS]
    assert {"顧客編集", "変更契約", "解約通知の受領", "催告", "入金", "サービス開始", "見積", "通知書"} <= {
        b.text() for b in buttons.values()}
    for action in CONTRACT_ACTIONS:
        assert buttons[action.key].isEnabled() == (action.target is not None)


def test_geometry_and_last_screen_are_remembered(qtbot: QtBot, tmp_path: object, hub: Hub) -> None:  # noqa: F811
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path) + "/window.ini", QSettings.Format.IniFormat)  # type: ignore[operator]
    first = MainWindow(Hub(SETTINGS, clock=lambda: NOW), settings=store)
    qtbot.addWidget(first)
    first.restore_state()
    first.show()
    first.resize(1000, 640)
    first.show_screen("contracts")
    first.close()
    second = MainWindow(hub, settings=store)  # the data is open: the last screen follows the first paint
    qtbot.addWidget(second)
    second.restore_state()
    assert second.current_key() == "home"  # first paint: home; the last screen right after it
    second.show()
    qtbot.waitUntil(lambda: second.current_key() == "contracts")
    assert not store.value("window/geometry").isEmpty()  # (offscreen clamps the size to its small screen)
    assert second.size().width() != 1280  # not the default size: the stored geometry was applied


def test_shortcuts_reach_the_screens(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.show()
    window.filter_action.trigger()  # Ctrl+F on home: the contracts filter gets the focus
    assert window.current_key() == "contracts"
    window.new_application_action.trigger()  # Ctrl+N
    assert window.current_key() == "applications"
    window.screen_actions["home"].trigger()
    assert window.current_key() == "home"


def test_about_and_settings_dialogs_show_and_close(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    from PySide6.QtWidgets import QTextBrowser

    from ui.screens.about import AboutDialog
    from ui.screens.settings_dialog import SettingsDialog

    about = AboutDialog("1.2.3")
    qtbot.addWidget(about)
    about.show()
    text = about.findChild(QTextBrowser, "aboutText").toPlainText()  # type: ignore[union-attr]
    assert "1.2.3" in text and "IPA フォントライセンス" in text and "LGPL" in text and "Qt 6" in text
    about.reject()
    dialog = SettingsDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.editors["user_name"].setText("")  # type: ignore[union-attr]
    dialog._save()  # an empty 担当者名 is allowed by Settings; the dialog closes
    dialog.reject()
    assert not dialog.isVisible() and not about.isVisible()


def test_ctrl_f_on_home_goes_to_the_contract_filter(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    qtbot.waitExposed(window)
    window.filter_action.trigger()
    screen = window.screen_widget("contracts")
    assert window.current_key() == "contracts" and window.focusWidget() is getattr(screen, "filter")


def test_the_last_screen_waits_for_the_data(qtbot: QtBot, tmp_path: object, workspace: object) -> None:  # noqa: F811
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path) + "/window.ini", QSettings.Format.IniFormat)  # type: ignore[operator]
    store.setValue("window/screen", "contracts")
    not_ready = Hub(SETTINGS, clock=lambda: NOW)
    window = MainWindow(not_ready, settings=store)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    assert window.current_key() == "home"  # no screen import beside the start worker's
    not_ready.set_workspace(workspace)  # type: ignore[arg-type]
    assert window.current_key() == "contracts"


def test_the_start_page_gives_way_to_home_or_to_the_screen_chosen_first(qtbot: QtBot) -> None:
    not_ready = Hub(SETTINGS, clock=lambda: NOW)
    window = MainWindow(not_ready)
    qtbot.addWidget(window)
    window.restore_state()
    assert window.stack.currentWidget().objectName() == "startPage" and window.current_key() == "home"
    assert "home" not in window.created_screens()  # built after the first paint
    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        window.show()
    assert window.stack.currentWidget() is window.created_screens()["home"]
    assert all(window.stack.widget(i).objectName() != "startPage" for i in range(window.stack.count()))

    second = MainWindow(not_ready)
    qtbot.addWidget(second)
    second.restore_state()
    second.show_screen("settings")  # the user was quicker than the first paint
    second.build_home()
    assert second.current_key() == "settings" and "home" not in second.created_screens()
    assert all(second.stack.widget(i).objectName() != "startPage" for i in range(second.stack.count()))
