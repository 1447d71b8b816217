"""The contract view without Qt: the summary as (label, value) pairs and the text of each table row."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.formatting import format_date, format_date_with_weekday, format_month, yen

if TYPE_CHECKING:
    from app.usecases.contract_detail import ContractDetail


def day_text(day: date | None, style: str, with_weekday: bool = False) -> str:
    if day is None:
        return "—"
    return format_date_with_weekday(day, style) if with_weekday else format_date(day, style)


def month_text(day: date) -> str:
    return format_month(day)


def title(detail: ContractDetail) -> str:
    return f"{detail.number}　{detail.company_name}"


def customer_pairs(detail: ContractDetail) -> list[tuple[str, str]]:
    contact = f"{detail.contact_person} {detail.honorific}".strip() if detail.contact_person else ""
    address = f"〒{detail.postal_code} {detail.address}".strip() if detail.postal_code else detail.address
    return [
        ("会社名", detail.company_name),
        ("部署", detail.department or "—"),
        ("ご担当者", contact or "—"),
        ("住所", address or "—"),
        ("電話", detail.phone or "—"),
        ("メール", detail.email or "—"),
    ]


def contract_pairs(detail: ContractDetail, style: str) -> list[tuple[str, str]]:
    term_end = day_text(detail.current_term_end, style)
    if not detail.term_confirmed:
        term_end += "（期間未確定: 最低利用期間で計算）"
    strict = ""
    if detail.non_renewal_deadline_strict and detail.non_renewal_deadline_strict != detail.non_renewal_deadline:
        strict = f"　厳格な読み方: {day_text(detail.non_renewal_deadline_strict, style, True)}"
    pairs = [
        ("状態", detail.status),
        ("承諾日", day_text(detail.accepted_date, style)),
        ("サービス開始日", day_text(detail.start_date, style) if detail.start_date else "未開始"),
        ("現在の期間の満了日", term_end),
        ("更新拒絶期限", day_text(detail.non_renewal_deadline, style, True) + strict),
        ("初期費用", yen(detail.initial_fee)),
        ("月額（現在）", yen(detail.current_monthly_fee)
         + (f"（開始時 {yen(detail.monthly_fee)}）" if detail.monthly_fee != detail.current_monthly_fee else "")),
    ]
    if detail.notice_date:
        pairs.append(("解約通知の到達日", day_text(detail.notice_date, style)))
    if detail.end_date:
        pairs.append(("終了日", day_text(detail.end_date, style, True)
                      + (f"（第{detail.end_ground}条）" if detail.end_ground else "")))
    if detail.charges:
        pairs.append(("未入金", f"{yen(detail.unpaid_total)}　遅延利息 {yen(detail.late_interest_total)}"))
    return pairs


def tab_titles(detail: ContractDetail) -> dict[str, str]:
    return {
        "devices": f"機器・前提条件（{len(detail.devices)}）",
        "changes": f"変更契約（{len(detail.changes)}）",
        "notices": f"通知（{len(detail.notices)}）",
        "charges": f"請求・入金（{len(detail.charges)}）",
        "cures": f"催告（{len(detail.cures)}）",
        "history": f"履歴（{len(detail.history)}）",
    }
