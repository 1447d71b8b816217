"""Ending by breach and the money that follows (Art 15, 16; SPEC section 5)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.terms.calendar import ONE_DAY, days_after
from app.terms.fees import FeeSchedule
from app.terms.profile import TermsProfile, profile_for
from app.terms.renewal import RenewalChain
from app.terms.termination import fees_after_month

Party = Literal["provider", "customer"]
Money = Literal["16.3", "damages", "none"]


@dataclass(frozen=True)
class Ground:
    code: str  # "15.3", "15.4", "16.1", "16.2(1)" .. "16.2(10)"
    label: str
    who: tuple[Party, ...]  # who may terminate on it
    procedure: Literal["at_once", "request_measures", "cure_notice"]
    provider_money: Money  # what the customer owes when the provider terminates on it


_16_2 = (
    "支払不能・支払停止",
    "破産・民事再生・会社更生・特別清算等の申立て",
    "手形・小切手の不渡り、取引停止処分",
    "仮差押え・差押え・仮処分・競売の申立て",
    "営業許可の取消し・停止等の処分",
    "解散・会社分割・事業譲渡・合併の決議",
    "議決権の3分の1超の変動等、支配権の実質的変動",
    "資産・信用状態の重大な変化",
    "信頼関係の著しい毀損",
    "その他前各号に準じる事由",
)

GROUNDS: dict[str, Ground] = {
    "15.3": Ground("15.3", "反社会的勢力への該当・禁止行為（第15条第3項）", ("provider", "customer"), "at_once", "damages"),
    "15.4": Ground("15.4", "再委託先が反社会的勢力（第15条第4項）", ("provider", "customer"), "request_measures", "16.3"),
    "16.1": Ground("16.1", "契約違反の是正催告後30日経過（第16条第1項）", ("provider",), "cure_notice", "16.3"),
    **{
        f"16.2({i})": Ground(f"16.2({i})", f"{label}（第16条第2項第{i}号）", ("provider", "customer"), "at_once", "16.3")
        for i, label in enumerate(_16_2, start=1)
    },
}


def cure_deadline(dispatched: date, profile: TermsProfile | None = None) -> date:
    """Last day of the cure period: the 30 days after dispatch (初日不算入; no shift for holidays)."""
    profile = profile or profile_for(dispatched)
    return days_after(dispatched, profile.cure_days)


def cure_termination_from(dispatched: date, profile: TermsProfile | None = None) -> date:
    """The first day the provider may terminate when the breach is not cured (16.1)."""
    return cure_deadline(dispatched, profile) + ONE_DAY


def provider_termination_sum(
    start: date, schedule: FeeSchedule, termination_date: date, initial_end: date | None = None
) -> int:
    """16.3: the fees for the remaining contract period after the termination month, no after-renewal exemption."""
    term = RenewalChain.of(start, initial_end).term_containing(termination_date)
    return fees_after_month(schedule, termination_date, term.last_day)
