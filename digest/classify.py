"""Sort sentences into digest sections with weighted, human-readable cues.

A sentence goes to one of the registry's sections (`digest.sections`: strikes, talks, politics)
or to `other`.  Each section has a list of weighted regular expressions, found by its name in
`digest/data/section_cues.tsv` (plus a section's own `cues`); a sentence's score for a section
is the sum of the weights of the cues it contains.  Rules rather than a trained model because the
digest must hold up on wars the project was not written for, and a few hundred labeled sentences
are too few to train a model that would not memorise place names; rules can be read, argued
about and fixed one line at a time.

Two ideas carry the hard cases:

* The main clause decides.  "The strikes came hours before negotiators met" is about strikes:
  when the main clause alone settles on a section, that is the answer.  Only when it does not
  are the subordinate parts of the sentence (after "as", "amid", "before", "after", "despite",
  in a ", which ...," aside, or in a leading "Despite the truce, ...") added, at
  `SUBORDINATE_WEIGHT` of their weight.
* Background competes as its own section.  War words in context ("the war, now in its fourth
  year, has killed tens of thousands") feed the `other` score through background cues, and a
  sentence whose best digest score does not beat both `MIN_SCORE` and its `other` score is
  `other`.  The `other` score always covers the whole sentence (background in a trailing
  clause still marks the sentence as background).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from digest.alternation import grouped
from digest.models import SECTIONS, SectionName
from digest.sections import OTHER, REGISTRY, Section, check_sections, names

SECTION_NAMES: tuple[SectionName, ...] = (*SECTIONS, OTHER)
"""Every label the shipped classifier gives: the registry's sections, then `other`."""

MIN_SCORE = 2.5
"""A digest section needs at least this much evidence (one clear cue); below it: `other`."""

SUBORDINATE_WEIGHT = 0.4
"""Share of a cue's weight that counts when it stands in a subordinate clause (and the main
clause alone did not decide)."""

EVENTLESS_WEIGHT = 0.25
"""Share of a section's score that counts when the sentence names none of the section's events
(`digest/data/section_events.tsv`): "attack planes" in an arms deal is not an attack."""

ANCHORLESS_WEIGHT = 0.25
"""Share of a section's score that counts when the sentence names none of what the section's
news is about (`digest/data/section_anchors.tsv`): "I took the attacks personally" names no
weapon, armed force, toll or target; "a framework" no party to a conflict."""

_CUES_RESOURCE = "section_cues.tsv"
_EVENTS_RESOURCE = "section_events.tsv"
_ANCHORS_RESOURCE = "section_anchors.tsv"

