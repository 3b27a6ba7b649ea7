"""Storing and reading articles, each story once.

Exact duplicates (same URL, same text) are caught by unique keys; near-duplicates (one
story re-published by another outlet) by digest.intake.duplicates, given the shingles of
the articles of nearby days that this module reads and keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, event, func, or_
from sqlmodel import Session, col, select

from digest.fingerprint import content_hash, shingles
from digest.intake.duplicates import NearCopyIndex, nearby_days
from digest.models import Article
from storage.db import inserted_keys, writers_take_turns
from storage.models import ArticleRow, to_plain, to_row

Outcome = Literal["stored", "duplicate", "near-duplicate"]


@dataclass(frozen=True)
class SaveResult:
    """What happened to one article; `article_id` is the stored row or its earlier twin."""

    outcome: Outcome
    article_id: int
    detail: str = ""


class ShingleCache:
    """The near-copy index of the stored articles, kept in step with the database.

    Days are read once, when a look-up first needs them; at every look-up the rows stored
    since the last one (by this or another process) are added, which costs one query on
    the primary key. A rollback of a session that used the cache empties it (it may hold
    rows of that transaction), so it never holds an article that is not stored.
    """

    def __init__(self) -> None:
        self._forget()

    def find(self, session: Session, day: date, grams: frozenset[str]) -> tuple[int, str] | None:
        """The earliest stored article of the days around `day` that `grams` repeats."""
        if self not in session.info.setdefault(_CACHES, set()):
            session.info[_CACHES].add(self)
            event.listen(session, "after_rollback", self._forget)
        if self._seen is None:
            self._seen = session.exec(select(func.coalesce(func.max(ArticleRow.id), 0))).one()
        else:
            self._seen = max(
                [self._seen, *self._add_rows(session, col(ArticleRow.id) > self._seen)]
            )
        for near in nearby_days(day):
            if near not in self._days:
                self._add_rows(session, ArticleRow.day == near)
                self._days.add(near)
        return self._index.find(day, grams)

    def add(self, article_id: int, day: date, source: str, grams: frozenset[str]) -> None:
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
                self._index.add(article_id, day, source, shingles(text))
        return ids

    def _forget(self, _session: Session | None = None) -> None:
        self._index = NearCopyIndex()
        self._days: set[date] = set()
        self._seen: int | None = None


_CACHES = "digestbot.shingle_caches"
"""Key of Session.info holding the caches that forget their rows when it rolls back."""


def _twin(session: Session, article: Article, digest_hash: str) -> SaveResult | None:
    """The stored article with the same URL, else with the same text (one query)."""
    same_text = ArticleRow.content_hash == digest_hash
    same = or_(ArticleRow.url == article.url, same_text) if article.url else same_text
    twins = session.exec(select(ArticleRow.id, ArticleRow.url).where(same)).all()
    for twin, url in twins:
        if article.url and url == article.url:
            return SaveResult("duplicate", twin, "same URL")  # type: ignore[arg-type]
    return SaveResult("duplicate", twins[0][0], "same text") if twins else None  # type: ignore[arg-type]


def save_article(
    session: Session,
    article: Article,
    *,
    origin: str = "",
    feed_id: int | None = None,
    cache: ShingleCache | None = None,
) -> SaveResult:
    """Store `article` unless it, or a near-copy of it, is stored already.

    Writers take turns (another `ingest` or `fetch` may run at the same time), so the
    near-copy check sees every committed row, and the insert skips a key taken meanwhile.
    """
    writers_take_turns(session, ArticleRow.__tablename__)
    digest_hash = content_hash(f"{article.title}\n{article.text}")
    twin = _twin(session, article, digest_hash)
    if twin is not None:
        return twin
    cache = cache or ShingleCache()
    grams = shingles(article.text)
    near = cache.find(session, article.day, grams)
    if near is not None:
        return SaveResult("near-duplicate", near[0], f"same story as #{near[0]} ({near[1]})")
    row = to_row(ArticleRow, article, content_hash=digest_hash, origin=origin, feed_id=feed_id)
    table = ArticleRow.__table__  # type: ignore[attr-defined]
    inserted = inserted_keys(session, table, [row.model_dump(exclude={"id"})], None)
    if not inserted:  # stored by another writer that does not take turns
        twin = _twin(session, article, digest_hash)
        assert twin is not None, "the insert conflicted with a stored article"
        return twin
    cache.add(inserted[0], article.day, article.source, grams)
    return SaveResult("stored", inserted[0])


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
