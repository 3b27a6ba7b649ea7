"""The key figures of a day: people killed and wounded, missiles and drones launched.

Every value is a number written in a sentence ("killing six people", "29 people were
wounded", "shot down 249 drones"); nothing is estimated or summed. Totals of a whole
war, ages, years, money and sub-counts ("including four children") are not tolls of
the day and are skipped. Within one article the largest count of a kind and place is
its toll (smaller ones are parts: "two died in one district, four in another"); across
sources the lowest toll is kept and the note says which others were reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.memo import per_text
from digest.models import FIGURE_KINDS, Article, Figure, FigureKind, Sentence
from digest.places import PlaceMention, dateline_place, find_places, is_country, place_key

_UNITS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS, start=1)}
for _tens_index, _tens in enumerate(_TENS, start=2):
    _WORD_VALUES[_tens] = _tens_index * 10
    for _unit_value, _unit in enumerate(_UNITS[:9], start=1):
        _WORD_VALUES[f"{_tens}-{_unit}"] = _tens_index * 10 + _unit_value
# "dozen" is deliberately absent: "a dozen" is an approximation, not a count.

_WORD_NUMBER = rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS[:9])}))?|{'|'.join(_UNITS)})"
_NOT_A_COUNT_AFTER = (
    r"(?!-|%|[.,]\d|\s*(?i:percent|per cent|years?\b|km\b|kilomet|miles?\b|square|million|"
    r"billion|times\b|days?\b|hours?\b|minutes?\b|weeks?\b|months?\b|[ap]\.?m\b))"
)


def _number(name: str) -> str:
    """A count (digits, "1,200" or a word up to ninety-nine) not glued to a unit or a hyphen."""
    return (
        rf"(?<![\w$€£.,(-])(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{_WORD_NUMBER}))\b"
        rf"{_NOT_A_COUNT_AFTER}"
    )


_QUALIFIER_WORDS = (
    r"(?i:at least|more than|over|almost|nearly|close to|about|around|some|up to|roughly|"
    r"approximately|"
    r"an estimated|at most|fewer than|less than|as many as)"
)
_QUALIFIER = rf"(?:(?P<qual>{_QUALIFIER_WORDS})\s+)?"
_AUX = (
    r"(?i:were|was|are|is|have|has|had|been|being|reportedly|reported|confirmed|also|later|"
    r"all|now|then|found|left|feared|believed|seriously|critically|severely|lightly|slightly|"
    r"badly|mortally)"
)
_INTERCEPT = (
    r"(?i:shot down|shooting down|downed|downing|intercepted|intercepting|destroyed|"
    r"destroying|neutrali[sz]ed|repelled|brought down)"
)

_ACTIVE = re.compile(
    r"(?i:\b(?P<verb>kill(?:s|ed|ing)?|wound(?:s|ed|ing)|injur(?:es|ed|ing)|hurt(?:s|ing)?))\s+"
    + _QUALIFIER
    + _number("num")
)
_PASSIVE = re.compile(
    _QUALIFIER
    + _number("num")
    + rf"(?P<words>(?:\s+(?!{_AUX}\b)[A-Za-z'’-]+){{0,3}}?)"
    # An aside between subject and verb: "13 people, most of them children, were killed".
    + r"(?:\s*,[^,.;]{1,60},)?"
    + rf"(?P<aux>(?:\s+{_AUX})*)\s+"
    r"(?P<verb>(?i:killed|dead|died|perished|wounded|injured|hurt|lost their lives))\b"
)
_TOLL = re.compile(
    r"(?i:\b(?:(?P<dead>death toll|toll|number of (?:dead|deaths|people killed|fatalities)"
    r"|number (?:of )?(?:people )?killed|number dead)|"
    r"(?P<hurt>number (?:of )?(?:wounded|injured|injuries|people (?:wounded|injured))))\b"
    r"[^.;]{0,100}?\b(?:to|at|reached|hit|of|is|was)\s+)" + _QUALIFIER + _number("num")
)
_LIVES = re.compile(
    r"(?i:\bclaim(?:s|ed|ing)?\s+(?:the\s+lives\s+of\s+)?)"
    + _QUALIFIER
    + _number("num")
    # Either "claimed the lives of N" (checked in code) or "claimed N (civilian) lives".
    + r"(?P<lives>(?i:\s+(?:\w+\s+)?lives\b))?"
)
_DEATHS = re.compile(_QUALIFIER + _number("num") + r"(?i:\s+(?:\w+\s+)?(?:deaths|fatalities))\b")
_WEAPON = re.compile(
    _QUALIFIER
    + _number("num")
    + r"(?P<words>(?:\s+(?!(?i:and|or|with|of|in|on|at|by|from|to|for|people|persons|"
    r"civilians|were|was)\b)[A-Za-z'’-]+){0,3}?)\s+"
    r"(?P<weapon>(?i:missiles?|drones?|rockets?|UAVs?|unmanned aerial vehicles|Shaheds?))\b"
)
_COUNT = re.compile(_number("num"))
_QUALIFIER_BEFORE = re.compile(rf"\b{_QUALIFIER_WORDS}\s+$")
_VERB_LED: tuple[re.Pattern[str], ...] = (_ACTIVE, _TOLL, _LIVES)
_COUNT_LED: tuple[re.Pattern[str], ...] = (_PASSIVE, _DEATHS, _WEAPON)
"""Count-led patterns are only tried where `_COUNT` found a number: scanning every
position with them is what made the first version slow."""

_INTERCEPTED_BEFORE = re.compile(
    _INTERCEPT + r"\s+" + _QUALIFIER + r"(?:" + _number("part") + r"\s+of\s+(?:the\s+)?)?$"
)
_PART_BEFORE = re.compile(_number("part") + r"\s+of\s+(?:the\s+)?$")
_SHARE_BEFORE = re.compile(r"(?i:\b(?:most|some|many|several|part|majority) of (?:the\s+)?)$")
_INTERCEPTED_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?i:were|was|have been|had been|are)\s+(?:\w+\s+)?" + _INTERCEPT
)
_SUBCOUNT_BEFORE = re.compile(
    r"(?i:\b(?:including|among them|among whom|of whom|of them|of which|"
    r"among the (?:dead|victims|killed|wounded|injured)(?:\s+(?:were|are))?|"
    r"still (?:treating|caring for)))\s*$"
)
_SUBCOUNT_AFTER = re.compile(
    r"(?i:\s+of (?:the|those) (?:dead|victims|killed|wounded|injured)\b"
    r"|[^.;,]{0,40}?\b(?:(?:are|were|is|was|remain|remained) still|still (?:in|being|under))\b)"
)
"""A part of a toll told after its count: "nine of the wounded were moved", "Fourteen people
wounded in the strike are still in hospital" (those still treated, not all the wounded)."""
_DIED_AFTER = re.compile(r"[^.;]{0,80}?\b(?:died|have died|has died|succumbed)\b")
"""The rest of a clause whose wounded died ("Two more passengers wounded in Tuesday's bomb
attack, in Lamu county, died overnight"): a count of the dead, which its toll tells."""
# The sentence-level tests below run on lower-cased text: Python's `re` scans for a
# case-sensitive literal far faster than for a case-insensitive one, and these run on
# every sentence of the day.
_ATTACK_CONTEXT = re.compile(
    r"launch|fired|attack|strike|struck|hit|hammer|barrage|overnight|shot|intercept|downed|"
    r"destroyed|target|assault|wave|salvo|bombard|swarm"
)
_FRESH_SUPERLATIVE = re.compile(
    r"\b(?:deadliest|worst|largest|biggest|heaviest|first|most \w+)\b[^.;]{0,40}?\bsince\s+\S+"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_CUMULATIVE = re.compile(
    "|".join(
        (
            rf"\bsince (?:the )?(?:(?:19|20)\d\d|{_MONTH}|start|beginning|outbreak|war|conflict|"
            r"invasion)\b",
            r"\bsince [^.;,]{0,40}\b(?:began|started)\b",
            r"\bso far this\b|\bto date\b",
            r"\b(?:last|this|earlier this|previous|past) (?:week|month|year)\b",
            r"\bpast (?:\w+ )?(?:days|weeks|months|years)\b",
            r"\b(?:per|a|every) (?:day|week|month)\b(?! (?:after|before|earlier|later|of)\b)",
            rf"\bin (?:(?:19|20)\d\d|{_MONTH})\b",
            r"\b(?:tens|hundreds) of thousands\b",
            r"\b(?:war|conflict|fighting|invasion|offensive|campaign)\b[^.;]{0,40}"
            r"\b(?:has|have) (?:killed|left|claimed|wounded)",
        )
    )
)
"""Words that make a count a running total or a rate rather than the day's toll."""
_SCATTERED = re.compile(r"\bacross (?:\w+ ){1,2}regions\b")
_WORTH_READING = re.compile(
    r"kill|dead|died|death|perish|lives|fatalit|wound|injur|hurt|missile|drone|rocket|uav|"
    r"shahed|toll"
)
_HAS_NUMBER = re.compile(rf"\d|\b{_WORD_NUMBER}\b")
_ANY_NUMBER = re.compile(rf"\d[\d,.]*\d|\d|\b{_WORD_NUMBER}\b")
_ATTACK_WORD = re.compile(r"attack|strike|struck|hit|hammer|shell|bomb|raid|assault|barrage")
_FOLLOWS_VICTIMS = re.compile(
    r"\s*(?:$|[,.;:)—–-]|(?i:in|on|at|near|as|after|when|and|by|during|overnight|including|"
    r"while|following|across|over|from|inside|outside|since|today|yesterday|"
    r"are|were|is|was|have|has|had|remain|remained|still)\b)"
)
_WEAPON_WORD = re.compile(r"(?i:drone|missile|rocket|strike|attack|shell|bomb|raid)")
_CLAUSE_BREAK = re.compile(r"[,;:—–()]")
_LOOKBACK = 6
"""How many sentences back a place stays the place of later unplaced figures."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One count found in a sentence, before it gets a place.

    `total` is the people hit or weapons launched; a sentence that only says how many
    weapons were shot down has `total` None and the count in `intercepted`.
    """

    kind: FigureKind
    start: int
    total: int | None
    qualifier: str | None = None
    intercepted: int | None = None
    rockets: bool = False


@dataclass(slots=True)
class _Tally:
    """One article's figure for a kind and place: its largest counts and their qualifiers."""

    kind: FigureKind
    place: str | None
    article: Article
    total: int | None = None
    total_qualifier: str | None = None
    intercepted: int | None = None
    intercepted_qualifier: str | None = None
    rockets: bool = False

    def add(self, mention: Mention) -> None:
        """Keep the largest total and the largest intercepted count seen so far."""
        if mention.total is not None and mention.total > (self.total or -1):
            self.total, self.total_qualifier = mention.total, mention.qualifier
        if mention.intercepted is not None and mention.intercepted > (self.intercepted or -1):
            self.intercepted = mention.intercepted
            self.intercepted_qualifier = None if mention.total else mention.qualifier
        self.rockets = self.rockets or mention.rockets

    @property
    def value(self) -> int:
        """The launched (or casualty) count; the intercepted one when it is all we have."""
        return self.total if self.total is not None else self.intercepted or 0

    def notes(self) -> list[str]:
        """What a reader must know about this value besides the number itself."""
        qualifier = self.total_qualifier if self.total is not None else self.intercepted_qualifier
        return count_notes(qualifier, self.value, self.intercepted, self.rockets)


def count_notes(
    qualifier: str | None, value: int, intercepted: int | None, rockets: bool
) -> list[str]:
    """What a reader must know about a count besides the number: "at least 7", how many
    were intercepted, that the missiles were rockets."""
    notes = []
    if qualifier:
        notes.append(f"{qualifier.lower()} {value}")
    if intercepted is not None:
        notes.append(f"{intercepted} intercepted")
    if rockets:
        notes.append("rockets")
    return notes


def read_count(token: str) -> int | None:
    """The integer a written count stands for ("1,200", "six", "Twenty-three"), else None."""
    token = token.lower().replace(",", "")
    return int(token) if token.isdigit() else _WORD_VALUES.get(token)


def _value(token: str) -> int:
    """The integer of a token the count pattern matched, which is always a count."""
    value = read_count(token)
    if value is None:
        raise ValueError(f"not a count: {token!r}")
    return value


def _is_count(text: str, match: re.Match[str]) -> bool:
    """False for years, for "no one was hurt" and for sub-counts of a toll already given
    ("including four children")."""
    token = match.group("num")
    if len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100:
        return False
    if (
        token.lower() == "one"
        and text[max(0, match.start("num") - 3) : match.start("num")].lower() == "no "
    ):
        return False
    return not (
        _SUBCOUNT_BEFORE.search(text, max(0, match.start() - 40), match.start())
        or _SUBCOUNT_AFTER.match(text, match.end("num"))
    )


def _casualty(match: re.Match[str], text: str) -> Mention | None:
    """The killed/wounded count a casualty pattern matched, if it is one."""
    groups, pattern = match.groupdict(), match.re
    if pattern is _TOLL:
        kind: FigureKind = "wounded" if groups["hurt"] else "killed"
    elif pattern is _LIVES or pattern is _DEATHS:
        if pattern is _LIVES and not groups["lives"] and "lives" not in match.group(0).lower():
            return None
        kind = "killed"
    else:
        verb = groups["verb"].lower()
        kind = "wounded" if verb.startswith(("wound", "injur", "hurt")) else "killed"
    if pattern is _PASSIVE:
        aux = groups["aux"].lower()
        if "feared" in aux or "believed" in aux or _WEAPON_WORD.search(groups["words"]):
            return None
        transitive = groups["verb"].lower() in {"killed", "wounded", "injured", "hurt"}
        if transitive and not aux.strip() and not _FOLLOWS_VICTIMS.match(text, match.end()):
            return None  # "three soldiers killed two militants": the soldiers did the killing
        if kind == "wounded" and not aux.strip() and _DIED_AFTER.match(text, match.end()):
            return None  # "two more passengers wounded in the attack died": the dead
    return Mention(kind, match.start("num"), _value(groups["num"]), groups["qual"])


def _weapon(match: re.Match[str], text: str, lowered: str) -> Mention | None:
    """A missile or drone count, as launched (with any intercepted part) or intercepted only."""
    value = _value(match.group("num"))
    weapon = match.group("weapon").lower()
    kind: FigureKind = "drones" if weapon[0] in "dus" else "missiles"
    start, qualifier, rockets = match.start("num"), match.group("qual"), weapon[0] == "r"
    before = text[max(0, match.start() - 60) : match.start()]
    intercepted_after = _INTERCEPTED_AFTER.match(text, match.end()) is not None
    shot_down = _INTERCEPTED_BEFORE.search(before)
    part_of = _PART_BEFORE.search(before) if intercepted_after else None
    if shot_down and shot_down.group("part"):
        part_of = shot_down
    if part_of:
        part = _value(part_of.group("part"))  # "downed 40 of 52 missiles"
        return Mention(kind, start, value, qualifier, part, rockets)
    if shot_down or (intercepted_after and not _SHARE_BEFORE.search(before)):
        return Mention(kind, start, None, qualifier, value, rockets)
    if not _ATTACK_CONTEXT.search(lowered):
        return None  # "the plant makes 300 drones": a count, but not of an attack
    return Mention(kind, start, value, qualifier, None, rockets)


@per_text
def mentions(text: str, lowered: str) -> tuple[Mention, ...]:
    """Every fresh count of the day in one sentence (`lowered` is its lower case)."""
    counts = list(_COUNT.finditer(text))
    if not counts:
        return ()  # every pattern holds a count (`_number`): most sentences have none
    matches = [match for pattern in _VERB_LED for match in pattern.finditer(text)]
    for count in counts:
        start = count.start()
        qualifier = _QUALIFIER_BEFORE.search(text, max(0, start - 16), start)
        for pattern in _COUNT_LED:
            match = pattern.match(text, qualifier.start() if qualifier else start)
            if match:
                matches.append(match)
    found: dict[int, Mention] = {}
    for match in matches:
        if match.start("num") in found or not _is_count(text, match):
            continue
        is_weapon = match.re is _WEAPON
        mention = _weapon(match, text, lowered) if is_weapon else _casualty(match, text)
        if mention is not None:
            found[mention.start] = mention
    if found and _CUMULATIVE.search(_FRESH_SUPERLATIVE.sub("", lowered)):
        return ()
    return tuple(found[start] for start in sorted(found))


def _place_of(text: str, places: Sequence[PlaceMention], position: int) -> str:
    """The place of the count at `position`: the first named after it in the same clause
    ("killed 12 civilians in Poonch"), else the one named closest to it."""
    for place in places:
        if place.start >= position and not _CLAUSE_BREAK.search(text, position, place.start):
            return place.name

    def distance(place: PlaceMention) -> int:
        return position - place.end if place.end <= position else place.start - position

    return min(places, key=distance).name


def _most_specific(names: Iterable[str | None]) -> str | None:
    """The last town or region among `names`, else the last country, else None."""
    named = [name for name in names if name]
    towns = [name for name in named if not is_country(name)]
    if towns:
        return towns[-1]
    return named[-1] if named else None


def _headline_place(article: Article) -> str | None:
    """Where the article's event is, from an attack in its title, dateline or first sentence."""
    first_sentence = re.split(r"(?<=[.!?])\s", article.text.lstrip(), maxsplit=1)[0]
    for text in (article.title, first_sentence):
        events = [mention.name for mention in find_places(text) if mention.event]
        if events:
            return _most_specific(events)
    return dateline_place(article.text)


def _article_tallies(sentences: list[Sentence]) -> list[_Tally]:
    """One article's figures: each count placed, then the largest per kind and place."""
    article = sentences[0].article
    recent: tuple[int, str] | None = None
    placed: list[tuple[Mention, str | None]] = []
    for sentence in sorted(sentences, key=lambda item: item.index):
        text = sentence.text
        lowered = text.lower()
        worth = _WORTH_READING.search(lowered) and _HAS_NUMBER.search(lowered)
        found = mentions(text, lowered) if worth else ()
        if not found and not _ATTACK_WORD.search(lowered):
            continue
        places = find_places(text)
        names: list[str | None] = []
        for mention in found:
            if places:
                name = _place_of(text, places, mention.start)
            elif _SCATTERED.search(lowered):
                name = None
            elif recent is not None and sentence.index - recent[0] <= _LOOKBACK:
                name = recent[1]
            else:
                name = _headline_place(article)
            names.append(name)
            placed.append((mention, name))
        here = _most_specific([*names, *(place.name for place in places if place.event)])
        if here is not None:
            recent = (sentence.index, here)
    return _largest_per_place(article, placed)


def _largest_per_place(article: Article, placed: list[tuple[Mention, str | None]]) -> list[_Tally]:
    """Within one article the largest count is the toll; smaller ones are its parts."""
    tallies: dict[tuple[FigureKind, str | None], _Tally] = {}
    for mention, place in placed:
        key = (mention.kind, place_key(place))
        if key not in tallies:
            tallies[key] = _Tally(mention.kind, place, article)
        tallies[key].add(mention)
    return _drop_vaguer_duplicates(list(tallies.values()))


def _specificity(place: str | None) -> int:
    return 0 if place is None else 1 if is_country(place) else 2


def _drop_vaguer_duplicates(tallies: list[_Tally]) -> list[_Tally]:
    """One article giving the same count for "Ukraine" and "Kyiv" means one event, in Kyiv."""
    best: dict[tuple[FigureKind, int], int] = defaultdict(int)
    for tally in tallies:
        key = (tally.kind, tally.value)
        best[key] = max(best[key], _specificity(tally.place))
    return [t for t in tallies if _specificity(t.place) == best[(t.kind, t.value)]]


def _merge_sources(tallies: list[_Tally]) -> list[Figure]:
    """One figure per kind and place: the lowest value, noting what other sources said."""
    groups: dict[tuple[FigureKind, str | None], list[_Tally]] = defaultdict(list)
    for tally in tallies:
        groups[(tally.kind, place_key(tally.place))].append(tally)
    figures = []
    for group in groups.values():
        group.sort(key=lambda tally: tally.value)
        kept = group[0]
        notes = kept.notes()
        others = sorted({tally.value for tally in group if tally.value != kept.value})
        if others:
            notes.append("other sources: " + ", ".join(str(value) for value in others))
        agreeing = {tally.article.source for tally in group if tally.value == kept.value}
        if len(agreeing) > 1:
            notes.append(f"{len(agreeing)} sources")
        article = kept.article
        figures.append(
            Figure(
                kind=kept.kind,
                value=kept.value,
                place=kept.place,
                source=article.source,
                url=article.url,
                article_id=article.id,
                note="; ".join(notes) or None,
            )
        )
    figures.sort(key=lambda f: (FIGURE_KINDS.index(f.kind), -f.value, f.place or ""))
    return figures


def sentence_figures(text: str) -> frozenset[tuple[FigureKind, int, str | None]]:
    """The counts one sentence states on its own, as (kind, value, place key): its place is
    one it names itself, never carried over from earlier sentences, so two sentences can be
    compared out of their articles."""
    lowered = text.lower()
    if not (_WORTH_READING.search(lowered) and _HAS_NUMBER.search(lowered)):
        return frozenset()
    places = find_places(text)
    return frozenset(
        (
            mention.kind,
            mention.total if mention.total is not None else mention.intercepted or 0,
            place_key(_place_of(text, places, mention.start)) if places else None,
        )
        for mention in mentions(text, lowered)
    )


def numbers(text: str) -> frozenset[str]:
    """Every number written in a sentence, in digits or words ("4" for "four"), whatever it
    counts: unlike the figures, years, ages and distances are kept."""
    found = set()
    for token in _ANY_NUMBER.findall(text.lower()):
        value = read_count(token)
        found.add(str(value) if value is not None else token.replace(",", ""))
    return frozenset(found)


def extract_figures(sentences: Sequence[Sentence]) -> list[Figure]:
    """The day's killed, wounded, missiles and drones, one figure per kind and place.

    Sentences may come from many articles in any order; each article is read in
    sentence order so a place named once carries over to the counts that follow.
    """
    by_article: dict[Article, list[Sentence]] = defaultdict(list)
    for sentence in sentences:
        if not isinstance(sentence, Sentence):
            raise TypeError(
                f"extract_figures takes Sentence objects, not {type(sentence).__name__}"
            )
        by_article[sentence.article].append(sentence)
    tallies: list[_Tally] = []
    for article_sentences in by_article.values():
        tallies.extend(_article_tallies(article_sentences))
    return _merge_sources(tallies)
