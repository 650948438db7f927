"""`make bench`: every benchmark, results in bench/results/*.json (quoted in the README)."""

from __future__ import annotations

from bench import foundation, ledger, understanding


def main() -> None:
    foundation.main()
    ledger.main()
    understanding.main()


if __name__ == "__main__":
    main()
