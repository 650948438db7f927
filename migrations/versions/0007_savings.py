"""savings

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('savings_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('source_sid', sa.String(length=64), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_sid')
    )
    with op.batch_alter_table('savings_entry', schema=None) as batch_op:
        batch_op.create_index('ix_savings_kpm_date', ['kpm_id', 'entry_date'], unique=False)

    op.create_table('savings_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=120), nullable=True),
    sa.Column('target', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('per_day', sa.Integer(), nullable=True),
    sa.Column('per_week', sa.Integer(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('closed_at', bot.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('savings_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_savings_goal_kpm_id'), ['kpm_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('savings_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_savings_goal_kpm_id'))

    op.drop_table('savings_goal')
    with op.batch_alter_table('savings_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_savings_kpm_date')

    op.drop_table('savings_entry')
