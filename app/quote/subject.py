"""What a penalty quote is about: a stored contract or a prospect typed in, and whom it is addressed to."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.terms import ContractTerms


@dataclass(frozen=True)
class Addressee:
    """宛先 of the printed quote; the same fields as app.notices.layout.Addressee (which prints them)."""

    company: str = ""
    department: str = ""
    person: str = ""
    honorific: str = "様"  # 様 for a person; a company or department alone takes 御中
    postal_code: str = ""
    address: str = ""


@dataclass(frozen=True)
class QuoteSubject:
    """The contract quoted: its terms (fee schedule with change contracts) and who it belongs to.

    `contract_number` is empty for a prospect. `internal_notes` are for the account manager only: the
    presenter mode and the printed quote never show them.
    """

    terms: ContractTerms
    addressee: Addressee = Addressee()
    contract_number: str = ""
    contract_id: int | None = None
    internal_notes: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_prospect(self) -> bool:
        return self.contract_id is None
