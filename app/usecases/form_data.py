"""What the forms and dialogs read before the user types: an application with its screening state,
a contract with its terms, open cure notices and charges. Read only; one session per call.

The values carry everything the live previews need (`KnownTerms`, payments so far), so typing in
a form never goes back to the database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func
from sqlmodel import select

from app.labels import APPLICATION_STATUS_LABELS, CHARGE_KIND_LABELS, STATUS_LABELS
from app.models import (
    Application,
    ApplicationStatus,
    Charge,
    ChargeKind,
    Contract,
    ContractStatus,
    Customer,
    CureNotice,
    Payment,
    Prerequisite,
)
from app.preview import KnownTerms
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.contracts import RUNNING
from app.usecases.contract_terms import change_contracts_of, fee_schedule, open_cures
from app.usecases.prerequisites import PREREQUISITES, prerequisite_answers
from app.usecases.screening import Assessment, assess


@dataclass(frozen=True)
class ApplicationBrief:
    id: int
    customer_id: int
    company_name: str
    received_date: date
    status: ApplicationStatus
    status_label: str
    requested_start: date | None
    monthly_fee: int
    initial_fee: int
    answers: dict[int, Prerequisite]
    assessment: Assessment
    contract_id: int | None
    contract_number: str
    service_start: date | None
    override_note: str
    refusal_reasons: str

    @property
    def label(self) -> str:
        return f"{self.company_name}（{self.received_date.isoformat()} 受付、{self.status_label}）"


def _application_brief(application: Application, customer: Customer, contract: Contract | None) -> ApplicationBrief:
    status = ApplicationStatus(application.status)
    return ApplicationBrief(
        id=int(application.id or 0), customer_id=application.customer_id, company_name=customer.company_name,
        received_date=application.received_date, status=status, status_label=APPLICATION_STATUS_LABELS[status],
        requested_start=application.requested_start, monthly_fee=application.monthly_fee,
        initial_fee=application.initial_fee, answers=prerequisite_answers(application),
        assessment=assess(application), contract_id=contract.id if contract is not None else None,
        contract_number=contract.number if contract is not None else "",
        service_start=contract.start_date if contract is not None else None,
        override_note=application.override_note, refusal_reasons=application.refusal_reasons,
    )


def application_brief(engine: Engine, application_id: int) -> ApplicationBrief:
    with session_scope(engine) as session:
        application = checks.get_or_error(session, Application, application_id, "申込")
        customer = checks.get_or_error(session, Customer, application.customer_id, "顧客")
        contract = session.exec(select(Contract).where(Contract.application_id == application_id)).first()
        return _application_brief(application, customer, contract)


def open_applications(engine: Engine, limit: int = 200) -> list[ApplicationBrief]:
    """Applications still being worked on: not decided, or accepted with the service not yet started.

    Two indexed lookups (undecided by status; accepted through contracts without a start date),
    never a join over all contracts (contract.application_id has no index).
    """
    undecided = (ApplicationStatus.RECEIVED, ApplicationStatus.SCREENING)
    with session_scope(engine) as session:
        waiting = session.exec(
            select(Application, Customer)
            .join(Customer, Customer.id == Application.customer_id)  # type: ignore[arg-type]
            .where(Application.status.in_(undecided))  # type: ignore[attr-defined]
            .order_by(Application.received_date.desc(), Application.id.desc())  # type: ignore[attr-defined,union-attr]
            .limit(limit)
        ).all()
        found: list[tuple[Application, Customer, Contract | None]] = [(a, c, None) for a, c in waiting]
        not_started = session.exec(
            select(Application, Customer, Contract)
            .join(Contract, Contract.application_id == Application.id)  # type: ignore[arg-type]
            .join(Customer, Customer.id == Application.customer_id)  # type: ignore[arg-type]
            .where(Contract.start_date.is_(None))  # type: ignore[union-attr]
            .where(Contract.status.in_(RUNNING))  # type: ignore[attr-defined]
            .where(Application.status == ApplicationStatus.ACCEPTED)
            .order_by(Application.received_date.desc(), Application.id.desc())  # type: ignore[attr-defined,union-attr]
            .limit(limit)
        ).all()
        found += [(a, c, k) for a, c, k in not_started]
        found.sort(key=lambda row: (row[0].received_date, row[0].id or 0), reverse=True)
        return [_application_brief(a, c, k) for a, c, k in found[:limit]]


@dataclass(frozen=True)
class CureBrief:
    id: int
    dispatched_date: date
    breach: str
    cure_deadline: date


@dataclass(frozen=True)
class ChargeBrief:
    id: int
    kind: ChargeKind
    label: str
    description: str
    amount: int
    due_date: date
    payments: tuple[tuple[date, int], ...]

    @property
    def balance(self) -> int:
        return self.amount - sum(amount for _, amount in self.payments)


@dataclass(frozen=True)
class ContractBrief:
    id: int
    number: str
    company_name: str
    status: ContractStatus
    status_label: str
    accepted_date: date
    start_date: date | None
    end_date: date | None
    known: KnownTerms
    missing_prerequisites: tuple[str, ...]  # labels of Art 7 items not confirmed (service start refused)
    open_cures: tuple[CureBrief, ...]
    charges: tuple[ChargeBrief, ...]

    @property
    def title(self) -> str:
        return f"{self.number}　{self.company_name}（{self.status_label}）"


def contract_brief(engine: Engine, contract_id: int) -> ContractBrief:
    with session_scope(engine) as session:
        contract = checks.get_or_error(session, Contract, contract_id, "契約")
        customer = checks.get_or_error(session, Customer, contract.customer_id, "顧客")
        changes = change_contracts_of(session, contract.id)
        schedule = fee_schedule(contract.monthly_fee, contract.accepted_date, changes)
        missing: tuple[str, ...] = ()
        if contract.application_id is not None:
            application = session.get(Application, contract.application_id)
            if application is not None:
                answers = prerequisite_answers(application)
                missing = tuple(f"({n}){PREREQUISITES[n][1]}" for n, a in answers.items() if a is not Prerequisite.MET)
        cures = tuple(CureBrief(int(c.id or 0), c.dispatched_date, c.breach, c.cure_deadline)
                      for c in sorted(open_cures(session, contract.id), key=lambda c: c.dispatched_date))
        paid: dict[int, list[tuple[date, int]]] = {}
        for payment in session.exec(select(Payment).join(Charge, Charge.id == Payment.charge_id)  # type: ignore[arg-type]
                                    .where(Charge.contract_id == contract_id).order_by(Payment.paid_date)).all():  # type: ignore[arg-type]
            paid.setdefault(payment.charge_id, []).append((payment.paid_date, payment.amount))
        charges = tuple(
            ChargeBrief(int(c.id or 0), ChargeKind(c.kind), CHARGE_KIND_LABELS[ChargeKind(c.kind)], c.description,
                        c.amount, c.due_date, tuple(paid.get(int(c.id or 0), [])))
            for c in session.exec(select(Charge).where(Charge.contract_id == contract_id)
                                  .order_by(Charge.due_date, Charge.id)).all()  # type: ignore[arg-type]
        )
        status = ContractStatus(contract.status)
        return ContractBrief(
            id=contract_id, number=contract.number, company_name=customer.company_name, status=status,
            status_label=STATUS_LABELS[status], accepted_date=contract.accepted_date, start_date=contract.start_date,
            end_date=contract.end_date,
            known=KnownTerms(contract.start_date, contract.monthly_fee, contract.initial_fee,
                             contract.initial_term_end, schedule.changes),
            missing_prerequisites=missing, open_cures=cures, charges=charges,
        )


def count_applications(engine: Engine) -> int:
    with session_scope(engine) as session:
        return int(session.exec(select(func.count()).select_from(Application)).one())
