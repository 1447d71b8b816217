"""Which column fills which field: guessed from the headers, or as the user mapped them last time.

A mapping file is TOML, header text -> field (its key or its Japanese label; "" ignores the
column):

    [columns]
    "契約No." = "number"
    "お客様" = "顧客名"

The wizard remembers the user's last mapping in `import_mapping.toml` under the user config
directory; the command line reads one with `--mapping MAP.toml`.
"""
from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from app.atomic_file import write_atomically
from app.exchange.fields import BY_KEY, FIELDS, FieldSpec, exact_field, is_ignored, loose_field, normalise_header
from app.settings import APP_NAME

MAPPING_FILE_NAME = "import_mapping.toml"
IGNORE = ""
_BY_LABEL = {spec.label: spec.key for spec in FIELDS}


class MappingError(Exception):
    """A mapping file that cannot be read or names an unknown field (Japanese message)."""


@dataclass(frozen=True)
class ColumnMapping:
    """0-based column index -> field key (each field in one column at most)."""

    columns: dict[int, str] = field(default_factory=dict)

    def column_of(self, key: str) -> int | None:
        for column, mapped in self.columns.items():
            if mapped == key:
                return column
        return None

    def missing_required(self) -> list[FieldSpec]:
        mapped = set(self.columns.values())
        return [spec for spec in FIELDS if spec.required and spec.key not in mapped]

    def with_column(self, column: int, key: str) -> ColumnMapping:
        """A copy with `column` mapped to `key` ('' clears it); a field moves from its old column."""
        columns = {c: k for c, k in self.columns.items() if c != column and k != key}
        if key:
            columns[column] = key
        return ColumnMapping(columns)

    def by_header(self, headers: list[str]) -> dict[str, str]:
        """header text -> field key (ignored columns as ''), for remembering."""
        return {h: self.columns.get(i, IGNORE) for i, h in enumerate(headers) if h}


def header_score(headers: list[str]) -> int:
    """How many distinct fields a row's cells name exactly (finds the header row below a title)."""
    return len({key for key in map(exact_field, headers) if key is not None})


def guess_mapping(headers: list[str], remembered: Mapping[str, str] | None = None) -> ColumnMapping:
    """Remembered headers first, then exact synonyms, then a Japanese synonym the header contains."""
    columns: dict[int, str] = {}
    remembered_norm = {normalise_header(h): k for h, k in (remembered or {}).items()}

    def assign(column: int, key: str | None) -> None:
        if key and column not in columns and key not in columns.values():
            columns[column] = key

    decided: set[int] = set()
    for column, header in enumerate(headers):
        norm = normalise_header(header) if header else ""
        if norm and norm in remembered_norm:
            assign(column, remembered_norm[norm] or None)
            decided.add(column)
    for column, header in enumerate(headers):
        if header and column not in decided:
            assign(column, exact_field(header))
    for column, header in enumerate(headers):
        if header and column not in decided and column not in columns and not is_ignored(header):
            assign(column, loose_field(header))
    return ColumnMapping(columns)


def field_key(value: str, where: str) -> str:
    text = value.strip()
    if text == IGNORE or text in BY_KEY:
        return text
    if text in _BY_LABEL:
        return _BY_LABEL[text]
    labels = "、".join(spec.label for spec in FIELDS)
    raise MappingError(f"{where}: 不明な項目です「{value}」（{labels}、または空文字で無視）")


def load_mapping_file(path: Path) -> dict[str, str]:
    """header -> field key from a mapping file; MappingError names the file and the entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise MappingError(f"列の対応ファイルが見つかりません: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"列の対応ファイルを読み込めません: {path}（{exc}）") from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"列の対応ファイルの書式が正しくありません: {path}（{exc}）") from None
    columns = data.get("columns")
    if not isinstance(columns, dict) or set(data) - {"columns"}:
        raise MappingError(f"列の対応ファイルには [columns] の表だけを書いてください: {path}")
    result: dict[str, str] = {}
    for header, value in columns.items():
        if not isinstance(value, str):
            raise MappingError(f"{path.name} の「{header}」: 項目名を文字列で書いてください")
        result[header] = field_key(value, f"{path.name} の「{header}」")
    keys = [k for k in result.values() if k]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise MappingError(f"{path.name}: 同じ項目に複数の列が対応しています（{'、'.join(BY_KEY[k].label for k in doubled)}）")
    return result


def save_mapping_file(path: Path, by_header: Mapping[str, str]) -> Path:
    """Write a mapping file atomically (JSON strings are TOML basic strings)."""
    lines = ["# 取り込みの列の対応: 見出し = 項目（" + "、".join(f"{s.key}={s.label}" for s in FIELDS) + "、空文字は無視）",
             "[columns]"]
    lines += [f"{json.dumps(h, ensure_ascii=False)} = {json.dumps(k, ensure_ascii=False)}" for h, k in by_header.items()]
    text = "\n".join(lines) + "\n"
    try:
        write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"列の対応ファイルを保存できません: {path}（{exc.strerror}）") from None
    return path


def remembered_mapping_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / MAPPING_FILE_NAME


def load_remembered() -> dict[str, str]:
    """The user's last mapping; an unreadable file is as good as none (it is only a guess)."""
    path = remembered_mapping_path()
    if not path.exists():
        return {}
    try:
        return load_mapping_file(path)
    except MappingError:
        return {}


def remember(headers: list[str], mapping: ColumnMapping) -> Path:
    """Merge this file's headers into the remembered mapping and save it."""
    merged = {**load_remembered(), **mapping.by_header(headers)}
    return save_mapping_file(remembered_mapping_path(), merged)
