"""meetings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pendamping_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('tz', sa.String(length=40), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=True),
    sa.Column('label', sa.String(length=60), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('jobs_version', sa.Integer(), nullable=False),
    sa.Column('report_version', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pendamping_id'], ['pendamping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_pendamping_id'), ['pendamping_id'], unique=False)

    op.create_table('meeting_draft',
    sa.Column('pendamping_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pendamping_id'], ['pendamping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pendamping_id')
    )
    op.create_table('meeting_kelompok',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kelompok_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kelompok_id'], ['kelompok.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'kelompok_id')
    )
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('reply_text', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('replied_at', bot.db.UTCDateTime(), nullable=True),
    sa.Column('invited_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('reminded', sa.String(length=200), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('attendance_at', bot.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['kpm_id'], ['kpm.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'kpm_id', name='uq_invitation_meeting_kpm')
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_kpm_id'), ['kpm_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_kpm_id'))

    op.drop_table('invitation')
    op.drop_table('meeting_kelompok')
    op.drop_table('meeting_draft')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_pendamping_id'))

    op.drop_table('meeting')
