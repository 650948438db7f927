"""ledger index by day first, for a whole area's counts over a few weeks (the koordinator's overview)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A koordinator's overview counts and sums a few weeks of every KPM in her area. Without an index
    # that starts with the day, PostgreSQL reads the whole ledger (2 million rows: 0.4-0.6 s, growing
    # with every year kept); with it, only those weeks, from the index alone (bench/dashboard.py).
    # SQLite keeps its plan (members first, then ix_ledger_kpm_date_amount per KPM).
    op.create_index('ix_ledger_date_kpm_amount', 'ledger_entry',
                    ['entry_date', 'kpm_id', 'kind', 'amount', 'deleted_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_ledger_date_kpm_amount', table_name='ledger_entry')
