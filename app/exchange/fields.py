"""The fields an import row can fill, with their Japanese labels and the headers that name them."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # Japanese, as the wizard and the messages show it
    kind: str  # "text", "date" or "yen"
    required: bool
    synonyms: tuple[str, ...]  # headers that name it, Japanese and English (compared normalised)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("number", "契約番号", "text", True,
              ("契約番号", "契約no", "契約№", "契約コード", "契約id", "contractno", "contractnumber", "contractid",
               "contract")),
    FieldSpec("company_name", "顧客名", "text", True,
              ("顧客名", "会社名", "顧客", "取引先", "取引先名", "お客様名", "契約者", "契約者名", "社名", "customer",
               "customername", "company", "companyname", "client")),
    FieldSpec("company_kana", "フリガナ", "text", False,
              ("フリガナ", "ふりがな", "カナ", "顧客名カナ", "顧客名フリガナ", "会社名カナ", "会社名フリガナ", "kana")),
    FieldSpec("department", "部署", "text", False, ("部署", "部署名", "部門", "department", "dept")),
    FieldSpec("contact_person", "ご担当者", "text", False,
              ("担当者", "担当者名", "ご担当者", "ご担当者名", "先方担当者", "顧客担当者", "contact", "contactperson",
               "contactname", "personincharge")),
    FieldSpec("postal_code", "郵便番号", "text", False, ("郵便番号", "〒", "postalcode", "zip", "zipcode", "postcode")),
    FieldSpec("address", "住所", "text", False, ("住所", "所在地", "address")),
    FieldSpec("phone", "電話番号", "text", False, ("電話番号", "電話", "tel", "phone", "telephone")),
    FieldSpec("email", "メールアドレス", "text", False, ("メールアドレス", "メール", "email", "mail", "emailaddress")),
    FieldSpec("accepted_date", "承諾日", "date", False,
              ("承諾日", "契約日", "契約締結日", "締結日", "accepteddate", "contractdate", "signeddate")),
    FieldSpec("start_date", "契約開始日", "date", False,
              ("契約開始日", "開始日", "サービス開始日", "本サービス開始日", "利用開始日", "startdate", "start",
               "servicestart", "servicestartdate")),
    FieldSpec("initial_term_end", "契約期間満了日", "date", False,
              ("契約期間満了日", "満了日", "契約満了日", "期間満了日", "契約期間終了日", "termend", "termenddate",
               "expiry", "expirydate")),
    FieldSpec("initial_fee", "初期費用", "yen", False,
              ("初期費用", "初期費", "導入費用", "初期料金", "initialfee", "setupfee")),
    FieldSpec("monthly_fee", "月額", "yen", True,
              ("月額", "月額費用", "月額料金", "月額利用料", "月額利用料金", "monthlyfee", "monthly", "monthlycharge")),
    FieldSpec("note", "備考", "text", False, ("備考", "メモ", "摘要", "note", "notes", "remarks", "memo")),
)
BY_KEY = {spec.key: spec for spec in FIELDS}
# Headers the export writes that are not imported (read back, they must not be guessed as a field).
IGNORED_HEADERS = ("状態", "現在の月額", "次の期限", "終了日", "status", "currentmonthlyfee", "nextdeadline")

_NOISE = re.compile(r"[\s()（）\[\]［］【】「」・._\-‐－—:：/／#＃*※]+")
_UNIT = re.compile(r"(円|税抜|税込|税別|yen|jpy)$")


def normalise_header(text: str) -> str:
    """'月額（税抜・円）' -> '月額', 'Contract No.' -> 'contractno'."""
    value = _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())
    previous = None
    while previous != value:
        previous, value = value, _UNIT.sub("", value)
    return value or _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


_SYNONYMS = {normalise_header(s): spec.key for spec in FIELDS for s in spec.synonyms}
_IGNORED = {normalise_header(h) for h in IGNORED_HEADERS}


def exact_field(header: str) -> str | None:
    return _SYNONYMS.get(normalise_header(header))


def loose_field(header: str) -> str | None:
    """A field whose Japanese synonym (2+ characters) the header contains, e.g. '契約番号（旧）'."""
    value = normalise_header(header)
    if not value or value in _IGNORED:
        return None
    for synonym, key in sorted(_SYNONYMS.items(), key=lambda item: -len(item[0])):
        if len(synonym) >= 2 and not synonym.isascii() and synonym in value:
            return key
    return None


def is_ignored(header: str) -> bool:
    return normalise_header(header) in _IGNORED
