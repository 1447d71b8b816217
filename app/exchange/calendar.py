"""Deadlines as an iCalendar file (.ics) that Outlook and Google Calendar import.

One all-day event per deadline with a reminder `reminder_days` before it (at 9:00 that day);
UIDs are made of the contract number, the kind and the date, so exporting again updates the
same events instead of adding copies.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event
from sqlalchemy import Engine

from app.exchange.export_table import save_export
from app.formatting import format_date
from app.usecases.deadlines import DEADLINE_KINDS, DeadlineRow, due_within

PRODID = "-//SecurityPlus Desk//契約管理//JA"
UID_DOMAIN = "secplus-desk.local"
REMINDER_HOUR = 9
_KIND_CODES = dict(zip(DEADLINE_KINDS, ("non-renewal", "renewal", "cure", "confidentiality",
                                         "notice-end")))


def event_uid(row: DeadlineRow) -> str:
    kind = _KIND_CODES.get(row.kind) or hashlib.sha1(row.kind.encode()).hexdigest()[:8]
    number = hashlib.sha1(row.contract_number.encode("utf-8")).hexdigest()[:16]
    return f"{kind}-{number}-{row.date.isoformat()}@{UID_DOMAIN}"


def deadlines_calendar(rows: Iterable[DeadlineRow], *, reminder_days: int, stamp: datetime) -> Calendar:
    """`stamp`: when the file is made (DTSTAMP), timezone-aware; time is an input."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "契約の期限")
    for row in rows:
        event = Event()
        event.add("uid", event_uid(row))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.date)
        event.add("dtend", row.date + timedelta(days=1))
        event.add("summary", f"{row.kind}: {row.company_name}（{row.contract_number}）")
        lines = [f"契約番号: {row.contract_number}", f"顧客名: {row.company_name}", f"種類: {row.kind}"]
        if row.strict_date is not None and row.strict_date != row.date:
            lines.append(f"厳格な読み方での期限: {format_date(row.strict_date)}")
        if row.warning:
            lines.append(row.warning)
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["契約期限"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{row.kind}まで{reminder_days}日: {row.company_name}" if reminder_days
                  else f"本日が{row.kind}です: {row.company_name}")
        alarm.add("trigger", timedelta(hours=REMINDER_HOUR) - timedelta(days=reminder_days))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def write_ics(rows: Iterable[DeadlineRow], path: Path, *, reminder_days: int, stamp: datetime) -> int:
    items = list(rows)
    data = deadlines_calendar(items, reminder_days=reminder_days, stamp=stamp).to_ical()
    save_export(path, lambda target: target.write_bytes(data))
    return len(items)


def export_deadlines_ics(engine: Engine, path: Path, today: date, days: int, *, reminder_days: int,
                         stamp: datetime) -> int:
    return write_ics(due_within(engine, today, days), path, reminder_days=reminder_days, stamp=stamp)
