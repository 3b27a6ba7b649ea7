"""A story the HTML shows only a few words of is read from the page's JSON-LD articleBody."""

from __future__ import annotations

import json

from digest.intake.documents import extract_page

PARAGRAPH = (
    "Taiwanese President Tsai Ing-wen's re-election was no easy feat, and Hong Kong's chief "
    "executive should take the time to review her playbook before the next council session."
)


def _page(body: str, shown: str) -> str:
    data = json.dumps({"@graph": [{"@type": "NewsArticle", "articleBody": body}]})
    return (
        f'<html><head><title>Playbook</title><script type="application/ld+json">{data}</script>'
        f"</head><body><article><h1>Playbook</h1><p>{shown}</p></article></body></html>"
    )


def test_the_article_body_replaces_a_stub_of_the_story() -> None:
    body = " ".join([PARAGRAPH] * 4)
    assert extract_page(_page(body, PARAGRAPH)).text == body


def test_the_extracted_text_stays_when_it_holds_the_story() -> None:
    shown = f"{PARAGRAPH} {PARAGRAPH}"
    assert extract_page(_page(" ".join([PARAGRAPH] * 3), shown)).text.endswith(f"\n{shown}")
