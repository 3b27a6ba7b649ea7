"""What a page states about itself in JSON-LD (schema.org): its objects, and the story.

Publishers describe each article in `<script type="application/ld+json">` for search
engines: its publication time (read in published.py) and often its whole text, in
`articleBody`. Some pages render the story only from script data, so the HTML holds a few
words of it and `articleBody` the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from digest.intake.cleaning import word_count

BODY_RATIO = 2
"""`articleBody` replaces the extracted text when it has this many times its words."""


_SCRIPTS = './/script[@type="application/ld+json" or @type="application/settings+json"]'
"""The scripts trafilatura reads metadata from (its `extract_meta_json`)."""


def defuse_scripts(tree: Any) -> None:
    """Drop the `<` and `<!--` of the page's JSON scripts that nothing closes after them.

    trafilatura strips tags from a JSON-LD script's text with `<!--.*?-->|<[^>]*>`: each
    unclosed `<` scans to the end of the text, so a script of 200,000 stray `<` (a mutated
    page of the fuzz run) took 11 s. A tag or comment that is never closed is stripped by
    nothing, so dropping its opener changes no metadata but a stray character."""
    for script in tree.xpath(_SCRIPTS):
        text = script.text
        if not text or "<" not in text:
            continue
        closed = text.rfind(">") + 1
        head, tail = text[:closed], text[closed:].replace("<!--", "").replace("<", "")
        ended = head.rfind("-->") + 3 if "-->" in head else 0
        script.text = head[:ended] + head[ended:].replace("<!--", "") + tail


def json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    """Every object in the page's JSON-LD documents (an lxml tree), through lists,
    `@graph` and `mainEntity`; a document that is not valid JSON is skipped."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            stack = [json.loads(script.text or "")]
        except (ValueError, RecursionError):
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                stack.extend(
                    value for key, value in item.items() if key in ("@graph", "mainEntity")
                )


def fuller_body(tree: Any, text: str) -> str | None:
    """The page's JSON-LD `articleBody` when it holds the story the extracted `text`
    missed (BODY_RATIO times its words or more); else None."""
    bodies = [item.get("articleBody") for item in json_ld_objects(tree)]
    longest = max((body for body in bodies if isinstance(body, str)), key=len, default="")
    return longest if word_count(longest) >= BODY_RATIO * max(word_count(text), 1) else None
