"""A prospect typed in (start date, fees, term end, change contracts): texts -> QuoteSubject.

Every text goes through app.inputs (the one home of user-input parsing); a bad one becomes a
QuoteInputError naming the field, so the screen and the command line show a message, never a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.inputs import InputError, parse_date, parse_month, parse_yen
from app.quote.model import QuoteInputError
from app.quote.subject import Addressee, QuoteSubject
from app.terms import ContractTerms, FeeChange, FeeSchedule, TermsInputError

FIELD_LABELS = {
    "start": "開始日",
    "monthly": "月額費用",
    "initial_end": "契約期間の満了日",
    "initial_fee": "初期費用",
    "changes": "変更契約",
    "notice": "通知到達日",
    "end": "ご希望の終了日",
}

_CHANGE_SEPARATORS = re.compile(r"[,、;；\n\s]+(?=\S+[:：=])")
_CHANGE_FORMAT = "変更契約は「2026-01:70000」（適用月:新しい月額）の形で、複数はカンマで区切って入力してください"


@dataclass(frozen=True)
class ProspectForm:
    """The prospect's fields as typed (empty: not given)."""

    start: str = ""
    monthly: str = ""
    initial_end: str = ""
    initial_fee: str = ""
    changes: str = ""  # "2026-01:70000, 2026年7月:80,000円"
    company: str = ""


def field_date(text: str, field: str) -> date:
    try:
        return parse_date(text, FIELD_LABELS[field])
    except InputError as exc:
        raise QuoteInputError(exc.message, field=field) from None


def field_yen(text: str, field: str) -> int:
    try:
        return parse_yen(text, FIELD_LABELS[field])
    except InputError as exc:
        raise QuoteInputError(exc.message, field=field) from None


def parse_changes(text: str) -> tuple[FeeChange, ...]:
    """'2026-01:70000, 2026年7月:80,000円' -> change contracts (effective month, new monthly fee)."""
    if not text.strip():
        return ()
    changes = []
    for part in _CHANGE_SEPARATORS.split(text.strip().replace("：", ":")):
        month_text, sep, fee_text = part.strip().strip(",、;；").partition(":")
        if not sep:
            raise QuoteInputError(f"{_CHANGE_FORMAT}: '{part.strip()[:30]}'", field="changes")
        try:
            month = parse_month(month_text, "変更契約の適用月")
            fee = parse_yen(fee_text, "変更後の月額費用")
        except InputError as exc:
            raise QuoteInputError(exc.message, field="changes") from None
        changes.append(FeeChange(month, fee))
    return tuple(changes)


def prospect_subject(form: ProspectForm) -> QuoteSubject:
    """The prospect's terms; raises QuoteInputError naming the first bad field."""
    start = field_date(form.start, "start")
    monthly = field_yen(form.monthly, "monthly")
    initial_end = field_date(form.initial_end, "initial_end") if form.initial_end.strip() else None
    initial_fee = field_yen(form.initial_fee, "initial_fee") if form.initial_fee.strip() else 0
    changes = parse_changes(form.changes)
    try:
        terms = ContractTerms(start, FeeSchedule(monthly, changes), initial_end, initial_fee)
    except TermsInputError as exc:
        field = exc.field if exc.field in FIELD_LABELS else "initial_end"
        raise QuoteInputError(exc.message, field=field, allowed=exc.allowed) from None
    return QuoteSubject(terms, Addressee(company=form.company.strip()))
