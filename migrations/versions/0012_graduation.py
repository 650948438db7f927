"""graduation: PENA answers kept

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0012'
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


def downgrade() -> None:
    with op.batch_alter_table('pena_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_pena_answer_kpm_answered')

    op.drop_table('pena_answer')
