"""The standfirst: the summary a page shows under its headline, which extractors drop.

trafilatura takes the story's paragraphs and leaves out the page header, where many sites
put the standfirst ("Najla Bouden ist die erste Regierungschefin ..."): its first words
are then lost from the archive and the digest. The page's description (og:description)
usually holds the same text, but a description is also often a site slogan, so it
counts only when a line of the page's body starts with it (that line, whole, is the
standfirst: a description is often cut short, "... que abrirá ...") or is its first
sentences; and not when the extracted text already holds it.
"""

from __future__ import annotations

import re

STANDFIRST_WORDS = 8
"""A shorter description is a kicker or a slogan ("Erdrutschsieg der VMRO-DPMNE")."""
_CUT = re.compile(r"\s*(?:\.\.\.|…|\[(?:\.\.\.|…)\])$")
"""How a description cut short ends: "...", "…", "[…]"."""
_SENTENCE_END = re.compile(r"[.!?»”\"]$")
_OVERLAP = 60
"""The text already holds the standfirst when it holds its first characters."""


def _shows(line: str, summary: str) -> bool:
    """Whether `line` shows the description: starts with it, or is its first sentences
    (a description may run on into the story's first paragraph)."""
    if line.startswith(summary):
        return True
    return (
        summary.startswith(line)
        and len(line.split()) >= STANDFIRST_WORDS
        and bool(_SENTENCE_END.search(line))
    )


def described(description: str, text: str) -> str | None:
    """The description as a standfirst would start, when it may be one the extracted
    `text` lacks: long enough, and not in the text already; else None."""
    summary = _CUT.sub("", " ".join(description.split()))
    if len(summary.split()) < STANDFIRST_WORDS or summary[:_OVERLAP] in " ".join(text.split()):
        return None
    return summary


def standfirst(summary: str, text: str, lines: list[str]) -> str | None:
    """The line of the page's visible `lines` that shows its description `summary` (as
    `described` gives it), when the extracted `text` lacks that line; else None."""
    shown = next((line for line in lines if _shows(line, summary)), None)
    if shown is None or shown[:_OVERLAP] in " ".join(text.split()):
        return None
    return shown
