"""What differs between a row and the stored contract, and which differences a use case can make.

Customer details change through the customer edit (as in its form); a service start not yet
recorded is recorded (with the notified term end). Every other difference is a problem of the
dry run with its reason, so the import never meets it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.exchange.existing import StoredContract
from app.exchange.fields import BY_KEY
from app.exchange.record import CUSTOMER_FIELDS
from app.formatting import format_date, yen


@dataclass(frozen=True)
class Change:
    key: str
    before: object
    after: object

    @property
    def label(self) -> str:
        return BY_KEY[self.key].label

    def describe(self) -> str:
        return f"{self.label}: {_shown(self.before)} → {_shown(self.after)}"


def _shown(value: object) -> str:
    if value is None or value == "":
        return "（空欄）"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int):
        return yen(value)
    return str(value)


_REASONS = {
    "start_date": "サービス開始日は記録済みのため、取り込みでは変更できません",
    "initial_term_end": "契約期間満了日は取り込みでは変更できません（契約画面で確認してください）",
    "monthly_fee": "月額の変更は変更契約として登録してください（効力を生じる月が必要です）",
    "initial_fee": "初期費用は取り込みでは変更できません（契約画面で確認してください）",
    "accepted_date": "承諾日は取り込みでは変更できません",
    "note": "備考は取り込みでは変更できません（契約画面で変更してください）",
}


def unsupported_changes(stored: StoredContract, changes: list[Change]) -> list[tuple[Change, str]]:
    """The changes of a row that no use case makes from a sheet, each with the reason (for the dry run)."""
    refused = []
    for change in changes:
        if change.key in CUSTOMER_FIELDS:
            continue  # customer edit
        if change.key in ("start_date", "initial_term_end") and stored.start_date is None:
            continue  # service start (with the notified term end)
        refused.append((change, _REASONS.get(change.key, "取り込みでは変更できません")))
    return refused
