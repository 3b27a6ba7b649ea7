"""The near-duplicate decision: is a text one story already stored, re-published?

Pure: shingle sets in, the repeated article or None out. `storage/` feeds the index the
articles of nearby days and keeps it in step with the database. An outlet's copy differs
in a few words and its furniture, so sets of word shingles are compared, not the texts.

An inverted index makes each look-up cost the same whatever the archive's size: only the
stored articles that share a well-chosen shingle with the new text are compared with it,
and the pigeonhole principle guarantees that every article the rule would match is among
them (see NearCopyIndex), so the decisions are those of comparing with every article.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain

NEAR_DUPLICATE_JACCARD = 0.5
NEAR_DUPLICATE_CONTAINMENT = 0.8
"""Share of the shorter text's shingles found in the other: catches a trimmed copy."""
NEARBY_DAYS = 2
Postings = array
"""The ids of the articles listed under one shingle: an array of 64-bit integers, which
the garbage collector need not scan (millions of lists made its passes a third of ingest)."""


def nearby_days(day: date) -> list[date]:
    """The days whose articles a story of `day` may repeat (outlets re-publish late)."""
    return [day + timedelta(days=offset) for offset in range(-NEARBY_DAYS, NEARBY_DAYS + 1)]


def repeats(grams: frozenset[int], other: frozenset[int]) -> bool:
    """Whether one shingle set is a re-publication of the other (the rule, symmetric)."""
    if not grams or not other:
        return False
    common = len(grams & other)
    return (
        common / (len(grams) + len(other) - common) >= NEAR_DUPLICATE_JACCARD
        or common / min(len(grams), len(other)) >= NEAR_DUPLICATE_CONTAINMENT
    )


PROBE_HITS = 8
"""Shared probe shingles a candidate needs before it is compared in full: more probe
shingles to read, but far fewer candidates where many texts share some phrasing."""


def least_shared(size: int) -> int:
    """How many shingles a set of `size` surely shares with any match at least as large.

    Containment needs 0.8·size; Jaccard 0.5 with a set `y` of |y| >= size needs
    (size + |y|) / 3 >= 2·size / 3 (rounded down here, which errs on the safe side).
    """
    return (2 * size) // 3


def probe(size: int) -> tuple[int, int]:
    """How many of a set's shingles to probe, and how many of them any match at least as
    large surely holds: of any `size - t + h` shingles, at most `size - t` are outside the
    t shared ones (the pigeonhole principle), so at least `h` are shared."""
    shared = least_shared(size)
    probed = min(size, size - shared + PROBE_HITS)
    return probed, probed - (size - shared)


@dataclass(frozen=True)
class Stored:
    """A stored article as the index keeps it: `hits` of its probe shingles are surely
    shared with any text at least as large that repeats it."""

    day: date
    source: str
    grams: frozenset[int]
    hits: int


class NearCopyIndex:
    """Shingle sets of stored articles, indexed two ways per day.

    `full` lists every article under each of its shingles; `probes` only under its
    rarest ones (rarest when it was added), as many as probe() says. A new text `x` is
    compared in full only with the articles listed in `full` under at least `h` of x's
    probe() rarest shingles (every match at least as large as x is), and with those
    listed in `probes` under at least their own `hits` of x's shingles (every match
    smaller than x is). Rare shingles have short lists, so a look-up reads about as much
    however many articles the days hold. Shingles are kept as 64-bit hashes: two distinct
    shingles collide about once in 10^13 comparisons.
    """

    def __init__(self) -> None:
        self._stored: dict[int, Stored] = {}
        self._full: dict[date, defaultdict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._probes: dict[date, defaultdict[int, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._stored

    def add(self, article_id: int, day: date, source: str, shingles: Iterable[str]) -> None:
        """Index one stored article (again: a no-op)."""
        if article_id in self._stored:
            return
        grams = frozenset(map(hash, shingles))
        probed, hits = probe(len(grams))
        self._stored[article_id] = Stored(day, source, grams, hits)
        if not grams:
            return
        _list(self._probes[day], self._rarest(grams, probed, day), article_id)
        _list(self._full[day], grams, article_id)

    def find(self, day: date, shingles: Iterable[str]) -> tuple[int, str] | None:
        """The id and source of the earliest stored article of the days around `day` that
        the text with these shingles repeats, or None."""
        grams = frozenset(map(hash, shingles))
        if not grams:
            return None
        window = [near for near in nearby_days(day) if near in self._full]
        probed, hits = probe(len(grams))
        rarest = self._rarest(grams, probed, day)
        larger = _count_listed([self._full[near] for near in window], rarest)
        smaller = _count_listed([self._probes[near] for near in window], grams)
        candidates = {article_id for article_id, count in larger.items() if count >= hits}
        candidates.update(
            article_id
            for article_id, count in smaller.items()
            if count >= self._stored[article_id].hits
        )
        for article_id in sorted(candidates):
            stored = self._stored[article_id]
            if repeats(grams, stored.grams):
                return article_id, stored.source
        return None

    def _rarest(self, grams: frozenset[int], count: int, day: date) -> list[int]:
        """The `count` shingles of `grams` listed under the fewest articles of `day` (any
        choice is correct; rare ones keep the lists read short)."""
        full = self._full[day]

        def listed(gram: int) -> int:
            postings = full.get(gram)
            return 0 if postings is None else len(postings)

        return sorted(grams, key=listed)[:count]


def _list(index: dict[int, Postings], grams: Iterable[int], article_id: int) -> None:
    """List `article_id` under each of `grams` in `index`."""
    for gram in grams:
        postings = index.get(gram)
        if postings is None:
            index[gram] = array("q", (article_id,))
        else:
            postings.append(article_id)


def _count_listed(indexes: list[dict[int, Postings]], grams: Iterable[int]) -> Counter[int]:
    """How many of `grams` list each article, over all `indexes` (at C speed: it is the
    look-up's inner loop)."""
    grams = list(grams)
    return Counter(
        chain.from_iterable(
            chain.from_iterable(filter(None, map(index.get, grams))) for index in indexes
        )
    )
