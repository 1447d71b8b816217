"""The window's export commands without Qt: what is exported, under which default name, in which format."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from app.exchange.calendar import export_deadlines_ics
from app.exchange.export_lists import export_contracts, export_deadlines
from app.usecases.context import reading_of
from app.usecases.derived import refresh_lapsed

CONTRACT_FILTERS = "Excel ブック (*.xlsx);;CSV（UTF-8） (*.csv)"
DEADLINE_FILTERS = "Excel ブック (*.xlsx);;CSV（UTF-8） (*.csv);;カレンダー（iCalendar） (*.ics)"


@dataclass(frozen=True)
class ExportRequest:
    kind: str  # "contracts" or "deadlines"
    path: Path
    today: date
    text: str = ""  # contracts: the list's filter
    sort: str = "number"
    descending: bool = False
    days: int = 60  # deadlines: how far ahead
    reminder_days: int = 7  # .ics
    terms_reading: str | None = None
    stamp: datetime | None = None  # .ics DTSTAMP

    @property
    def title(self) -> str:
        return "契約一覧" if self.kind == "contracts" else "期限一覧"


def default_name(kind: str, today: date, suffix: str = ".xlsx") -> str:
    return f"{'契約一覧' if kind == 'contracts' else '期限一覧'}_{today:%Y%m%d}{suffix}"


def with_chosen_suffix(path: Path, selected_filter: str) -> Path:
    """The path with the extension of the file-type the user picked when the name has none we write."""
    if path.suffix.lower() in (".xlsx", ".csv", ".ics"):
        return path
    for suffix in (".xlsx", ".csv", ".ics"):
        if f"*{suffix}" in selected_filter:
            return path.with_name(path.name + suffix)
    return path.with_name(path.name + ".xlsx")


def export_job(engine: Callable[[], Engine], request: ExportRequest) -> Callable[[object], int]:
    """The work for the background: writes the file, returns how many rows (or events) it holds."""
    def work(_progress: object) -> int:
        if request.kind == "contracts":
            return export_contracts(engine(), request.path, text=request.text, sort=request.sort,
                                    descending=request.descending)
        refresh_lapsed(engine(), request.today, reading=reading_of(request.terms_reading))  # as the dashboard lists them
        if request.path.suffix.lower() == ".ics":
            return export_deadlines_ics(engine(), request.path, request.today, request.days,
                                        reminder_days=request.reminder_days,
                                        stamp=request.stamp or datetime.combine(request.today, datetime.min.time()).astimezone())
        return export_deadlines(engine(), request.path, request.today, request.days)

    return work


def done_text(request: ExportRequest, count: int) -> str:
    unit = "件の予定" if request.path.suffix.lower() == ".ics" else "件"
    return f"{request.title}を出力しました: {request.path}（{count}{unit}）"
