"""Who is acting, and when: passed into every use case (time is an input)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from typing import TYPE_CHECKING

from app.terms.profile import NoticeReading
from app.usecases.errors import ValidationError

if TYPE_CHECKING:
    from app.settings import Settings

JST = timezone(timedelta(hours=9), "JST")


@dataclass(frozen=True)
class UseCaseContext:
    """`actor`: the account manager's name from settings; `today`: the business date.

    `clock` gives the (timezone-aware) timestamp of audit entries; without one, audit entries
    are stamped at midnight JST of `today` (deterministic, for tests and batch jobs).
    `reading` overrides the profile's reading of "1ヶ月前までに" (Settings.terms_reading); the
    stored deadlines follow it, so after changing it call derived.recompute_derived once.
    """

    actor: str
    today: date
    clock: Callable[[], datetime] | None = field(default=None, compare=False)
    reading: NoticeReading | None = None  # settings' notice-reading override; None: the terms profile's

    def __post_init__(self) -> None:
        if not self.actor.strip():
            raise ValidationError("担当者名が設定されていません（設定画面で入力してください）", field="actor")

    def now(self) -> datetime:
        if self.clock is None:
            return datetime.combine(self.today, time(), tzinfo=JST)
        stamp = self.clock()
        if stamp.tzinfo is None:
            raise ValueError("the clock must give timezone-aware datetimes")
        return stamp


def reading_of(value: str | None) -> NoticeReading | None:
    """The notice reading a setting names ("month", "clear-month"), None for the profile's own."""
    if value is None:
        return None
    if value == "month":
        return "month"
    if value == "clear-month":
        return "clear-month"
    raise ValueError(f"unknown notice reading: {value!r}")


def context_from_settings(settings: Settings, today: date,
                          clock: Callable[[], datetime] | None = None) -> UseCaseContext:
    """The one way a context is built outside tests: actor and notice reading from the settings."""
    return UseCaseContext(actor=settings.user_name, today=today, clock=clock,
                          reading=reading_of(settings.terms_reading))
