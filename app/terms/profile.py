"""Terms profiles: every number and reading of the terms, as data (SPEC section 10).

A profile is a TOML file in ``data/profiles/`` named after its effective date. A computation
uses the profile in force on the date of its event; events before the oldest profile are computed
under it and marked as "earlier terms version".
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

NoticeReading = Literal["month", "clear-month"]
DecreaseEffective = Literal["same_month", "next_month"]
PenaltyTax = Literal["outside", "taxable"]
PenaltyBasis = Literal["tax_exclusive", "tax_inclusive"]
TaxRounding = Literal["down", "half_up", "up"]


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class StatutoryRate:
    first_day: date
    last_day: date
    rate_percent: Fraction


@dataclass(frozen=True)
class TermsProfile:
    id: str
    effective: date
    title: str
    prorata_rounding_unit: int
    decrease_effective: DecreaseEffective
    minimum_term_months: int
    renewal_months: int
    notice_months: int
    notice_reading: NoticeReading
    penalty_after_renewal: bool
    penalty_tax: PenaltyTax
    penalty_basis: PenaltyBasis
    penalty_tax_confirmed: bool
    cure_days: int
    late_rate_percent: Fraction
    day_count: int
    statutory_rates: tuple[StatutoryRate, ...]
    consumption_rate_percent: int
    tax_rounding: TaxRounding
    oral_confidentiality_days: int
    confidentiality_after_end_months: int

    def statutory_rate_on(self, day: date) -> Fraction:
        for period in self.statutory_rates:
            if period.first_day <= day <= period.last_day:
                return period.rate_percent
        raise ValueError(f"{day.isoformat()} の法定利率がプロファイル {self.id} にありません")


T = TypeVar("T")


class _Reader:
    """Reads typed fields out of a parsed TOML table, naming the file and field on error."""

    def __init__(self, path: Path, table: dict[str, Any], prefix: str = "") -> None:
        self.path = path
        self.table = table
        self.prefix = prefix

    def _fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(f"{self.path.name}: フィールド '{self.prefix}{key}' {message}")

    def get(self, key: str, kind: type[T]) -> T:
        if key not in self.table:
            raise self._fail(key, "がありません")
        value = self.table[key]
        # bool is an int subclass: never accept one for the other
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self._fail(key, f"の型が違います（{kind.__name__} が必要: {value!r}）")
        return value

    def positive(self, key: str) -> int:
        value = self.get(key, int)
        if value <= 0:
            raise self._fail(key, f"は正の整数でなければなりません: {value}")
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.get(key, str)
        if value not in allowed:
            raise self._fail(key, f"は {' / '.join(allowed)} のいずれかです: {value!r}")
        return value

    def percent(self, key: str) -> Fraction:
        text = self.get(key, str)
        try:
            value = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise self._fail(key, f"は数値の文字列です: {text!r}") from None
        if not 0 <= value <= 100:
            raise self._fail(key, f"は0から100の範囲です: {text}")
        return value

    def sub(self, key: str) -> _Reader:
        return _Reader(self.path, self.get(key, dict), f"{self.prefix}{key}.")


def parse_profile(path: Path, text: str) -> TermsProfile:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: TOML の形式が正しくありません: {exc}") from None
    top = _Reader(path, raw)
    fees, term, termination = top.sub("fees"), top.sub("term"), top.sub("termination")
    breach, interest, tax, conf = top.sub("breach"), top.sub("interest"), top.sub("tax"), top.sub("confidentiality")
    rates = []
    for i, item in enumerate(interest.get("statutory", list)):
        if not isinstance(item, dict):
            raise ProfileError(f"{path.name}: フィールド 'interest.statutory[{i}]' は表でなければなりません")
        r = _Reader(path, item, f"interest.statutory[{i}].")
        rate = StatutoryRate(r.get("from", date), r.get("to", date), r.percent("rate_percent"))
        if rate.last_day < rate.first_day:
            raise ProfileError(f"{path.name}: フィールド 'interest.statutory[{i}].to' が from より前です")
        rates.append(rate)
    day_count = interest.get("day_count", int)
    if day_count not in (365, 366):
        raise ProfileError(f"{path.name}: フィールド 'interest.day_count' は365か366です: {day_count}")
    profile = TermsProfile(
        id=top.get("id", str),
        effective=top.get("effective", date),
        title=top.get("title", str),
        prorata_rounding_unit=fees.positive("prorata_rounding_unit"),
        decrease_effective=cast(DecreaseEffective, fees.choice("decrease_effective", ("same_month", "next_month"))),
        minimum_term_months=term.positive("minimum_term_months"),
        renewal_months=term.positive("renewal_months"),
        notice_months=term.positive("notice_months"),
        notice_reading=cast(NoticeReading, term.choice("notice_reading", ("month", "clear-month"))),
        penalty_after_renewal=termination.get("penalty_after_renewal", bool),
        penalty_tax=cast(PenaltyTax, termination.choice("penalty_tax", ("outside", "taxable"))),
        penalty_basis=cast(PenaltyBasis, termination.choice("penalty_basis", ("tax_exclusive", "tax_inclusive"))),
        penalty_tax_confirmed=termination.get("penalty_tax_confirmed", bool),
        cure_days=breach.positive("cure_days"),
        late_rate_percent=interest.percent("late_rate_percent"),
        day_count=day_count,
        statutory_rates=tuple(rates),
        consumption_rate_percent=tax.positive("consumption_rate_percent"),
        tax_rounding=cast(TaxRounding, tax.choice("rounding", ("down", "half_up", "up"))),
        oral_confidentiality_days=conf.positive("oral_days"),
        confidentiality_after_end_months=conf.positive("after_end_months"),
    )
    if path.stem != profile.id or profile.id != profile.effective.isoformat():
        raise ProfileError(f"{path.name}: フィールド 'id' はファイル名と効力発生日 (effective) に一致させてください")
    return profile


def load_profile(path: Path) -> TermsProfile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path.name}: 読み込めません: {exc}") from None
    return parse_profile(path, text)


@dataclass(frozen=True)
class ProfileRegistry:
    """All profiles, oldest first."""

    profiles: tuple[TermsProfile, ...]

    def for_date(self, day: date) -> TermsProfile:
        """The profile in force on `day`; the oldest one for days before it."""
        chosen = self.profiles[0]
        for profile in self.profiles:
            if profile.effective <= day:
                chosen = profile
        return chosen

    def is_earlier_version(self, day: date) -> bool:
        """True when `day` precedes every profile: computed under the oldest, marked 'earlier terms version'."""
        return day < self.profiles[0].effective

    def by_id(self, profile_id: str) -> TermsProfile:
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(profile_id)


def load_registry(directory: Path) -> ProfileRegistry:
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise ProfileError(f"{directory}: 約款プロファイル (*.toml) がありません")
    profiles = sorted((load_profile(f) for f in files), key=lambda p: p.effective)
    return ProfileRegistry(tuple(profiles))


def profiles_dir() -> Path:
    from app.resources import resource_path

    return resource_path("data", "profiles")


@lru_cache(maxsize=1)
def default_registry() -> ProfileRegistry:
    """The shipped profiles, loaded and validated once."""
    return load_registry(profiles_dir())


def profile_for(day: date) -> TermsProfile:
    return default_registry().for_date(day)
