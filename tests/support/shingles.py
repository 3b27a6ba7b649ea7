"""Shingles as strings: the reference the hashed shingles of digest/fingerprint.py are
checked against (the product keeps only the hashes, 8 bytes a shingle)."""

from __future__ import annotations

from digest.fingerprint import words


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """The set of `size`-word runs of `text` (the words themselves for very short texts)."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset(tokens)
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
