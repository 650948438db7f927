"""graduation: PENA answers kept, graduation decisions, ledger index for monthly sums

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0010'
# Main's head when this branch started; 0010 and 0011 are written in parallel and re-chained at merge.
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pena_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('age', sa.Integer(), nullable=False),
    sa.Column('business', sa.String(length=200), nullable=True),
    sa.Column('willing', sa.Boolean(), nullable=False),
    sa.Column('vulnerable', sa.Boolean(), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('answered_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pena_answer', schema=None) as batch_op:
        batch_op.create_index('ix_pena_answer_kpm_answered', ['kpm_id', 'answered_at'], unique=False)

    op.create_table('graduation_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('decided_by', sa.String(length=40), nullable=False),
    sa.Column('decided_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('graduation_decision', schema=None) as batch_op:
        batch_op.create_index('ix_graduation_decision_kpm_decided', ['kpm_id', 'decided_at'], unique=False)

    # Sums per month read ledger_entry's index alone when it holds every column they use; it starts with
    # ix_ledger_kpm_date's columns, which it replaces (bench/graduation.py). Outside a batch, so SQLite does
    # not copy the table; PostgreSQL holds inserts into ledger_entry while it builds (seconds per million rows).
    op.create_index('ix_ledger_kpm_date_amount', 'ledger_entry',
                    ['kpm_id', 'entry_date', 'kind', 'amount', 'deleted_at'], unique=False)
    op.drop_index('ix_ledger_kpm_date', table_name='ledger_entry')


def downgrade() -> None:
    op.create_index('ix_ledger_kpm_date', 'ledger_entry', ['kpm_id', 'entry_date'], unique=False)
    op.drop_index('ix_ledger_kpm_date_amount', table_name='ledger_entry')
    with op.batch_alter_table('graduation_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_graduation_decision_kpm_decided')

    op.drop_table('graduation_decision')
    with op.batch_alter_table('pena_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_pena_answer_kpm_answered')

    op.drop_table('pena_answer')
