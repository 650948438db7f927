"""consent

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_pending', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('consent_pending_at', bot.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('failures_in_row', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('failures_in_row')
        batch_op.drop_column('consent_pending_at')
        batch_op.drop_column('consent_pending')

