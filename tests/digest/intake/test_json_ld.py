"""A story the HTML shows only a few words of is read from the page's JSON-LD articleBody."""

from __future__ import annotations

import json

import lxml.html

from digest.intake.documents import extract_page
from digest.intake.json_ld import defuse_scripts

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


def test_unclosed_tag_and_comment_openers_of_a_json_script_are_dropped_and_the_rest_kept() -> None:
    """trafilatura scans to the end of the text from every unclosed `<`: 200,000 of them in
    a mutated page took 11 s. What a tag or comment closes is kept as it was."""
    script = '{"headline": "<b>Kyiv</b> <!-- note --> a < b", "x": "<!-- open <<"}'
    tree = lxml.html.fromstring(
        f'<html><head><script type="application/ld+json">{script}</script></head>'
        "<body><p>Text.</p></body></html>"
    )
    defuse_scripts(tree)
    (defused,) = tree.xpath('.//script[@type="application/ld+json"]')
    assert defused.text == '{"headline": "<b>Kyiv</b> <!-- note --> a  b", "x": " open "}'


def test_a_page_whose_json_script_is_a_run_of_stray_brackets_is_still_read() -> None:
    page = _page(" ".join([PARAGRAPH] * 3), PARAGRAPH).replace(
        '"articleBody"', '"about": "' + "<" * 50_000 + '", "articleBody"'
    )
    assert extract_page(page).text.startswith("Taiwanese President")
