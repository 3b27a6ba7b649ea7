"""A day's events, from the candidate sentences to what a digest may show of each.

`digest.events` groups sentences; this module turns the groups into stories: the section an
event belongs to (one, by the votes of its sentences), how many outlets told it, and whether
it is news at all: an event the previous days already carried (their stored `Event`s) is
stale unless it brings something new (a higher toll, a count of another kind, an update, a
report mostly in words the earlier event never used), and a group of retellings only
("Tuesday's strike, which killed six") is stale whatever the history.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from digest.actions import decision_counts, decision_kinds, other_decision
from digest.events import (
    MergeAt,
    TimeWords,
    Told,
    cluster,
    describe,
    join_sanctions,
    merge_similar,
    most_named,
    move_named,
    unmark_dated_today,
    updates,
)
from digest.figures import sentence_figures
from digest.models import Event, EventStatus, SectionName, Sentence, Signature
from digest.places import find_places, is_country, place_key
from digest.ranking import rank_terms

MERGE_AT = MergeAt(same_place=0.15, no_place=0.25, other_place=0.35, other_section=0.35)
"""Centroid cosines from which two events of the day are one (`events.merge_similar`)."""
SAME_AS_BEFORE = 0.25
"""Share of an earlier event's terms a story must repeat to be that event again."""
NEW_WORDS = 0.6
"""Share of a story's terms the earlier event lacked from which it tells something new."""
_DAILY = re.compile(
    r"\b(?:past|last) 24 hours\b|\b24 hours to\b|\b24-hour\b|\bdaily (?:report|count|toll)\b"
    r"|\bduring the night\b|\bovernight\b"
)
"""A count of one day or night, which a new count replaces whether it rose or fell."""
_ANOTHER_EVENT = re.compile(
    r"(?i:in (?:response|retaliation|other news)|separately|elsewhere|meanwhile|also on)\b"
)
"""Openers that turn an article to another event ("In response, Russia said it shot down
249 drones"): such a sentence is no detail of the article's main event."""
_TURNS_AWAY = re.compile(r"\b(?:meanwhile|separately)\b")
"""The same turn inside a sentence ("The media regulator has meanwhile suspended Radio
Horizon Afrique", in a report on a market strike)."""
CONTINUES_TERMS = 4
"""Words of an earlier event's signature a sentence must share to tell more of it."""
DETAIL_TERMS = 1
"""Words of an event's signature a sentence of another section must share to be its detail."""
TALKS_DETAIL_TERMS = 2
"""The same for a talks sentence: "The bishop of Kumbo appealed for a truce", in an article on
the attack near Kumbo, shares one word with it and is an appeal of its own."""
SIGNATURE_TERMS = 30
SIGNATURE_NAMES = 12


@dataclass(slots=True)
class Story:
    """One event of the day: its member sentences (indices into the day's candidates), the
    section they vote for, the outlets that told it and its status against earlier days."""

    members: list[int]
    section: SectionName
    outlets: frozenset[str]
    signature: Signature
    status: EventStatus = "new"
    retold: bool = False
    fit: dict[int, float] = field(default_factory=dict)
    """Each member's cosine to the story's centroid: how central it is to the event (a
    background sentence pulled in by shared names fits it badly)."""


def _context(sentence: Sentence, previous: Mapping[tuple[int, int], str]) -> str:
    return (
        f"{sentence.article.title} {previous.get((id(sentence.article), sentence.index - 1), '')}"
    )


def _signature(
    texts: Sequence[str], vectors: Sequence[dict[str, float]], places: Counter[str]
) -> Signature:
    weights: Counter[str] = Counter()
    for vector in vectors:
        for term, weight in vector.items():
            if not term.startswith("@"):
                weights[term] += weight
    figures = sorted({(kind, value) for text in texts for kind, value, _ in sentence_figures(text)})
    names = Counter(
        word.casefold()
        for text in texts
        for word in text.split()[1:]
        if word[:1].isupper() and word.isalpha()
    )
    return Signature(
        places=_most_first(places, len(places)),
        names=_most_first(names, SIGNATURE_NAMES),
        terms=_most_first(weights, SIGNATURE_TERMS),
        figures=tuple(figures),
    )


