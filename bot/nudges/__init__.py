"""Weekly savings nudges built from her own records: rules are data (data/nudges.yml)."""
