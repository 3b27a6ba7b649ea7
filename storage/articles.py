"""Storing and reading articles, each story once.

Exact duplicates (same URL, same text) are caught by unique keys; near-duplicates (one
story re-published by another outlet) by digest.intake.duplicates, given the shingles of
the articles of nearby days that this module reads and keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from digest.fingerprint import content_hash, shingles
from digest.intake.duplicates import Candidate, near_duplicate, nearby_days
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
    """Shingle sets of stored articles, kept across one run so each text is read once.

    The window's ids are re-read from the database at every look-up (cheap: an index on
    day), so rows another process stored meanwhile are seen, and rows of a transaction
    that was rolled back are forgotten.
    """

    def __init__(self) -> None:
        self._rows: dict[int, tuple[str, frozenset[str]]] = {}

    def around(self, session: Session, day: date) -> list[Candidate]:
        window = nearby_days(day)
        ids = set(session.exec(select(ArticleRow.id).where(col(ArticleRow.day).in_(window))))
        missing = ids - self._rows.keys()
        if missing:
            rows = session.exec(
                select(ArticleRow.id, ArticleRow.source, ArticleRow.text).where(
                    col(ArticleRow.id).in_(missing)
                )
            )
            for article_id, source, text in rows:
                self._rows[article_id] = (source, shingles(text))
        return [
            (article_id, *self._rows[article_id])
            for article_id in sorted(ids)  # type: ignore[type-var]
        ]

    def add(self, article_id: int, source: str, grams: frozenset[str]) -> None:
        self._rows[article_id] = (source, grams)


def _twin(session: Session, article: Article, digest_hash: str) -> SaveResult | None:
    if article.url:
        twin = session.exec(select(ArticleRow.id).where(ArticleRow.url == article.url)).first()
        if twin is not None:
            return SaveResult("duplicate", twin, "same URL")
    twin = session.exec(select(ArticleRow.id).where(ArticleRow.content_hash == digest_hash)).first()
    return SaveResult("duplicate", twin, "same text") if twin is not None else None


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
    near = near_duplicate(grams, cache.around(session, article.day))
    if near is not None:
        return SaveResult("near-duplicate", near[0], f"same story as #{near[0]} ({near[1]})")
    row = to_row(ArticleRow, article, content_hash=digest_hash, origin=origin, feed_id=feed_id)
    table = ArticleRow.__table__  # type: ignore[attr-defined]
    inserted = inserted_keys(session, table, [row.model_dump(exclude={"id"})], None)
    if not inserted:  # stored by another writer that does not take turns
        twin = _twin(session, article, digest_hash)
        assert twin is not None, "the insert conflicted with a stored article"
        return twin
    cache.add(inserted[0], article.source, grams)
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
