"""The standfirst a page shows under its headline is kept, a slogan or a kicker is not."""

from __future__ import annotations

from digest.intake.documents import extract_page
from digest.intake.standfirsts import described, standfirst

SUMMARY = (
    "Najla Bouden ist die erste Regierungschefin in der Geschichte Tunesiens. Am Montag hat "
    "sie eine neue Regierung ernannt."
)
STORY = (
    "Tunesien steht vor großen Herausforderungen: die Wirtschaft schrumpft, die Schulden "
    "wachsen, und das Parlament ist seit Juli ausgesetzt, sagte ein Sprecher in Tunis."
)


def _standfirst(description: str, text: str, lines: list[str]) -> str | None:
    summary = described(description, text)
    return standfirst(summary, text, lines) if summary else None


def test_the_line_the_description_starts_or_cut_short_opens() -> None:
    assert _standfirst(SUMMARY, STORY, ["Menu", SUMMARY, STORY]) == SUMMARY
    cut = SUMMARY[:80] + " ..."
    assert _standfirst(cut, STORY, [SUMMARY, STORY]) == SUMMARY
    runs_on = f"{SUMMARY} {STORY[:60]} […]"
    assert _standfirst(runs_on, STORY, [SUMMARY, STORY]) == SUMMARY


def test_not_unshown_not_short_and_not_twice() -> None:
    assert _standfirst(SUMMARY, STORY, ["Menu", STORY]) is None  # a description no one sees
    kicker = "Erdrutschsieg der VMRO-DPMNE"
    assert _standfirst(kicker, STORY, [kicker]) is None
    assert _standfirst(SUMMARY, f"{SUMMARY}\n{STORY}", [SUMMARY, STORY]) is None


def test_extract_page_puts_the_standfirst_before_the_story() -> None:
    page = (
        f'<html><head><title>Tunesien</title><meta name="description" content="{SUMMARY}">'
        f'</head><body><header><h1>Tunesien</h1><div class="teaser">{SUMMARY}</div></header>'
        f"<article><p>{STORY}</p><p>{STORY}</p></article></body></html>"
    )
    assert extract_page(page).text.startswith(SUMMARY + "\n")