def _fit(members: Sequence[int], told: Sequence[Told]) -> dict[int, float]:
    """Each member's cosine to the members' centroid (their vectors are unit length)."""
    centroid: dict[str, float] = {}
    for member in members:
        for term, weight in told[member].vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
    norm = math.sqrt(sum(weight * weight for weight in centroid.values())) or 1.0
    return {
        member: sum(w * centroid.get(term, 0.0) for term, w in told[member].vector.items()) / norm
        for member in members
    }


def _most_first(counts: Counter[str], count: int) -> tuple[str, ...]:
    """The `count` keys of highest count, ties by the key: the same in every process."""
    return tuple(sorted(counts, key=lambda key: (-counts[key], key))[:count])


def build_stories(
    sentences: Sequence[Sentence],
    sections: Sequence[Mapping[SectionName, float]],
    everything: Sequence[Sentence],
    time: TimeWords,
    history: Sequence[Event] = (),
) -> tuple[list[Story], list[int]]:
    """The day's stories and the story of each sentence; `sections[i]` holds sentence i's
    classifier scores (only the digest's sections), `everything` all of the day's sentences
    (for the sentence before each one, its context); `time` dates them."""
    if not sentences:
        return [], []
    previous = {(id(s.article), s.index): s.text for s in everything}
    texts = [sentence.text for sentence in sentences]
    told = describe(
        texts,
        [_context(s, previous) for s in sentences],
        [max(votes, key=votes.__getitem__) for votes in sections],
        time,
    )
    mark_continued(told, history)
    unmark_dated_today(told, texts, time)
    # One merging pass: a second, joining what only resembled each other once a third
    # fragment had joined, merged distinct events of one town or venue (README, issue 11).
    assigned = move_named(told, join_sanctions(told, merge_similar(told, cluster(told), MERGE_AT)))
    groups: dict[int, list[int]] = {}
    for position, number in enumerate(assigned):
        groups.setdefault(number, []).append(position)
    stories: list[Story] = []
    story_of = [0] * len(sentences)
    for members in groups.values():
        votes: Counter[SectionName] = Counter()
        places: Counter[str] = Counter()
        for member in members:
            votes.update(sections[member])
            places.update(told[member].places)
        story = Story(
            members=members,
            section=max(votes, key=lambda name: (votes[name], name)),
            outlets=frozenset(sentences[member].article.source for member in members),
            signature=_signature(
                [texts[m] for m in members], [told[m].vector for m in members], places
            ),
            retold=all(told[member].retell for member in members),
            fit=_fit(members, told),
        )
        for member in members:
            story_of[member] = len(stories)
        stories.append(story)
    decided = [_decided(event.section, event.items) for event in history]
    for story in stories:
        _judge(story, [texts[m] for m in story.members], history, decided, time)
    return stories, story_of


def mark_continued(told: Sequence[Told], history: Sequence[Event]) -> None:
    """Set each sentence's `continues`: the earlier event whose signature shares the most of
    its terms (its own words and its context's, as `describe` weighed them), at least
    `CONTINUES_TERMS`, and a place when both name one (through an index of the events'
    terms, so the cost follows the sentences' words)."""
    index: dict[str, list[int]] = defaultdict(list)
    for number, event in enumerate(history):
        for term in event.signature.terms:
            index[term].append(number)
    if not index:
        return
    for item in told:
        shared = Counter(
            number
            for term in item.vector
            if not term.startswith("@")
            for number in index.get(term, ())
        )
        for number, count in sorted(shared.items(), key=lambda pair: (-pair[1], pair[0])):
            if count < CONTINUES_TERMS:
                break
            places = history[number].signature.places
            if not (places and item.places) or item.places & set(places):
                item.continues = number
                break


