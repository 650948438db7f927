"""Who is who: pendamping, kelompok, KPM, and every number that writes to us."""
