"""A web page's visible text as a reader sees it: one line per block, in page order.

Bylines and standfirsts are found by where they stand (next to the headline) and by
what the page shows, not by markup names, which differ on every site.
"""

from __future__ import annotations

from typing import Any

_BLOCKS = frozenset(
    "address article aside blockquote body dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hgroup li main nav ol option p section select table td th tr ul".split()
)
"""Elements that start a line of their own; the others (span, a, time, b) run inline."""
_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def visible_lines(tree: Any) -> list[str]:
    """The page's visible text (an lxml tree), one entry per block element, inline runs
    joined and white space collapsed."""
    lines: list[str] = []
    current = None
    for node in tree.xpath(_TEXT):
        words = " ".join(node.split())
        element = node.getparent()
        if not words or element is None:
            continue
        if node.is_tail:
            if element.tag == "br":
                current = None
            element = element.getparent()
        while element is not None and element.tag not in _BLOCKS:
            element = element.getparent()
        if lines and element is not None and element is current:
            lines[-1] = f"{lines[-1]} {words}"
        else:
            lines.append(words)
            current = element
    return lines
