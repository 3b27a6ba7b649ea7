"""Sentence ranking with any of sumy's summarizers, chosen by name.

sumy's summarizers only return the top N sentences in document order; the digest needs a
score for every sentence so it can combine it with its own rules. All of them rank through
`AbstractSummarizer._get_best_sentences`, which accepts a callable as the sentence count and
hands it every sentence sorted by rating: passing one that keeps them all yields the full
ranking without touching sumy's internals.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from itertools import groupby

import numpy
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers import AbstractSummarizer
from sumy.summarizers._summarizer import SentenceInfo
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from digest.concreteness import BACKGROUND_WORDS, NEWS_WORDS
from digest.language import STEMMER, STOP_WORDS
from digest.lexrank import LexRank
from digest.memo import per_text
from digest.sentences import TOKENIZER

DEFAULT_SUMMARIZER = "lexrank"

_WITH_STOP_WORDS: dict[str, Callable[..., AbstractSummarizer]] = {
    "lexrank": LexRank,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "sumbasic": SumBasicSummarizer,
    "kl": KLSummarizer,
    "reduction": ReductionSummarizer,
}
SUMMARIZER_NAMES: tuple[str, ...] = (*_WITH_STOP_WORDS, "edmundson")
HALF_SCORE_RANK = 20
"""Rank position whose score is half the best: how far concrete news may lift a sentence."""


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return STEMMER(word)


@per_text
def rank_terms(text: str) -> frozenset[str]:
    """The terms sumy's rankers compare: lower-cased letter words, no stop words, stemmed.

    The prefilter (`digest.pool`) must see sentences as LexRank does to predict its ranking;
    stems are cached because a day repeats a small vocabulary many thousand times.
    """
    lowered = {word.lower() for word in TOKENIZER.to_words(text)}
    return frozenset(map(_stem, lowered - STOP_WORDS))


def summarizer_key(name: str) -> str:
    """The registry key for a user-given name; a clear ValueError for an unknown one."""
    key = name.strip().casefold()
    if key not in SUMMARIZER_NAMES:
        known = ", ".join(SUMMARIZER_NAMES)
        raise ValueError(f"unknown summarizer {name!r}; choose one of: {known}")
    return key


def make_summarizer(name: str) -> AbstractSummarizer:
    """A ready sumy summarizer, configured for English news."""
    key = summarizer_key(name)
    if key == "edmundson":
        # Articles carry no headings here, so the cue and key methods do the work, with
        # reported-event words as bonus words and speculation words as stigma words.
        edmundson = EdmundsonSummarizer(
            STEMMER, cue_weight=1, key_weight=1, title_weight=0, location_weight=0
        )
        edmundson.bonus_words = NEWS_WORDS
        edmundson.stigma_words = BACKGROUND_WORDS
        edmundson.null_words = STOP_WORDS
        return edmundson
    summarizer = _WITH_STOP_WORDS[key](STEMMER)
    summarizer.stop_words = STOP_WORDS
    return summarizer


def rank(
    texts: Sequence[str], groups: Sequence[int], summarizer: AbstractSummarizer
) -> list[float]:
    """Scores in (0, 1] for `texts` from the summarizer's rating order: 1 for the first,
    1/2 at `HALF_SCORE_RANK`, 1/3 at twice that, and so on.

    `groups` says which texts come from one article (equal, adjacent values), so rankers that
    look at paragraphs see articles. Scores come from rank positions, not raw ratings, so
    every summarizer's output has the same scale, and they do not depend on how many
    sentences were ranked, so a bounded pool and the whole section score their top alike.
    Equal ratings get equal scores.
    """
    if not texts:
        return []
    paragraphs = [
        Paragraph([SumySentence(texts[i], TOKENIZER) for i, _ in members])
        for _, members in groupby(enumerate(groups), key=lambda pair: pair[1])
    ]
    ranked: list[SentenceInfo] = []

    def keep_all(infos: list[SentenceInfo]) -> list[SentenceInfo]:
        ranked.extend(infos)
        return infos

    # LexRank divides by zero on sections whose sentences share no weighted word; such
    # ratings come out NaN and are read as ties at the bottom below.
    with numpy.errstate(divide="ignore", invalid="ignore"):
        summarizer(ObjectDocumentModel(paragraphs), keep_all)
    ratings = [-math.inf] * len(texts)
    for info in ranked:
        rating = float(info.rating)
        ratings[info.order] = -math.inf if math.isnan(rating) else rating
    higher: dict[float, int] = {}
    for position, rating in enumerate(sorted(ratings, reverse=True)):
        higher.setdefault(rating, position)
    return [HALF_SCORE_RANK / (HALF_SCORE_RANK + higher[rating]) for rating in ratings]
