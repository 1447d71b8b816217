"""Notice wording from the template files in data/notices/ (one TOML file per kind).

A template holds `subject`, `opening` (after 拝啓), `salutation` (false: no 拝啓/敬具), `body`
(paragraphs), `record` (label/value
rows between 記 and 以上), `total_rows`, `notes` and optionally `table_header`; text carries
``{placeholders}`` that the builders fill. A placeholder the builder does not provide is an error
naming the file, never a blank on paper. A record row whose value comes out empty is left out.
"""
from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.resources import resource_path


class TemplateError(ValueError):
    """A notice template is missing, malformed or asks for a value the program does not provide."""


@dataclass(frozen=True)
class Template:
    name: str
    path: Path
    subject: str
    opening: str
    body: tuple[str, ...]
    record: tuple[tuple[str, str], ...]
    total_rows: tuple[int, ...]
    notes: tuple[str, ...]
    table_header: tuple[str, ...] = ()
    phrases: Mapping[str, str] = field(default_factory=dict)  # alternative sentences chosen by the builder
    salutation: bool = True  # 拝啓 … 敬具; false for a formal demand (催告書)

    def phrase(self, key: str, values: Mapping[str, str]) -> str:
        if key not in self.phrases:
            raise TemplateError(f"通知書テンプレート {self.path} の [phrases] に {key} がありません")
        return self.fill(self.phrases[key], values)

    def fill(self, text: str, values: Mapping[str, str]) -> str:
        try:
            return text.format_map(values)
        except KeyError as exc:
            raise TemplateError(f"通知書テンプレート {self.path} の差し込み項目 {exc.args[0]} に値がありません") from exc
        except (ValueError, IndexError) as exc:
            raise TemplateError(f"通知書テンプレート {self.path} の書式が正しくありません: {text!r}") from exc

    def placeholders(self) -> set[str]:
        texts = [self.subject, self.opening, *self.body, *self.notes, *(t for row in self.record for t in row),
                 *self.phrases.values()]
        return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def templates_dir() -> Path:
    return resource_path("data", "notices")


def _strings(path: Path, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"通知書テンプレート {path} の {key} は文字列の配列にしてください")
    return tuple(value)


def _string(path: Path, data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise TemplateError(f"通知書テンプレート {path} に {key}（文字列）がありません")
    return value


def parse_template(name: str, path: Path, text: str) -> Template:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"通知書テンプレート {path} の書式が正しくありません（{exc}）") from exc
    rows = data.get("record", [])
    if not isinstance(rows, list) or not all(
        isinstance(r, list) and len(r) == 2 and all(isinstance(c, str) for c in r) for r in rows
    ):
        raise TemplateError(f"通知書テンプレート {path} の record は [見出し, 値] の配列にしてください")
    totals = data.get("total_rows", [])
    if not isinstance(totals, list) or not all(isinstance(i, int) and 0 <= i < len(rows) for i in totals):
        raise TemplateError(f"通知書テンプレート {path} の total_rows は record の行番号（0から）にしてください")
    return Template(
        name=name,
        path=path,
        subject=_string(path, data, "subject"),
        opening=_string(path, data, "opening", ""),
        body=_strings(path, data, "body"),
        record=tuple((str(a), str(b)) for a, b in rows),
        total_rows=tuple(totals),
        notes=_strings(path, data, "notes"),
        table_header=_strings(path, data, "table_header"),
        phrases=_phrases(path, data),
        salutation=_flag(path, data, "salutation", True),
    )


def _flag(path: Path, data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise TemplateError(f"通知書テンプレート {path} の {key} は true または false にしてください")
    return value


def _phrases(path: Path, data: Mapping[str, Any]) -> dict[str, str]:
    value = data.get("phrases", {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TemplateError(f"通知書テンプレート {path} の [phrases] は文字列の表にしてください")
    return {str(k): str(v) for k, v in value.items()}


@lru_cache(maxsize=None)
def load_template(name: str) -> Template:
    """The template data/notices/<name>.toml (read once per process)."""
    path = templates_dir() / f"{name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"通知書テンプレートを読み込めません: {path}（{exc}）") from exc
    return parse_template(name, path, text)


@lru_cache(maxsize=1)
def common_values() -> dict[str, str]:
    """data/notices/common.toml: the service name and the document-number prefix."""
    path = templates_dir() / "common.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"通知書の共通設定を読み込めません: {path}（{exc}）") from exc
    for key in ("service_name", "number_prefix"):
        if not isinstance(data.get(key), str):
            raise TemplateError(f"通知書の共通設定 {path} に {key} がありません")
    return {str(k): str(v) for k, v in data.items()}
