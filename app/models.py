"""SQLModel tables: what the program keeps on disk.

Money is ``int`` yen, dates are ``datetime.date``. Rows are changed only through the
use cases in ``app.usecases``; every change there writes an ``AuditEntry``.

Derived dates on ``Contract`` (``current_term_end`` and what follows from it) are
stored in indexed columns so that the deadline dashboard is one indexed query; they
are recomputed by ``app.usecases.derived`` whenever their inputs change and when they
lapse (a renewal happened since they were computed).
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel


class Prerequisite(StrEnum):
    """Answer to one of the four device prerequisites of Art 7."""

    UNCHECKED = "unchecked"
    MET = "met"
    UNMET = "unmet"


class ApplicationStatus(StrEnum):
    RECEIVED = "received"  # 受付
    SCREENING = "screening"  # 審査中
    ACCEPTED = "accepted"  # 承諾 (the contract is formed)
    REFUSED = "refused"  # 謝絶 (Art 4)
    WITHDRAWN = "withdrawn"  # 取下げ


class ContractStatus(StrEnum):
    ACTIVE = "active"  # 契約中
    NOTICE_RECEIVED = "notice_received"  # 解約通知受領
    ENDED = "ended"  # 終了
    SUSPENDED = "suspended"  # 提供中止 (Art 13)
    TERMINATED_BY_PROVIDER = "terminated_by_provider"  # 解除 (Art 15, 16)


class NoticeDirection(StrEnum):
    RECEIVED = "received"
    SENT = "sent"


class NoticeKind(StrEnum):
    TERMINATION = "termination"  # 解約通知 (9.4), received
    NON_RENEWAL = "non_renewal"  # 更新しない旨の申出 (9.3), received
    RENEWAL = "renewal"  # 更新のご案内, sent
    TERMINATION_ACCEPTANCE = "termination_acceptance"  # 解約受付通知, sent
    PENALTY_QUOTE = "penalty_quote"  # 解約違約金見積, sent
    CURE = "cure"  # 是正催告 (16.1), sent
    LATE_INTEREST = "late_interest"  # 遅延利息請求, sent
    PROVIDER_TERMINATION = "provider_termination"  # 解除通知, sent
    OTHER = "other"


class ChargeKind(StrEnum):
    INITIAL = "initial"  # 初期費用
    MONTHLY = "monthly"  # 月額費用
    CHANGE = "change"  # 変更契約の一時費用
    PENALTY = "penalty"  # 解約違約金
    PROVIDER_TERMINATION = "provider_termination"  # 16.3 の残存期間利用料相当額
    COLLECTION_COST = "collection_cost"  # 債権回収費用 (8.2)


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_name: str = Field(index=True)  # 会社名
    company_kana: str = Field(default="", index=True)  # フリガナ (for sorting)
    department: str = ""  # 部署
    contact_person: str = ""  # ご担当者
    honorific: str = "様"  # 敬称: 様 for a person, 御中 for a department
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    created_at: datetime


class Application(SQLModel, table=True):
    """A service application (申込, Art 2) and its screening (Art 4, 7)."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    received_date: date  # 申込書の到達日
    status: ApplicationStatus = Field(default=ApplicationStatus.RECEIVED, index=True)
    # Art 7 (1)-(4)
    prereq_site_power: Prerequisite = Prerequisite.UNCHECKED
    prereq_remote_access: Prerequisite = Prerequisite.UNCHECKED
    prereq_admin_registered: Prerequisite = Prerequisite.UNCHECKED
    prereq_site_in_japan: Prerequisite = Prerequisite.UNCHECKED
    # what was applied for
    requested_start: date | None = None
    initial_fee: int = 0
    monthly_fee: int = 0
    # Art 4 (1)-(5), stored as "1,3"; free text beside them
    refusal_reasons: str = ""
    refusal_note: str = ""
    override_note: str = ""  # why it was accepted with a prerequisite unconfirmed
    decision_date: date | None = None
    decided_by: str = ""


class Contract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True)  # 契約番号
    customer_id: int = Field(foreign_key="customer.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id")
    accepted_date: date  # 承諾日: the contract is formed (Art 1)
    start_date: date | None = Field(default=None, index=True)  # 本サービス開始日; None until all four prerequisites are met
    initial_term_end: date | None = None  # term end notified by the provider (9.2)
    term_confirmed: bool = False  # False: the minimum term is used and the contract is flagged
    initial_fee: int = 0
    monthly_fee: int = 0  # fee at start; later fees come from ChangeContract rows
    profile_id: str = "2025-04-01"  # terms profile (effective date) the contract was made under
    status: ContractStatus = Field(default=ContractStatus.ACTIVE, index=True)
    notice_date: date | None = None  # arrival of the customer's termination / non-renewal notice
    end_date: date | None = Field(default=None, index=True)  # last day of service
    end_ground: str = ""  # e.g. "9.3", "9.4", "16.1", "16.2(3)", "15.3", "15.4"
    note: str = ""
    # derived, indexed (see module docstring)
    current_term_end: date | None = Field(default=None, index=True)
    renewal_date: date | None = Field(default=None, index=True)  # first day of the next term
    non_renewal_deadline: date | None = Field(default=None, index=True)  # reading of the profile
    non_renewal_deadline_strict: date | None = Field(default=None, index=True)  # "clear-month", for warnings
    cure_deadline: date | None = Field(default=None, index=True)  # earliest open cure notice
    confidentiality_end: date | None = Field(default=None, index=True)  # 2 years after end (18, 22)
    next_deadline: date | None = Field(default=None, index=True)  # earliest of the above on or after derived_as_of
    current_monthly_fee: int = Field(default=0, index=True)  # fee in effect (change contracts applied)
    refresh_on: date | None = Field(default=None, index=True)  # first day on which the derived values change (they hold from derived_as_of until then)
    derived_as_of: date | None = Field(default=None, index=True)  # the day the derived values were computed for
    # normalised text of number, company name, kana and contact person: the list's text filter
    search_text: str = ""


