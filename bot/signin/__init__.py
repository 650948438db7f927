"""Signing in to the web dashboard without a password: a single-use link sent on WhatsApp.

`links.py` makes and consumes the links (only a SHA-256 hash of each token is
stored); `models.py` holds them and the web user's preferences. No web code here:
the dashboard (bot/dashboard) calls these plain services.
"""
