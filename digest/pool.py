"""A linear-time prefilter that bounds how many sentences reach sumy's quadratic rankers.

LexRank compares every pair of sentences, so a heavy day (30,000 sentences) would take over
an hour. The centroid of a section's TF-IDF vectors is what LexRank's central sentences are
close to, and cosine to it costs one pass over the words; keeping the best few hundred by
that score (weighted like the final score) leaves sumy a constant-size job. Below the pool
size nothing is cut, so small days are ranked exactly as without the prefilter.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence

DEFAULT_POOL_SIZE = 300


def centroid_scores(word_sets: Sequence[frozenset[str]]) -> list[float]:
    """Cosine of each sentence's TF-IDF vector to the centroid of all of them, in one pass."""
    count = len(word_sets)
    frequency = Counter(word for word_set in word_sets for word in word_set)
    idf = {word: max(0.0, math.log(count / (1 + df))) for word, df in frequency.items()}
    centroid = {word: frequency[word] * weight for word, weight in idf.items()}
    centroid_norm = math.sqrt(sum(value * value for value in centroid.values())) or 1.0
    scores = []
    for word_set in word_sets:
        dot = sum(idf[word] * centroid[word] for word in word_set)
        norm = math.sqrt(sum(idf[word] ** 2 for word in word_set))
        scores.append(dot / (norm * centroid_norm) if norm else 0.0)
    return scores


def top_indices(scores: Sequence[float], size: int) -> list[int]:
    """Indices of the `size` best scores in their original order (all of them if fewer)."""
    if len(scores) <= size:
        return list(range(len(scores)))
    return sorted(heapq.nlargest(size, range(len(scores)), key=scores.__getitem__))
