"""Hostile text on the intake path: every text function finishes, however the input is built.

Each case runs in a child process with a generous deadline, so a pattern that turns
quadratic again fails the test (instead of hanging the suite for hours). The deadline
is a guard against blow-ups, not a speed measurement: linear code needs well under a
second for these inputs on any machine.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from digest.intake.cleaning import MAX_LINE, MAX_WORD, clean_article, normalise_lines
from digest.intake.dates import date_in_text, split_date_prefix
from digest.intake.documents import DayContext, Rejected, build_article
from digest.intake.feeds import plain_text
from digest.sentences import split_text

SIZE = 200_000
DEADLINE = 20.0
TODAY = date(2025, 11, 30)
CONTEXT = DayContext(ZoneInfo("UTC"), TODAY, TODAY, "test")

HOSTILE = {
    "digit word": "a1" * (SIZE // 2),
    "digits": "1" * SIZE,
    "spaces": "x" + " " * SIZE + "y",
    "tabs": "x" + "\t" * SIZE + "y",
    "no-break spaces": "x" + "\u00a0" * SIZE + "y",
    "spaced digits": " 1" * (SIZE // 2),
    "line without punctuation": "word " * (SIZE // 5),
    "open brackets": "[" * SIZE,
    "bracketed words": "[ab" * (SIZE // 3),
    "open angles": "<" * SIZE,
    "angled words": "<a " * (SIZE // 3),
    "capitals": "A " * (SIZE // 2),
    "month names": "on jan " * (SIZE // 7),
    "date-like digits": "2025-1" * (SIZE // 6),
}


def _build(text: str) -> None:
    with contextlib.suppress(Rejected):
        build_article(text, source="hostile", context=CONTEXT)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "build_article": _build,
    "clean_article": clean_article,
    "plain_text": plain_text,
    "date_in_text": lambda text: date_in_text(text, TODAY),
    "split_date_prefix": lambda text: split_date_prefix("date 2025-11-30 " + text, TODAY),
    "split_text": lambda text: split_text(clean_article(text).body),
}


def _run(function: str, case: str) -> None:
    FUNCTIONS[function](HOSTILE[case])


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_hostile_text_finishes(function: str, case: str) -> None:
    child = multiprocessing.get_context("fork").Process(target=_run, args=(function, case))
    child.start()
    child.join(DEADLINE)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{function} on {SIZE:,} characters of {case!r}: not done in {DEADLINE:g} s")
    assert child.exitcode == 0


def test_overlong_words_are_dropped_and_real_ones_kept() -> None:
    german = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    url = "https://example.org/" + "a" * 400
    blob = "QUJD" * (MAX_WORD // 4 + 1)
    assert normalise_lines(f"Das {german} gilt {url} seit {blob} heute.") == [
        f"Das {german} gilt {url} seit heute."
    ]


def test_overlong_line_is_split_at_spaces_without_losing_words() -> None:
    words = [f"word{number}" for number in range(MAX_LINE // 3)]
    lines = normalise_lines(" ".join(words) + ".")
    assert len(lines) > 1
    assert all(MAX_LINE // 3 < len(line) <= MAX_LINE for line in lines)
    assert " ".join(lines) == " ".join(words) + "."
    assert len(clean_article(" ".join(words) + ".").body.split()) == len(words)
