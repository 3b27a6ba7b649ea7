"""The near-duplicate decision: is a text one story already stored, re-published?

Pure: shingle sets in, the repeated article or None out. `storage/` finds the
candidates (the articles of nearby days) and keeps their shingles between look-ups.
An outlet's copy differs in a few words and its furniture, so sets of word shingles
are compared rather than the texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from digest.fingerprint import jaccard

NEAR_DUPLICATE_JACCARD = 0.5
NEAR_DUPLICATE_CONTAINMENT = 0.8
"""Share of the shorter text's shingles found in the other: catches a trimmed copy."""
NEARBY_DAYS = 2

Candidate = tuple[int, str, frozenset[str]]
"""A stored article as the decision sees it: its id, its source and its shingles."""


def nearby_days(day: date) -> list[date]:
    """The days whose articles a story of `day` may repeat (outlets re-publish late)."""
    return [day + timedelta(days=offset) for offset in range(-NEARBY_DAYS, NEARBY_DAYS + 1)]


def near_duplicate(
    grams: frozenset[str], candidates: Iterable[Candidate]
) -> tuple[int, str] | None:
    """The id and source of the first candidate that `grams` repeats, or None."""
    for article_id, source, other in candidates:
        if not grams or not other:
            continue
        common = len(grams & other)
        if (
            jaccard(grams, other) >= NEAR_DUPLICATE_JACCARD
            or common / min(len(grams), len(other)) >= NEAR_DUPLICATE_CONTAINMENT
        ):
            return article_id, source
    return None
