"""A linear-time prefilter that bounds how many sentences reach sumy's quadratic rankers.

LexRank compares every pair of sentences, so a heavy day (30,000 sentences) would take over
an hour. Its score is a random walk's stationary distribution on the graph linking sentences
whose IDF-weighted cosine exceeds 0.1, which on such an undirected graph is proportional to
each sentence's degree (sumy stops its power iteration after about two steps; its scores
correlated 0.92-0.96 with the degree on the benchmark days). The degree is estimated here
against a fixed, evenly spread sample of the section (numpy, cost sentences × sample), and
the best few hundred by estimated degree, weighted like the final score, go to sumy: a
constant-size job. sumy then ranks the pool among itself, which is not exactly how it would
rank the whole section; `benchmarks/pool_quality.py` measures how often the picks agree.
Below the pool size nothing is cut, so small days are ranked exactly as without it.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence

import numpy

from digest.ranking import rank_terms

DEFAULT_POOL_SIZE = 300
SAMPLE_SIZE = 200
LEXRANK_THRESHOLD = 0.1
"""sumy's LexRank links two sentences whose cosine exceeds this."""
_CHUNK = 2048


def centrality_estimates(word_sets: Sequence[frozenset[str]]) -> list[float]:
    """Each sentence's estimated LexRank degree: how many of a sample of the section it
    resembles, plus its mean cosine to the sample to break ties (the sample's centroid)."""
    count = len(word_sets)
    frequency = Counter(word for word_set in word_sets for word in word_set)
    columns = {word: column for column, word in enumerate(frequency)}
    idf = numpy.array([max(0.0, math.log(count / (1 + df))) for df in frequency.values()])
    rows = [numpy.array([columns[word] for word in word_set], dtype=int) for word_set in word_sets]
    norms = numpy.array([math.sqrt(float((idf[row] ** 2).sum())) for row in rows])
    spread = numpy.unique(numpy.linspace(0, count - 1, min(count, SAMPLE_SIZE)).astype(int))
    sample = [int(i) for i in spread if norms[i] > 0]
    if not sample:
        return [0.0] * count
    unit_sample = numpy.zeros((len(sample), len(columns)), dtype=numpy.float32)
    for place, i in enumerate(sample):
        unit_sample[place, rows[i]] = idf[rows[i]] / norms[i]
    scores = numpy.zeros(count)
    for start in range(0, count, _CHUNK):
        chunk = [i for i in range(start, min(start + _CHUNK, count)) if norms[i] > 0]
        if not chunk:
            continue
        columns_used = numpy.concatenate([rows[i] for i in chunk])
        weights = numpy.concatenate([idf[rows[i]] / norms[i] for i in chunk])
        offsets = numpy.cumsum([0] + [len(rows[i]) for i in chunk[:-1]])
        cosines = numpy.add.reduceat(unit_sample[:, columns_used] * weights, offsets, axis=1)
        scores[chunk] = (cosines > LEXRANK_THRESHOLD).sum(axis=0) + cosines.mean(axis=0)
    return scores.tolist()


def bounded_pool(texts: Sequence[str], weights: Sequence[float], size: int) -> list[int]:
    """Indices of the sentences to rank, in order: all of them when they fit in `size`, else
    the `size` best by estimated LexRank degree times the final score's weight."""
    if len(texts) <= size:
        return list(range(len(texts)))
    centrality = centrality_estimates([rank_terms(text) for text in texts])
    scores = [score * weight for score, weight in zip(centrality, weights, strict=True)]
    return sorted(heapq.nlargest(size, range(len(scores)), key=scores.__getitem__))
