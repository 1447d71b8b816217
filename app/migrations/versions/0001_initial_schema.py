"""Initial schema: the tables of app/models.py as of the first release.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 13:14:41.478871
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # AutoString in rendered columns
from alembic import op

# native ENUM types that PostgreSQL creates with the tables (SQLite stores plain strings)
ENUM_TYPES = ("applicationstatus", "prerequisite", "contractstatus", "chargekind", "noticedirection", "noticekind")

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('before_json', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('after_json', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_entity_id'), ['entity_id'], unique=False)

    op.create_table('customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('company_kana', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_person', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('honorific', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_company_name'), ['company_name'], unique=False)

    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('received_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('RECEIVED', 'SCREENING', 'ACCEPTED', 'REFUSED', 'WITHDRAWN', name='applicationstatus'), nullable=False),
    sa.Column('prereq_site_power', sa.Enum('UNCHECKED', 'MET', 'UNMET', name='prerequisite'), nullable=False),
    sa.Column('prereq_remote_access', sa.Enum('UNCHECKED', 'MET', 'UNMET', name='prerequisite'), nullable=False),
    sa.Column('prereq_admin_registered', sa.Enum('UNCHECKED', 'MET', 'UNMET', name='prerequisite'), nullable=False),
    sa.Column('prereq_site_in_japan', sa.Enum('UNCHECKED', 'MET', 'UNMET', name='prerequisite'), nullable=False),
    sa.Column('requested_start', sa.Date(), nullable=True),
    sa.Column('initial_fee', sa.Integer(), nullable=False),
    sa.Column('monthly_fee', sa.Integer(), nullable=False),
    sa.Column('refusal_reasons', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('refusal_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('override_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_status'), ['status'], unique=False)

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('accepted_date', sa.Date(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('initial_term_end', sa.Date(), nullable=True),
    sa.Column('term_confirmed', sa.Boolean(), nullable=False),
    sa.Column('initial_fee', sa.Integer(), nullable=False),
    sa.Column('monthly_fee', sa.Integer(), nullable=False),
    sa.Column('profile_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'NOTICE_RECEIVED', 'ENDED', 'SUSPENDED', 'TERMINATED_BY_PROVIDER', name='contractstatus'), nullable=False),
    sa.Column('notice_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_ground', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('current_term_end', sa.Date(), nullable=True),
    sa.Column('renewal_date', sa.Date(), nullable=True),
    sa.Column('non_renewal_deadline', sa.Date(), nullable=True),
    sa.Column('non_renewal_deadline_strict', sa.Date(), nullable=True),
    sa.Column('cure_deadline', sa.Date(), nullable=True),
    sa.Column('confidentiality_end', sa.Date(), nullable=True),
    sa.Column('derived_as_of', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_confidentiality_end'), ['confidentiality_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_cure_deadline'), ['cure_deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_current_term_end'), ['current_term_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_end_date'), ['end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_non_renewal_deadline'), ['non_renewal_deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_non_renewal_deadline_strict'), ['non_renewal_deadline_strict'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_number'), ['number'], unique=True)
        batch_op.create_index(batch_op.f('ix_contract_renewal_date'), ['renewal_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_start_date'), ['start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_status'), ['status'], unique=False)

    op.create_table('change_contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('requested_date', sa.Date(), nullable=False),
    sa.Column('accepted_date', sa.Date(), nullable=False),
    sa.Column('effective_month', sa.Date(), nullable=False),
    sa.Column('new_monthly_fee', sa.Integer(), nullable=False),
    sa.Column('one_time_fee', sa.Integer(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('change_contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_contract_contract_id'), ['contract_id'], unique=False)

    op.create_table('charge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('INITIAL', 'MONTHLY', 'CHANGE', 'PENALTY', 'PROVIDER_TERMINATION', 'COLLECTION_COST', name='chargekind'), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('charge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charge_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_charge_due_date'), ['due_date'], unique=False)

    op.create_table('cure_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('dispatched_date', sa.Date(), nullable=False),
    sa.Column('breach', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('cure_deadline', sa.Date(), nullable=False),
    sa.Column('cured_date', sa.Date(), nullable=True),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cure_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cure_notice_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cure_notice_cure_deadline'), ['cure_deadline'], unique=False)

    op.create_table('managed_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('maker', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('serial', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('site_address', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('in_japan', sa.Boolean(), nullable=False),
    sa.Column('meets_vendor_requirements', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('managed_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_managed_device_contract_id'), ['contract_id'], unique=False)

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.Enum('RECEIVED', 'SENT', name='noticedirection'), nullable=False),
    sa.Column('kind', sa.Enum('TERMINATION', 'NON_RENEWAL', 'RENEWAL', 'TERMINATION_ACCEPTANCE', 'PENALTY_QUOTE', 'CURE', 'LATE_INTEREST', 'PROVIDER_TERMINATION', 'OTHER', name='noticekind'), nullable=False),
    sa.Column('notice_date', sa.Date(), nullable=False),
    sa.Column('requested_end', sa.Date(), nullable=True),
    sa.Column('document_number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pdf_sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_contract_id'), ['contract_id'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('paid_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['charge.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_charge_id'), ['charge_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_charge_id'))

    op.drop_table('payment')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_contract_id'))

    op.drop_table('notice')
    with op.batch_alter_table('managed_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_managed_device_contract_id'))

    op.drop_table('managed_device')
    with op.batch_alter_table('cure_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cure_notice_cure_deadline'))
        batch_op.drop_index(batch_op.f('ix_cure_notice_contract_id'))

    op.drop_table('cure_notice')
    with op.batch_alter_table('charge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_charge_due_date'))
        batch_op.drop_index(batch_op.f('ix_charge_contract_id'))

    op.drop_table('charge')
    with op.batch_alter_table('change_contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_contract_contract_id'))

    op.drop_table('change_contract')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_status'))
        batch_op.drop_index(batch_op.f('ix_contract_start_date'))
        batch_op.drop_index(batch_op.f('ix_contract_renewal_date'))
        batch_op.drop_index(batch_op.f('ix_contract_number'))
        batch_op.drop_index(batch_op.f('ix_contract_non_renewal_deadline_strict'))
        batch_op.drop_index(batch_op.f('ix_contract_non_renewal_deadline'))
        batch_op.drop_index(batch_op.f('ix_contract_end_date'))
        batch_op.drop_index(batch_op.f('ix_contract_customer_id'))
        batch_op.drop_index(batch_op.f('ix_contract_current_term_end'))
        batch_op.drop_index(batch_op.f('ix_contract_cure_deadline'))
        batch_op.drop_index(batch_op.f('ix_contract_confidentiality_end'))

    op.drop_table('contract')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status'))
        batch_op.drop_index(batch_op.f('ix_application_customer_id'))

    op.drop_table('application')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_company_name'))

    op.drop_table('customer')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name in ENUM_TYPES:
            sa.Enum(name=name).drop(bind, checkfirst=True)
