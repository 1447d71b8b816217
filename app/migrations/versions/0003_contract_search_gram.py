"""Bigram index of the contracts' search text (contract_search_gram).

The table is filled by app.usecases when contracts are written. Contracts already there are
marked for recomputation (refresh_on in the past): the next app.usecases.derived.refresh_lapsed
computes their derived dates, search text and bigrams.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 13:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # AutoString in rendered columns
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        'contract_search_gram',
        sa.Column('gram', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
        sa.PrimaryKeyConstraint('gram', 'contract_id'),
        sqlite_with_rowid=False,
    )
    op.execute("UPDATE contract SET refresh_on = '1900-01-01' WHERE derived_as_of IS NULL")


def downgrade() -> None:
    op.drop_table('contract_search_gram')
