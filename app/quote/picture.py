"""The quote's timeline: the contract's dates with every column of the quote drawn as an exit option.

One `app.timeline.Timeline` value, painted by the screen (QPainter) and by the quote PDF (ReportLab).
"""
from __future__ import annotations

from dataclasses import replace

from app.quote.model import Quote
from app.timeline import ExitMark, Timeline, build_timeline


def quote_timeline(quote: Quote) -> Timeline:
    """Term ends and deadlines, the notice date, and each option (the user's end date included)."""
    timeline = build_timeline(quote.subject.terms, notice=quote.notice_date)
    exits = tuple(
        ExitMark(c.key, c.label, c.notice_by, c.last_service_day, c.penalty, c.total, c.available)
        for c in quote.columns
    )
    # the customer sees the deadline of the reading we apply; the stricter warning day is for the office
    return replace(timeline, exit_options=exits, strict_deadlines=timeline.non_renewal_deadlines)
