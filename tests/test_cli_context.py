"""The commands that write build their use-case context in one place: actor, reading, wall clock."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from app.cli.db import command_context
from app.settings import Settings

TODAY = date(2026, 11, 28)


def test_a_commands_context_has_the_settings_actor_and_reading_and_a_real_clock() -> None:
    ctx = command_context(Settings(user_name="鈴木 花子", terms_reading="clear-month"), TODAY)
    assert (ctx.actor, ctx.today, ctx.reading) == ("鈴木 花子", TODAY, "clear-month")
    stamp = ctx.now()  # audit entries: when the command ran, not midnight of `today`
    assert stamp.tzinfo is not None and abs(stamp - datetime.now().astimezone()) < timedelta(minutes=1)


def test_without_a_name_the_actor_is_cli() -> None:
    assert command_context(Settings(user_name=""), TODAY).actor == "cli"
