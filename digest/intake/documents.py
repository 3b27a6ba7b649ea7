"""Reading article files (.txt, .html, .json, .jsonl) into cleaned, dated articles.

Pure: bytes in, articles or a reason for rejection out, so the same code serves the
command line, the feed fetcher and the tests. A bad file never stops the others.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import trafilatura

from digest.errors import Rejected
from digest.intake.bylines import byline_day
from digest.intake.charsets import decode_markup
from digest.intake.cleaning import clean_article, word_count
from digest.intake.dates import (
    MAX_FUTURE,
    DateProblem,
    date_in_text,
    date_in_url,
    local_day,
    parse_timestamp,
    split_date_prefix,
)
from digest.intake.json_ld import defuse_scripts, fuller_body
from digest.intake.languages import detect_language
from digest.intake.non_articles import PageSigns, not_an_article
from digest.intake.outlets import outlet_name
from digest.intake.page_lines import visible_lines
from digest.intake.published import page_times
from digest.intake.standfirsts import described, standfirst
from digest.intake.story_links import without_other_stories
from digest.intake.urls import url_problem
from digest.models import Article

MAX_BYTES = 5 * 1024 * 1024
MIN_WORDS = 15
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Invisible control characters: junk in a digest, and PostgreSQL refuses NUL outright."""
_UNSTORABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")
"""What no short field (a source's name) may keep: controls, lone surrogates and the
replacement character a failed decoding leaves (an outlet named "\ufffd" is no name)."""
_GARBLED = re.compile(r"[\ufffd\ud800-\udfff]")
"""Replacement characters and lone surrogates: what a failed decoding leaves behind."""
_CONTINUATION = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
"""UTF-8 continuation bytes (0x80-0xBF) as windows-1252 or Latin-1 shows them."""
_UTF8_AS_1252 = re.compile(
    rf"(?:[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}"
    rf"|[\u00f0-\u00f4][{_CONTINUATION}]{{3}})++"
)
"""Runs shaped like UTF-8 bytes read one by one: "ÐšÐ¸Ñ—Ð²" (Київ), "Ã©" (é), "â€™" (’)."""
_MISREAD_AS = re.compile(r"[\u0400-\u04ff\u00a0-\u017f\u2010-\u203a\u20ac]+")
"""What such runs really say in the news: Cyrillic, Latin accents, quotes and dashes; a
run that decodes to anything else ("É®" would be IPA "ɮ") is taken as the text it is."""
_CP1251_AS_LATIN = re.compile(r"[\u00c0-\u00ff\u00a5\u00aa\u00af\u00b2-\u00b4\u00ba\u00bf]{4,}+")
"""Words of four or more letters that are all Latin-1 accents ("Êè¿â" is windows-1251
"Київ"; ³ ¿ º ´ are і ї є ґ): none of 188 real pages in five Latin-script languages has one."""


@dataclass(frozen=True)
class DayContext:
    """What decides an article's day when the article itself does not say."""

    tz: ZoneInfo
    today: date
    fallback_day: date
    fallback_source: str
    max_age_days: int | None = None
    """Articles dated further back are refused (news feeds); None keeps them (archives)."""


@dataclass(frozen=True)
class StatedDates:
    """What a page says about its own day, most trusted first.

    `published` and `day` come from explicit publication metadata (an aware time, or a
    day without a zone); `byline` is the day printed by the headline; `element` is the
    page's first `<time datetime>` and `markup_day` htmldate's reading of its markup
    without the extensive search, both trusted less than the byline, a dated lede or URL.
    """

    published: datetime | None = None
    day: date | None = None
    byline: date | None = None
    element: datetime | date | None = None
    markup_day: date | None = None


NO_DATES = StatedDates()


@dataclass(frozen=True)
class PageText:
    """The main text of a web page and what the page says about itself."""

    text: str
    title: str
    site: str | None
    url: str | None
    dates: StatedDates = NO_DATES


