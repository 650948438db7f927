"""open_question: the one question we wait on (ledger, meeting read-back, consent)

Replaces meeting_draft and contact.consent_pending[_at]; the ledger's question
moves here from a Rasa slot. Open drafts and pending erasures are carried over.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""
from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import bot.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# What a carried-over question may still live (the defaults of QUESTION_TTL_MINUTES and consent's CONFIRM_TTL).
TTL = timedelta(minutes=30)


def upgrade() -> None:
    question = op.create_table('open_question',
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('asked_in', sa.String(length=64), nullable=True),
    sa.Column('asked_at', bot.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', bot.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('phone')
    )
    conn = op.get_bind()
    rows = []
    drafts = sa.text(
        "SELECT p.phone, d.kind, d.payload, d.created_at FROM meeting_draft d JOIN pendamping p ON p.id = d.pendamping_id"
    ).columns(phone=sa.String, kind=sa.String, payload=sa.Text, created_at=bot.db.UTCDateTime())
    for phone, kind, payload, created in conn.execute(drafts):
        rows.append({'phone': phone, 'purpose': 'meeting', 'payload': json.dumps({'kind': kind, 'plan': json.loads(payload)}),
                     'asked_in': None, 'asked_at': created, 'expires_at': created + TTL})
    drafted = {row['phone'] for row in rows}
    erasures = sa.text(
        "SELECT phone, consent_pending_at FROM contact WHERE consent_pending = 'delete' AND consent_pending_at IS NOT NULL"
    ).columns(phone=sa.String, consent_pending_at=bot.db.UTCDateTime())
    for phone, asked in conn.execute(erasures):
        if phone not in drafted:
            rows.append({'phone': phone, 'purpose': 'consent_erase', 'payload': '{}', 'asked_in': None,
                         'asked_at': asked, 'expires_at': asked + TTL})
    if rows:
        op.bulk_insert(question, rows)
    op.drop_table('meeting_draft')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('consent_pending_at')
        batch_op.drop_column('consent_pending')


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_pending', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('consent_pending_at', bot.db.UTCDateTime(), nullable=True))
    op.create_table('meeting_draft',
    sa.Column('pendamping_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', bot.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pendamping_id'], ['pendamping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pendamping_id')
    )
    op.drop_table('open_question')
