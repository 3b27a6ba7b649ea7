"""sumy's LexRank with its similarity matrix from one matrix product, to the same decisions.

sumy's `_create_matrix` computes the IDF-modified cosine of every pair of sentences in pure
Python, recomputing both sentences' norms for each pair: on a pool of 300 sentences, 90,000
calls and most of a build's ranking time. The matrix only keeps whether each cosine exceeds
the threshold (divided by the row's degree), so here numpy computes the cosines at once; its
rounding differs from sumy's by far less than `_NEAR`, and the pairs within `_NEAR` of the
threshold are decided by sumy's own `cosine_similarity`, so every link, hence the matrix and
the ratings, is exactly sumy's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from sumy.summarizers.lex_rank import LexRankSummarizer

_NEAR = 1e-9
"""How close to the threshold a numpy cosine is checked with sumy's arithmetic."""


class LexRank(LexRankSummarizer):
    """`LexRankSummarizer` with `_create_matrix` computed by numpy (see the module docstring)."""

    def _create_matrix(
        self,
        sentences: Sequence[list[str]],
        threshold: float,
        tf_metrics: Sequence[dict[str, float]],
        idf_metrics: dict[str, float],
    ) -> numpy.ndarray:
        columns = {term: column for column, term in enumerate(idf_metrics)}
        weights = numpy.zeros((len(sentences), len(columns)))
        for row, tf in enumerate(tf_metrics):
            for term, value in tf.items():
                weights[row, columns[term]] = value * idf_metrics[term]
        norms = numpy.sqrt((weights * weights).sum(axis=1))
        with numpy.errstate(divide="ignore", invalid="ignore"):
            cosines = (weights @ weights.T) / numpy.outer(norms, norms)
        cosines[~numpy.isfinite(cosines)] = 0.0  # no weighted word: sumy's cosine is 0
        linked = cosines > threshold
        for row, col in zip(*numpy.nonzero(numpy.abs(cosines - threshold) <= _NEAR), strict=True):
            linked[row, col] = (
                self.cosine_similarity(
                    sentences[row], sentences[col], tf_metrics[row], tf_metrics[col], idf_metrics
                )
                > threshold
            )
        degrees = linked.sum(axis=1).astype(float)
        degrees[degrees == 0] = 1.0
        return linked / degrees[:, None]
