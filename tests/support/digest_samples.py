"""Small hand-made articles for the digest tests (a day of the 2025 war coverage)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from digest.models import Article, Digest, DigestItem, SectionName
from digest.options import DigestOptions
from digest.sentences import split_article
from digest.summarize import Candidate, candidates, previous_facts, summarize_sections
from tests.support.paths import SEEDS

DAY = date(2025, 11, 29)  # a Saturday
_DATE_PREFIX = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2}) ")


def article(text: str, source: str = "ap", ident: int | None = None) -> Article:
    return Article(
        title=f"{source} story",
        text=text,
        source=source,
        day=DAY,
        url=f"https://{source}.example/{ident}",
        id=ident,
    )


def seed_article(name: str) -> Article:
    """A seed file as an article, with its " date YYYY-MM-DD " prefix line stripped."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    match = _DATE_PREFIX.match(text)
    day = date.fromisoformat(match.group(1)) if match else DAY
    return Article(title=name, text=text[match.end() if match else 0 :], source=name, day=day)


def summarize_one_section(
    articles: Sequence[Article],
    previous: Digest | None = None,
    options: DigestOptions | None = None,
    section: SectionName = "strikes",
) -> list[DigestItem]:
    """Runs the section summariser with every sentence put in one section (no classifier)."""
    pool: list[Candidate] = candidates(
        (sentence for item in articles for sentence in split_article(item)), DAY
    )
    said = (item.text for items in previous.sections.values() for item in items) if previous else ()
    chosen = summarize_sections({section: pool}, previous_facts(said), options or DigestOptions())
    return chosen[section]


GOOD = (
    "Houthi forces launched a missile at a commercial ship in the Red Sea on Monday, the "
    "U.S. military said. No injuries were reported and the vessel continued its voyage."
)
"""A short article any reader accepts: the good file beside the hostile ones."""
