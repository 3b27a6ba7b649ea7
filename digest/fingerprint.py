"""Text fingerprints: exact hashes and word-shingle sets for near-duplicate checks.

One story re-published by another outlet differs in punctuation, quotes and a few
words; comparing sets of word n-grams (Jaccard similarity) catches that cheaply and
the same code serves whole articles and single sentences.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from numpy.typing import NDArray

_WORD = re.compile(r"\w+", re.UNICODE)
Hashes = NDArray[np.int64]
"""A set of shingles as their sorted, distinct 64-bit hashes: 8 bytes a shingle, where a
set of strings costs about a hundred (the near-copy index holds millions of them)."""
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
"""Odd multipliers that make a shingle's hash from its words' hashes, order counting."""


def words(text: str) -> list[str]:
    """Lower-cased words with accents and punctuation dropped, so formatting does not matter."""
    folded = text.casefold()
    if not folded.isascii():  # ASCII has no accents to drop: skip the slow per-character pass
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def fingerprints(title: str, text: str) -> tuple[str, Hashes]:
    """An article's content hash and `shingle_hashes(text)`, reading the text's words once.

    The content hash is the SHA-256 of the normalised words of `f"{title}\n{text}"`, equal
    for articles that differ only in formatting (the words of the title, then the text's:
    the line break parts them, so this is the hash stored rows have always had).
    """
    tokens = words(text)
    digest = hashlib.sha256(" ".join([*words(title), *tokens]).encode("utf-8")).hexdigest()
    return digest, _hashed_shingles(tokens)


def shingle_hashes(text: str) -> Hashes:
    """The 3-word shingles of `text` (its words for very short texts) as `Hashes`.

    Equal shingles get equal hashes; two distinct ones share a hash with a chance of
    about 2^-64 (Python's string hash of each word, randomised per process, mixed in
    order), which never changes a near-copy decision in practice.
    """
    return _hashed_shingles(words(text))


def _hashed_shingles(tokens: list[str]) -> Hashes:
    hashed = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens)).view(np.uint64)
    if len(tokens) >= 3:
        hashed = hashed[:-2] * _MIX[0] + hashed[1:-1] * _MIX[1] + hashed[2:]
    return np.unique(hashed.view(np.int64))


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """Share of the two sets' union that they have in common (0 when both are empty)."""
    if not left or not right:
        return 0.0
    common = len(left & right)
    return common / (len(left) + len(right) - common)
