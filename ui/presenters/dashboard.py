"""The home screen without Qt: what to load (in a worker) and how each row reads.

Rows are `due_within` rows (the same as `python -m app deadlines --json`: the ends fixed by notices
received are among them, kind 解約予定日), plus contracts ending soon and overdue charges; each line carries its tone: "overdue" (red), "soon" (amber, within 7
days) or "" (plain).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from app.formatting import days_left, format_date, weekday, yen

__all__ = ["days_left", "format_date", "weekday"]

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.usecases.deadlines import DeadlineRow
    from app.usecases.portfolio import EndingRow, MonthFigures, OverdueRow

SOON_DAYS = 7
ROW_LIMIT = 1000  # deadlines listed; the counts cover all of them


def tone(day: date, today: date) -> str:
    left = (day - today).days
    if left < 0:
        return "overdue"
    return "soon" if left <= SOON_DAYS else ""


@dataclass(frozen=True)
class DeadlineLine:
    kind: str
    day: date
    date_text: str
    weekday: str
    days_left: int
    days_left_text: str
    strict_text: str  # non-renewal: the strict reading's day (with weekday), else ""
    contract_id: int
    contract_number: str
    company_name: str
    warning: str
    tone: str


@dataclass(frozen=True)
class DashboardData:
    today: date
    days: int
    deadlines: list[DeadlineRow]
    counts: dict[str, int]
    months: list[MonthFigures] = field(default_factory=list)  # the portfolio: loaded after the deadlines
    ending: list[EndingRow] = field(default_factory=list)
    overdue: list[OverdueRow] = field(default_factory=list)
    portfolio_loaded: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def load_deadlines(engine: Engine, today: date, days: int) -> DashboardData:
    """What falls due (the first thing the home screen fills; run in a worker)."""
    from app.usecases.deadlines import count_due_within, due_within

    return DashboardData(today=today, days=days, deadlines=due_within(engine, today, days, limit=ROW_LIMIT),
                         counts=count_due_within(engine, today, days))


def load_portfolio(engine: Engine, data: DashboardData) -> DashboardData:
    """`data` with the portfolio: months for the charts, contracts ending, overdue charges (slower; a worker)."""
    from app.usecases.portfolio import ending_within, monthly_figures, overdue_charges

    return replace(data, months=monthly_figures(engine, data.today), ending=ending_within(engine, data.today, data.days),
                   overdue=overdue_charges(engine, data.today), portfolio_loaded=True)


def load_dashboard(engine: Engine, today: date, days: int) -> DashboardData:
    """Everything the home screen shows."""
    return load_portfolio(engine, load_deadlines(engine, today, days))


def deadline_line(row: DeadlineRow, today: date, style: str) -> DeadlineLine:
    act_by = row.strict_date if row.strict_date is not None and row.strict_date < row.date else row.date
    strict = ""
    if row.strict_date is not None:
        strict = f"{format_date(row.strict_date, style)}（{weekday(row.strict_date)}）"
    return DeadlineLine(
        kind=row.kind,
        day=row.date,
        date_text=format_date(row.date, style),
        weekday=weekday(row.date),
        days_left=(row.date - today).days,
        days_left_text=days_left(row.date, today),
        strict_text=strict,
        contract_id=row.contract_id,
        contract_number=row.contract_number,
        company_name=row.company_name,
        warning=row.warning,
        tone=tone(act_by, today),
    )


def deadline_lines(data: DashboardData, style: str) -> list[DeadlineLine]:
    return [deadline_line(row, data.today, style) for row in data.deadlines]


def summary(data: DashboardData) -> str:
    """'60日以内の期限 123件（更新拒絶期限 40・更新日 50・…）'."""
    parts = "・".join(f"{kind} {count:,}" for kind, count in data.counts.items())
    shown = f"（先頭 {len(data.deadlines):,}件を表示）" if len(data.deadlines) < data.total else ""
    return f"{data.days}日以内の期限 {data.total:,}件（{parts}）{shown}"


def overdue_tone(_row: OverdueRow) -> str:
    return "overdue"


def ending_tone(row: EndingRow, today: date) -> str:
    return tone(row.end_date, today)


def money(amount: int) -> str:
    return yen(amount)
