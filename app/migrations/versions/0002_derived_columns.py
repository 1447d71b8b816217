"""Derived deadline columns, search text, notice penalty, audit contract link and summary.

New NOT NULL columns get a server default so that existing rows can take them. Rows of
an older database get current_monthly_fee = monthly_fee and derived_as_of = NULL: the
derived columns (next_deadline, refresh_on, search_text, ...) are stale and are
recomputed by app.usecases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:14:50.140572
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # AutoString in rendered columns
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contract_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_audit_entry_contract_id'), ['contract_id'], unique=False)

    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('current_monthly_fee', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('refresh_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('search_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_contract_current_monthly_fee'), ['current_monthly_fee'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_next_deadline'), ['next_deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_refresh_on'), ['refresh_on'], unique=False)
    op.execute("UPDATE contract SET current_monthly_fee = monthly_fee, derived_as_of = NULL")

    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_company_kana'), ['company_kana'], unique=False)

    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('penalty', sa.Integer(), nullable=False, server_default='0'))



def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_column('penalty')

    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_company_kana'))

    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_refresh_on'))
        batch_op.drop_index(batch_op.f('ix_contract_next_deadline'))
        batch_op.drop_index(batch_op.f('ix_contract_current_monthly_fee'))
        batch_op.drop_column('search_text')
        batch_op.drop_column('refresh_on')
        batch_op.drop_column('current_monthly_fee')
        batch_op.drop_column('next_deadline')

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_contract_id'))
        batch_op.drop_column('summary')
        batch_op.drop_column('contract_id')

