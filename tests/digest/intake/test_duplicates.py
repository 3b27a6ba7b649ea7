"""The near-duplicate decision on its own: which stored article, if any, a text repeats."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from digest.fingerprint import jaccard, shingle_hashes
from digest.intake import duplicates
from digest.intake.duplicates import (
    NEAR_DUPLICATE_CONTAINMENT,
    NEAR_DUPLICATE_JACCARD,
    NEARBY_DAYS,
    NearCopyIndex,
    nearby_days,
    shared,
)
from tests.support.shingles import shingles

DAY = date(2025, 12, 1)
STORY = (
    "Russian drones struck the port of Odesa overnight, damaging grain silos and a power "
    "substation, regional governor Oleh Kiper said on Sunday. Two dock workers were wounded. "
    "Air defences shot down 31 of 40 drones launched at the region, the air force said."
)
OTHER = "Peace talks resumed in Istanbul with delegations from both sides and mediators. " * 3


def _index(*texts: tuple[int, str, str], day: date = DAY) -> NearCopyIndex:
    index = NearCopyIndex()
    for article_id, source, text in texts:
        index.add(article_id, day, source, shingle_hashes(text))
    return index


def test_a_reworded_copy_repeats_the_stored_story() -> None:
    copy = "UPDATED: " + STORY.replace("on Sunday", "on Sunday morning") + " Read more at Wire."
    index = _index((1, "Talks", OTHER), (2, "Wire", STORY))
    assert index.find(DAY, shingle_hashes(copy)) == (2, "Wire")


def test_a_trimmed_copy_repeats_the_story_it_was_cut_from_and_the_other_way_round() -> None:
    trimmed = STORY.split(" Air defences")[0]
    assert _index((7, "Wire", STORY)).find(DAY, shingle_hashes(trimmed)) == (7, "Wire")
    assert _index((7, "Wire", trimmed)).find(DAY, shingle_hashes(STORY)) == (7, "Wire")


def test_another_story_and_empty_texts_repeat_nothing() -> None:
    assert _index((1, "Wire", STORY)).find(DAY, shingle_hashes(OTHER)) is None
    assert _index((1, "Wire", STORY)).find(DAY, np.empty(0, dtype=np.int64)) is None
    assert _index((1, "Wire", "")).find(DAY, shingle_hashes(STORY)) is None


def test_only_the_days_around_the_article_count() -> None:
    window = nearby_days(DAY)
    assert len(window) == 2 * NEARBY_DAYS + 1
    assert (min(window), max(window)) == (date(2025, 11, 29), date(2025, 12, 3))
    far = _index((1, "Wire", STORY), day=DAY - timedelta(days=NEARBY_DAYS + 1))
    assert far.find(DAY, shingle_hashes(STORY)) is None


def test_the_first_and_last_days_of_the_calendar_have_no_days_beyond() -> None:
    assert nearby_days(date.min) == [date.min + timedelta(days=n) for n in range(NEARBY_DAYS + 1)]
    assert max(nearby_days(date.max)) == date.max
    assert len(nearby_days(date.max)) == NEARBY_DAYS + 1


def test_hashed_shingle_sets_share_what_the_shingle_sets_share() -> None:
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(20)]
    for _ in range(200):
        left, right = (" ".join(rng.choices(vocabulary, k=rng.randint(0, 60))) for _ in "lr")
        grams = shingle_hashes(left)
        assert len(grams) == len(shingles(left))
        if len(right.split()) >= 3 and len(left.split()) >= 3:
            common = len(shingles(left) & shingles(right))
            assert shared(grams, [shingle_hashes(right), grams]).tolist() == [common, len(grams)]


def _repeats(grams: frozenset[str], other: frozenset[str]) -> bool:
    """The rule on the shingles themselves, as the full scan applied it."""
    shared = len(grams & other)
    return bool(grams and other) and (
        jaccard(grams, other) >= NEAR_DUPLICATE_JACCARD
        or shared / min(len(grams), len(other)) >= NEAR_DUPLICATE_CONTAINMENT
    )


@pytest.mark.parametrize("small_run", [16, duplicates.SMALL_RUN])
def test_the_index_decides_as_comparing_with_every_stored_article(
    small_run: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random texts from a small vocabulary (many shared shingles), with copies trimmed,
    padded and reworded to every degree around the thresholds: the index finds the same
    earliest match as the full scan it replaces, for every text (with the days' postings
    merged into their large runs all along, and never)."""
    monkeypatch.setattr(duplicates, "SMALL_RUN", small_run)
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(60)]
    index, matches = NearCopyIndex(), 0
    stored: list[tuple[int, date, str, frozenset[str]]] = []
    for article_id in range(600):
        day = DAY + timedelta(days=rng.randrange(7))
        if stored and rng.random() < 0.6:
            _, _, base, _ = rng.choice(stored)
            words = base.split()
            start = rng.randrange(len(words) // 2 + 1)
            words = words[start : start + rng.randint(1, len(words))]
            edits = rng.choice((0.0, 0.02, 0.05, 0.1))
            words = [rng.choice(vocabulary) if rng.random() < edits else w for w in words]
            words += rng.choices(vocabulary, k=rng.randrange(len(words) + 1))
        else:
            words = rng.choices(vocabulary, k=rng.randint(2, 80))
        text = " ".join(words)
        strings, window = shingles(text), set(nearby_days(day))
        expected = next(
            (
                (other_id, f"s{other_id}")
                for other_id, other_day, _, other in stored
                if other_day in window and _repeats(strings, other)
            ),
            None,
        )
        grams = shingle_hashes(text)
        assert index.find(day, grams) == expected, text
        matches += expected is not None
        index.add(article_id, day, f"s{article_id}", grams)
        stored.append((article_id, day, text, strings))
    assert 50 < matches < 500, matches  # both answers are common
