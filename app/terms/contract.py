"""A contract as the terms see it: a value object, no storage."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.terms.errors import require_fee
from app.terms.fees import FeeSchedule
from app.terms.profile import TermsProfile, profile_for
from app.terms.renewal import RenewalChain, check_initial_end


@dataclass(frozen=True)
class ContractTerms:
    """Start, fee schedule (with change contracts), notified initial term end (None: minimum term) and initial fee."""

    start: date
    schedule: FeeSchedule
    initial_end: date | None = None
    initial_fee: int = 0

    def __post_init__(self) -> None:
        require_fee(self.initial_fee, "initial_fee", "初期費用")
        check_initial_end(self.start, self.initial_end)

    @property
    def term_confirmed(self) -> bool:
        """False when no term was entered and the minimum term is used (flag "term not confirmed")."""
        return self.initial_end is not None

    def chain(self, profile: TermsProfile | None = None) -> RenewalChain:
        return RenewalChain.of(self.start, self.initial_end, profile or profile_for(self.start))
