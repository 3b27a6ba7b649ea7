"""`digestbot fetch` and the scheduler's poll: every feed once, new entries with full text.

Feeds are read concurrently (a few requests per host at most); all writes go through one
lock, so near-duplicates between feeds are caught and SQLite never sees two writers.
A feed's failure is recorded on its row and the other feeds go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bot.intake.downloads import Download, Downloader, FetchError
from bot.intake.feeds import load_feeds
from bot.logs import redact_urls
from bot.services import Context
from digest.intake.charsets import decode_markup
from digest.intake.documents import (
    NO_DATES,
    DayContext,
    Rejected,
    StatedDates,
    build_article,
    extract_page,
)
from digest.intake.feed_entries import FeedEntry, ParsedFeed
from digest.intake.feeds import parse_feed
from digest.intake.topics import on_topic
from digest.models import Article
from storage.articles import ShingleCache, save_article
from storage.db import session_scope
from storage.feeds import (
    mark_seen,
    record_failure,
    record_success,
    record_unchanged,
    seen_keys,
)
from storage.models import FeedRow

HTML_TYPES = ("text/html", "application/xhtml+xml")
log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    """Counts for the summary line; `lines` is the output in the order it was decided."""

    feeds: int = 0
    unchanged: int = 0
    failed: int = 0
    backing_off: int = 0
    new_entries: int = 0
    stored: int = 0
    from_summary: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    off_topic: int = 0
    rejected: int = 0
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.feeds} feeds polled ({self.unchanged} unchanged, {self.failed} failed, "
            f"{self.backing_off} backing off); {self.new_entries} new entries: "
            f"{self.stored} stored ({self.from_summary} from the feed's summary), "
            f"{self.duplicates + self.near_duplicates} duplicates "
            f"({self.near_duplicates} near-duplicates), {self.off_topic} off topic, "
            f"{self.rejected} rejected"
        )


@dataclass(frozen=True)
class _Outcome:
    """What became of one new entry before storage: an article to save, or why not."""

    entry: FeedEntry
    article: Article | None = None
    verdict: str = ""
    detail: str = ""
    from_summary: bool = False


class _Poll:
    """One poll of all feeds: shared client, storage lock and near-duplicate cache."""

    def __init__(
        self,
        context: Context,
        downloader: Downloader,
        report: FetchReport,
        say: Callable[[str], None],
    ) -> None:
        self.context = context
        self.settings = context.settings
        self.downloader = downloader
        self.report = report
        self.say = say
        self.lock = asyncio.Lock()
        self.cache = ShingleCache()
        self.now = datetime.now(UTC)
        today = self.now.astimezone(self.settings.tz).date()
        self.days = DayContext(
            self.settings.tz,
            today,
            today,
            "time of fetching",
            max_age_days=self.settings.max_entry_age_days,
        )

    async def feed(self, feed: FeedRow) -> None:
        assert feed.id is not None
        try:
            download = await self.downloader.get(
                feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
            if download.not_modified:
                async with self.lock:
                    await asyncio.to_thread(self._unchanged, feed.id)
                self.report.unchanged += 1
                self.say(f"unchanged  {feed.name}: not modified since the last poll (HTTP 304)")
                return
            parsed = await asyncio.to_thread(
                parse_feed, download.body, url=download.url, header_charset=download.charset
            )
        except (FetchError, Rejected) as error:
            await self.failed(feed, str(error))
            return
        await self._entries(feed, download, parsed)

    async def failed(self, feed: FeedRow, error: str) -> None:
        """Record the feed's failure on its row (back-off, /stats) and say so."""
        assert feed.id is not None
        async with self.lock:
            row = await asyncio.to_thread(self._failed, feed.id, error)
        self.report.failed += 1
        retry = (
            f"; {row.consecutive_failures} failures in a row, next try after "
            f"{row.next_attempt_at:%Y-%m-%d %H:%M} UTC"
            if row.next_attempt_at
            else ""
        )
        self.say(f"failed     {feed.name}: {feed.url}: {error}{retry}")

    async def _entries(self, feed: FeedRow, download: Download, parsed: ParsedFeed) -> None:
        assert feed.id is not None
        async with self.lock:
            seen = await asyncio.to_thread(
                self._seen, [key for entry in parsed.entries for key in entry.keys]
            )
        fresh = [entry for entry in parsed.entries if not seen.intersection(entry.keys)]
        total = len(parsed.entries) + len(parsed.problems)
        self.say(f"feed       {feed.name}: {total} entries, {len(fresh)} new")
        for note in parsed.notes:
            self.say(f"note       {feed.name}: {note}")
        for problem in parsed.problems:
            self.report.rejected += 1
            self.say(f"rejected   {feed.name}: {problem}")
        keywords = tuple(word for word in feed.keywords.split(",") if word) or (
            self.settings.topic_keywords
        )
        outcomes = await asyncio.gather(*(self._read(feed, entry, keywords) for entry in fresh))
        async with self.lock:
            stored = await asyncio.to_thread(self._store, feed, outcomes)
            await asyncio.to_thread(
                self._succeeded, feed.id, download, stored, [*parsed.notes, *parsed.problems]
            )
        self.report.new_entries += len(fresh)

    async def _read(self, feed: FeedRow, entry: FeedEntry, keywords: tuple[str, ...]) -> _Outcome:
        """The entry's article: full text from its page, else the feed's summary."""
        if not on_topic(f"{entry.title} {entry.summary}", keywords):
            return _Outcome(entry, verdict="off-topic", detail="no topic keyword in the entry")
        try:
            page = await self.downloader.get(entry.link)
            if page.content_type not in HTML_TYPES:
                raise Rejected(f"not an HTML page ({page.content_type or 'no content type'})")
            article = await self._in_time(self._from_page, feed, entry, page)
            return _Outcome(entry, article)
        except (FetchError, Rejected) as problem:
            page_problem = f"article page: {problem}"
        try:
            article = await self._in_time(self._article, feed, entry, entry.summary)
        except Rejected as reason:
            return _Outcome(entry, verdict="rejected", detail=f"{page_problem}; summary: {reason}")
        return _Outcome(
            entry, article, detail=f"feed summary used, {page_problem}", from_summary=True
        )

    async def _in_time(self, read: Callable[..., Article], *args: object) -> Article:
        """`read(*args)` in a worker thread, so the bot keeps answering; Rejected when slow.

        A thread cannot be stopped: a page that is still being read when the limit passes
        finishes in the background, and its result is dropped.
        """
        limit = self.settings.read_timeout
        try:
            return await asyncio.wait_for(asyncio.to_thread(read, *args), limit)
        except TimeoutError:
            raise Rejected(f"took longer than {limit:g} s to read") from None

    def _from_page(self, feed: FeedRow, entry: FeedEntry, page: Download) -> Article:
        text = extract_page(decode_markup(page.body, page.charset))
        return self._article(feed, entry, text.text, text.dates)

    def _article(
        self, feed: FeedRow, entry: FeedEntry, text: str, stated: StatedDates = NO_DATES
    ) -> Article:
        return build_article(
            text,
            source=feed.name,
            context=self.days,
            title=entry.title,
            url=entry.link,
            published=entry.published,
            stated=stated,
        )

    def _store(self, feed: FeedRow, outcomes: list[_Outcome]) -> int:
        """Save the articles, remember every entry as seen, and say what became of each."""
        assert feed.id is not None
        stored = 0
        with session_scope(self.context.engine) as session:
            for outcome in outcomes:
                link = outcome.entry.link
                if outcome.article is None:
                    verdict = outcome.verdict
                    if verdict == "off-topic":
                        self.report.off_topic += 1
                    else:
                        self.report.rejected += 1
                    self.say(f"{verdict:<10} {feed.name}: {link}: {outcome.detail}")
                else:
                    result = save_article(
                        session, outcome.article, origin=feed.url, feed_id=feed.id, cache=self.cache
                    )
                    verdict = result.outcome
                    if verdict == "stored":
                        stored += 1
                        self.report.stored += 1
                        self.report.from_summary += outcome.from_summary
                        article = outcome.article
                        notes = "".join(
                            f"; {note}" for note in (*article.notes, outcome.detail) if note
                        )
                        self.say(
                            f"stored     {feed.name}: {link}  #{result.article_id}  "
                            f"{article.day} ({article.date_source}{notes})"
                        )
                    else:
                        self.report.duplicates += verdict == "duplicate"
                        self.report.near_duplicates += verdict == "near-duplicate"
                        self.say(f"{verdict:<10} {feed.name}: {link}: {result.detail}")
                mark_seen(session, outcome.entry.keys, feed.id, verdict)
        return stored

    def _seen(self, keys: list[str]) -> set[str]:
        with session_scope(self.context.engine) as session:
            return seen_keys(session, keys)

    def _unchanged(self, feed_id: int) -> None:
        with session_scope(self.context.engine) as session:
            record_unchanged(session, feed_id, now=self.now)

    def _failed(self, feed_id: int, error: str) -> FeedRow:
        poll_every = timedelta(minutes=self.settings.poll_minutes)
        with session_scope(self.context.engine) as session:
            return record_failure(session, feed_id, error, now=self.now, poll_every=poll_every)

    def _succeeded(
        self, feed_id: int, download: Download, stored: int, problems: list[str]
    ) -> None:
        with session_scope(self.context.engine) as session:
            record_success(
                session,
                feed_id,
                now=self.now,
                etag=download.etag,
                last_modified=download.last_modified,
                stored=stored,
                problems=problems,
            )


