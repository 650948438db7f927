"""outbox meeting id

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Rows queued before this revision: the meeting is the number after "meeting:" in their key
# (bot/messaging/keys.py). Plain SQL per dialect, so offline mode can print it too.
MEETING_PURPOSES = "('meeting_invite', 'meeting_change', 'meeting_cancel', 'meeting_remind', 'meeting_report')"
BACKFILL = {
    'postgresql': (
        "UPDATE outbox_message SET meeting_id = CAST(split_part(key, ':', 2) AS INTEGER) "
        f"WHERE key LIKE 'meeting:%' AND purpose IN {MEETING_PURPOSES}"
    ),
    'sqlite': (
        "UPDATE outbox_message SET meeting_id = CAST(substr(key, 9, instr(substr(key, 9), ':') - 1) AS INTEGER) "
        f"WHERE key LIKE 'meeting:%' AND purpose IN {MEETING_PURPOSES}"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_meeting_id'), ['meeting_id'], unique=False)

    op.execute(BACKFILL[op.get_context().dialect.name])


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_meeting_id'))
        batch_op.drop_column('meeting_id')
