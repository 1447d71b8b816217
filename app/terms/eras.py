"""和暦: Japanese era dates for notices. The era table is data (data/eras.json), not code."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Era:
    name: str
    first_day: date


@dataclass(frozen=True)
class EraTable:
    eras: tuple[Era, ...]  # oldest first
    supported_from: date

    def era_of(self, day: date) -> Era:
        if day < self.supported_from:
            raise ValueError(f"{day.isoformat()} は和暦表示の対象外です（{self.supported_from.isoformat()} 以降）")
        current = self.eras[0]
        for era in self.eras:
            if era.first_day <= day:
                current = era
        return current


def load_era_table(path: Path) -> EraTable:
    raw = json.loads(path.read_text(encoding="utf-8"))
    eras = sorted(
        (Era(str(item["name"]), date.fromisoformat(item["first_day"])) for item in raw["eras"]),
        key=lambda era: era.first_day,
    )
    return EraTable(tuple(eras), date.fromisoformat(raw["supported_from"]))


@lru_cache(maxsize=1)
def default_era_table() -> EraTable:
    from app.resources import resource_path

    return load_era_table(resource_path("data", "eras.json"))


def wareki_year(day: date, table: EraTable | None = None) -> str:
    """'令和7年'; year 1 is written 元年 ('令和元年')."""
    era = (table or default_era_table()).era_of(day)
    year = day.year - era.first_day.year + 1
    return f"{era.name}{'元' if year == 1 else year}年"


def to_wareki(day: date, table: EraTable | None = None) -> str:
    """'令和7年4月15日'."""
    return f"{wareki_year(day, table)}{day.month}月{day.day}日"


def to_japanese_date(day: date) -> str:
    """Western-calendar date in Japanese: '2025年4月15日'."""
    return f"{day.year}年{day.month}月{day.day}日"
