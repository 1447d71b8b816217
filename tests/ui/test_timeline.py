"""The timeline marks SPEC.md's example dates (sections 3 and 4) and paints them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app import timeline as tl
from app.terms import ContractTerms, FeeChange, FeeSchedule, termination_options
from ui.widgets.timeline import TimelineWidget

SPEC4 = ContractTerms(date(2025, 4, 15), FeeSchedule(50_000), date(2026, 4, 30))  # SPEC 4's contract


def days_of(timeline: tl.Timeline, kind: str) -> list[date]:
    return [m.day for m in timeline.marks() if m.kind == kind]


def test_spec_section_3_minimum_term_and_both_deadline_readings() -> None:
    timeline = tl.build_timeline(SPEC4, today=date(2025, 9, 10))
    assert timeline.minimum_term_end == date(2026, 4, 30)
    assert timeline.term_ends[:2] == (date(2026, 4, 30), date(2027, 4, 30))
    # SPEC 3: target 2026-04-30 -> deadline 2026-03-31 ("month"), strict 2026-03-29
    assert timeline.non_renewal_deadlines[0] == date(2026, 3, 31)
    assert timeline.strict_deadlines[0] == date(2026, 3, 29)
    assert date(2026, 3, 31) in days_of(timeline, tl.DEADLINE)
    assert date(2026, 3, 29) in days_of(timeline, tl.STRICT_DEADLINE)
    assert days_of(timeline, tl.START) == [date(2025, 4, 15)]
    assert days_of(timeline, tl.TODAY) == [date(2025, 9, 10)]


def test_spec_section_3_minimum_term_ends() -> None:
    for start, end in ((date(2025, 4, 1), date(2026, 3, 31)), (date(2025, 12, 20), date(2026, 12, 31)),
                       (date(2024, 2, 29), date(2025, 2, 28))):
        timeline = tl.build_timeline(ContractTerms(start, FeeSchedule(10_000)))
        assert timeline.minimum_term_end == end == timeline.term_ends[0]


def test_spec_section_4_notice_end_and_exit_options() -> None:
    notice = date(2025, 9, 10)
    options = termination_options(SPEC4, notice)
    timeline = tl.build_timeline(SPEC4, today=notice, notice=notice, end=date(2025, 10, 31), options=options)
    assert days_of(timeline, tl.NOTICE) == [notice]
    assert days_of(timeline, tl.END) == [date(2025, 10, 31)]
    exits = {o.key: o for o in timeline.exit_options}
    assert exits["earliest"].end == date(2025, 10, 10)  # SPEC 4: earliest end is 2025-10-10
    assert exits["latest"].end == date(2026, 4, 30)
    assert timeline.term_ends == (date(2026, 4, 30),)  # nothing past the term the end falls in


def test_change_contract_months_are_marked() -> None:
    terms = ContractTerms(date(2025, 4, 15), FeeSchedule(50_000, (FeeChange(date(2025, 8, 20), 60_000),)))
    assert days_of(tl.build_timeline(terms), tl.CHANGE) == [date(2025, 8, 1)]


def test_widget_paints_the_timeline(qtbot: QtBot, tmp_path: Path) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, 260)
    widget.show()
    empty = widget.grab().toImage()
    notice = date(2025, 9, 10)
    widget.set_timeline(tl.build_timeline(SPEC4, today=notice, notice=notice,
                                          options=termination_options(SPEC4, notice)))
    painted = widget.grab().toImage()
    assert painted != empty
    assert "2026/3/29" in widget.toolTip() and "更新拒絶期限" in widget.toolTip()
    # the strict deadline is drawn where its date falls on the axis
    x = round(widget.x_of(date(2026, 3, 29)))
    assert 0 < x < widget.width()
