"""What a penalty quote is about: a stored contract or a prospect typed in, and whom it is addressed to."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.notices.addressee import Addressee
from app.terms import ContractTerms

__all__ = ["Addressee", "QuoteSubject"]


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
