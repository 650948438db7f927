"""local_resource: the resource map (agencies and programmes: training, capital, certification, markets)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('local_resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('offers', sa.String(length=1000), nullable=False),
    sa.Column('kinds', sa.String(length=200), nullable=False),
    sa.Column('eligibility', sa.String(length=1000), server_default='', nullable=False),
    sa.Column('contact', sa.String(length=200), server_default='', nullable=False),
    sa.Column('address', sa.String(length=300), server_default='', nullable=False),
    sa.Column('kelurahan', sa.String(length=100), server_default='', nullable=False),
    sa.Column('kecamatan', sa.String(length=100), server_default='', nullable=False),
    sa.Column('kota', sa.String(length=100), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', bot.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('local_resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_local_resource_kecamatan'), ['kecamatan'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('local_resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_local_resource_kecamatan'))
    op.drop_table('local_resource')
