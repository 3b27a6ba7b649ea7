"""Reading the real-world corpus's pages as `digestbot ingest` does, and scoring the result.

Shared by tests/digest/intake/test_realworld_pages.py, which holds the line, and
benchmarks/realworld_pages.py, which writes the README's figures, so both count alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from digest.errors import Rejected
from digest.intake.documents import DayContext, read_file
from digest.models import Article
from tests.support.realworld import REALWORLD, expected

TODAY = date(2026, 12, 1)
"""The reading day; a page with no date of its own falls back to it, as to a file's mtime."""
TZ = ZoneInfo("Europe/Kyiv")
"""DIGESTBOT_TIMEZONE's default: publication times are filed by the day they fall on here."""


@dataclass(frozen=True)
class Page:
    """One corpus page and what ingest made of it: an article, or the reason it was refused."""

    row: dict[str, Any]
    article: Article | None
    reason: str | None

    @property
    def file(self) -> str:
        return str(self.row["file"])

    @property
    def text(self) -> str:
        """Title and body as trafilatura's evaluation compares them: white space collapsed."""
        if self.article is None:
            return ""
        return " ".join(f"{self.article.title}\n{self.article.text}".split())

    def expected_day(self, tz: ZoneInfo = TZ) -> date | None:
        """The day the page was published on in `tz`, the bot's time zone.

        That is the corpus's `published_datetime` in `tz` when it gives one; else its
        `published` day (the publisher's), moved to `tz` only when the time the bot read
        from the page falls on that very day in the page's own offset (so the page's own
        time confirms the day, and filing it by `tz` is the conversion the bot must do).
        """
        if stamp := self.row.get("published_datetime"):
            return datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone(tz).date()
        published = self.row.get("published")
        if not published:
            return None
        day = date.fromisoformat(str(published))
        read = self.article.published if self.article else None
        return read.astimezone(tz).date() if read and read.date() == day else day


def read_page(row: dict[str, Any], tz: ZoneInfo = TZ) -> Page:
    path = REALWORLD / str(row["file"])
    context = DayContext(tz, TODAY, TODAY, "file modification time")
    try:
        (article,) = read_file(path, path.read_bytes(), context).articles
    except Rejected as reason:
        return Page(row, None, str(reason))
    return Page(row, article, None)


def read_pages(tz: ZoneInfo = TZ) -> list[Page]:
    return [read_page(row, tz) for row in expected("pages")]


def held_out(row: dict[str, Any]) -> bool:
    """Half the pages, by the first hex digit of their bytes' sha256: no cleaning rule is
    fitted to their failures (the other half's failures are what rules were written from)."""
    return int(str(row["sha256"])[0], 16) >= 8


def _snippet_in(snippet: str, text: str) -> bool:
    return " ".join(snippet.split()) in text


@dataclass(frozen=True)
class Figures:
    """The figures the issue's "done when" names, each as (count, of how many)."""

    english_kept: tuple[int, int]
    non_articles_refused: tuple[int, int]
    day_exact: tuple[int, int]
    day_within_one: tuple[int, int]
    pages_with_furniture: tuple[int, int]
    snippets_kept: tuple[int, int]


def wrong_days(pages: Iterable[Page]) -> list[tuple[Page, date]]:
    """Stored articles whose day is not the expected one, with that expected day."""
    wrong = []
    for page in pages:
        want = page.expected_day()
        if page.article is not None and want is not None and page.article.day != want:
            wrong.append((page, want))
    return wrong


def furniture_left(page: Page) -> list[str]:
    """The page's "must not contain" snippets found in what was stored."""
    return [s for s in page.row.get("without", ()) if _snippet_in(s, page.text)]


def snippets_lost(page: Page) -> list[str]:
    """The page's "must contain" snippets missing from what was stored."""
    return [s for s in page.row.get("with", ()) if not _snippet_in(s, page.text)]


def score(pages: list[Page]) -> Figures:
    articles = [p for p in pages if p.row["kind"] == "article"]
    english = [p for p in articles if p.row.get("lang") == "en"]
    others = [p for p in pages if p.row["kind"] != "article"]
    dated = [p for p in articles if p.article is not None and p.expected_day() is not None]
    exact = sum(1 for p in dated if p.article and p.article.day == p.expected_day())
    near = sum(
        1
        for p in dated
        if p.article and abs((p.article.day - p.expected_day()).days) <= 1  # type: ignore[operator]
    )
    with_without = [p for p in articles if p.row.get("without")]
    snippets = [s for p in articles for s in p.row.get("with", ())]
    lost = sum(len(snippets_lost(p)) for p in articles)
    return Figures(
        english_kept=(sum(1 for p in english if p.article is not None), len(english)),
        non_articles_refused=(sum(1 for p in others if p.article is None), len(others)),
        day_exact=(exact, len(dated)),
        day_within_one=(near, len(dated)),
        pages_with_furniture=(sum(1 for p in with_without if furniture_left(p)), len(with_without)),
        snippets_kept=(len(snippets) - lost, len(snippets)),
    )
