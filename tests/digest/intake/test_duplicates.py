"""The near-duplicate decision on its own: which stored article, if any, a text repeats."""

from __future__ import annotations

from datetime import date

from digest.fingerprint import shingles
from digest.intake.duplicates import NEARBY_DAYS, near_duplicate, nearby_days

STORY = (
    "Russian drones struck the port of Odesa overnight, damaging grain silos and a power "
    "substation, regional governor Oleh Kiper said on Sunday. Two dock workers were wounded. "
    "Air defences shot down 31 of 40 drones launched at the region, the air force said."
)
OTHER = "Peace talks resumed in Istanbul with delegations from both sides and mediators. " * 3


def test_a_reworded_copy_repeats_the_stored_story() -> None:
    copy = "UPDATED: " + STORY.replace("on Sunday", "on Sunday morning") + " Read more at Wire."
    stored = [(1, "Talks", shingles(OTHER)), (2, "Wire", shingles(STORY))]
    assert near_duplicate(shingles(copy), stored) == (2, "Wire")


def test_a_trimmed_copy_repeats_the_story_it_was_cut_from() -> None:
    trimmed = STORY.split(" Air defences")[0]
    assert near_duplicate(shingles(trimmed), [(7, "Wire", shingles(STORY))]) == (7, "Wire")


def test_another_story_and_empty_texts_repeat_nothing() -> None:
    assert near_duplicate(shingles(OTHER), [(1, "Wire", shingles(STORY))]) is None
    assert near_duplicate(frozenset(), [(1, "Wire", shingles(STORY))]) is None
    assert near_duplicate(shingles(STORY), [(1, "Wire", frozenset())]) is None


def test_the_window_is_the_days_around_the_article() -> None:
    window = nearby_days(date(2025, 12, 1))
    assert len(window) == 2 * NEARBY_DAYS + 1
    assert (min(window), max(window)) == (date(2025, 11, 29), date(2025, 12, 3))
