"""Answers about P2K2, PKH, PENA and where to get help: content as data, with sources."""
