"""What a penalty quote is about: a stored contract or a prospect typed in, and whom it is addressed to."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.terms import ContractTerms


@dataclass(frozen=True)
class Addressee:
    """宛先 of the printed quote (the customer's company, department, contact person)."""

    company_name: str = ""
    department: str = ""
    contact_person: str = ""
    honorific: str = "様"  # 様 for a person, 御中 for a company or department
    postal_code: str = ""
    address: str = ""

    def lines(self) -> tuple[str, ...]:
        """The address block as printed: postal code and address, company, department, person with honorific."""
        out: list[str] = []
        if self.postal_code:
            out.append(f"〒{self.postal_code}")
        if self.address:
            out.append(self.address)
        name_line = self.contact_person or self.department or self.company_name
        if self.company_name and name_line != self.company_name:
            out.append(self.company_name)
        if self.department and name_line != self.department:
            out.append(self.department)
        if name_line:
            honorific = self.honorific if self.contact_person else "御中"
            out.append(f"{name_line}　{honorific}")
        return tuple(out)


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
