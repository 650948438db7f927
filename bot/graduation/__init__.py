"""Graduation (graduasi sejahtera mandiri): who to talk with, what was decided, and the monthly target.

Its own domain, above the ledger, the roster and the PENA answers it reads (bot/knowledge), so the
ledger stays bookkeeping and no domain below has to know about graduation. API: service.py.
"""
