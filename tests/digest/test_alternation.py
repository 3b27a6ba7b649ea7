"""Alternations grouped by first character match exactly what the plain alternation matches."""

from __future__ import annotations

import re

import pytest

from digest.alternation import grouped, split_alternatives
from digest.classify import SECTION_NAMES, load_cues, load_events, normalize
from digest.evaluation import read_labeled
from tests.support.paths import DATA

CASES = {
    "order within a letter": (["kill|killed|kills"], "they killed and kills"),
    "leading optional group": (["(?:death |casualty )?toll (?:rose|fell)"], "the death toll rose"),
    "leading group, a rival word": (["(?:hunger|general) strikes?", "general"], "general strikes"),
    "class and digits": (["(?:\\d+|[a-z]+)-point plan", "\\d+-day truce"], "a 20-point plan"),
    "currency sign": (["(?:\\$|€) ?\\d+ (?:billion|million)"], "$ 5 billion and €3 million"),
    "repeated first atom": (["\\d{2,4} drones"], "12 drones, 1234 drones"),
    "class with a dash": (["small[- ]arms fire", "sm(?:all)? arms"], "small-arms fire"),
}


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text)]


@pytest.mark.parametrize(("patterns", "text"), CASES.values(), ids=CASES.keys())
def test_grouped_matches_like_the_plain_alternation(patterns: list[str], text: str) -> None:
    source = grouped(patterns)
    assert source is not None and source != "|".join(patterns)
    assert _spans(source, text) == _spans("|".join(patterns), text) != []


@pytest.mark.parametrize("pattern", ["\\w+ing", "a?b", "(?:a|b){2}c", "x+?y", "(?=a)b", ".b"])
def test_what_cannot_be_rewritten_safely_is_left_to_the_caller(pattern: str) -> None:
    assert grouped(["ok", pattern]) is None


def test_bars_inside_groups_and_classes_do_not_split() -> None:
    assert split_alternatives("a(?:b|c)|[|]d|e\\|f") == ["a(?:b|c)", "[|]d", "e\\|f"]


def test_the_shipped_cues_and_events_are_grouped_and_match_the_same_text() -> None:
    rows = read_labeled(DATA / "sections_dev.tsv", SECTION_NAMES)
    sentences = [normalize(row.sentence) for row in rows]
    cues = load_cues()
    alternations = [
        [cue.pattern for cue in cues if cue.section == name]
        for name in sorted({cue.section for cue in cues})
    ] + [[pattern] for pattern in load_events().values()]
    for patterns in alternations:
        source = grouped(patterns)
        assert source is not None
        plain = "|".join(patterns)
        assert all(_spans(source, text) == _spans(plain, text) for text in sentences)
