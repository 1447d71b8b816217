"""Other articles with numbers or deadlines: liability cap (14), confidentiality (18, 22)."""
from __future__ import annotations

from datetime import date

from app.terms.calendar import ONE_DAY, days_after, period_end
from app.terms.fees import FeeSchedule
from app.terms.profile import TermsProfile, profile_for

SURVIVING_ARTICLES = (14, 15, 17, 22, 24, 25)  # Art 22; Art 18 survives for 2 years


def liability_cap(schedule: FeeSchedule, damage_date: date) -> int:
    """14.1: at most the monthly fee in effect in the month the damage occurred (full fee even when pro-rated)."""
    return schedule.fee_for_month(damage_date)


def confidentiality_end(end: date, profile: TermsProfile | None = None) -> date:
    """Last day of the confidentiality duty: 2 years after the contract ends (18, 22)."""
    profile = profile or profile_for(end)
    return period_end(end + ONE_DAY, profile.confidentiality_after_end_months)


def oral_disclosure_marking_deadline(disclosed: date, profile: TermsProfile | None = None) -> date:
    """Orally disclosed information stops being confidential after this day unless marked in writing by then (18.1)."""
    profile = profile or profile_for(disclosed)
    return days_after(disclosed, profile.oral_confidentiality_days)
