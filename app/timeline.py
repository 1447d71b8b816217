"""A contract's dates as one picture-ready value (no Qt, no database): what the timeline draws.

The window paints it with QPainter (ui/widgets/timeline.py) and the quote PDF draws the same
value with ReportLab. Built from app.terms only, so a stored contract and a prospect in a
customer meeting give the same picture:

    timeline = build_timeline(contract_terms, today=today, notice=notice_day, end=end_day,
                              options=termination_options(contract_terms, notice_day))
    for mark in timeline.marks(): ...
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.formatting import short_date, yen
from app.terms.contract import ContractTerms
from app.terms.options import TerminationOptions
from app.terms.profile import NoticeReading, TermsProfile, profile_for
from app.terms.renewal import minimum_term_end, notice_deadline, strict_notice_deadline

# kinds of mark, in drawing order (later kinds are drawn on top)
START = "start"
MINIMUM_TERM_END = "minimum_term_end"
TERM_END = "term_end"
DEADLINE = "non_renewal_deadline"
STRICT_DEADLINE = "strict_deadline"
CHANGE = "change"
NOTICE = "notice"
END = "end"
TODAY = "today"
EXIT = "exit"

MARK_LABELS = {
    START: "利用開始",
    MINIMUM_TERM_END: "最低利用期間満了",
    TERM_END: "期間満了",
    DEADLINE: "更新拒絶期限",
    STRICT_DEADLINE: "更新拒絶期限（厳格な読み方）",
    CHANGE: "変更契約",
    NOTICE: "解約通知",
    END: "終了",
    TODAY: "今日",
    EXIT: "終了案",
}

# one palette for the screen (ui/widgets/timeline.py) and the printed quote (app/notices/timeline_drawing.py)
MARK_COLORS = {
    START: "#2e7d32",
    MINIMUM_TERM_END: "#6a1b9a",
    TERM_END: "#1565c0",
    DEADLINE: "#e65100",
    STRICT_DEADLINE: "#c62828",
    CHANGE: "#00838f",
    NOTICE: "#4e342e",
    END: "#212121",
    TODAY: "#d32f2f",
    EXIT: "#455a64",
}
BAND_COLORS = ("#e3f2fd", "#e8f5e9")  # alternate terms

DEFAULT_TERMS_SHOWN = 3
HORIZON_MARGIN_DAYS = 90  # a term ending this soon after today (or the notice, the end) is followed by the next  # term ends drawn when nothing later (today, notice, end) asks for more


@dataclass(frozen=True)
class Mark:
    day: date
    kind: str
    label: str


@dataclass(frozen=True)
class ExitMark:
    """One exit option to draw: notice by, last service day, and what it costs."""

    key: str
    label: str
    notice_by: date
    end: date
    penalty: int
    total: int
    available: bool

    def caption(self, mark: str = "") -> str:
        """The option's line beside its bar (the quote's PDF and its screen): `mark` (the cheapest's),
        label, dates, money."""
        return (f"{mark}{self.label}　通知 {short_date(self.notice_by)} → 最終利用日 "
                f"{short_date(self.end)}　違約金 {yen(self.penalty)}　合計 {yen(self.total)}")


@dataclass(frozen=True)
class Timeline:
    start: date
    minimum_term_end: date
    term_ends: tuple[date, ...]
    non_renewal_deadlines: tuple[date, ...]  # one per term end, under the profile's (or chosen) reading
    strict_deadlines: tuple[date, ...]  # the same under the strict "clear-month" reading
    change_months: tuple[date, ...] = ()
    notice: date | None = None
    end: date | None = None
    today: date | None = None
    exit_options: tuple[ExitMark, ...] = ()

    def marks(self) -> list[Mark]:
        """Every dated mark, sorted by day then by drawing order."""
        found: list[Mark] = [Mark(self.start, START, MARK_LABELS[START])]
        minimum_is_term_end = self.minimum_term_end in self.term_ends
        if not minimum_is_term_end:
            found.append(Mark(self.minimum_term_end, MINIMUM_TERM_END, MARK_LABELS[MINIMUM_TERM_END]))
        for day in self.term_ends:
            label = MARK_LABELS[TERM_END]
            if day == self.minimum_term_end:
                label = f"{label}（最低利用期間）"
            found.append(Mark(day, TERM_END, label))
        found += [Mark(day, DEADLINE, MARK_LABELS[DEADLINE]) for day in self.non_renewal_deadlines]
        found += [Mark(day, STRICT_DEADLINE, MARK_LABELS[STRICT_DEADLINE])
                  for day, deadline in zip(self.strict_deadlines, self.non_renewal_deadlines, strict=True)
                  if day != deadline]
        found += [Mark(day, CHANGE, MARK_LABELS[CHANGE]) for day in self.change_months]
        for maybe, kind in ((self.notice, NOTICE), (self.end, END), (self.today, TODAY)):
            if maybe is not None:
                found.append(Mark(maybe, kind, MARK_LABELS[kind]))
        for option in self.exit_options:
            if option.available:
                found.append(Mark(option.end, EXIT, option.label))
        order = list(MARK_LABELS)
        return sorted(found, key=lambda m: (m.day, order.index(m.kind)))

    def span(self) -> tuple[date, date]:
        """First and last day the picture must show."""
        days = [m.day for m in self.marks()] + [o.notice_by for o in self.exit_options]
        return min(days), max(days)


def build_timeline(terms: ContractTerms, *, today: date | None = None, notice: date | None = None,
                   end: date | None = None, options: TerminationOptions | None = None,
                   reading: NoticeReading | None = None, profile: TermsProfile | None = None,
                   terms_shown: int = DEFAULT_TERMS_SHOWN) -> Timeline:
    """The timeline of a contract: term ends up to the later of `terms_shown` terms and one term past
    today, the notice and the end; the non-renewal deadline before each term end in both readings."""
    profile = profile or profile_for(terms.start)
    chain = terms.chain(profile)
    horizon = max((d for d in (today, notice, end) if d is not None), default=terms.start)
    term_ends: list[date] = []
    for term in chain.terms():
        term_ends.append(term.last_day)
        if len(term_ends) >= terms_shown and term.last_day > horizon + timedelta(days=HORIZON_MARGIN_DAYS):
            break
    if end is not None:  # nothing past the end is drawn but the term it falls in
        term_ends = [day for day in term_ends if day < end] + [day for day in term_ends if day >= end][:1]
    months = profile.notice_months
    deadlines = tuple(notice_deadline(day, months, reading=reading, profile=profile) for day in term_ends)
    strict = tuple(strict_notice_deadline(day, months) for day in term_ends)
    exits = tuple(
        ExitMark(o.key, o.label, o.notice_by, o.last_service_day, o.penalty, o.total, o.available)
        for o in (options.options if options is not None else ())
    )
    return Timeline(
        start=terms.start,
        minimum_term_end=minimum_term_end(terms.start, profile),
        term_ends=tuple(term_ends),
        non_renewal_deadlines=deadlines,
        strict_deadlines=strict,
        change_months=tuple(c.effective_month for c in terms.schedule.changes),
        notice=notice,
        end=end,
        today=today,
        exit_options=exits,
    )
