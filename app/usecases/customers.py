"""The customer as entered on an application form."""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.models import Customer
from app.usecases import checks
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

    def to_row(self) -> dict[str, str]:
        return dict(self.__dict__)


def new_customer(data: CustomerInput, created_at: object) -> Customer:
    return Customer(**data.to_row(), created_at=created_at)
