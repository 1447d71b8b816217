"""A seeded database opened the way the window opens it, and a Hub on it with a fixed clock."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from app.settings import Settings
from app.startup import Workspace, add_sample_data, open_workspace
from PySide6.QtWidgets import QWidget

from ui.hub import Hub
from ui.main_window import MainWindow
from ui.screens.dashboard import DashboardScreen

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=JST)
TODAY: date = NOW.date()
SETTINGS = Settings(user_name="山田 太郎", backup_count=2)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the 200 sample contracts, derived dates as of TODAY."""
    path = tmp_path_factory.mktemp("seeded") / "secplus.db"
    workspace = open_workspace(str(path), SETTINGS, NOW)
    add_sample_data(workspace, NOW)
    workspace.database.close()
    return path


@pytest.fixture
def workspace(seeded_db: Path) -> Iterator[Workspace]:
    opened = open_workspace(str(seeded_db), SETTINGS, NOW)
    yield opened
    opened.database.close()


def hub_on(workspace: Workspace, settings: Settings, now: datetime) -> Hub:
    """A Hub over an open workspace, its clock stopped at `now`, saving settings nowhere."""
    hub = Hub(settings, clock=lambda: now)
    hub.set_settings_saver(lambda _settings: None)
    hub.set_workspace(workspace)
    return hub


@pytest.fixture
def hub(workspace: Workspace) -> Hub:
    return hub_on(workspace, SETTINGS, NOW)


def shown_window(qtbot: Any, hub: Hub, key: str = "home") -> tuple[MainWindow, QWidget]:
    """A main window on `hub`, shown, with screen `key` in front."""
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.show()
    return window, window.show_screen(key)


def home_loaded(qtbot: Any, hub: Hub) -> tuple[MainWindow, DashboardScreen]:
    """The home screen with its deadlines loaded from the hub's database."""
    window, screen = shown_window(qtbot, hub)
    assert isinstance(screen, DashboardScreen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.data is not None, timeout=10_000)
    return window, screen
