"""dashboard: roster areas and koordinator, sign-in links, web preferences, audit log, indexes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pendamping', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kecamatan', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('kota', sa.String(length=80), nullable=True))
        batch_op.create_index('ix_pendamping_area', ['kota', 'kecamatan'], unique=False)

    op.create_table('koordinator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('kecamatan', sa.String(length=80), nullable=True),
    sa.Column('kota', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('phone')
    )

    op.create_table('login_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('used_at', bot.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('login_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_link_phone'), ['phone'], unique=False)

    op.create_table('web_preference',
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('updated_at', bot.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('phone')
    )

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=20), nullable=False),
    sa.Column('actor_role', sa.String(length=12), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('kpm_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('at', bot.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_kpm_id'), ['kpm_id'], unique=False)
        batch_op.create_index('ix_audit_log_row', ['table_name', 'row_id'], unique=False)

    # What the dashboard's queries look up: members of a kelompok, kelompok of a pendamping,
    # notes about a KPM, meetings of a kelompok and by time.
    with op.batch_alter_table('kpm', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpm_kelompok_id'), ['kelompok_id'], unique=False)
    with op.batch_alter_table('kelompok', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kelompok_pendamping_id'), ['pendamping_id'], unique=False)
    with op.batch_alter_table('pendamping_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pendamping_note_kpm_id'), ['kpm_id'], unique=False)
    with op.batch_alter_table('meeting_kelompok', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_kelompok_kelompok_id'), ['kelompok_id'], unique=False)
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
    with op.batch_alter_table('meeting_kelompok', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_kelompok_kelompok_id'))
    with op.batch_alter_table('pendamping_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pendamping_note_kpm_id'))
    with op.batch_alter_table('kelompok', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kelompok_pendamping_id'))
    with op.batch_alter_table('kpm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpm_kelompok_id'))
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_row')
        batch_op.drop_index(batch_op.f('ix_audit_log_kpm_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor'))
    op.drop_table('audit_log')
    op.drop_table('web_preference')
    with op.batch_alter_table('login_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_link_phone'))
    op.drop_table('login_link')
    op.drop_table('koordinator')
    with op.batch_alter_table('pendamping', schema=None) as batch_op:
        batch_op.drop_index('ix_pendamping_area')
        batch_op.drop_column('kota')
        batch_op.drop_column('kecamatan')