def main_events(
    sentences: Sequence[Sentence], stories: Sequence[Story], story_of: Sequence[int]
) -> list[int | None]:
    """For each sentence whose event only its own outlet told, its article's main event
    when the sentence is a detail of it (None otherwise).

    Within a section, an article develops one event: most of its sentences of that section
    that other outlets echo tell it. A sentence of the section that no other outlet echoes
    (a quote, who runs the ministry meanwhile, a witness, a one-outlet retelling of the
    sanctions in other words) is a detail of that event, though it shares too few words
    with it to be grouped with it. It is another event when it names a place struck that
    the main event does not ("drones hit the Rostov region") or turns to another event ("In
    response, ..."). An article whose echoed sentences tell several events of the section
    about equally (a roundup, a live blog) has no main event there: it tells them one after
    another, so its one-outlet sentence (a quote, a reaction) is a detail of the echoed event
    it last told, and none before the first. A one-outlet sentence the classifier put in a
    section where its article echoes nothing may still be a detail of the one event the
    article echoes elsewhere (`_details_elsewhere`), and so is an event of a few outlets told
    only inside their articles on one event of another section (`_told_inside`); the digest
    then leaves it out, as an event belongs to one section."""
    by_section: dict[tuple[int, str], list[int]] = defaultdict(list)
    for position, sentence in enumerate(sentences):
        by_section[(id(sentence.article), stories[story_of[position]].section)].append(position)
    main: list[int | None] = [None] * len(sentences)
    echoed: dict[int, Counter[int]] = defaultdict(Counter)  # per article: sentences per event
    for position, sentence in enumerate(sentences):
        if _echoed(stories[story_of[position]]):
            echoed[id(sentence.article)][story_of[position]] += 1
    for (_, section), positions in by_section.items():
        shared = Counter(story_of[p] for p in positions if _echoed(stories[story_of[p]]))
        if not shared:
            _details_elsewhere(sentences, positions, stories, echoed, main, section)
            continue
        ((lead, count),) = shared.most_common(1)
        roundup = 2 * count <= sum(shared.values())
        at: int | None = None if roundup else lead
        for position in sorted(positions, key=lambda p: sentences[p].index):
            own = story_of[position]
            if len(stories[own].outlets) > 1:
                if roundup and own in shared:
                    at = own
                continue
            text = sentences[position].text
            if at is not None and _may_be_detail(text, stories[at].signature):
                main[position] = at
    _told_inside(sentences, stories, echoed, main)
    return main


def _told_inside(
    sentences: Sequence[Sentence],
    stories: Sequence[Story],
    echoed: Mapping[int, Counter[int]],
    main: list[int | None],
) -> None:
    """Mark as details the events told only inside articles on one event of another
    section, by outlets that told that event too: "Police said they had arrested a man seen
    running from the market", in two reports of a grenade in a market, is no politics item
    of its own. An event naming a decision of its own (a dismissal, sanctions) or a place
    the lead event lacks stays one. `echoed` holds each article's sentences per echoed event."""
    lead_of = {article: counts.most_common(1)[0][0] for article, counts in echoed.items()}
    for number, story in enumerate(stories):
        leads = {lead_of.get(id(sentences[m].article)) for m in story.members}
        if len(leads) != 1 or not _echoed(story):
            continue
        (lead,) = leads
        if lead is None or lead == number or stories[lead].section == story.section:
            continue
        texts = [sentences[m].text for m in story.members]
        if (
            story.outlets <= stories[lead].outlets
            and not set(story.signature.places) - set(stories[lead].signature.places)
            and not (story.section == "politics" and decision_counts(texts))
        ):
            for member in story.members:
                main[member] = lead


def _echoed(story: Story) -> bool:
    """Told by more than one outlet, and not only in retellings of earlier days."""
    return len(story.outlets) > 1 and not story.retold


