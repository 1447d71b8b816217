"""宛先: whom a letter or a quote is addressed to, and how a stored customer becomes one.

Light on purpose (no ReportLab): the quote model (app.quote) holds an Addressee without loading
the letter layout that prints it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the quote's command line runs without the database stack
    from app.models import Customer


@dataclass(frozen=True)
class Addressee:
    """宛先: 会社名, 部署, 氏名 + 敬称. Without a person the company (or department) takes 御中."""

    company: str = ""
    department: str = ""
    person: str = ""
    honorific: str = "様"
    postal_code: str = ""
    address: str = ""

    def lines(self) -> list[str]:
        out = address_lines(self.postal_code, self.address)
        if self.person.strip():
            out.append(self.company)
            if self.department:
                out.append(self.department)
            out.append(f"{self.person}　{self.honorific or '様'}")
        elif self.department:
            out.append(self.company)
            out.append(f"{self.department}　御中")
        else:
            out.append(f"{self.company}　御中")
        return out


def address_lines(postal_code: str, address: str) -> list[str]:
    """'〒100-0001' and the address, each when given (the top of an addressee or a sender block)."""
    return ([f"〒{postal_code}"] if postal_code else []) + ([address] if address else [])


def addressee_of(customer: Customer) -> Addressee:
    """The stored customer as the addressee of a notice or a quote."""
    return Addressee(
        company=customer.company_name,
        department=customer.department,
        person=customer.contact_person,
        honorific=customer.honorific or "様",
        postal_code=customer.postal_code,
        address=customer.address,
    )
