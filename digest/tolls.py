"""Key figures as facts of events: one line per event and kind, with the value to trust.

Counting per place went wrong on heavy days: one strike listed under its village, township
and region; a figure with no place next to the same figure with one; the wounded of one
attack merged with another's. Here every count belongs to the event its sentence tells
(`digest.stories`): a sentence that is not a candidate itself belongs to the event of the
sentence before it in its article. Then, per event and kind:

* an update ("rose to 15", "now stands at") supersedes earlier reports, and so does a later
  report with a higher toll; reports that disagree otherwise give the lowest, with the
  others in the note;
* counts retold from earlier days, in a clause with a past year ("in May 2024, when a bomb
  killed 19") or in a sentence dated weeks or years back ("a year ago"), or about
  epidemics, accidents and crime are not the day's toll;
* a count of weapons shot down is not a launch count, nor are the missiles one drone fired.

A count "in the past 24 hours" is the territory's daily tally, not a strike's toll: those
sentences make a line group of their own. The block keeps the day's main events only: those
the digest shows first, then the tallies, at most `MAX_LINES` lines.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from digest.events import TimeWords, regions_of, retells, updates
from digest.figures import Mention, count_notes, mentions
from digest.memo import per_text
from digest.models import FIGURE_KINDS, Article, Figure, FigureKind, Sentence
from digest.places import find_places, is_country, place_key
from digest.stories import Story

MAX_LINES = 8
_ATTACHED = 2
"""How many sentences after an event's sentence, in its article, still tell that event."""
_OFF_TOPIC = re.compile(
    r"\b(?:epidemic|pandemic|outbreak|cholera|covid|coronavirus|ebola|measles|virus|disease|"
    r"crash(?:ed)?|collision|road accident|traffic accident|car accident|derail|earthquake|"
    r"overturned|capsized|flood(?:s|ing)?|landslides?|mudslides?|murder(?:s|ed)?|homicide|"
    r"gunman|shooting spree|"
    r"stabbing|(?:cannot|could not|can't|couldn't) be (?:independently )?verified|unverified)\b"
)
"""Words of a count that is not the war's, or not one to trust: diseases, accidents (a bus
that overturned, a ferry that capsized), disasters, crime, and a side's claim that "cannot
be verified"."""
_CLAIMED = re.compile(
    r"\b(?:said|says|say|claimed|claims|claim|adding|added)\b(?:[^.;]{0,60}? that)?"
    r" (?:it|they|its \w+|their \w+|troops|soldiers)(?: had| have| has)?"
    r"(?: (?:(?!\b(?:were|was|been|being)\b)[^.;]){0,80}?(?: and|,))?"
    r" (?:had |have |has )?[\"“]?(?:killed|killing)\b"
    r"|\bclaim(?:s|ed)? to have killed\b|\bneutrali[sz]ed\b"
    r"|\b(?:says|said|say|claims|claimed) killed\b|\bclaim of (?:about |some |more than )?"
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|dozens)"
    r"|\baccount that (?:it|they) (?:had )?killed\b"
    r"|\bclaim(?:s|ed)? that\b[^.;]{0,60}?\b(?:killed|dead)\b"
    r"|\b(?:said|says|say|claimed|claims) (?:it|they) (?:had |have |has )?(?:launched|fired)\b"
)
"""A side's claim of the enemies it killed ("the army said its troops had killed three
attackers", "the factions say they took the village and killed more than 40", "claims to
have killed", "37 terrorists neutralised", "claimed that seven guards had been killed", "said
its fighters had attacked a base ..., killing nine", "adding that troops had ... killed more
than 25") and of what it launched itself ("said it had launched four drones"): no count to
trust. The army's own losses stay ("said its positions were shelled, killing two soldiers")."""
_ENEMIES = re.compile(
    r"\S+\s+(?:[\w-]+\s+){0,2}?"
    r"(?:militants|insurgents|terrorists|jihadists|attackers|bandits|rebels|fighters)\b"
)
"""Fighters killed ("killing 16 militants", "11 attackers", "said on Tuesday it had killed 23
RED-Tabara fighters"): most often one side's claim of the other's dead, however it is worded,
and never the toll of an attack on people; a group's count of its own fighters is left out
with them."""
_DAILY_TALLY = re.compile(r"\b24 hours\b")
"""A count of the last 24 hours ("41 killed across the territory in the past 24 hours") is
the day's tally of a whole territory, not the toll of the strike its article tells."""
_DRONE_FIRED = re.compile(r"\bdrone\b[^.;]{0,60}?\bfired\b")
"""Missiles that one drone fired ("the drone ... fired at least two missiles") are the
munitions of a drone strike, not missiles launched at a place."""
_TALLY = -1
"""The story number under which the day's tallies are read, as an event of their own."""
_LAUNCHES: frozenset[FigureKind] = frozenset({"missiles", "drones"})
_TOLLS: tuple[FigureKind, ...] = ("killed", "wounded")
_ROUNDED = re.compile(
    r"(?i:almost|nearly|close to|about|around|some|roughly|approximately|an estimated)"
)
"""Qualifiers of a rounded count (not the bounds "at least", "more than", "up to")."""
_LOWER_BOUNDS = frozenset({"at least", "more than", "over"})
"""Qualifiers of a count that a higher count does not contradict."""
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_LONG_AGO = re.compile(r"\b(?:\w+ )?(?:weeks?|months?|years?) ago\b|\blast year\b")
"""A sentence dating what it tells weeks or years back ("a year ago, the group killed more
than 60") gives no count of the day, like one naming a past year."""


