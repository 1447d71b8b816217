"""The kinds of issued documents (their Japanese names are in app.labels, their templates in data/notices/)."""
from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    RENEWAL = "renewal"  # 契約更新のご案内 (9.3)
    TERMINATION_ACCEPTANCE = "termination_acceptance"  # 解約のご通知受領および解約違約金のご請求 (9.4)
    CURE = "cure"  # 催告書 (16.1)
    LATE_INTEREST = "late_interest"  # 遅延利息のご請求 (8.2)
    CHANGE = "change"  # 契約内容変更のご案内 (10)
    PENALTY_QUOTE = "penalty_quote"  # 解約違約金のお見積り (app/notices/quote_document.py, H8)

