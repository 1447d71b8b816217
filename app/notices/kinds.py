"""The kinds of issued documents, their Japanese names and their template files."""
from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    RENEWAL = "renewal"  # 契約更新のご案内 (9.3)
    TERMINATION_ACCEPTANCE = "termination_acceptance"  # 解約のご通知受領および解約違約金のご請求 (9.4)
    CURE = "cure"  # 催告書 (16.1)
    LATE_INTEREST = "late_interest"  # 遅延利息のご請求 (8.2)
    CHANGE = "change"  # 契約内容変更のご案内 (10)
    PENALTY_QUOTE = "penalty_quote"  # 解約違約金のお見積り (app/notices/quote_document.py, H8)


KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.RENEWAL: "契約更新のご案内",
    DocumentKind.TERMINATION_ACCEPTANCE: "解約のご通知受領および解約違約金のご請求",
    DocumentKind.CURE: "催告書",
    DocumentKind.LATE_INTEREST: "遅延利息のご請求",
    DocumentKind.CHANGE: "契約内容変更のご案内",
    DocumentKind.PENALTY_QUOTE: "解約違約金のお見積り",
}

# short names for lists and file names
KIND_SHORT: dict[DocumentKind, str] = {
    DocumentKind.RENEWAL: "更新案内",
    DocumentKind.TERMINATION_ACCEPTANCE: "解約受領・違約金請求",
    DocumentKind.CURE: "催告書",
    DocumentKind.LATE_INTEREST: "遅延利息請求",
    DocumentKind.CHANGE: "変更案内",
    DocumentKind.PENALTY_QUOTE: "違約金見積",
}


def kind_label(value: str) -> str:
    try:
        return KIND_LABELS[DocumentKind(value)]
    except ValueError:
        return value
