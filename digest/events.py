"""Events: the day's sentences grouped into happenings, however each outlet told them.

Five outlets tell one drone attack in five ways ("two killed and 14 injured", "killing two
and wounding at least 11"), with other numbers and in other orders, so no sentence-to-sentence
overlap test finds them all. What survives rewording is the vocabulary of the happening: its
places and actors (rare words of the day), the kind of action, and the article the sentence
stands in. Each sentence becomes a sparse TF-IDF vector of its stemmed words, its places
(weighted up, with their regions: a village in a region is compatible with that region) and,
more weakly, its article's title; sentences then join the event whose centroid they resemble
most, found through an inverted index of rare terms, so the cost grows with the sentences,
not with their pairs.

Time words split what the same words would join: "Tuesday's strike, which killed seven" in a
Wednesday article retells an earlier day (`retells`), unless it updates it ("the toll from
Tuesday's strike rose to nine", `updates`); such retellings only form events of their own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from digest.actions import decision_kinds, other_decision, sanctioners
from digest.concreteness import WEEKDAYS
from digest.memo import per_text
from digest.places import day_places, find_places, named_places, place_key, spelling_variants
from digest.ranking import rank_terms

JOIN_AT = 0.3
"""Cosine to an event's centroid from which a sentence joins it."""
PLACE_WEIGHT = 2.0
"""A place counts as much as two rare words: it is what an event is most often told by."""
CONTEXT_WEIGHT = 0.35
"""Weight of the article's title against the sentence's own words."""
OWN_PLACE = 0.25
"""Share of the most-named place's (or kind of decision's) mentions from which a place (or
kind) is one of an event's own."""
INDEX_TERMS = 8
"""How many of a sentence's rarest terms look up the events it may join."""
INDEX_DEPTH = 64
"""How many events one term keeps in the index (the latest): bounds work per sentence."""

_MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
MONTHS = frozenset(_MONTHS)
_UPDATE = re.compile(
    r"\b(?:rose|risen|rising|climbed|climbing|increased|jumped|grew|has grown|reached|"
    r"now stands|now stood|revised|updated|updating|raising|raised|bringing)\b[^.;]{0,40}?"
    r"\b(?:to|at)\b"
    r"|\b(?:toll|number of (?:dead|wounded|injured))\b[^.;]{0,60}\b(?:rose|risen|climbed|"
    r"increased|reached|stands)\b"
    r"|\bnow (?:confirmed|stands|number)\b"
    r"|\brais(?:ing|ed) (?:the|an earlier|its|an) (?:\w+ )?(?:toll|count|figure|number)\b"
    r"|\bup from\b"
    r"|\bmore than (?:the|their|its|his|her|an) (?:first|earlier|previous|initial) "
    r"(?:count|toll|figure|report)\b"
    r"|\b(?:a|the) (?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) "
    r"(?:[\w-]+ ){0,2}(?:has |have |had )?died\b"
    r"|\bdied (?:\w+ ){0,3}(?:of|from) (?:his|her|their) (?:wounds|injuries)\b"
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b(['’]s)?")
_FUTURE = re.compile(r"\b(?:will|would|is due|are due|next|plans? to|scheduled|expected to)\b")
_EARLIER = re.compile(
    r"\b(?:a day|two days|three days|days|a week) (?:after|before|earlier)\b"
    r"|(?<!than )(?<!as )\bthe (?:previous|day before|night before)\b"
    r"|\byesterday(?:'s|’s)?\b"
    r"|\blast (?:week|month|weekend|night)(?:'s|’s)?\b"
    r"|\bearlier (?:this|in the) week\b"
    r"|\b(?:\w+ )?days? ago\b"
    r"|\bagreed (?:on|last)\b(?! (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|today)\b)"  # a weekday after it dates it itself: "agreed on Tuesday" on a Tuesday
)
_PLACE_WORDS = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?"
_AREA = r"(?:region|oblast|province|governorate|state|district|county)"
_QUARTER = r"(?:neighbourhood|neighborhood|district|area|quarter|suburb|camp|outskirts)"
_DIRECTION = r"(?:north|south|east|west|north-east|north-west|south-east|south-west|centre|center)"
_INSIDE = (
    re.compile(rf"\b({_PLACE_WORDS})(?:,| in| of)\s+(?:the\s+)?({_PLACE_WORDS}\s+{_AREA})\b"),
    re.compile(
        rf"\b({_PLACE_WORDS}),? (?:in |on )?the {_DIRECTION}(?:ern)? (?:part )?of ({_PLACE_WORDS})"
    ),
    re.compile(rf"\b({_PLACE_WORDS}),? in {_DIRECTION}(?:ern)? ({_PLACE_WORDS})"),
    re.compile(rf"\bthe ({_PLACE_WORDS}) {_QUARTER} (?:of|in) ({_PLACE_WORDS})"),
    re.compile(rf"\b({_PLACE_WORDS}) {_QUARTER} (?:of|in) ({_PLACE_WORDS})"),
    re.compile(rf"\b({_PLACE_WORDS}),? (?:near|outside|close to) ({_PLACE_WORDS})"),
)
"""Ways news puts a place inside another: "Bilozerka, Kherson region", "in Sheikh Radwan, in
the north of Gaza City", "the Sheikh Radwan neighbourhood of Gaza City", "X near Pokrovsk"."""


def _earlier_weekdays(day: date) -> frozenset[str]:
    """The names of the six days before `day`: a weekday named today that is not today's."""
    return frozenset(WEEKDAYS[(day - timedelta(days=back)).weekday()] for back in range(1, 7))


def _earlier_dates(day: date) -> re.Pattern[str]:
    """Written dates of the week before `day` ("March 17", "17 March")."""
    dates = [day - timedelta(days=back) for back in range(1, 8)]
    forms = {f"{_MONTHS[d.month - 1]} {d.day}" for d in dates}
    forms |= {f"{d.day} {_MONTHS[d.month - 1]}" for d in dates}
    return re.compile(r"\b(?:" + "|".join(sorted(forms)) + r")\b")


@dataclass(frozen=True, slots=True)
class TimeWords:
    """How a day's sentences are dated: which weekday and date words point before it."""

    day: date
    weekdays: frozenset[str]
    dates: re.Pattern[str]
    covered: bool = False

    @classmethod
    def of(cls, day: date, covered: bool = False) -> TimeWords:
        return cls(day, _earlier_weekdays(day), _earlier_dates(day), covered)

    def points_back(self, lowered: str) -> bool:
        """True when the sentence dates what it tells before the day, not in the future:
        "a day after", "Tuesday's strike", "on Monday" two days on, a written date. "On
        Friday" in a Saturday article is a morning report of the night before, unless the
        day before has a digest (`covered`): then it is that digest's news again. A sentence
        that dates its own news today before it points back ("exchanged 250 prisoners on
        Wednesday, a day after negotiators agreed on the swap") tells today's news, with
        yesterday's as its background. Tomorrow's name with a future word ("will lead the
        delegation to Wednesday's meeting" on a Tuesday) dates nothing back."""
        back = self._first_back(lowered)
        if back is None:
            return False
        today = self.today(lowered)
        return today is None or today > back

    def today(self, lowered: str) -> int | None:
        """Where the sentence first dates what it tells on the day ("on Wednesday" in a
        Wednesday article, "today"), if it does."""
        match = re.search(rf"\b(?:on {WEEKDAYS[self.day.weekday()]}|today)\b", lowered)
        return match.start() if match else None

    def _first_back(self, lowered: str) -> int | None:
        """Where the first word dating something before the day stands, if any."""
        starts = [
            match.start()
            for pattern in (_EARLIER, self.dates)
            if (match := pattern.search(lowered)) is not None
        ]
        for match in _WEEKDAY.finditer(lowered):
            name = match.group(1)
            if name not in self.weekdays or (name == self.tomorrow and _FUTURE.search(lowered)):
                continue  # "will lead the delegation to Wednesday's meeting" on a Tuesday
            if match.group(2) or (
                (self.covered or name != self.yesterday) and not _FUTURE.search(lowered)
            ):
                starts.append(match.start())
                break
        return min(starts, default=None)

    @property
    def yesterday(self) -> str:
        return WEEKDAYS[(self.day.toordinal() - 2) % 7]

    @property
    def tomorrow(self) -> str:
        return WEEKDAYS[self.day.toordinal() % 7]


def updates(lowered: str) -> bool:
    """True when a sentence revises a count ("rose to nine", "now stands at 15", "a third
    peacekeeper has died", "died of his wounds")."""
    return _UPDATE.search(lowered) is not None


@per_text
def retells(text: str, time: TimeWords) -> bool:
    """True when a sentence tells an earlier day's news without updating it."""
    lowered = text.lower()
    return time.points_back(lowered) and not updates(lowered)


def unmark_dated_today(told: Sequence[Told], texts: Sequence[str], time: TimeWords) -> None:
    """An attack a strikes sentence dates on the day, revising no count, continues no
    earlier event, however many words it shares with yesterday's on the same town ("Rockets
    hit the grounds of Kantharalak Hospital on Wednesday morning", a day after the market):
    it is merged with that town's follow-ups only as closely as with another town's
    (`MergeAt`)."""
    for item, text in zip(told, texts, strict=True):
        if item.section == "strikes" and not item.update and time.today(text.lower()) is not None:
            item.continues = -1


def regions_of(texts: Sequence[str]) -> dict[str, str]:
    """Place key -> key of the region the day's sentences put it in ("Bilozerka, Kherson
    region"), so a village and its region are one place and two villages are two."""
    parents: dict[str, str] = {}
    for text in texts:
        for child, parent in _places_inside(text):
            parents.setdefault(child, parent)
    return parents


@per_text
def _places_inside(text: str) -> tuple[tuple[str, str], ...]:
    """The (place, region) keys one sentence puts one inside the other, in `_INSIDE` order."""
    pairs = []
    for match in (found for pattern in _INSIDE for found in pattern.finditer(text)):
        child, parent = place_key(match.group(1)), place_key(match.group(2))
        if child and parent and child != parent and not parent.startswith(child + " "):
            pairs.append((child, parent))
    return tuple(pairs)


@dataclass(slots=True)
class Told:
    """One sentence as the clustering sees it: its weighted terms and its places."""

    vector: dict[str, float]
    places: frozenset[str]
    retell: bool
    update: bool = False
    """It revises a count ("The Kobani toll has risen to nine", `updates`)."""
    named: frozenset[str] = frozenset()
    """The places that keep it out of an event of other places (`_clash`): its own, or when
    it names none after a preposition, the day's places it names anywhere ("The Kobani toll
    has risen to nine" in a live blog is no toll of the Raqqa car bomb told next to it);
    empty, its `places` count."""
    section: str = ""
    kinds: frozenset[str] = frozenset()
    """The kinds of decision a politics sentence names (`actions.decision_kinds`)."""
    sanctioners: frozenset[str] = frozenset()
    """Who imposes the sanctions a politics sentence names (`actions.sanctioners`)."""
    continues: int = -1
    """The earlier days' event this sentence tells more of (its place in the history the
    day was built with; -1: none): "the toll rose to 12 overnight" continues yesterday's."""


@dataclass(slots=True)
class _Cluster:
    """An event being formed: the sum of its members' vectors and their places."""

    total: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    places: Counter[str] = field(default_factory=Counter)
    retell: bool = False
    section: str = ""
    members: list[int] = field(default_factory=list)
    earlier: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    sanctioners: Counter[str] = field(default_factory=Counter)
    named: set[str] = field(default_factory=set)
    """Its members' `Told.named` places."""

    def _dot(self, vector: dict[str, float]) -> float:
        return sum(weight * self.total.get(term, 0.0) for term, weight in vector.items())

    def cosine(self, vector: dict[str, float]) -> float:
        return self._dot(vector) / math.sqrt(self.norm2) if self.norm2 else 0.0

    def own_places(self) -> frozenset[str]:
        """The places the event is about (`most_named`). A sentence on Goris's hospital taking
        in Kapan's wounded does not make Kapan's shelling an event of Goris, to be merged
        with the shelling of Goris."""
        return most_named(self.places)

    def add(self, index: int, told: Told) -> None:
        self.norm2 += 2 * self._dot(told.vector) + 1.0
        for term, weight in told.vector.items():
            self.total[term] = self.total.get(term, 0.0) + weight
        self.places.update(told.places)
        self.named.update(told.named or told.places)
        self.kinds.update(told.kinds)
        self.sanctioners.update(told.sanctioners)
        self.members.append(index)
        self.earlier[told.continues] += 1

    def own_kinds(self) -> frozenset[str]:
        """The kinds of decision the event is told by (`most_named`)."""
        return most_named(self.kinds)

    def continues(self) -> int:
        """The earlier event most of its sentences tell more of (-1: a new one)."""
        return self.earlier.most_common(1)[0][0] if self.earlier else -1


def most_named(counts: Counter[str]) -> frozenset[str]:
    """The keys named at least `OWN_PLACE` as often as the most-named one: an event's own
    places, or the kinds of decision it is told by."""
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(key for key, count in counts.items() if count >= OWN_PLACE * top)


def _with_regions(places: frozenset[str], regions: dict[str, str]) -> frozenset[str]:
    return places | {regions[place] for place in places if place in regions}


def describe(
    texts: Sequence[str], contexts: Sequence[str], sections: Sequence[str], time: TimeWords
) -> list[Told]:
    """Each sentence's vector (`contexts[i]` is the title of sentence i's article and the
    sentence before it; `sections[i]` its section); its places include their regions, and a
    place's spellings one letter apart are one place (`places.spelling_variants`)."""
    found = [
        frozenset(key for place in find_places(text) if (key := place_key(place.name)))
        for text in texts
    ]
    spelling = spelling_variants(Counter(key for keys in found for key in keys))

    def spelled(keys: Iterable[str]) -> frozenset[str]:
        return frozenset(spelling.get(key, key) for key in keys)

    regions = {
        spelling.get(child, child): spelling.get(parent, parent)
        for child, parent in regions_of(texts).items()
    }
    known = day_places(texts)
    terms = [rank_terms(text) for text in texts]
    places = [_with_regions(spelled(keys), regions) for keys in found]
    named = [
        where or _with_regions(spelled(named_places(text, known)), regions)
        for text, where in zip(texts, places, strict=True)
    ]
    context_terms = {context: rank_terms(context) for context in set(contexts)}
    frequency: Counter[str] = Counter()
    for own, where in zip(terms, places, strict=True):
        frequency.update(own)
        frequency.update(f"@{place}" for place in where)
    count = len(texts)

    def idf(term: str) -> float:
        return math.log((1 + count) / (1 + frequency.get(term, 0))) + 1.0

    described = []
    for text, own, where, context, section, also in zip(
        texts, terms, places, contexts, sections, named, strict=True
    ):
        # Sorted: sets iterate in string-hash order, which changes from one process to the
        # next, and float sums in another order can tip a threshold; a rebuild must agree.
        vector: dict[str, float] = {term: idf(term) for term in sorted(own)}
        for place in sorted(where):
            vector[f"@{place}"] = PLACE_WEIGHT * idf(f"@{place}")
        for term in sorted(context_terms[context]):
            vector[term] = vector.get(term, 0.0) + CONTEXT_WEIGHT * idf(term)
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        described.append(
            Told(
                vector={term: weight / norm for term, weight in vector.items()},
                places=where,
                named=also,
                retell=retells(text, time),
                update=updates(text.lower()),
                section=section,
                kinds=decision_kinds(text) if section == "politics" else frozenset(),
                sanctioners=sanctioners(text) if section == "politics" else frozenset(),
            )
        )
    return described


def _apart(told: Told | _Cluster, cluster: Told | _Cluster) -> bool:
    """True when a sentence or event cannot join an event: another section, or one is a
    retelling."""
    return told.retell != cluster.retell or told.section != cluster.section


def _clash(places: Collection[str], cluster: _Cluster) -> bool:
    """True when both name places (`Told.named`) and none of them is shared (regions
    included)."""
    return bool(places and cluster.named and not cluster.named & places)


@dataclass(frozen=True, slots=True)
class MergeAt:
    """Centroid cosines from which two events of the day are one (`merge_similar`), by how
    their places relate: a common place, none named on one side, only other places; and
    for events whose sentences the classifier put in other sections. A common place counts
    only when both continue the same earlier event, or neither does: the drone on a town's
    bus depot this morning is not the toll of yesterday's shelling of the town rising."""

    same_place: float
    no_place: float
    other_place: float
    other_section: float

    def of(self, group: _Cluster, target: _Cluster) -> float:
        mine, theirs = group.own_places(), target.own_places()
        at = (
            (self.same_place if group.continues() == target.continues() else self.other_place)
            if mine & theirs
            else self.other_place
            if mine and theirs
            else self.no_place
        )
        return max(at, self.other_section) if group.section != target.section else at


def _rarest(vector: dict[str, float], count: int) -> list[str]:
    """The `count` terms of highest weight: the ones that look up events in the index
    (ties by the term itself, so the answer does not depend on Python's string hashing)."""
    return sorted(vector, key=lambda term: (-vector[term], term))[:count]


def _clusters(told: Sequence[Told], assigned: Sequence[int]) -> dict[int, _Cluster]:
    """The events of an assignment, by number."""
    clusters: dict[int, _Cluster] = {}
    for position, (item, number) in enumerate(zip(told, assigned, strict=True)):
        # The event's retelling flag and section are its first member's.
        clusters.setdefault(number, _Cluster(retell=item.retell, section=item.section)).add(
            position, item
        )
    return clusters


def join_sanctions(told: Sequence[Told], assigned: list[int]) -> list[int]:
    """Join the politics events that tell one body's sanctions (`Told.sanctioners`): "The
    Treasury imposed sanctions on four Nigerians" and "Washington has announced sanctions
    on alleged ISWAP financiers" share few words but are one decision of the day. The EU's
    sanctions stay apart from the US ones, a retelling from the news, and a continuation of
    an earlier day's sanctions from today's (the key holds all three)."""
    clusters = _clusters(told, assigned)
    home: dict[tuple[str, bool, int], int] = {}
    joined: dict[int, int] = {}
    for number in sorted(clusters):
        group = clusters[number]
        if group.section != "politics" or not group.sanctioners:
            continue
        (body, count), *_ = group.sanctioners.most_common(1)
        if 2 * count >= len(group.members) and len(most_named(group.sanctioners)) == 1:
            joined[number] = home.setdefault((body, group.retell, group.continues()), number)
    return [joined.get(number, number) for number in assigned]


def merge_similar(told: Sequence[Told], assigned: list[int], at: MergeAt) -> list[int]:
    """Join events whose centroids resemble each other: a report split over two events
    because its first sentences were vague comes together again. How close they must be
    depends on their places (`MergeAt`): a common place needs least, one place is one
    attack more often than two; only other places need most, but no longer forbid it (a
    venue named once, "the Salalab area" of a city, a region the day never put the town
    in). Events of other sections may join too, more strictly, so that an event belongs to
    one section only. Events told by other kinds of decision stay apart, as sentences do in
    `cluster`: a live blog's "The SDF has dismissed its front commander" and "The EU has
    sanctioned the faction" are two events. Events are compared through the same rare-term
    index, so the cost follows the events, not their pairs."""
    clusters = _clusters(told, assigned)
    parent = {number: number for number in clusters}

    def root(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    index: dict[str, list[int]] = defaultdict(list)
    for number in sorted(clusters, key=lambda n: -len(clusters[n].members)):
        group = clusters[number]
        norm = math.sqrt(group.norm2) or 1.0
        centroid = {term: weight / norm for term, weight in group.total.items()}
        rare = _rarest(centroid, INDEX_TERMS * 2)
        kinds = group.own_kinds()
        best, best_margin = -1, 0.0
        for other in {root(n) for term in rare for n in index.get(term, ())}:
            target = clusters[other]
            if group.retell != target.retell or other_decision(kinds, target.own_kinds()):
                continue
            margin = target.cosine(centroid) - at.of(group, target)
            if margin >= 0 and (best < 0 or margin > best_margin):
                best, best_margin = other, margin
        if best >= 0:
            parent[number] = best
            for position in group.members:
                clusters[best].add(position, told[position])
        else:
            for term in rare:
                index[term].append(number)
    return [root(number) for number in assigned]


def move_named(told: Sequence[Told], assigned: list[int]) -> list[int]:
    """Move each strikes sentence that revises a count and names no place after a
    preposition, but names the day's places elsewhere (`Told.named`), out of an event none
    of whose own places it names: to the event of its section whose own places it names
    most often, else, when its event has places of its own, to one of its own. "The Kobani
    toll has risen to nine", told in a live blog next to the Raqqa car bomb, is the Kobani
    strike's toll, not the bomb's; "Gunmen opened fire at the gate of the Kumbo district
    hospital" is a new attack, not the toll of the raid near Kumbo. Talks and politics are
    left as they are: their venues (Cairo, Jeddah) hold several events each."""
    places: dict[int, Counter[str]] = defaultdict(Counter)
    first: dict[int, Told] = {}
    for item, number in zip(told, assigned, strict=True):
        places[number].update(item.places)
        first.setdefault(number, item)
    own = {number: most_named(counts) for number, counts in places.items()}
    fresh = max(assigned, default=-1) + 1
    moved = []
    for item, number in zip(told, assigned, strict=True):
        if _astray(item, own[number]):
            homes = [
                other
                for other, theirs in own.items()
                if theirs & item.named and not _apart(item, first[other])
            ]
            if homes:
                number = max(homes, key=lambda other: (_named_count(places[other], item), -other))
            elif own[number]:
                number, fresh = fresh, fresh + 1
        moved.append(number)
    return moved


def _astray(item: Told, own: frozenset[str]) -> bool:
    """True when a strikes sentence revising a count names only places elsewhere, none of
    them its event's (or its event has no place of its own: a live blog's "The Kantharalak
    toll now stands at nine" and "has risen to seven" are the Kantharalak market's toll)."""
    return (
        item.section == "strikes"
        and item.update
        and not item.places
        and bool(item.named)
        and not item.named & own
    )


def _named_count(places: Counter[str], item: Told) -> int:
    return sum(places[place] for place in item.named)


def cluster(told: Sequence[Told], order: Sequence[int] | None = None) -> list[int]:
    """The event number of each sentence; sentences are taken in `order` (the most telling
    first, so events form around concrete reports), each joining the most similar event
    reachable through its rarest terms, or starting a new one."""
    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = defaultdict(list)
    assigned = [0] * len(told)
    for position in order if order is not None else range(len(told)):
        item = told[position]
        rare = _rarest(item.vector, INDEX_TERMS)
        reachable = {number for term in rare for number in index.get(term, ())}
        best, best_score = -1, JOIN_AT
        for number in reachable:
            candidate = clusters[number]
            if (
                _apart(item, candidate)
                or _clash(item.named or item.places, candidate)
                or (item.kinds and other_decision(item.kinds, candidate.own_kinds()))
            ):
                continue  # two places or decisions are two events, a retelling is not news
            score = candidate.cosine(item.vector)
            if score > best_score or (score == best_score and number < best):
                best, best_score = number, score
        if best < 0:
            best = len(clusters)
            clusters.append(_Cluster(retell=item.retell, section=item.section))
        clusters[best].add(position, item)
        assigned[position] = best
        for term in rare:
            bucket = index[term]
            if not bucket or bucket[-1] != best:
                bucket.append(best)
                if len(bucket) > INDEX_DEPTH:
                    del bucket[0]
    return assigned