class ContractSearchGram(SQLModel, table=True):
    """Bigram index of a contract's search text (company name, kana, contact person).

    The text filter looks up the rarest bigram of the typed words here and checks only those
    contracts with LIKE, instead of scanning every contract. Written with the search text.
    """

    __tablename__ = "contract_search_gram"
    __table_args__ = {"sqlite_with_rowid": False}

    gram: str = Field(primary_key=True)  # two characters of the normalised text
    contract_id: int = Field(primary_key=True, foreign_key="contract.id")


class ManagedDevice(SQLModel, table=True):
    """対象機器 (Art 7)."""

    __tablename__ = "managed_device"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    maker: str = ""
    model: str = ""
    serial: str = ""
    site_address: str = ""
    in_japan: bool = True
    meets_vendor_requirements: bool = True


class ChangeContract(SQLModel, table=True):
    """変更契約 (Art 10): a new monthly fee from its effective month."""

    __tablename__ = "change_contract"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    requested_date: date
    accepted_date: date
    effective_month: date  # first day of the month in which the changed service starts
    new_monthly_fee: int
    one_time_fee: int = 0  # e.g. initial fee charged again for relocation / configuration change
    description: str = ""


class Notice(SQLModel, table=True):
    """A notice received from or sent to the customer."""

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    direction: NoticeDirection
    kind: NoticeKind
    notice_date: date  # arrival (received) or dispatch (sent)
    requested_end: date | None = None  # for termination notices
    penalty: int = 0  # penalty (9.4) or 16.3 sum owed as computed when the notice was recorded
    document_number: str = ""
    pdf_sha256: str = ""
    note: str = ""
    created_at: datetime


class Charge(SQLModel, table=True):
    """An amount billed with its due date (tax included), for late interest (8.2)."""

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    kind: ChargeKind
    description: str = ""
    amount: int  # tax included
    due_date: date = Field(index=True)


class Payment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    charge_id: int = Field(foreign_key="charge.id", index=True)
    paid_date: date
    amount: int


class CureNotice(SQLModel, table=True):
    """是正催告 (16.1): written notice of a breach; 30 days to cure from dispatch."""

    __tablename__ = "cure_notice"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    dispatched_date: date
    breach: str
    cure_deadline: date = Field(index=True)
    cured_date: date | None = None
    closed: bool = False  # cured, or the contract was terminated on it


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str  # account manager's name from settings
    action: str  # e.g. "accept_application"
    entity: str  # table name
    entity_id: int | None = Field(default=None, index=True)
    contract_id: int | None = Field(default=None, index=True)  # the contract the change belongs to, for its history
    summary: str = ""  # one line in Japanese for the history view
    before_json: str = ""
    after_json: str = ""


class IssuedDocument(SQLModel, table=True):
    """A notice or quote printed and sent (発行文書): what was sent, with its PDF, for reprints.

    `sequence` is allocated (max + 1) in the same transaction as the row, and is unique, so a
    document number is never given twice, across crashes too. The PDF lives under the documents
    folder (`file_name` relative to it); several documents of one batch may share one file, each
    on its own pages (`first_page`, 1-based, and `page_count`). `file_sha256` is the hash of the
    whole file as written: a reprint checks it and returns the same bytes.
    """

    __tablename__ = "issued_document"

    id: int | None = Field(default=None, primary_key=True)
    sequence: int = Field(unique=True)  # global serial number, never reused
    document_number: str = Field(unique=True, index=True)  # 文書番号, e.g. SP2026-000123
    kind: str = Field(index=True)  # app.notices.kinds.DocumentKind value
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    issue_date: date = Field(index=True)  # 発行日 printed on the letter
    subject: str = ""  # 件名
    amount: int = 0  # the main figure billed or quoted (yen, tax included where taxable), 0 if none
    file_name: str  # PDF path relative to the documents folder
    file_sha256: str
    first_page: int = 1
    page_count: int = 1
    batch: str = ""  # batch id shared by the documents issued together; "" for a single one
    actor: str = ""
    created_at: datetime
