"""`make bench`: every benchmark, results in bench/results/*.json (quoted in the README)."""

from __future__ import annotations

from bench import dashboard, foundation, graduation, ledger, load, meetings, understanding


def main() -> None:
    foundation.main()
    ledger.main()
    understanding.main()
    meetings.main()
    graduation.main()
    dashboard.main()
    load.main()


if __name__ == "__main__":
    main()
