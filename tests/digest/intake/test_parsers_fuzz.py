"""Property tests: arbitrary bytes and strings never crash the feed and file readers, and
whatever they accept is real text that the database stores."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from digest.intake.documents import (
    MIN_WORDS,
    SUFFIXES,
    DayContext,
    ParsedArticle,
    Rejected,
    read_file,
)
from digest.intake.documents import build_article as build
from digest.intake.feeds import parse_feed
from storage.articles import save_article
from storage.db import open_database, session_scope

CONTEXT = DayContext(ZoneInfo("Europe/Kyiv"), date(2025, 12, 1), date(2025, 12, 1), "test")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.lists(st.text(min_size=1, max_size=12), min_size=8, max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    yield engine
    engine.dispose()


def _readable(text: str) -> bool:
    return all(
        char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cs") for char in text
    ) and ("\ufffd" not in text)


def _check_and_store(engine: Engine, article: ParsedArticle) -> None:
    """An accepted article has enough words, no garbage characters, and can be stored."""
    assert len(article.text.split()) >= MIN_WORDS
    assert _readable(article.text) and _readable(article.title)
    with session_scope(engine) as session:
        save_article(session, article, origin="fuzz")


def _articles_of_feed(data: bytes) -> list[ParsedArticle]:
    try:
        feed = parse_feed(data, url="https://news.example/feed.xml")
    except Rejected:
        return []
    articles = []
    for entry in feed.entries:
        assert entry.title.strip() and entry.link.startswith(("http://", "https://"))
        try:
            articles.append(
                build(
                    entry.summary,
                    source="Fuzz",
                    context=CONTEXT,
                    title=entry.title,
                    url=entry.link,
                    published=entry.published,
                )
            )
        except Rejected:
            continue
    return articles


@FUZZ
@given(data=st.binary(max_size=3000))
def test_feed_parser_survives_any_bytes(engine: Engine, data: bytes) -> None:
    for article in _articles_of_feed(data):
        _check_and_store(engine, article)


@FUZZ
@given(
    title=st.text(max_size=80),
    link=st.text(max_size=60),
    summary=WORDS,
    published=st.text(max_size=40),
    escaped=st.booleans(),
    charset=st.sampled_from(["utf-8", "windows-1251", "iso-8859-1", "utf-16"]),
)
def test_feed_parser_survives_any_strings(
    engine: Engine,
    title: str,
    link: str,
    summary: str,
    published: str,
    escaped: bool,
    charset: str,
) -> None:
    quote = escape if escaped else str
    document = (
        f'<?xml version="1.0" encoding="{charset}"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>{quote(title)}</title><link>{quote(link)}</link>"
        f"<pubDate>{quote(published)}</pubDate><description>{quote(summary)}</description>"
        "</item></channel></rss>"
    )
    for article in _articles_of_feed(document.encode(charset, errors="replace")):
        _check_and_store(engine, article)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_file_reader_survives_any_bytes(engine: Engine, data: bytes, suffix: str) -> None:
    try:
        result = read_file(Path(f"fuzz{suffix}"), data, CONTEXT)
    except Rejected:
        return
    for article in result.articles:
        _check_and_store(engine, article)


@FUZZ
@given(
    text=WORDS,
    title=st.text(max_size=80),
    published=st.text(max_size=40),
    suffix=st.sampled_from(SUFFIXES),
)
def test_file_reader_survives_any_strings(
    engine: Engine, text: str, title: str, published: str, suffix: str
) -> None:
    if suffix in (".json", ".jsonl"):
        record = {"title": title, "text": text, "published": published}
        data = json.dumps(record, ensure_ascii=suffix == ".json").encode()
    elif suffix == ".txt":
        data = f"{title}\n{text}".encode()
    else:
        data = f"<html><title>{title}</title><body><p>{text}</p></body></html>".encode()
    try:
        result = read_file(Path(f"fuzz{suffix}"), data, CONTEXT)
    except Rejected:
        return
    for article in result.articles:
        _check_and_store(engine, article)