@dataclass
class FileResult:
    """The articles a file holds and the records in it that were rejected."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def mojibake(text: str) -> str | None:
    """Which charset mix-up garbled `text`, shown with a repaired sample; None if none did.

    The two mix-ups likely in Ukrainian news are checked by decoding back: UTF-8 read as
    windows-1252 and windows-1251 read as Latin-1.
    """
    if text.isascii():  # both leave letters beyond ASCII
        return None
    for match in _UTF8_AS_1252.finditer(text):
        try:
            repaired = match[0].encode("cp1252").decode("utf-8")
        except UnicodeError:
            continue
        if _MISREAD_AS.fullmatch(repaired):
            return f"UTF-8 read as windows-1252 ({match[0]!r} is {repaired!r}; wrong charset?)"
    match = _CP1251_AS_LATIN.search(text)
    if match:
        repaired = match[0].encode("latin-1").decode("cp1251")
        return f"windows-1251 read as Latin-1 ({match[0]!r} is {repaired!r}; wrong charset?)"
    return None


def decode(data: bytes) -> str:
    """Text of a file, or Rejected when it is empty, binary or fits no charset it declares.

    The same decoder as for downloads (`decode_markup`): an HTML file's `<meta charset>`
    counts, as it does when the page is fetched.
    """
    if len(data) > MAX_BYTES:
        raise Rejected(f"larger than {MAX_BYTES // (1024 * 1024)} MB ({len(data):,} bytes)")
    if not data.strip():
        raise Rejected("empty file")
    try:
        text = decode_markup(data)
    except Rejected:
        if _binary(data[:8192].decode("latin-1")):
            raise Rejected("binary file, not text") from None
        raise
    if _binary(text[:8192]):
        raise Rejected("binary file, not text")
    return text


def _binary(head: str) -> bool:
    controls = sum(1 for char in head if char < " " and char not in "\t\n\f\r")
    return "\x00" in head or controls > len(head) // 20


def clean_field(value: str) -> str:
    """A one-line field (a source's name) without controls, lone surrogates or replacement
    characters."""
    return " ".join(_UNSTORABLE.sub(" ", value).split())


def _publication_day(published: datetime, context: DayContext) -> tuple[date | None, str]:
    """The day of a publication time, or None and why it is ignored (future, out of range)."""
    try:
        day = local_day(published, context.tz)
    except OverflowError:
        when = "in the future" if published.year > context.today.year else "out of range"
        return None, f"ignored the publication time {published.isoformat()} ({when})"
    if day > context.today + MAX_FUTURE:
        return None, f"ignored the publication time {published.isoformat()} (in the future)"
    return day, ""


def _day_of(moment: datetime | date | None, tz: ZoneInfo) -> date | None:
    """The day of a time found in markup, in `tz` when the time has an offset."""
    if isinstance(moment, datetime):
        return local_day(moment, tz) if moment.tzinfo else moment.date()
    return moment


_LEDE_BACKGROUND = timedelta(days=7)
"""A lede's date this long before the day the page's markup gives is background."""


def _later_days(
    body: str, url: str | None, stated: StatedDates, context: DayContext
) -> Iterator[tuple[date | None, str]]:
    """The days an article without a publication time may have, most trusted first, each
    worked out only when the ones before it gave none."""
    yield stated.day, "page metadata"
    lede_day = date_in_text(body, context.today)
    if lede_day and stated.markup_day and stated.markup_day - lede_day > _LEDE_BACKGROUND:
        lede_day = None  # "Mercurial 5.2 was released on November 5, 2019", posted in 2020
    yield lede_day, "date in the text"
    yield (date_in_url(url, context.today) if url else None), "date in the URL"
    yield stated.byline, "byline"
    yield _day_of(stated.element, context.tz), "page markup"
    yield stated.markup_day, "page markup"


def build_article(
    raw_text: str,
    *,
    source: str,
    context: DayContext,
    title: str = "",
    url: str | None = None,
    published: datetime | None = None,
    stated: StatedDates = NO_DATES,
) -> Article:
    """Clean one article's text and give it a day; Rejected when too little text is left.

    The day comes from, in order: a ` date YYYY-MM-DD ` prefix, the publication time (the
    caller's, else the page's metadata), a day the metadata states, a full date in the
    lede, a date in the URL, the byline, the page's markup, then the caller's fallback. Times more
    than a day ahead and malformed URLs are dropped with a note: the news is kept.
    """
    notes: list[str] = []
    raw_text, title = _CONTROLS.sub(" ", raw_text), " ".join(_CONTROLS.sub(" ", title).split())
    if url and (problem := url_problem(url)):
        notes.append(f"ignored the URL ({problem})")
        url = None
    if _GARBLED.search(raw_text) or _GARBLED.search(title):
        raise Rejected("garbled text (replacement characters: wrong charset?)")
    garbled = mojibake(title) or mojibake(raw_text)
    if garbled:
        raise Rejected(f"garbled text: {garbled}")
    try:
        prefix_day, raw_text = split_date_prefix(raw_text, context.today)
    except DateProblem as problem:
        prefix_day, raw_text = None, problem.args[1]
        notes.append(f"ignored {problem.args[0]}")
    cleaned = clean_article(raw_text, title)
    words = word_count(cleaned.body)
    if words < MIN_WORDS:
        raise Rejected(f"no article text ({words} words after cleaning)")

    day, date_source = prefix_day, "date prefix"
    for moment, origin in ((published, "publication time"), (stated.published, "page metadata")):
        if moment is None:
            continue
        published_day, problem = _publication_day(moment, context)
        if problem:
            notes.append(problem)
            continue
        published = moment
        if day is None:
            day, date_source = published_day, origin
        break
    else:
        published = None
    if day is None:
        day, date_source = next(
            (
                (found, origin)
                for found, origin in _later_days(cleaned.body, url, stated, context)
                if found is not None and found <= context.today + MAX_FUTURE
            ),
            (None, date_source),
        )
    if day is None:
        notes.append("no date in the article")
        day, date_source = context.fallback_day, context.fallback_source
    elif context.max_age_days is not None and (
        day < context.today - timedelta(days=context.max_age_days)
    ):
        raise Rejected(f"dated {day} ({date_source}), more than {context.max_age_days} days ago")
    return Article(
        title=cleaned.title,
        text=cleaned.body,
        source=source,
        day=day,
        date_source=date_source,
        url=url or None,
        published=published,
        language=detect_language(f"{cleaned.title}\n{cleaned.body}"),
        notes=tuple(notes),
    )


_HTML_TITLE = re.compile(r"<title[^>]*+>([^<]{0,500})", re.IGNORECASE)
_MARKUP_DATES = {"extensive_search": False, "original_date": True}
"""htmldate's extensive search takes lone years, copyright lines and related-story links
for the page's date (the real-world corpus's date traps); the markup reading alone does not."""


def extract_page(html: str) -> PageText:
    """The main text of an HTML page without its furniture (trafilatura); Rejected if none.

    Shared by local .html files and the feed fetcher, so both read pages the same way. The
    page is parsed once: trafilatura works on copies of the tree, the dates on the tree.
    """
    tree = trafilatura.load_html(html)
    if tree is not None:
        defuse_scripts(tree)
    document = None
    for precision in (True, False):  # precision leaves less furniture, but misses some pages
        document = trafilatura.bare_extraction(
            tree if tree is not None else html,
            with_metadata=True,
            favor_precision=precision,
            date_extraction_params=_MARKUP_DATES,
        )
        if document is not None and len((document.text or "").split()) >= MIN_WORDS:
            break
    if tree is None or document is None or not document.text:
        raise Rejected("no article text found in the HTML")
    markup_day = None
    if document.date:
        try:
            markup_day = date.fromisoformat(document.date[:10])
        except ValueError:
            markup_day = None
    title = document.title or ""
    text = fuller_body(tree, document.text) or document.text
    times = page_times(tree)
    stated, published, day = times.published, None, None
    summary = described(document.description or "", text)
    lines = visible_lines(tree) if stated is None or summary else []
    if isinstance(stated, datetime) and stated.tzinfo:
        published = stated
    else:  # a local time with no zone: its date is the publisher's day
        day = stated.date() if isinstance(stated, datetime) else stated
    dates = StatedDates(
        published=published,
        day=day,
        byline=byline_day(lines, title, detect_language(text)) if stated is None else None,
        element=times.time_element,
        markup_day=markup_day,
    )
    page_title = _HTML_TITLE.search(html)
    signs = PageSigns(
        text=text,
        title=title,
        url=document.url,
        page_type=document.pagetype,
        dated=stated is not None,
        page_title=" ".join(page_title[1].split()) if page_title else "",
        site=document.sitename,
    )
    refused = not_an_article(signs)
    if refused:
        raise Rejected(f"not an article: {refused}")
    text = without_other_stories(text, tree, document.url or "")
    shown = standfirst(summary, text, lines) if summary else None
    return PageText(
        text=f"{shown}\n{text}" if shown else text,
        title=title,
        site=document.sitename or None,
        url=document.url,
        dates=dates,
    )


def _from_html(text: str, source: str, context: DayContext) -> Article:
    page = extract_page(text)
    return build_article(
        page.text,
        source=outlet_name(page.site, page.url, source),
        context=context,
        title=page.title,
        url=page.url,
        stated=page.dates,
    )


def _from_record(record: Any, source: str, context: DayContext) -> Article:
    if not isinstance(record, dict):
        raise Rejected(f"expected an object with title and text, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("no text field")
    published = None
    if record.get("published"):
        stated = str(record["published"])
        published = parse_timestamp(stated, context.tz)
        if published is None:
            raise Rejected(f"unreadable published date {clean_field(stated[:40])!r}")
    url = record.get("url")
    return build_article(
        text,
        source=clean_field(_string(record, "source")) or source,
        context=context,
        title=_string(record, "title"),
        url=url if url is None or isinstance(url, str) else repr(url),
        published=published,
    )


def _string(record: dict[str, Any], name: str) -> str:
    """A record's text field; a number, list or object there is not text and is ignored."""
    value = record.get(name)
    return value if isinstance(value, str) else ""


