"""The contract search index holds every character and bigram of every field, the contract number
included, so that a contract-number prefix, an ASCII word and a single character use the index.

Rebuilt from the stored, already normalised search text (fields separated by a newline); rows
without search text (from before revision 0003) get theirs at the next refresh.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 22:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | None = None
depends_on: str | None = None

CHUNK = 2000


def _grams(text: str, with_characters: bool) -> set[str]:
    found: set[str] = set()
    for field in text.split("\n"):
        found |= {field[i:i + 2] for i in range(len(field) - 1)
                  if not (field[i].isspace() or field[i + 1].isspace())}
        if with_characters:
            found.update(ch for ch in field if not ch.isspace())
    return found


def _rebuild(with_characters: bool, fields: slice) -> None:
    """Grams of the search text's fields `fields` (frozen here: a migration does not import the app)."""
    bind = op.get_bind()
    gram_table = sa.table('contract_search_gram', sa.column('gram', sa.String), sa.column('contract_id', sa.Integer))
    bind.execute(sa.delete(gram_table))
    last_id = 0
    while True:
        rows = bind.execute(sa.text(
            "SELECT id, search_text FROM contract WHERE id > :last AND search_text <> '' ORDER BY id LIMIT :n"),
            {"last": last_id, "n": CHUNK}).all()
        if not rows:
            return
        values = []
        for contract_id, text in rows:
            kept = "\n".join(text.split("\n")[fields])
            values += [{"gram": g, "contract_id": contract_id} for g in sorted(_grams(kept, with_characters))]
        if values:
            bind.execute(sa.insert(gram_table), values)
        last_id = rows[-1][0]


def upgrade() -> None:
    _rebuild(True, slice(0, None))


def downgrade() -> None:
    _rebuild(False, slice(1, None))  # revision 0005: bigrams of the name fields only