@dataclass(slots=True)
class _Report:
    """One article's count of one kind for one event."""

    value: int
    article: Article
    updated: bool
    qualifier: str | None
    intercepted: int | None
    rockets: bool


@dataclass(frozen=True, slots=True)
class EventCounts:
    """Every sentence of the day that tells one event, and each article's count per kind,
    read once for both the items (`risen_tolls`) and the key figures (`event_figures`)."""

    sentences: list[Sentence]
    reports: dict[FigureKind, list[_Report]]


def _past_year_before(text: str, position: int, day: date) -> bool:
    return any(int(year) < day.year for year in _YEAR.findall(text, 0, position))


@per_text
def _counts(text: str, time: TimeWords) -> tuple[tuple[Mention, bool], ...]:
    """The day's counts in one sentence, each with whether it updates an earlier count."""
    lowered = text.lower()
    if (
        _OFF_TOPIC.search(lowered)
        or _LONG_AGO.search(lowered)
        or _CLAIMED.search(lowered)
        or retells(text, time)
    ):
        return ()
    updated = updates(lowered)
    return tuple(
        (mention, updated)
        for mention in mentions(text, lowered)
        if not _past_year_before(text, mention.start, time.day)
        and not (mention.kind == "killed" and _ENEMIES.match(lowered, mention.start))
        and not (mention.kind == "missiles" and _DRONE_FIRED.search(lowered, 0, mention.start))
    )


def _story_of_sentences(
    sentences: Sequence[Sentence],
    copies: Sequence[Sequence[Sentence]],
    story_of: Sequence[int],
) -> dict[int, list[Sentence]]:
    """Story number -> every sentence of the day that tells it: the candidates, their
    copies in the same words (`facts.telling`) and the sentences right after them; the
    day's tallies (`_DAILY_TALLY`) under `_TALLY`, whichever story they came with."""
    by_sentence = {
        id(sentence): number
        for told, number in zip(copies, story_of, strict=True)
        for sentence in told
    }
    told: dict[int, list[Sentence]] = defaultdict(list)
    current: tuple[int, int] | None = None  # (story, index of its last sentence)
    previous_article: Article | None = None
    for sentence in sentences:
        if sentence.article is not previous_article:
            current, previous_article = None, sentence.article
        number = by_sentence.get(id(sentence))
        if number is not None:
            current = (number, sentence.index)
        elif current is not None and sentence.index - current[1] <= _ATTACHED:
            number = current[0]
        if number is not None:
            told[_TALLY if _DAILY_TALLY.search(sentence.text) else number].append(sentence)
    return told


def _reports(sentences: Sequence[Sentence], time: TimeWords) -> dict[FigureKind, list[_Report]]:
    """Each article's count per kind for one event: its largest (a smaller count in the
    same article is a part, or an earlier figure it revised)."""
    best: dict[tuple[FigureKind, Article], _Report] = {}
    for sentence in sentences:
        for mention, updated in _counts(sentence.text, time):
            if mention.total is None:
                continue  # only shot down: not what was launched
            key = (mention.kind, sentence.article)
            known = best.get(key)
            if known is None or mention.total > known.value:
                best[key] = _Report(
                    mention.total,
                    sentence.article,
                    updated,
                    mention.qualifier,
                    mention.intercepted,
                    mention.rockets,
                )
            elif mention.total == known.value:
                known.updated = known.updated or updated
    reports: dict[FigureKind, list[_Report]] = defaultdict(list)
    for (kind, _article), report in best.items():
        reports[kind].append(report)
    return reports