def _details_elsewhere(
    sentences: Sequence[Sentence],
    positions: Sequence[int],
    stories: Sequence[Story],
    echoed: Mapping[int, Counter[int]],
    main: list[int | None],
    section: str,
) -> None:
    """Mark as details the one-outlet sentences of a section in which their article echoes
    no event, when the article echoes one event only (in another section) and the sentence
    shares `DETAIL_TERMS` of its words (`TALKS_DETAIL_TERMS` in talks): "Under the protocol,
    the Red Cross will oversee the release" in an article on the protocol signed in Doha is
    no politics item of its own.
    A politics sentence that names a decision (an appointment, a dismissal, sanctions) is
    one: "the president appointed a new governor" in an article on the talks."""
    article = echoed.get(id(sentences[positions[0]].article), Counter())
    if len(article) != 1:
        return
    (lead,) = article
    signature = stories[lead].signature
    for position in positions:
        text = sentences[position].text
        if (
            _may_be_detail(text, signature)
            and not (section == "politics" and decision_kinds(text))
            and len(rank_terms(text) & set(signature.terms))
            >= (TALKS_DETAIL_TERMS if section == "talks" else DETAIL_TERMS)
        ):
            main[position] = lead


def _may_be_detail(text: str, signature: Signature) -> bool:
    """False when the sentence turns to another event ("In response, ...") or names a
    struck place the event lacks: then it is no detail of that event."""
    return (
        not _ANOTHER_EVENT.match(text)
        and not _TURNS_AWAY.search(text)
        and _struck_places(text) <= set(signature.places)
    )


def _struck_places(text: str) -> set[str]:
    """The keys of the places a sentence names after an attack word ("hit Rostov")."""
    return {
        key for mention in find_places(text) if mention.event and (key := place_key(mention.name))
    }


def _decided(section: str, texts: Sequence[str]) -> frozenset[str]:
    """The kinds of decision a politics event is told by (none for other sections)."""
    return most_named(decision_counts(texts)) if section == "politics" else frozenset()


def _judge(
    story: Story,
    texts: Sequence[str],
    history: Sequence[Event],
    decided: Sequence[frozenset[str]],
    time: TimeWords,
) -> None:
    """Set the story's status against the earlier days' events of its section. A daily
    count ("in the past 24 hours") is news again whenever its figures changed, fewer or
    more; another toll only when it rose; a story dated on the day ("Parliament approved
    martial law on Wednesday", a day after it was declared) is a step of its own.
    `decided[i]` holds the kinds of decision of `history[i]` (`_decided`); `time` dates
    the texts."""
    if story.retold:
        story.status = "stale"
        return
    earlier = _earlier_event(story, _decided(story.section, texts), history, decided)
    if earlier is None:
        return
    before = dict(earlier.signature.figures)
    figures = dict(story.signature.figures)
    lowered = [text.lower() for text in texts]
    daily = any(_DAILY.search(text) for text in lowered)
    risen = any(
        value > before.get(kind, -1) or (daily and value != before.get(kind))
        for kind, value in figures.items()
    )
    terms = set(story.signature.terms)
    unseen = len(terms - set(earlier.signature.terms)) / len(terms) if terms else 0.0
    updated = any(updates(text) for text in lowered)
    today = any(time.today(text) is not None for text in lowered)
    if risen or updated or unseen >= NEW_WORDS or today:
        story.status = "followup"
    else:
        story.status = "stale"


def _earlier_event(
    story: Story,
    kinds: frozenset[str],
    history: Sequence[Event],
    decided: Sequence[frozenset[str]],
) -> Event | None:
    """The earlier event this story tells again, if any: same section, a shared place when
    both name one (countries aside), enough of the earlier event's words, and in politics
    a kind of decision in common when both name one (a successor named today is not
    yesterday's dismissal told again; `kinds` are the story's, `decided[i]` those of
    `history[i]`)."""
    mine = {place for place in story.signature.places if not is_country(place.title())}
    terms = set(story.signature.terms)
    best, best_share = None, SAME_AS_BEFORE
    for event, theirs_decided in zip(history, decided, strict=True):
        if event.section != story.section or not event.signature.terms:
            continue
        if other_decision(kinds, theirs_decided):
            continue
        theirs = {place for place in event.signature.places if not is_country(place.title())}
        if mine and theirs and not mine & theirs:
            continue
        share = len(terms & set(event.signature.terms)) / len(event.signature.terms)
        if share > best_share:
            best, best_share = event, share
    return best
