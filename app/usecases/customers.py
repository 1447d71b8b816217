"""The customer as entered on an application form."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.models import Customer
from app.usecases import checks
from app.usecases.audit import write_audit
from app.usecases.context import UseCaseContext
from app.usecases.errors import ValidationError

_POSTAL = re.compile(r"^\d{3}-\d{4}$")
HONORIFICS = ("様", "御中")


@dataclass(frozen=True)
class CustomerInput:
    company_name: str
    company_kana: str = ""
    department: str = ""
    contact_person: str = ""
    honorific: str = "様"
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    def validated(self) -> CustomerInput:
        """The same values stripped, or ValidationError naming the first bad field."""
        values = {
            "company_name": checks.text(self.company_name, "company_name", "会社名", required=True, max_length=200),
            "company_kana": checks.text(self.company_kana, "company_kana", "フリガナ", max_length=200),
            "department": checks.text(self.department, "department", "部署", max_length=200),
            "contact_person": checks.text(self.contact_person, "contact_person", "ご担当者", max_length=100),
            "honorific": checks.text(self.honorific, "honorific", "敬称"),
            "postal_code": checks.text(self.postal_code, "postal_code", "郵便番号"),
            "address": checks.text(self.address, "address", "住所", max_length=500),
            "phone": checks.text(self.phone, "phone", "電話番号", max_length=50),
            "email": checks.text(self.email, "email", "メールアドレス", max_length=200),
        }
        if values["honorific"] not in HONORIFICS:
            raise ValidationError("敬称は「様」か「御中」です", "honorific")
        if values["postal_code"] and not _POSTAL.match(values["postal_code"]):
            raise ValidationError("郵便番号は 123-4567 の形で入力してください", "postal_code")
        if values["email"] and "@" not in values["email"]:
            raise ValidationError("メールアドレスの形式が正しくありません", "email")
        return CustomerInput(**values)

    def to_row(self) -> dict[str, Any]:
        return dict(self.__dict__)


def new_customer(data: CustomerInput, created_at: datetime) -> Customer:
    return Customer(**data.to_row(), created_at=created_at)


def existing_or_new_customer(session: Session, ctx: UseCaseContext,
                             customer: CustomerInput | int) -> tuple[Customer, int]:
    """An existing customer by id, or a new one from validated data (written with its audit entry);
    returns the row and its id."""
    if isinstance(customer, CustomerInput):
        row = new_customer(customer.validated(), ctx.now())
        row_id = write_audit(session, ctx, action="create_customer", row=row, before=None, contract_id=None,
                             summary=f"顧客「{row.company_name}」を登録")
        return row, row_id
    row = checks.get_or_error(session, Customer, int(customer), "顧客")
    return row, int(customer)
