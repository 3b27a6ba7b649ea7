"""The settings of one digest build, checked once so bad values fail with a clear message."""

from __future__ import annotations

from dataclasses import dataclass

from digest.pool import DEFAULT_POOL_SIZE
from digest.ranking import DEFAULT_SUMMARIZER, summarizer_key


@dataclass(frozen=True)
class DigestOptions:
    """How a digest is built.

    `summarizer` names the sumy ranker (one of `digest.ranking.SUMMARIZER_NAMES`, any case),
    `max_sentences` caps each section, and `pool_size` bounds how many sentences per
    section reach the ranker (the linear prefilter keeps the best; see `digest.pool`).
    """

    summarizer: str = DEFAULT_SUMMARIZER
    max_sentences: int = 5
    pool_size: int = DEFAULT_POOL_SIZE

    def __post_init__(self) -> None:
        summarizer_key(self.summarizer)
        if self.max_sentences < 1:
            raise ValueError(f"max_sentences must be at least 1, not {self.max_sentences}")
        if self.pool_size < self.max_sentences:
            raise ValueError(
                f"pool_size ({self.pool_size}) must be at least"
                f" max_sentences ({self.max_sentences})"
            )