# A sentence that opens with a subordinate phrase ("Despite the truce, ...", "Hours after X,
# ...", "Speaking after the meeting, ..."): everything up to the first comma is context.
_LEADING_SUBORDINATE = re.compile(
    r"^(?:[\w'-]+ ){0,2}(?:despite|after|before|amid|while|as|following|since|although|though|"
    r"when|if|in (?:response|retaliation) to)\b[^,]*,"
)
# Where the main clause hands over to a subordinate one (also the cause of a state: "The dire
# conditions were prompted by the bombardment" is about the conditions).  "as" only counts
# when it cannot be "such as", "as part of", "as well as", "as a weapon" or "named X as
# president"; "after" not in "named after".
_SUBORDINATE_START = re.compile(
    r"(?:,\s*|\s)(?:(?:even|just|only) as|(?<!such )as (?!part|well|a result|many|much|long|"
    r"soon|far|of|the new|the next|president|prime|head|chief|minister|acting|interim|its|his|"
    r"her|their|an?\b)|while|whereas|amid|amidst|before|(?<!named )after|ahead of|"
    r"following|since|despite|in spite of|even though|although|though|in (?:response|retaliation) "
    r"to|in retaliation for|in protest (?:at|against|over)|"
    r"(?:exacerbated|prompted|worsened|fuell?ed|deepened|compounded) by)\b"
)
# A non-restrictive aside: ", which ...," or ", who ...," up to the next comma or the end.
_ASIDE = re.compile(r",\s*(?:which|who|whose|where)\b[^,]*(?:,|$)")
# Words quoted inside a sentence (curly quotes are folded to '"' first): in 'Blocker said,
# "He's a candidate who has fought for ..."' the quote is what he says, not the news.  A
# sentence that opens on a quote is an official's report and keeps its weight, and a quote of
# fewer than QUOTE_WORDS words is a phrase the reporter borrows ("terrorists").
_QUOTED = re.compile(r'"[^"]*(?:"|$)')
QUOTE_WORDS = 4
MAIN_WORDS = 3
"""A main clause of fewer words before "as", "after", ... ("This came", "He said") carries no
news of its own, so what follows it is not subordinate."""
# Anything whose match depends on the text around it: look-arounds, anchors, word boundaries.
_CONTEXTUAL = re.compile(r"\(\?<?[=!]|\\[bBAZ]|(?<![\\\[])[$^]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class Cue:
    """One weighted pattern of a section, kept for explanations and tuning."""

    section: SectionName
    weight: float
    pattern: str


@dataclass(frozen=True)
class Scored:
    """Why a sentence got its section: the score per section and the cues that matched."""

    section: SectionName
    scores: dict[SectionName, float]
    matches: tuple[tuple[SectionName, str, float], ...]
    """(section, matched text, weight counted) for every cue that fired."""
    events: dict[SectionName, str | None]
    """For each section that needs an event and scored enough to win: the event the sentence
    names, or None (the section's score then counts at `EVENTLESS_WEIGHT`)."""
    anchors: dict[SectionName, str | None] = field(default_factory=dict)
    """For each section that needs an anchor and scored enough to win: what the sentence names
    of the section's subject (a weapon, a party, an office), or None (`ANCHORLESS_WEIGHT`)."""


def normalize(text: str) -> str:
    """Case-fold, fold accents and unify quotes so one cue covers every spelling."""
    lowered = text.translate(_QUOTES).casefold()
    if lowered.isascii():  # most wire copy: skip the slow per-character accent folding
        return lowered
    folded = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def make_cue(section: SectionName, weight: float | str, pattern: str, where: str) -> Cue:
    """One checked cue; ValueError naming `where` for a bad weight or a bad regex, so a
    tuning typo fails loudly instead of silently dropping a rule."""
    if pattern != pattern.strip():
        # Cues must end at a word edge; a trailing space could never match before a word.
        raise ValueError(f"{where}: regex starts or ends with a space")
    if _CONTEXTUAL.search(pattern):
        # The classifier identifies a match's cue by re-matching the text alone.
        raise ValueError(f"{where}: look-arounds, anchors and \\b are not allowed")
    try:
        value = float(weight)
        re.compile(pattern)
    except ValueError as error:
        raise ValueError(f"{where}: bad weight {weight!r}") from error
    except re.error as error:
        raise ValueError(f"{where}: bad regex {pattern!r}: {error}") from error
    return Cue(section, value, pattern)


def parse_cues(lines: list[str], origin: str = "cues") -> list[Cue]:
    """Read `section<TAB>weight<TAB>regex` lines (blank lines and `#` comments skipped).

    Raises ValueError naming the line for a section outside the registry (or `other`), a bad
    weight or a bad regex.
    """
    cues: list[Cue] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{origin}:{number}: expected section<TAB>weight<TAB>regex")
        section, weight_text, pattern = parts
        if section not in SECTION_NAMES:
            raise ValueError(f"{origin}:{number}: unknown section {section!r}")
        cues.append(make_cue(section, weight_text, pattern, f"{origin}:{number}"))
    return cues


def load_cues() -> list[Cue]:
    """The cues shipped in `digest/data/section_cues.tsv`."""
    text = resources.files("digest").joinpath("data", _CUES_RESOURCE).read_text("utf-8")
    return parse_cues(text.splitlines(), _CUES_RESOURCE)


def parse_events(lines: list[str], origin: str = "events") -> dict[SectionName, str]:
    """Read `section<TAB>regex` lines into one alternation per section (blank lines and `#`
    comments skipped); ValueError naming the line for an unknown section or a bad regex."""
    events: dict[SectionName, list[str]] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in SECTIONS:
            raise ValueError(f"{origin}:{number}: expected a digest section<TAB>regex")
        section, pattern = parts
        make_cue(section, 1, pattern, f"{origin}:{number}")  # the same checks as a cue
        events.setdefault(section, []).append(pattern)
    return {section: "|".join(patterns) for section, patterns in events.items()}


def load_events(resource: str = _EVENTS_RESOURCE) -> dict[SectionName, str]:
    """The events shipped in `digest/data/section_events.tsv` (or, with `resource`, the
    anchors of `section_anchors.tsv`, which have the same form)."""
    text = resources.files("digest").joinpath("data", resource).read_text("utf-8")
    return parse_events(text.splitlines(), resource)


def load_anchors() -> dict[SectionName, str]:
    """The anchors shipped in `digest/data/section_anchors.tsv`."""
    return load_events(_ANCHORS_RESOURCE)


class Classifier:
    """Cues compiled into one alternation per section, so a sentence costs one regex scan per
    section (and one for `other`); `order` is the sections a sentence can win, in tie-break order.
    The alternations are grouped by first character (`digest.alternation`) for speed.

    The alternation has no capture groups, which would slow every scan; the cue behind a match
    is found afterwards as the first cue that matches the same text on its own.  That is the
    cue the alternation chose, because cues cannot look past their own text (`parse_cues`
    refuses look-arounds, anchors and word boundaries); the answer is cached per text.
    """

    def __init__(
        self,
        cues: list[Cue],
        order: tuple[SectionName, ...] = SECTIONS,
        events: dict[SectionName, str] | None = None,
        anchors: dict[SectionName, str] | None = None,
    ) -> None:
        self._order = order
        self._events = _gates(events or {}, order)
        self._anchors = _gates(anchors or {}, order)
        self._cues: dict[SectionName, list[tuple[re.Pattern[str], float]]] = {}
        self._patterns: dict[SectionName, re.Pattern[str]] = {}
        for name in (*order, OTHER):
            own = [cue for cue in cues if cue.section == name]
            self._cues[name] = [(re.compile(cue.pattern), cue.weight) for cue in own]
            either = grouped(cue.pattern for cue in own) or "|".join(cue.pattern for cue in own)
            self._patterns[name] = re.compile(rf"(?<!\w)(?:{either})(?!\w)" if own else r"(?!)")
        self._weight = lru_cache(maxsize=1 << 16)(self._find_weight)

    def _find_weight(self, section: SectionName, text: str) -> float:
        return next(weight for cue, weight in self._cues[section] if cue.fullmatch(text))

    def score(self, text: str) -> Scored:
        """Score `text` for every section and pick one (see the module docstring)."""
        if not isinstance(text, str):
            raise TypeError(f"a sentence must be a str, not {type(text).__name__}")
        clean = normalize(text)
        subordinate = _subordinate_spans(clean)
        scores: dict[SectionName, float] = dict.fromkeys(self._patterns, 0.0)
        main: dict[SectionName, float] = dict.fromkeys(self._patterns, 0.0)
        matches: list[tuple[SectionName, str, float]] = []
        for name, pattern in self._patterns.items():
            for match in pattern.finditer(clean):
                weight = self._weight(name, match.group())
                if _inside(match.start(), subordinate):
                    weight *= SUBORDINATE_WEIGHT
                else:
                    main[name] += weight
                scores[name] += weight
                matches.append((name, match.group(), weight))
        events: dict[SectionName, str | None] = {}
        for name, pattern in self._events.items():
            if scores[name] < MIN_SCORE:
                continue  # the section cannot win anyway: no need to look for its event
            event = pattern.search(clean)
            events[name] = event.group() if event else None
            if event is None:
                scores[name] *= EVENTLESS_WEIGHT
                main[name] *= EVENTLESS_WEIGHT
        anchors: dict[SectionName, str | None] = {}
        for name, pattern in self._anchors.items():
            if scores[name] < MIN_SCORE:
                continue
            anchor = pattern.search(clean)
            anchors[name] = anchor.group() if anchor else None
            if anchor is None:
                scores[name] *= ANCHORLESS_WEIGHT
                main[name] *= ANCHORLESS_WEIGHT
        main[OTHER] = scores[OTHER]  # background anywhere in the sentence competes
        section = self._decide(main)
        if section == OTHER:
            section = self._decide(scores)
        return Scored(section, scores, tuple(matches), events, anchors)

    def _decide(self, scores: dict[SectionName, float]) -> SectionName:
        best = max(self._order, key=lambda name: scores[name])
        if scores[best] < MIN_SCORE or scores[OTHER] >= scores[best]:
            return OTHER
        return best


def _gates(
    patterns: dict[SectionName, str], order: tuple[SectionName, ...]
) -> dict[SectionName, re.Pattern[str]]:
    """One whole-word regex per section of `order` that has a gate (an event or an anchor)."""
    return {
        name: re.compile(rf"(?<!\w)(?:{grouped([pattern]) or pattern})(?!\w)")
        for name, pattern in patterns.items()
        if name in order
    }


def _subordinate_spans(clean: str) -> list[tuple[int, int]]:
    """Character spans of `clean` that belong to subordinate clauses or asides."""
    spans: list[tuple[int, int]] = []
    main_start = 0
    leading = _LEADING_SUBORDINATE.match(clean)
    if leading:
        spans.append((0, leading.end()))
        main_start = leading.end()
    tail = _SUBORDINATE_START.search(clean, main_start)
    if tail and len(clean[main_start : tail.start()].split()) < MAIN_WORDS:
        tail = None  # "This came after the Senate rejected ...": the news is in the tail
    main_end = tail.start() if tail else len(clean)
    if tail:
        spans.append((tail.start(), len(clean)))
    spans.extend(
        (aside.start(), aside.end()) for aside in _ASIDE.finditer(clean, main_start, main_end)
    )
    spans.extend(
        (quote.start(), quote.end())
        for quote in _QUOTED.finditer(clean)
        if quote.start() > 0 and len(quote.group().split()) >= QUOTE_WORDS
    )
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


@cache
def classifier_for(sections: tuple[Section, ...]) -> Classifier:
    """The classifier of `sections`, in their order: the shipped cues of their names plus each
    section's own cues, compiled once per process per list (a build passes its options')."""
    check_sections(sections)
    order = names(sections)
    shipped = [cue for cue in load_cues() if cue.section in (*order, OTHER)]
    own = [
        make_cue(section.name, weight, pattern, f"{section.name} cue {number}")
        for section in sections
        for number, (weight, pattern) in enumerate(section.cues, start=1)
    ]
    return Classifier(shipped + own, order, load_events(), load_anchors())


def default_classifier() -> Classifier:
    """The classifier of the registry's sections, built from the shipped cues."""
    return classifier_for(REGISTRY)


def classify_with_scores(text: str) -> Scored:
    """The section of `text` with the per-section scores and matched cues that explain it."""
    return default_classifier().score(text)


def classify(text: str) -> SectionName:
    """The digest section of one sentence: one of the registry's sections, or other."""
    return default_classifier().score(text).section
