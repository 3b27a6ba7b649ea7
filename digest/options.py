"""The settings of one digest build, checked once so bad values fail with a clear message."""

from __future__ import annotations

from dataclasses import dataclass

from digest.pool import DEFAULT_POOL_SIZE
from digest.ranking import DEFAULT_SUMMARIZER, summarizer_key
from digest.sections import REGISTRY, Section, check_sections


@dataclass(frozen=True)
class DigestOptions:
    """How a digest is built.

    `summarizer` names the sumy ranker (one of `digest.ranking.SUMMARIZER_NAMES`, any case),
    `max_sentences` caps each section, `extra_items` more a full section may show for
    attacks clearly apart from its items (a heavy day's sixth and seventh attack, see
    `summarize._apart`), and `pool_size` bounds how many sentences per
    section reach the ranker (the linear prefilter keeps the best; see `digest.pool`).
    `sections` are the sections to classify into and show, in order: the registry's unless a
    build asks for others (a section defined outside it brings its own cues).
    """

    summarizer: str = DEFAULT_SUMMARIZER
    max_sentences: int = 5
    extra_items: int = 2
    pool_size: int = DEFAULT_POOL_SIZE
    sections: tuple[Section, ...] = REGISTRY
    languages: frozenset[str] = frozenset({"en"})
    """Articles in other languages (as intake detected them) are left out: the section cues
    and the summarizer read English. An article of unknown language ("") is read."""

    def __post_init__(self) -> None:
        summarizer_key(self.summarizer)
        check_sections(self.sections)
        if self.max_sentences < 1:
            raise ValueError(f"max_sentences must be at least 1, not {self.max_sentences}")
        if self.extra_items < 0:
            raise ValueError(f"extra_items must be at least 0, not {self.extra_items}")
        if self.pool_size < self.max_sentences:
            raise ValueError(
                f"pool_size ({self.pool_size}) must be at least"
                f" max_sentences ({self.max_sentences})"
            )
