"""Property tests: arbitrary bytes and strings never crash the feed and file readers, and
whatever they accept is real text that the database stores."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from digest.intake.cleaning import word_count
from digest.intake.documents import (
    MIN_WORDS,
    SUFFIXES,
    DayContext,
    Rejected,
    read_file,
)
from digest.intake.documents import build_article as build
from digest.intake.feeds import parse_feed
from digest.intake.urls import url_problem
from digest.models import Article
from storage.articles import save_article
from storage.db import open_database, session_scope

CONTEXT = DayContext(ZoneInfo("Europe/Kyiv"), date(2025, 12, 1), date(2025, 12, 1), "test")
FEED_CONTEXT = DayContext(CONTEXT.tz, CONTEXT.today, CONTEXT.fallback_day, "fetch", max_age_days=30)
HOSTILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_CHARACTER = st.characters(codec=None, categories=None)
"""Every code point, lone surrogates and NUL included."""
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


def _check_and_store(engine: Engine, article: Article, context: DayContext = CONTEXT) -> None:
    """An accepted article has enough words, no garbage characters, a storable URL and a
    day no later than tomorrow (nor older than the window, for feeds), and can be stored."""
    assert word_count(article.text) >= MIN_WORDS
    assert _readable(article.text) and _readable(article.title) and _readable(article.source)
    assert article.url is None or url_problem(article.url) is None
    assert article.day <= context.today + timedelta(days=1)
    if context.max_age_days is not None:
        assert article.day >= context.today - timedelta(days=context.max_age_days)
    if article.published is not None:
        article.published.astimezone(UTC)  # in range
    with session_scope(engine) as session:
        save_article(session, article, origin="fuzz")


def _articles_of_feed(data: bytes, context: DayContext = CONTEXT) -> list[Article]:
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
                    context=context,
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


EXTREME_TIMES = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    st.integers(-14 * 60 + 1, 14 * 60 - 1),
)
HOSTILE_URLS = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    st.builds("https://news.example/{}".format, st.text(ANY_CHARACTER, max_size=1200)),
    st.sampled_from(["http://[oops/x", "https://news.example:99999/", "ftp://x.example/", ""]),
)


@HOSTILE
@given(
    text=WORDS,
    title=st.text(ANY_CHARACTER, max_size=60),
    source=st.text(ANY_CHARACTER, max_size=30),
    url=HOSTILE_URLS,
    published=st.one_of(
        EXTREME_TIMES.map(datetime.isoformat),
        st.datetimes(min_value=datetime(1, 1, 1)).map(datetime.isoformat),  # naive
        st.integers(min_value=-(10**300), max_value=10**300),
        st.text(ANY_CHARACTER, max_size=30),
    ),
    depth=st.sampled_from([0, 0, 0, 5, 3000]),
    digits=st.sampled_from([0, 0, 0, 5000]),
    suffix=st.sampled_from([".json", ".jsonl"]),
)
def test_file_reader_survives_hostile_json(
    engine: Engine,
    text: str,
    title: str,
    source: str,
    url: str,
    published: object,
    depth: int,
    digits: int,
    suffix: str,
) -> None:
    record = {"title": title, "text": text, "source": source, "url": url, "published": published}
    data = "[" * depth + json.dumps(record) + "]" * depth
    if digits:
        data = data.replace('"title"', '"n": ' + "9" * digits + ', "title"', 1)
    good = json.dumps({"text": "Kyiv said drones struck the port overnight. " * 3})
    lines = f"{data}\n{good}" if suffix == ".jsonl" else f"[{data}, {good}]"
    try:
        result = read_file(Path(f"fuzz{suffix}"), lines.encode(), CONTEXT)
    except Rejected:  # the whole file: only a .json whose hostile record broke the parse
        assert suffix == ".json"
        return
    for article in result.articles:
        _check_and_store(engine, article)
    assert len(result.articles) + len(result.problems) == 2


@HOSTILE
@given(
    published=st.one_of(EXTREME_TIMES.map(format_datetime), st.text(max_size=30)),
    link=HOSTILE_URLS.map(escape),
    reference=st.sampled_from(["", "&#xD800;", "&#0;", "&#x110000;", "&#9999999999999;"]),
)
def test_feed_parser_survives_extreme_dates_and_bad_links(
    engine: Engine, published: str, link: str, reference: str
) -> None:
    summary = "Russian drones struck Odesa overnight, damaging the port, officials said. " * 2
    document = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>Ukraine {reference}</title><link>{link}</link>"
        f"<pubDate>{escape(published)}</pubDate><description>{summary}</description></item>"
        f"<item><title>Kyiv</title><link>https://news.example/ok</link>"
        f"<description>{summary} Kyiv.</description></item></channel></rss>"
    )
    try:
        articles = _articles_of_feed(document.encode("utf-8", "surrogatepass"), FEED_CONTEXT)
    except Rejected:
        return
    for article in articles:
        _check_and_store(engine, article, FEED_CONTEXT)