async def fetch_all(
    context: Context,
    echo: Callable[[str], None] | None = None,
    *,
    force: bool = False,
    show_progress: bool = False,
) -> FetchReport:
    """Poll every feed of the feeds file once; feeds backing off are skipped unless `force`.

    `echo` receives one line per feed and per new entry as it is decided; with
    `show_progress` (a terminal) the lines are printed above a progress bar instead.
    Raises FeedsFileError (a ConfigError) only when the feeds file itself is missing or
    malformed; every feed and entry problem is reported in the lines, never raised.
    """
    feeds = load_feeds(context)
    report = FetchReport()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=True,
        disable=not show_progress,
    ) as progress:

        def say(line: str) -> None:
            line = redact_urls(line)  # feed URLs may hold credentials or API keys
            report.lines.append(line)
            if show_progress:  # printed above the bar, which a plain write would garble
                progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            elif echo is not None:
                echo(line)

        task = progress.add_task("polling feeds", total=len(feeds))
        async with Downloader(context.settings) as downloader:
            poll = _Poll(context, downloader, report, say)
            due = []
            for feed in feeds:
                if force or feed.next_attempt_at is None or feed.next_attempt_at <= poll.now:
                    due.append(feed)
                    continue
                report.backing_off += 1
                progress.advance(task)
                say(
                    f"backing off {feed.name}: {feed.consecutive_failures} failures in a row "
                    f"(last: {feed.last_error}); next try after "
                    f"{feed.next_attempt_at:%Y-%m-%d %H:%M} UTC"
                )

            async def one(feed: FeedRow) -> None:
                try:
                    await poll.feed(feed)
                except Exception as error:  # a bug or a database outage: keep the others going
                    log.exception("polling %s failed", feed.url)
                    problem = f"unexpected {type(error).__name__}: {error}"
                    try:
                        await poll.failed(feed, problem)
                    except Exception:  # the database itself is down: say it, count it
                        log.exception("recording the failure of %s failed", feed.url)
                        report.failed += 1
                        say(f"failed     {feed.name}: {problem}")
                progress.advance(task)

            await asyncio.gather(*(one(feed) for feed in due))
    report.feeds = len(due)
    return report