def _loads(text: str) -> Any:
    """json.loads, with hostile shapes (deep nesting, huge numbers) as a Rejected reason."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Rejected(f"invalid JSON: {error.msg} at line {error.lineno}") from None
    except RecursionError:
        raise Rejected("invalid JSON: nested too deeply") from None
    except ValueError:  # Python's cap on the digits of an integer
        limit = sys.get_int_max_str_digits()
        raise Rejected(f"invalid JSON: a number with more than {limit:,} digits") from None


def _json_records(text: str, suffix: str) -> Iterator[tuple[str, Any]]:
    if suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield f"line {number}", _loads(line)
                except Rejected as reason:
                    yield f"line {number}", reason
        return
    data = _loads(text)
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        yield (f"record {number}" if isinstance(data, list) else "record"), item


def read_file(path: Path, data: bytes, context: DayContext) -> FileResult:
    """Every article in one file; raises Rejected when nothing in it can be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Rejected(f"unsupported file type {suffix or '(none)'}; use {', '.join(SUFFIXES)}")
    text = decode(data)
    if suffix in (".txt", ".html", ".htm"):
        reader = _from_html if suffix != ".txt" else _from_txt
        return FileResult(articles=[reader(text, path.name, context)])
    result = FileResult()
    for label, record in _json_records(text, suffix):
        try:
            if isinstance(record, Rejected):
                raise record
            result.articles.append(_from_record(record, path.name, context))
        except Rejected as reason:
            result.problems.append(f"{label}: {reason}")
    if not result.articles:
        raise Rejected("; ".join(result.problems) or "no records")
    return result


_SOURCE_HEADER = re.compile(
    r"\A(\s*date\s+\S+[ \t]*\n)?\s*source[ \t]*:[ \t]*([^\n]{1,100})\n", re.IGNORECASE
)
"""A `.txt` may name its outlet on a `source: Reuters` line at its top (after an optional
`date YYYY-MM-DD` line); otherwise the file name stands for it."""


def _from_txt(text: str, source: str, context: DayContext) -> Article:
    if header := _SOURCE_HEADER.match(text):
        source = clean_field(header[2]) or source
        text = (header[1] or "") + text[header.end() :]
    return build_article(text, source=source, context=context)
