"""The section classifier on sentences that professional reporters wrote.

tests/data/sections_realworld.jsonl labels candidate sentences of the English pages of the
real-world corpus (../shared/realworld, kept outside the project) whose `about_conflict` is
true, and of the seed articles, by the README's section definitions, before the classifier
was run on them. A label is found on its page by its text (the index only says where to look
first), so a change of text extraction that moves sentences does not break the labels, and
one that changes a labeled sentence's text fails here by name. The test split (every third
file by the sha256 of its name, seeds and pages apart) was chosen before any tuning and is
never tuned on; its measured figures are held as a floor.
"""

from __future__ import annotations

import hashlib
from functools import cache

from digest.classify import SECTION_NAMES, classify
from digest.evaluation import Labeled, evaluate
from digest.page_labels import PageLabel, read_page_labels, resolve
from tests.support.paths import DATA, ROOT
from tests.support.realworld import REALWORLD, expected, require_realworld

LABELS = DATA / "sections_realworld.jsonl"
TEST_MACRO_F1 = 0.67
TEST_STRIKES_PRECISION = 0.74
"""Measured once on the test split of 429 sentences on 2026-12-02: macro-F1 0.677, strikes
precision 0.750; the line holds a little below them. Until then the split held 225 sentences
(0.747 and 0.900 after the third round of rules, 0.707 and 0.750 before it); the other 204
candidate sentences of its files were labeled that day by a helper who read no code and never
ran the classifier, and no rule has been fitted to them."""


def _labels() -> list[PageLabel]:
    return read_page_labels(LABELS, SECTION_NAMES)


@cache
def _resolved() -> tuple[tuple[tuple[PageLabel, Labeled], ...], tuple[str, ...]]:
    found, problems = resolve(_labels(), [REALWORLD, ROOT])
    return tuple(found), tuple(problems)


def test_the_labels_are_many_distinct_and_name_english_conflict_pages_or_seeds() -> None:
    require_realworld()
    labels = _labels()
    assert len(labels) >= 500
    assert len({(label.file, label.sentence) for label in labels}) == len(labels)
    pages = {row["file"]: row for row in expected("pages")}
    for label in labels:
        if label.file.startswith("seeds/"):
            assert (ROOT / label.file).is_file(), label.file
            continue
        row = pages.get(label.file)
        assert row and row["lang"] == "en" and row["about_conflict"], label.file
    assert {label.section for label in labels} == set(SECTION_NAMES)


def test_the_test_split_is_every_third_file_by_hash() -> None:
    labels = _labels()
    files = sorted({label.file for label in labels})
    chosen: set[str] = set()
    for group in ("seeds/", "pages/"):
        ordered = sorted(
            (file for file in files if file.startswith(group)),
            key=lambda file: hashlib.sha256(file.encode()).hexdigest(),
        )
        chosen |= set(ordered[0::3])
    assert {label.file for label in labels if label.split == "test"} == chosen


def test_each_label_is_found_on_its_page_by_its_text() -> None:
    require_realworld()
    found, problems = _resolved()
    assert not problems, f"{len(problems)} labels not on their page:\n" + "\n".join(problems)
    assert len(found) == len(_labels())


def test_the_held_out_real_sentences_meet_the_measured_line() -> None:
    require_realworld()
    found, _ = _resolved()
    rows = [row for label, row in found if label.split == "test"]
    report = evaluate(rows, classify, SECTION_NAMES)
    assert report.macro_f1 >= TEST_MACRO_F1, report.per_label
    assert report.per_label["strikes"].precision >= TEST_STRIKES_PRECISION, report.per_label
