"""The migrations build exactly the schema of app/models.py.

A model change without a migration fails here: make one with
`python -m app db revision "what changed"`, review it, and commit both.
"""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables)
from app.store.migrate import VERSION_TABLE, head_revision, known_revisions


def test_models_and_head_revision_have_no_difference(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _parent: not (kind == "table" and name == VERSION_TABLE),
            },
        )
        difference = compare_metadata(context, SQLModel.metadata)
    assert difference == []


def test_revisions_form_one_numbered_line() -> None:
    revisions = sorted(known_revisions())
    assert revisions == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    assert head_revision() == revisions[-1]
