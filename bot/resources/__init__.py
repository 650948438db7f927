"""The resource map: local agencies and programmes offering training, capital, certification, markets.

Its own small domain rather than part of bot/knowledge, because the two are different kinds of data:
- knowledge (data/knowledge/*.yml) is curated content, versioned with the code, with sources and
  answers written in three languages, and trained on: each entry is an intent (`faq/<key>`), so a new
  entry means a retrain;
- resources are operational records kept by staff at run time (a pendamping's office, the dashboard,
  a CSV import): a table with an audit of who changed what, filtered per area of the person asking,
  never trained on, so a new resource is answered at once. One intent (`ask_local_resource`) reads
  the table at answer time.
It depends on the roster only (for her area); nothing in the other domains depends on it.

Modules: `models` (the table), `kinds` (the kind tags and the words that ask for them), `area` (her
area and what is near it), `service` (list/filter, add, edit, deactivate on plain values), `csvfile`
(import/export), `chat` (the assistant's answer).
"""
