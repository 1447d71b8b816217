"""hub.context(): the settings' actor and typed notice reading, and the window's clock for audit entries."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

from pytestqt.qtbot import QtBot

from app.settings import Settings
from app.startup import Workspace
from ui.hub import Hub

NOW = datetime(2026, 11, 28, 14, 35, tzinfo=timezone(timedelta(hours=9)))


def test_the_context_stamps_audit_entries_with_the_windows_clock(qtbot: QtBot) -> None:
    settings = Settings(user_name="山田 太郎", terms_reading="clear-month")
    hub = Hub(settings, clock=lambda: NOW)
    database: Any = SimpleNamespace(engine=None)
    hub.set_workspace(Workspace(database, settings, contract_count=0, refreshed=0, backup=None))  # the data is open
    ctx = hub.context()
    assert (ctx.actor, ctx.today, ctx.now(), ctx.reading) == ("山田 太郎", NOW.date(), NOW, "clear-month")


def test_saved_settings_reach_the_next_context(qtbot: QtBot) -> None:
    hub = Hub(Settings(user_name="山田 太郎"), clock=lambda: NOW)
    hub.update_settings(hub.settings.with_changes(user_name="鈴木 花子"))
    assert hub.context().actor == "鈴木 花子"
