"""The Japanese label of every stored enum: one place, used by messages, screens, notices and the CLI."""
from __future__ import annotations

from collections.abc import Mapping

from app import terms
from app.models import (
    ApplicationStatus,
    ChargeKind,
    ContractStatus,
    NoticeDirection,
    NoticeKind,
    Prerequisite,
)
from app.notices.kinds import DocumentKind

STATUS_LABELS: Mapping[ContractStatus, str] = {  # a contract's status
    ContractStatus.ACTIVE: "契約中",
    ContractStatus.NOTICE_RECEIVED: "解約通知受領",
    ContractStatus.ENDED: "終了",
    ContractStatus.SUSPENDED: "提供中止",
    ContractStatus.TERMINATED_BY_PROVIDER: "解除",
}

APPLICATION_STATUS_LABELS: Mapping[ApplicationStatus, str] = {
    ApplicationStatus.RECEIVED: "受付",
    ApplicationStatus.SCREENING: "審査中",
    ApplicationStatus.ACCEPTED: "承諾済",
    ApplicationStatus.REFUSED: "謝絶",
    ApplicationStatus.WITHDRAWN: "取下げ",
}

PREREQUISITE_LABELS: Mapping[Prerequisite, str] = {  # the answer to one device prerequisite (Art 7)
    Prerequisite.MET: "充足",
    Prerequisite.UNMET: "不充足",
    Prerequisite.UNCHECKED: "未確認",
}

NOTICE_KIND_LABELS: Mapping[NoticeKind, str] = {
    NoticeKind.TERMINATION: "解約通知",
    NoticeKind.NON_RENEWAL: "更新しない旨の申出",
    NoticeKind.RENEWAL: "更新のご案内",
    NoticeKind.TERMINATION_ACCEPTANCE: "解約受付通知",
    NoticeKind.PENALTY_QUOTE: "解約違約金見積",
    NoticeKind.CURE: "是正催告",
    NoticeKind.LATE_INTEREST: "遅延利息請求",
    NoticeKind.PROVIDER_TERMINATION: "解除通知",
    NoticeKind.OTHER: "通知",
}

NOTICE_DIRECTION_LABELS: Mapping[NoticeDirection, str] = {
    NoticeDirection.RECEIVED: "受領",
    NoticeDirection.SENT: "発送",
}

CHARGE_KIND_LABELS: Mapping[ChargeKind, str] = {
    ChargeKind.INITIAL: "初期費用",
    ChargeKind.MONTHLY: "月額費用",
    ChargeKind.CHANGE: "変更契約の一時費用",
    ChargeKind.PENALTY: "解約違約金",
    ChargeKind.PROVIDER_TERMINATION: "残存期間の利用料相当額",
    ChargeKind.COLLECTION_COST: "債権回収費用",
}

# the grounds of Art 9, 15, 16 by code ("9.3", "16.2(1)", ...), from the terms (SPEC 5)
GROUND_LABELS: Mapping[str, str] = {code: ground.label for code, ground in terms.GROUNDS.items()}

DATE_STYLE_LABELS: Mapping[str, str] = {"western": "西暦", "japanese": "和暦"}

DOCUMENT_KIND_LABELS: Mapping[DocumentKind, str] = {  # an issued document's kind: its title
    DocumentKind.RENEWAL: "契約更新のご案内",
    DocumentKind.TERMINATION_ACCEPTANCE: "解約のご通知受領および解約違約金のご請求",
    DocumentKind.CURE: "催告書",
    DocumentKind.LATE_INTEREST: "遅延利息のご請求",
    DocumentKind.CHANGE: "契約内容変更のご案内",
    DocumentKind.PENALTY_QUOTE: "解約違約金のお見積り",
}

DOCUMENT_KIND_SHORT: Mapping[DocumentKind, str] = {  # short names for lists
    DocumentKind.RENEWAL: "更新案内",
    DocumentKind.TERMINATION_ACCEPTANCE: "解約受領・違約金請求",
    DocumentKind.CURE: "催告書",
    DocumentKind.LATE_INTEREST: "遅延利息請求",
    DocumentKind.CHANGE: "変更案内",
    DocumentKind.PENALTY_QUOTE: "違約金見積",
}


def document_kind_label(value: str) -> str:
    """The title of a stored document kind (an unknown value as it is)."""
    try:
        return DOCUMENT_KIND_LABELS[DocumentKind(value)]
    except ValueError:
        return value
