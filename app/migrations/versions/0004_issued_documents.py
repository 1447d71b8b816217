"""Issued documents (notices, quotes): number, kind, contract, PDF file and its SHA-256.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 22:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # AutoString in rendered columns
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        'issued_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('document_number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=True),
        sa.Column('issue_date', sa.Date(), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('file_sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('first_page', sa.Integer(), nullable=False),
        sa.Column('page_count', sa.Integer(), nullable=False),
        sa.Column('batch', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sequence'),
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_document_number'), ['document_number'], unique=True)
        batch_op.create_index(batch_op.f('ix_issued_document_issue_date'), ['issue_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_kind'), ['kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_kind'))
        batch_op.drop_index(batch_op.f('ix_issued_document_issue_date'))
        batch_op.drop_index(batch_op.f('ix_issued_document_document_number'))
        batch_op.drop_index(batch_op.f('ix_issued_document_contract_id'))
    op.drop_table('issued_document')
