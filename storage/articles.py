"""Storing and reading articles, each story once.

Exact duplicates (same URL, same text) are caught by unique keys; near-duplicates (one
story re-published by another outlet) by digest.intake.duplicates, given the shingles of
the articles of nearby days that this module reads and keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, event, func, or_
from sqlmodel import Session, col, select

from digest.fingerprint import Hashes, fingerprints, shingle_hashes
from digest.intake.duplicates import NearCopyIndex, nearby_days
from digest.models import Article
from storage.db import inserted_keys, writers_take_turns
from storage.models import ArticleRow, row_values, to_plain

Outcome = Literal["stored", "duplicate", "near-duplicate"]


@dataclass(frozen=True)
class SaveResult:
    """What happened to one article; `article_id` is the stored row or its earlier twin."""

    outcome: Outcome
    article_id: int
    detail: str = ""


class ShingleCache:
    """The near-copy index of the stored articles, kept in step with the database.

    Days are read once, when a look-up first needs them; at every catch-up (once a
    transaction, while it holds the writers' turn) the rows stored since the last one (by
    this or another process) are added, which costs one query on the primary key. A
    rollback of a session that used the cache empties it (it may hold rows of that
    transaction), so it never holds an article that is not stored.
    """

    def __init__(self) -> None:
        self._forget()

    def catch_up(self, session: Session, days: Iterable[date]) -> None:
        """Index what is stored since the last catch-up and the days around `days`."""
        if self not in session.info.setdefault(_CACHES, set()):
            session.info[_CACHES].add(self)
            event.listen(session, "after_rollback", self._forget)
        if self._seen is None:
            self._seen = session.exec(select(func.coalesce(func.max(ArticleRow.id), 0))).one()
        else:
            self._seen = max(
                [self._seen, *self._add_rows(session, col(ArticleRow.id) > self._seen)]
            )
        for near in sorted({near for day in days for near in nearby_days(day)} - self._days):
            self._add_rows(session, ArticleRow.day == near)
            self._days.add(near)

    def find(self, day: date, grams: Hashes) -> tuple[int, str] | None:
        """The earliest stored article of the days around `day` that `grams` repeats (the
        days caught up with)."""
        return self._index.find(day, grams)

    def add(self, article_id: int, day: date, source: str, grams: Hashes) -> None:
        self._index.add(article_id, day, source, grams)

    def _add_rows(self, session: Session, where: ColumnElement[bool]) -> list[int]:
        """Index the rows `where` selects that the index lacks; the ids of all of them."""
        rows = session.exec(
            select(ArticleRow.id, ArticleRow.day, ArticleRow.source, ArticleRow.text).where(where)
        )
        ids = []
        for article_id, day, source, text in rows:
            assert article_id is not None
            ids.append(article_id)
            if article_id not in self._index:
                self._index.add(article_id, day, source, shingle_hashes(text))
        return ids

    def _forget(self, _session: Session | None = None) -> None:
        self._index = NearCopyIndex()
        self._days: set[date] = set()
        self._seen: int | None = None


_CACHES = "digestbot.shingle_caches"
"""Key of Session.info holding the caches that forget their rows when it rolls back."""


class _Twins:
    """The stored articles with the URLs or texts of a batch (one query), and the batch's
    own as they are stored: URL and content hash are each unique."""

    def __init__(self, session: Session, articles: list[Article], hashes: list[str]) -> None:
        urls = [article.url for article in articles if article.url]
        same = or_(col(ArticleRow.url).in_(urls), col(ArticleRow.content_hash).in_(hashes))
        rows = session.exec(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.content_hash).where(same)
        )
        self._by_url: dict[str, int] = {}
        self._by_hash: dict[str, int] = {}
        for article_id, url, digest_hash in rows:
            assert article_id is not None
            self.add(article_id, url, digest_hash)

    def of(self, article: Article, digest_hash: str) -> SaveResult | None:
        """The stored article with the same URL, else with the same text."""
        if article.url and (twin := self._by_url.get(article.url)) is not None:
            return SaveResult("duplicate", twin, "same URL")
        if (twin := self._by_hash.get(digest_hash)) is not None:
            return SaveResult("duplicate", twin, "same text")
        return None

    def add(self, article_id: int, url: str | None, digest_hash: str) -> None:
        if url:
            self._by_url[url] = article_id
        self._by_hash[digest_hash] = article_id


def save_article(
    session: Session,
    article: Article,
    *,
    origin: str = "",
    feed_id: int | None = None,
    cache: ShingleCache | None = None,
) -> SaveResult:
    """Store `article` unless it, or a near-copy of it, is stored already."""
    [result] = save_articles(session, [article], origin=origin, feed_id=feed_id, cache=cache)
    return result


def save_articles(
    session: Session,
    articles: list[Article],
    *,
    origin: str = "",
    feed_id: int | None = None,
    cache: ShingleCache | None = None,
) -> list[SaveResult]:
    """Store each of `articles` in turn unless it, or a near-copy of it, is stored already
    (an earlier one of them included).

    Writers take turns (another `ingest` or `fetch` may run at the same time), so the
    near-copy check sees every committed row, and the insert skips a key taken meanwhile.
    """
    writers_take_turns(session, ArticleRow.__tablename__)
    cache = cache or ShingleCache()
    cache.catch_up(session, {article.day for article in articles})
    prints = [fingerprints(article.title, article.text) for article in articles]
    twins = _Twins(session, articles, [digest_hash for digest_hash, _ in prints])
    table = ArticleRow.__table__  # type: ignore[attr-defined]
    results = []
    for article, (digest_hash, grams) in zip(articles, prints, strict=True):
        result = twins.of(article, digest_hash)
        near = cache.find(article.day, grams) if result is None else None
        if near is not None:
            result = SaveResult("near-duplicate", near[0], f"same story as #{near[0]} ({near[1]})")
        if result is None:
            row = row_values(
                ArticleRow, article, content_hash=digest_hash, origin=origin, feed_id=feed_id
            )
            inserted = inserted_keys(session, table, [row], None)
            if inserted:
                result = SaveResult("stored", inserted[0])
                twins.add(inserted[0], article.url, digest_hash)
                cache.add(inserted[0], article.day, article.source, grams)
            else:  # stored by another writer that does not take turns
                result = _Twins(session, [article], [digest_hash]).of(article, digest_hash)
                assert result is not None, "the insert conflicted with a stored article"
        results.append(result)
    return results


def articles_of_day(session: Session, day: date) -> list[Article]:
    """The day's articles in the order they were stored."""
    rows = session.exec(select(ArticleRow).where(ArticleRow.day == day).order_by(ArticleRow.id))
    return [to_plain(Article, row) for row in rows]


def article_days(session: Session) -> list[tuple[date, int]]:
    """Every day that has articles, oldest first, with how many."""
    rows = session.exec(
        select(ArticleRow.day, func.count()).group_by(ArticleRow.day).order_by(ArticleRow.day)
    )
    return [(day, count) for day, count in rows]
