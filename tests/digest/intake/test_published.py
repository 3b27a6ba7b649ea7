"""A page's publication time comes from its own metadata, never from dates lying around it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import trafilatura

from digest.intake.dates import date_in_text, date_in_url
from digest.intake.documents import DayContext, build_article, extract_page
from digest.intake.published import PageTimes, page_times

TODAY = date(2026, 12, 1)
STORY = (
    "Russian drones hit the port of Odesa overnight, officials said, killing two people "
    "and damaging grain silos and a warehouse near the harbour."
)


def _times(page: str) -> PageTimes:
    """The page's times from the tree extract_page parses (None for an empty page)."""
    return page_times(trafilatura.load_html(page))


def _page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>{STORY}</p></body></html>"


def test_meta_publication_time_keeps_its_offset() -> None:
    page = _page('<meta property="article:published_time" content="2021-11-04T23:00Z">')
    assert _times(page).published == datetime(2021, 11, 4, 23, tzinfo=UTC)


def test_head_metadata_wins_over_json_ld_and_sidebar_items() -> None:
    page = _page(
        '<meta name="DC.Date" content="2023-11-07T07:30+01:00">'
        '<script type="application/ld+json">{"datePublished": "2023-11-06T18:19+01:00"}</script>',
        '<div class="related"><meta itemprop="datePublished" content="2014-11-20T16:00:49Z"></div>',
    )
    assert _times(page).published == datetime(
        2023, 11, 7, 7, 30, tzinfo=timezone(timedelta(hours=1))
    )


def test_json_ld_graphs_compact_stamps_and_unix_times() -> None:
    graph = '{"@graph": [{"@type": "WebSite"}, {"datePublished": "20180619T055000+0900"}]}'
    page = _page(f'<script type="application/ld+json">{graph}</script>')
    assert _times(page).published == datetime(2018, 6, 18, 20, 50, tzinfo=UTC)
    millis = _page('<script type="application/ld+json">{"datePublished": 1651035600000}</script>')
    assert _times(millis).published == datetime(2022, 4, 27, 5, tzinfo=UTC)


def test_a_day_without_time_and_the_itemprop_element() -> None:
    assert _times(_page('<meta name="dc.date" content="2014-12-29">')).published == date(
        2014, 12, 29
    )
    element = '<time itemprop="datePublished" datetime="2014-12-29T16:00-05:00">Dec 29</time>'
    assert _times(_page("", element)).published == datetime(2014, 12, 29, 21, tzinfo=UTC)


def test_no_metadata_no_guess() -> None:
    """A copyright year, a header date or a related-story link is not the page's date."""
    body = "<footer>Copyright 2015</footer><p>Updated March 3, 2020</p><a>2011/08/19 story</a>"
    assert _times(_page("<title>x</title>", body)).published is None
    assert _times(_page('<meta name="date" content="1970-01-01">')).published is None
    assert _times("").published is None


def test_the_first_time_element_dates_a_page_without_metadata_after_lede_and_url() -> None:
    sidebar = '<aside><time datetime="2022-04-20">old</time></aside>'
    page = _page("", f'<article><time datetime="1651035600">27 Apr</time></article>{sidebar}')
    assert _times(page).time_element == datetime(2022, 4, 27, 5, tzinfo=UTC)
    context = DayContext(ZoneInfo("America/Panama"), TODAY, TODAY, "fallback")
    extracted = extract_page(page)
    article = build_article(extracted.text, source="x", context=context, stated=extracted.dates)
    assert (article.day, article.date_source) == (date(2022, 4, 27), "page markup")


def test_publication_time_is_filed_by_the_configured_zone() -> None:
    """21:44 on 3 May in Brasilia is 4 May in Kyiv: the digest of 4 May holds it."""
    context = DayContext(ZoneInfo("Europe/Kyiv"), TODAY, TODAY, "fallback")
    page = _page('<meta property="article:published_time" content="2022-05-03T21:44:52-03:00">')

    extracted = extract_page(page)
    article = build_article(extracted.text, source="x", context=context, stated=extracted.dates)
    assert (article.day, article.date_source) == (date(2022, 5, 4), "page metadata")
    assert article.published == datetime(2022, 5, 4, 0, 44, 52, tzinfo=UTC)


def test_lede_date_in_the_first_sentence_only() -> None:
    visit = "Wadephul began a three-day visit on March 3, 2026, meeting officials in Kyiv."
    assert date_in_text(visit, TODAY) == date(2026, 3, 3)
    caption = "In this image released by A24, actors appear. The film opened on Dec. 11, 2014."
    assert date_in_text(caption, TODAY) is None
    assert date_in_text("Talks have stalled since April 15, 2025, officials said.", TODAY) is None


def test_date_in_url() -> None:
    assert date_in_url("https://cnn.com/2010/POLITICS/08/13/x/index.html", TODAY) == date(
        2010, 8, 13
    )
    assert date_in_url("https://ex.com/news/2014-12-29-story", TODAY) == date(2014, 12, 29)
    assert date_in_url("https://ex.com/journal/2019/01/story", TODAY) is None
    assert date_in_url("https://ex.com/2030/01/02/future", TODAY) is None
