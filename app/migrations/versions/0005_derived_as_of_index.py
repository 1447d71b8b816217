"""Index on contract.derived_as_of: queries find the rows whose stored derived dates were computed
for a later day than the one asked about (and compute those in memory; a read never writes).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 22:30:00
"""
from __future__ import annotations

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_derived_as_of'), ['derived_as_of'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_derived_as_of'))
