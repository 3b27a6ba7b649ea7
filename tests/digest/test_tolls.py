"""Key figures read per event (`digest.tolls`): which report of a count a reader is shown."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.build import build_digest
from digest.models import Article, Figure
from digest.tolls import MAX_LINES, _within_limit
from tests.support.digest_samples import DAY


def _article(text: str, source: str, hour: int) -> Article:
    return Article(
        title="Overnight attack",
        text=text,
        source=source,
        day=DAY,
        url=f"https://{source}.example/{hour}",
        published=datetime(DAY.year, DAY.month, DAY.day, hour, tzinfo=UTC),
    )


def test_a_rounded_count_does_not_replace_the_exact_one() -> None:
    digest = build_digest(
        DAY,
        [
            _article(
                "The air force said Russia had launched 146 drones and seven missiles at "
                "Ukraine overnight.",
                "wire",
                8,
            ),
            _article(
                "Russia launched close to 150 drones and seven missiles at Ukraine overnight, "
                "the air force said.",
                "live",
                11,
            ),
        ],
    )
    drones = [figure for figure in digest.figures if figure.kind == "drones"]
    assert [figure.value for figure in drones] == [146]
    assert drones[0].note and "150" in drones[0].note


def _line(kind: str, value: int, place: str) -> Figure:
    return Figure(kind=kind, value=value, place=place, source="wire")  # type: ignore[arg-type]


def test_over_the_limit_the_weapons_of_a_place_with_a_toll_go_first() -> None:
    lines = [
        _line("killed", 7, "Kharkiv"),
        _line("missiles", 2, "Kharkiv"),
        _line("missiles", 15, "Kiryat Shmona"),
        _line("drones", 146, "Ukraine"),
        *(_line("killed", 3 + n, f"Town {n}") for n in range(MAX_LINES - 4)),
        _line("wounded", 14, "Bilozerka"),
    ]
    kept = _within_limit(lines)
    assert len(kept) == MAX_LINES
    assert _line("missiles", 2, "Kharkiv") not in kept
    assert _line("wounded", 14, "Bilozerka") in kept
    assert _line("missiles", 15, "Kiryat Shmona") in kept
    assert _within_limit(lines[:MAX_LINES]) == lines[:MAX_LINES]
