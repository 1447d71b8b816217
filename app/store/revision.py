"""The schema revision of a file and of the program, read without loading Alembic.

Opening an up-to-date database needs two strings: the revision stored in the file's
``alembic_version`` table and the newest revision among the migration scripts. Both are
read here with sqlite3 and a look at the scripts' ``revision``/``down_revision`` lines, so
that Alembic is imported only when a migration is really needed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.store.sqlite_file import raw_connection

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "alembic_version"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class FileState:
    """What the file holds: its revision ("" when none) and whether it has tables besides the version table."""

    revision: str
    has_tables: bool


def read_file_state(path: Path) -> FileState:
    """The stored revision and whether there are tables; raises sqlite3.Error as SQLite reports it."""
    with raw_connection(path) as connection:
        names = {str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = ""
        if VERSION_TABLE in names:
            rows = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
            revision = str(rows[0][0]) if len(rows) == 1 else ""
    return FileState(revision, bool(names - {VERSION_TABLE, "sqlite_sequence"}))


@lru_cache(maxsize=8)
def script_revisions(script_location: Path | None = None) -> tuple[frozenset[str], str | None]:
    """All revisions of the scripts and the single head (None when the scripts do not show one clearly)."""
    versions = (script_location or MIGRATIONS_DIR) / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted(versions.glob("*.py")):
        found = dict(_ASSIGNMENT.findall(script.read_text(encoding="utf-8")))
        match = _QUOTED.search(found.get("revision", ""))
        if match is None:
            return frozenset(), None  # a script written another way: let Alembic decide
        revisions.add(match.group(1))
        parents.update(_QUOTED.findall(found.get("down_revision", "")))
    heads = revisions - parents
    return frozenset(revisions), (next(iter(heads)) if len(heads) == 1 else None)


def cheap_head(script_location: Path | None = None) -> str:
    """The newest revision of the scripts; Alembic is asked only when the scripts are unusual."""
    _revisions, head = script_revisions(script_location)
    if head is not None:
        return head
    from app.store.migrate import head_revision

    return head_revision(script_location)


def is_known(revision: str, script_location: Path | None = None) -> bool:
    revisions, head = script_revisions(script_location)
    if head is not None:
        return revision in revisions
    from app.store.migrate import known_revisions

    return revision in known_revisions(script_location)
