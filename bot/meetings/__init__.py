"""Meetings: a pendamping invites her kelompok, KPM answer, reminders go out, attendance is kept."""
