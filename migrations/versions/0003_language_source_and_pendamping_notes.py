"""language source and pendamping notes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pendamping_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pendamping_id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pendamping_id'], ['pendamping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pendamping_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pendamping_note_pendamping_id'), ['pendamping_id'], unique=False)

    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_source', sa.String(length=8), server_default='default', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('language_source')

    with op.batch_alter_table('pendamping_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pendamping_note_pendamping_id'))

    op.drop_table('pendamping_note')
