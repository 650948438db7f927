"""A chat message as tokens that remember where they stand in what she wrote.

The meeting and savings readers match their word lists and patterns on `Tokens.norm`
(each token's normalized spelling, joined by single spaces) and read values back from
the original text ("Balai RW 05", "seragam anak") through the tokens' character spans.
Each reader brings its own token pattern and spelling; the savings reader also
lower-cases the text first (`lower=True`), so its tokens' `text` is lower-cased.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    text: str  # as written (lower-cased when the message was read with lower=True)
    word: str  # normalized spelling; a line break is ";"
    start: int
    end: int


def token_pattern(body: str) -> re.Pattern[str]:
    """`body` matched on whole tokens of `Tokens.norm`."""
    return re.compile(rf"(?<![^ ])(?:{body})(?![^ ])")


def _lower_keeping_length(text: str) -> str:
    """Lower-cased letter by letter; a letter whose lower case is longer ("İ") stays, so spans still index `text`."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Tokens:
    """A message as tokens; `norm` is their normalized spellings joined by single spaces.

    `pattern` cuts `raw` into tokens (a line break must be a token of its own, "\\n"),
    `spell` gives a token's normalized spelling. With `lower`, tokens are cut from the
    text lower-cased letter by letter (`scanned`); spans index `raw` either way.
    """

    def __init__(self, raw: str, *, pattern: re.Pattern[str], spell: Callable[[str], str], lower: bool = False) -> None:
        self.raw = raw
        self.scanned = _lower_keeping_length(raw) if lower else raw
        self.toks = [
            Token(m.group(), ";" if m.group() == "\n" else spell(m.group().replace("’", "'")), *m.span())
            for m in pattern.finditer(self.scanned)
        ]
        self.norm = " ".join(t.word for t in self.toks)
        self._offsets: list[int] = []
        pos = 0
        for tok in self.toks:
            self._offsets.append(pos)
            pos += len(tok.word) + 1

    def __len__(self) -> int:
        return len(self.toks)

    def word(self, k: int) -> str:
        """Token k's normalized spelling; "" outside the message."""
        return self.toks[k].word if 0 <= k < len(self.toks) else ""

    def find(self, pattern: re.Pattern[str]) -> list[tuple[re.Match[str], int, int]]:
        """Matches in `norm`, each with the tokens [i, j) it covers."""
        return [
            (m, bisect_right(self._offsets, m.start()) - 1, bisect_left(self._offsets, m.end()))
            for m in pattern.finditer(self.norm)
            if m.end() > m.start()
        ]

    def original(self, i: int, j: int, from_char: int | None = None) -> str:
        """The original text of tokens [i, j), from token i's first character or from `from_char`."""
        if i >= j:
            return ""
        return self.raw[self.toks[i].start if from_char is None else from_char : self.toks[j - 1].end]

    def is_mark(self, k: int) -> bool:
        """Token k has no letter or digit: punctuation or an emoji."""
        return not any(c.isalnum() for c in self.toks[k].text)