def _trusted(kind: FigureKind, reports: list[_Report]) -> tuple[_Report, list[str]]:
    """The report to show and the notes: the highest update or later, higher report, else
    the lowest with the other values noted, a lower bound ("at least 12") below another
    report not counting as the lowest. A launch count is an official tally that
    outlets round ("close to 150 drones"): a rounded one gives way to an exact one."""
    if kind in _LAUNCHES:
        exact = [report for report in reports if not _ROUNDED.fullmatch(report.qualifier or "")]
        reports = exact or reports
    values = sorted({report.value for report in reports})
    updated = [report for report in reports if report.updated]
    latest = max(
        (report for report in reports if report.article.published is not None),
        key=lambda report: report.article.published,  # type: ignore[arg-type, return-value]
        default=None,
    )
    top = values[-1]
    # A bound ("at least 12") disagrees with no higher report: the lowest is sought among
    # the others.
    lowest = min(
        (report for report in reports if not (_is_bound(report) and report.value < top)),
        key=lambda report: report.value,
    )
    if updated:
        kept = max(updated, key=lambda report: report.value)
    elif latest is not None and latest.value == top and len(values) > 1:
        kept = latest
    else:
        kept = lowest
    earlier = [value for value in values if value < kept.value]
    later = [value for value in values if value > kept.value]
    notes = count_notes(kept.qualifier, kept.value, kept.intercepted, kept.rockets)
    if earlier and kept is not lowest:
        notes.append("earlier reports: " + ", ".join(map(str, earlier)))
    if later:
        notes.append("other sources: " + ", ".join(map(str, later)))
    agreeing = {report.article.source for report in reports if report.value == kept.value}
    if len(agreeing) > 1:
        notes.append(f"{len(agreeing)} sources")
    return kept, notes


def _is_bound(report: _Report) -> bool:
    return (report.qualifier or "").lower() in _LOWER_BOUNDS


def event_counts(
    sentences: Sequence[Sentence],
    copies: Sequence[Sequence[Sentence]],
    story_of: Sequence[int],
    time: TimeWords,
) -> dict[int, EventCounts]:
    """Story number (or `_TALLY`) -> its sentences and counts (`_story_of_sentences`)."""
    return {
        number: EventCounts(told, _reports(told, time))
        for number, told in _story_of_sentences(sentences, copies, story_of).items()
    }


def risen_tolls(counts: Mapping[int, EventCounts]) -> dict[int, dict[FigureKind, int]]:
    """Story number -> the tolls that rose during the day, at the value the key figures
    give (`_trusted`): the events whose first reports a reader should not be shown."""
    risen: dict[int, dict[FigureKind, int]] = {}
    for number, event in counts.items():
        for kind in _TOLLS:
            if kind in event.reports:
                kept, _notes = _trusted(kind, event.reports[kind])
                if any(report.value < kept.value for report in event.reports[kind]):
                    risen.setdefault(number, {})[kind] = kept.value
    return risen


def outdated(text: str, tolls: dict[FigureKind, int], time: TimeWords) -> bool:
    """Whether the sentence `text` gives a toll of its event below the risen one."""
    return any(
        mention.total is not None and mention.total < tolls.get(mention.kind, 0)
        for mention, _updated in _counts(text, time)
    )


def story_place(texts: Sequence[str]) -> str | None:
    """Where an event happened, at the most useful level: the place its sentences name most
    (a town before its region, either before a country), with its region when they give
    one ("Bilozerka, Kherson region")."""
    named: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        for place in find_places(text):
            key = place_key(place.name)
            if key:
                named[key] += 2 if place.event else 1
                spelling.setdefault(key, place.name)
    if not named:
        return None
    towns = [key for key in named if not is_country(spelling[key])]
    key = max(towns or named, key=lambda key: (named[key], -list(named).index(key)))
    parent = regions_of(texts).get(key)
    name = spelling[key]
    if parent and parent in spelling:
        return f"{name}, {spelling[parent]}"
    return name


def event_figures(
    counts: Mapping[int, EventCounts], stories: Sequence[Story], ranked: Sequence[int]
) -> list[Figure]:
    """The key figures of the events in `ranked` (the digest's order), then of the day's
    tallies, then of the other events of the day that are not stale, most outlets first;
    one line per event and kind, at most `MAX_LINES`. A line of a kind and place already
    given is not repeated."""
    others = sorted(
        (n for n in range(len(stories)) if n not in ranked and stories[n].status != "stale"),
        key=lambda n: -len(stories[n].outlets),
    )
    figures: list[Figure] = []
    given: set[tuple[FigureKind, str | None]] = set()
    for number in [*ranked, _TALLY, *others]:
        if number not in counts or (number != _TALLY and stories[number].status == "stale"):
            continue
        reports = counts[number].reports
        if not reports:
            continue
        place = story_place([sentence.text for sentence in counts[number].sentences])
        for kind in FIGURE_KINDS:
            if kind not in reports or len(figures) == MAX_LINES:
                continue
            if place is None and kind in _TOLLS:
                continue  # a toll with no place tells a reader nothing
            key = (kind, place_key(place))
            if key in given:
                continue
            given.add(key)
            kept, notes = _trusted(kind, reports[kind])
            figures.append(
                Figure(
                    kind=kind,
                    value=kept.value,
                    place=place,
                    source=kept.article.source,
                    url=kept.article.url,
                    article_id=kept.article.id,
                    note="; ".join(notes) or None,
                )
            )
    return figures
