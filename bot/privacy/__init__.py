"""Her say over her data: consent to our messages, and erasing everything of hers.

Sits above the domains it deletes from (roster, ledger, meetings, messaging); no
domain imports it.
"""
