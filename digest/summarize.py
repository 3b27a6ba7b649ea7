"""Choosing each section's sentences: sumy's ranking plus the rules a news digest needs.

Per section: drop what earlier digests already said, prefilter to a bounded pool
(`digest.pool`), merge near-duplicate reports of one fact (`digest.facts`), rank the rest
with a sumy summarizer (`digest.ranking`), weight the rank by how concrete the news is
(`digest.concreteness`) and by how many outlets told its event (`digest.stories`), keep the
best-told sentence of each event, and pick greedily while showing no figure twice
(`digest.restatement`), up to the section's cap and then only attacks clearly apart from
what it shows (`_apart`). Items come out best first, events told by more outlets before
others: a digest is skimmed top-down, and sentences that stand alone need no article order;
a sentence leaning on the one before it ("He also said") never stands for an event.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from digest.concreteness import concreteness, names_past_year
from digest.facts import FactPrint, fact_print, matches_any, redundant, same_fact, telling
from digest.fingerprint import jaccard
from digest.models import DigestItem, SectionName, Sentence
from digest.options import DigestOptions
from digest.places import PlaceMention, find_places, place_key
from digest.pool import bounded_pool
from digest.ranking import make_summarizer, rank
from digest.readability import (
    is_standalone_candidate,
    leans_on_previous,
    names_someone_introduced_before,
)
from digest.restatement import Gist, gist, restates, same_toll
from digest.sections import names

NEWS_FLOOR = 0.3
"""Weight of a sentence with no concrete news: background can still win, but rarely."""
SOURCE_BONUS = 0.3
"""Extra weight per doubling of the outlets that reported a fact."""
STALE_FROM = 0.3
"""Word overlap with a previous item from which a sentence counts as partly old news."""


@dataclass(slots=True)
class Candidate:
    """A sentence that can stand alone, with what every later step needs computed once.

    `outlets` holds every outlet that printed this sentence word for word (and, after
    merging, its near-duplicates); `position` is (article's place in the input, index).
    """

    sentence: Sentence
    fact: FactPrint
    news: float
    position: tuple[int, int]
    outlets: set[str] = field(default_factory=set)
    copies: list[Sentence] = field(default_factory=list)
    """Every sentence of the day told in these words, whatever its counts (itself first)."""
    story: int | None = None
    """The day's event this sentence tells (`digest.stories`); None: an event of its own."""
    story_outlets: frozenset[str] = frozenset()
    """Every outlet that told that event, in whatever words."""
    fit: float = 1.0
    """How central the sentence is to its event (cosine to the event's centroid)."""
    detail_of: int | None = None
    """The event of the section this sentence is a detail of (`stories.main_events`): it is
    not shown once that event is."""
    dated_back: bool = False
    """It names a year before the digest's: history, which stands for an event only when
    no sentence of the event is without one, and never for an event of one outlet."""
    outdated: bool = False
    """It gives its event's toll at a value that rose later in the day (`tolls.outdated`):
    another sentence of the event, with the risen toll, tells it better."""

    @property
    def weight(self) -> float:
        """How much the news content and the number of reporting outlets lift the rank."""
        news = NEWS_FLOOR + (1.0 - NEWS_FLOOR) * self.news
        return news * (1.0 + SOURCE_BONUS * math.log2(max(1, len(self.reach))))

    @property
    def reach(self) -> set[str] | frozenset[str]:
        """The outlets that told this sentence's event (or the sentence, without one)."""
        return self.story_outlets | self.outlets

    @property
    def story_key(self) -> tuple[int, ...]:
        return (self.story,) if self.story is not None else self.position


def candidates(sentences: Iterable[Sentence], day: date) -> list[Candidate]:
    """Standalone sentences, one per telling (`facts.telling`): word-for-word copies of a
    wire story add their outlets, copies with other counts are left out (the digest shows
    a report once), so neither costs anything further."""
    by_telling: dict[frozenset[str], Candidate] = {}
    article_places: dict[int, int] = {}
    for sentence in sentences:
        if not is_standalone_candidate(sentence.text):
            continue
        fact = fact_print(sentence.text)
        told = telling(fact)
        known = by_telling.get(told)
        if known is None:
            place = article_places.setdefault(id(sentence.article), len(article_places))
            known = Candidate(
                sentence,
                fact,
                concreteness(sentence.text, day),
                (place, sentence.index),
                dated_back=names_past_year(sentence.text, day),
            )
            by_telling[told] = known
        known.copies.append(sentence)
        if known.fact.words == fact.words:
            known.outlets.add(sentence.article.source)
    return list(by_telling.values())


def previous_facts(shown: Iterable[str]) -> list[FactPrint]:
    """What earlier digests showed, as fact prints to hold back today."""
    return [fact_print(text) for text in shown]


def choose_sections(
    by_section: Mapping[SectionName, Sequence[Candidate]],
    previous: Sequence[FactPrint],
    options: DigestOptions,
) -> dict[SectionName, list[Candidate]]:
    """Each shown section's chosen sentences; a fact goes to the first section that picks it."""
    taken: list[FactPrint] = []
    sections: dict[SectionName, list[Candidate]] = {}
    for name in names(options.sections):
        chosen = _choose(by_section.get(name, ()), previous, taken, options)
        taken.extend(candidate.fact for candidate in chosen)
        sections[name] = chosen
    return sections


def to_items(
    chosen: Mapping[SectionName, Sequence[Candidate]],
    by_section: Mapping[SectionName, Sequence[Candidate]],
) -> dict[SectionName, list[DigestItem]]:
    """The digest items of the chosen sentences, counting the outlets of their events."""
    everyone = [candidate for group in by_section.values() for candidate in group]
    return {
        name: [_item(candidate, everyone) for candidate in group] for name, group in chosen.items()
    }


def summarize_sections(
    by_section: Mapping[SectionName, Sequence[Candidate]],
    previous: Sequence[FactPrint],
    options: DigestOptions,
) -> dict[SectionName, list[DigestItem]]:
    """Each shown section's items (`choose_sections`, then `to_items`)."""
    return to_items(choose_sections(by_section, previous, options), by_section)


def _choose(
    section: Sequence[Candidate],
    previous: Sequence[FactPrint],
    taken: Sequence[FactPrint],
    options: DigestOptions,
) -> list[Candidate]:
    fresh = [candidate for candidate in section if not matches_any(previous, candidate.fact)]
    pool = bounded_pool(
        [candidate.sentence.text for candidate in fresh],
        [candidate.weight for candidate in fresh],
        options.pool_size,
    )
    facts = _merge_near_duplicates(sorted((fresh[i] for i in pool), key=_best_report_first))
    facts.sort(key=lambda candidate: candidate.position)
    ranks = rank(
        [candidate.sentence.text for candidate in facts],
        [candidate.position[0] for candidate in facts],
        make_summarizer(options.summarizer),
    )
    scores = {
        candidate.position: score * candidate.weight * _staleness(candidate.fact, previous)
        for candidate, score in zip(facts, ranks, strict=True)
    }
    best_first = sorted(facts, key=lambda candidate: scores[candidate.position], reverse=True)
    story_at = {
        (id(copy.article), copy.index): candidate.story
        for candidate in section
        if candidate.story is not None
        for copy in candidate.copies
    }
    return _pick_readable(
        _one_per_story(best_first, scores),
        taken,
        (options.max_sentences, options.extra_items),
        story_at,
        _whereabouts(section),
    )


@dataclass(frozen=True, slots=True)
class _Where:
    """What an event of the section names, over all its sentences: the places struck
    (`_struck_in`), every place and its figures (kind, value)."""

    struck: frozenset[str]
    places: frozenset[str]
    figures: frozenset[tuple[str, int]]


def _whereabouts(section: Sequence[Candidate]) -> dict[tuple[int, ...], _Where]:
    """Each event's `_Where`, by its story key."""
    texts: dict[tuple[int, ...], list[str]] = {}
    for candidate in section:
        texts.setdefault(candidate.story_key, []).append(candidate.sentence.text)
    where = {}
    for key, told in texts.items():
        mentions = [mention for text in told for mention in find_places(text)]
        where[key] = _Where(
            struck=frozenset(
                filter(None, (place_key(m.name) for text in told for m in _struck_in(text)))
            ),
            places=frozenset(filter(None, (place_key(m.name) for m in mentions))),
            figures=frozenset((k, v) for text in told for k, v, _ in gist(text).figures),
        )
    return where


_ATTACKED = re.compile(
    r"(?i:\b(?:struck|strikes?|hit|hits|attack(?:s|ed)?|shell(?:s|ed|ing)|bomb(?:s|ed|ing)?"
    r"|raid(?:s|ed)?|ambush(?:ed|es)?|stormed|fired on|landed on|killed|killing)\b)[^.;]{0,40}$"
)
"""An attack word shortly before a place ("hit homes in the Bula Jamhuri neighbourhood",
"attacked an exam centre in Nkwen"): the place was struck, though not named right after."""


def _struck_in(text: str) -> list[PlaceMention]:
    """The places a sentence tells were struck: after an attack word, or a few words on."""
    return [
        mention
        for mention in find_places(text)
        if mention.event or _ATTACKED.search(text, max(0, mention.start - 60), mention.start)
    ]


def _apart(
    candidate: Candidate, chosen: Sequence[Candidate], where: Mapping[tuple[int, ...], _Where]
) -> bool:
    """Whether the candidate's event is an attack clearly apart from the chosen events: told
    by two outlets or more, on a place struck (`_struck_in`), naming no place any of them
    names and no figure in common with any of them. Such an event may take one of a full
    section's extra items (`DigestOptions.extra_items`): a heavy day's sixth attack is news,
    while a sixth item that names a shown event's town or toll is most often that event
    again."""
    mine = where[candidate.story_key]
    if len(candidate.reach) < 2 or not mine.struck:
        return False
    return not any(
        mine.places & where[known.story_key].places or mine.figures & where[known.story_key].figures
        for known in chosen
    )


def _one_per_story(
    best_first: Sequence[Candidate], scores: Mapping[tuple[int, int], float]
) -> list[Candidate]:
    """The best-told sentence of each event, events ordered by how many outlets told them,
    then by that sentence's score (centrality times concreteness). A sentence that leans on
    the one before it cannot stand for an event, one with a toll that rose later in the
    day stands for it only when no sentence gives the risen toll or none, and one naming a
    past year (history the event took in) only when every sentence of it does; told by its
    outlet alone, such a sentence is background ("In September 2022 the army advanced ...")."""
    told: dict[tuple[int, ...], Candidate] = {}
    for candidate in best_first:
        if (
            leans_on_previous(candidate.sentence.text)
            or names_someone_introduced_before(
                candidate.sentence.text, candidate.sentence.article.text
            )
            or (candidate.dated_back and len(candidate.reach) <= 1)
        ):
            continue
        key = candidate.story_key
        known = told.get(key)
        if known is None or _stands_for(candidate, scores) > _stands_for(known, scores):
            told[key] = candidate
    return sorted(
        told.values(),
        key=lambda candidate: (-len(candidate.reach), -scores[candidate.position]),
    )


def _stands_for(
    candidate: Candidate, scores: Mapping[tuple[int, int], float]
) -> tuple[bool, bool, float]:
    """Sort key of the sentence that stands for an event: giving no toll that rose later,
    naming no past year, then how well it tells the event."""
    return (not candidate.outdated, not candidate.dated_back, _telling(candidate, scores))


def _telling(candidate: Candidate, scores: Mapping[tuple[int, int], float]) -> float:
    """How well a sentence tells its event on its own: its score, lifted for a toll or
    count and for a named place (who, what, where, toll), times how central it is to the
    event (a background sentence the event took in does not stand for it)."""
    told = gist(candidate.sentence.text)
    lift = 1.0 + 0.5 * bool(told.figures) + 0.3 * bool(told.places)
    return scores[candidate.position] * lift * candidate.fit


def _best_report_first(candidate: Candidate) -> tuple[float, tuple[int, int]]:
    """Sort key putting the most concrete, most reprinted report of a fact first."""
    return (-candidate.weight, candidate.position)


def _merge_near_duplicates(best_first: Sequence[Candidate]) -> list[Candidate]:
    """One candidate per fact, the first report given, holding all reporting outlets."""
    kept: list[Candidate] = []
    for candidate in best_first:
        twin = next((known for known in kept if same_fact(known.fact, candidate.fact)), None)
        if twin is None:
            kept.append(replace(candidate, outlets=set(candidate.outlets)))
        else:
            twin.outlets |= candidate.outlets
    return kept


def _staleness(fact: FactPrint, previous: Sequence[FactPrint]) -> float:
    """1 for new content, less for sentences that partly repeat yesterday's items."""
    overlap = max((jaccard(fact.words, old.words) for old in previous), default=0.0)
    return 1.0 - overlap if overlap >= STALE_FROM else 1.0


def _pick_readable(
    best_first: Sequence[Candidate],
    taken: Sequence[FactPrint],
    limits: tuple[int, int],
    story_at: Mapping[tuple[int, int], int],
    where: Mapping[tuple[int, ...], _Where],
) -> list[Candidate]:
    """The best candidates (one per event), skipping what repeats a shown item
    (`facts.redundant`), the details of a shown event (`Candidate.detail_of`) and a sentence
    naming no place that comes right after one of a shown event in its article (`_follows`:
    "Residents said at least four strikes hit the hills east of the town", grouped apart
    from the air strikes on Brital its article opened with). A sentence
    that only restates a chosen item (`restatement.restates`: its figures, or without a
    toll its counts) is not shown again: its outlets count for that item; one that says all
    a chosen item does and more replaces it. `limits` are the section's items and the extra
    ones a full section may add for attacks clearly apart (`_apart`; `where` by story key)."""
    chosen: list[Candidate] = []
    gists: dict[tuple[int, int], Gist] = {}
    for candidate in best_first:
        if len(chosen) == sum(limits):
            break
        if len(chosen) >= limits[0] and not _apart(candidate, chosen, where):
            continue
        if candidate.detail_of is not None and any(
            known.story == candidate.detail_of for known in chosen
        ):
            continue
        told = gists[candidate.position] = gist(candidate.sentence.text)
        if not any(told.places) and _follows(candidate, chosen, story_at):
            continue
        restated = next(
            (
                known
                for known in chosen
                if restates(told, gists[known.position]) or same_toll(told, gists[known.position])
            ),
            None,
        )
        if restated is not None:
            restated.outlets |= candidate.outlets
            continue
        shown = [*taken, *(known.fact for known in chosen)]
        if any(redundant(fact, candidate.fact) for fact in shown):
            continue
        covered = [known for known in chosen if restates(gists[known.position], told)]
        _take_place_of(chosen, covered, candidate)
    return chosen


def _follows(
    candidate: Candidate,
    chosen: Sequence[Candidate],
    story_at: Mapping[tuple[int, int], int],
) -> bool:
    """True when, in one of its articles, the sentence comes right after a sentence of a
    chosen item's event (`story_at`: each sentence's event, by article and position)."""
    shown = {known.story for known in chosen}
    return any(
        story_at.get((id(copy.article), copy.index - 1), -1) in shown for copy in candidate.copies
    )


def _take_place_of(
    chosen: list[Candidate], covered: Sequence[Candidate], candidate: Candidate
) -> None:
    """Add `candidate` to the chosen, in place of the items it says all of and more: they
    ranked higher, so it takes the first one's rank, and their outlets count for it."""
    if not covered:
        chosen.append(candidate)
        return
    at = chosen.index(covered[0])
    for known in covered:
        candidate.outlets |= known.outlets
        chosen.remove(known)
    chosen.insert(at, candidate)


def _item(candidate: Candidate, everyone: Sequence[Candidate]) -> DigestItem:
    """The digest item, counting every outlet of the day that reported the same event."""
    outlets = set(candidate.reach)
    for other in everyone:
        if other.outlets - outlets and same_fact(candidate.fact, other.fact):
            outlets |= other.outlets
    article = candidate.sentence.article
    return DigestItem(
        text=candidate.sentence.text,
        source=article.source,
        url=article.url,
        article_id=article.id,
        sources=len(outlets),
    )
