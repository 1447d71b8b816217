"""A stored contract as the subject of a quote: its terms with the change contracts, its customer.

A read: nothing is written. Errors are QuoteInputError with a Japanese message (unknown number,
service not started yet).
"""
from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.formatting import format_date
from app.labels import STATUS_LABELS
from app.models import Contract, ContractStatus, Customer
from app.quote.model import QuoteInputError
from app.notices.addressee import Addressee, addressee_of
from app.quote.subject import QuoteSubject
from app.usecases.contract_terms import load_contract_terms
from app.usecases.errors import ValidationError


def _warnings(contract: Contract) -> tuple[str, ...]:
    if contract.status == ContractStatus.ACTIVE:
        return ()
    label = STATUS_LABELS.get(contract.status, str(contract.status))
    text = f"この契約は「{label}」です"
    if contract.notice_date is not None:
        text += f"（通知到達日 {format_date(contract.notice_date)}）"
    if contract.end_date is not None:
        text += f"（終了日 {format_date(contract.end_date)}）"
    return (text + "。見積りは仮定の通知到達日で計算しています",)


def subject_of(session: Session, contract: Contract) -> QuoteSubject:
    try:
        terms = load_contract_terms(session, contract)
    except ValidationError as exc:
        raise QuoteInputError(exc.message, field="contract") from None
    customer = session.get(Customer, contract.customer_id)
    addressee = addressee_of(customer) if customer is not None else Addressee()
    return QuoteSubject(terms, addressee, contract_number=contract.number, contract_id=contract.id,
                        internal_notes=contract.note, warnings=_warnings(contract))


def load_subject(engine: Engine, *, number: str | None = None, contract_id: int | None = None) -> QuoteSubject:
    """The quote subject of the contract with this number (or id)."""
    with Session(engine) as session:
        if contract_id is not None:
            contract = session.get(Contract, contract_id)
        else:
            wanted = (number or "").strip()
            contract = session.exec(select(Contract).where(Contract.number == wanted)).first()
        if contract is None:
            what = f"契約番号 {number}" if contract_id is None else f"契約（id {contract_id}）"
            raise QuoteInputError(f"{what} が見つかりません", field="contract")
        return subject_of(session, contract)
