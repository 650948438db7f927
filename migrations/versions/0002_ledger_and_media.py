"""ledger and media

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=120), nullable=False),
    sa.Column('source_sid', sa.String(length=64), nullable=False),
    sa.Column('item_index', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', bot.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_sid', 'item_index', name='uq_ledger_source')
    )
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_kpm_date', ['kpm_id', 'entry_date'], unique=False)

    op.create_table('media_file',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token')
    )
    with op.batch_alter_table('media_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_file_kpm_id'), ['kpm_id'], unique=False)

    op.create_table('ledger_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('old_amount', sa.Integer(), nullable=False),
    sa.Column('new_amount', sa.Integer(), nullable=True),
    sa.Column('old_date', sa.Date(), nullable=False),
    sa.Column('new_date', sa.Date(), nullable=True),
    sa.Column('changed_by', sa.String(length=20), nullable=False),
    sa.Column('source_sid', sa.String(length=64), nullable=True),
    sa.Column('changed_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entry.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_change_entry_id'), ['entry_id'], unique=False)

    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_media', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.drop_column('reply_media')

    with op.batch_alter_table('ledger_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_change_entry_id'))

    op.drop_table('ledger_change')
    with op.batch_alter_table('media_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_file_kpm_id'))

    op.drop_table('media_file')
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_kpm_date')

    op.drop_table('ledger_entry')
