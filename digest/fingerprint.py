"""Text fingerprints: exact hashes and word-shingle sets for near-duplicate checks.

One story re-published by another outlet differs in punctuation, quotes and a few
words; comparing sets of word n-grams (Jaccard similarity) catches that cheaply and
the same code serves whole articles and single sentences.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased words with accents and punctuation dropped, so formatting does not matter."""
    folded = text.casefold()
    if not folded.isascii():  # ASCII has no accents to drop: skip the slow per-character pass
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def content_hash(text: str) -> str:
    """SHA-256 of the normalised words: equal for texts that differ only in formatting."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """The set of `size`-word runs of `text` (the words themselves for very short texts)."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset(tokens)
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """Share of the two sets' union that they have in common (0 when both are empty)."""
    if not left or not right:
        return 0.0
    common = len(left & right)
    return common / (len(left) + len(right) - common)
