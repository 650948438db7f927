"""nudge settings per kelompok

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kelompok', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nudges_enabled', sa.Boolean(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('nudge_weekday', sa.Integer(), server_default='6', nullable=False))
        batch_op.add_column(sa.Column('nudge_hour', sa.Integer(), server_default='18', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('kelompok', schema=None) as batch_op:
        batch_op.drop_column('nudge_hour')
        batch_op.drop_column('nudge_weekday')
        batch_op.drop_column('nudges_enabled')

