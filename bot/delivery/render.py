"""A digest as Telegram HTML messages (each within Telegram's limit) or as plain text.

Both renderings share one structure: a title, then per section a heading and one line per
item. A line is a tuple of styled spans, so the HTML escapes every piece of article text
on its own and a split can only fall between spans or inside a span's raw text — never
inside a tag or an entity.

Lengths are counted as Telegram counts them: UTF-16 code units of the text it shows after
parsing the HTML (tags and entities removed), including the newlines between lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.i18n import ENGLISH, N_, Translator
from digest.intake.urls import url_problem
from digest.models import READER_SECTIONS, Digest, DigestItem, Figure
from digest.sections import FIGURES, READABLE, Section
from digest.watch import Watch

MESSAGE_LIMIT = 4096
"""Telegram's maximum message length, in UTF-16 code units after entity parsing."""

TITLES = {section.name: section.title for section in READABLE}
"""Each reader section's heading (and button label), from the registry (English: a msgid)."""
FIGURE_LABELS = {
    "killed": N_("Killed"),
    "wounded": N_("Wounded"),
    "missiles": N_("Missiles launched"),
    "drones": N_("Drones launched"),
}
CONTINUED = N_(" (continued)")
NOTHING = N_("Nothing reported.")
BULLET, WATCHED = "• ", "🔎 "
"""A line's mark: a watched line (see digest.watch) stands out and comes first."""
NO_WATCH = Watch()

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_SPACE = re.compile(r"\s+")

Style = Literal["plain", "bold", "italic", "link"]


@dataclass(frozen=True)
class Span:
    """A piece of text with one style; `href` only for links."""

    text: str
    style: Style = "plain"
    href: str | None = None


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Block:
    """One section of a rendering: its heading and its lines."""

    heading: Line
    lines: tuple[Line, ...]


def utf16_length(text: str) -> int:
    """Telegram's unit of length: an emoji outside the BMP counts as 2."""
    return len(text.encode("utf-16-le")) // 2


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) URL Telegram will accept as a link, else None: the intake's
    own check, again, so an older row's broken link ("http://[oops/") never breaks a render."""
    return url if url and url_problem(url) is None else None


# -- structure ----------------------------------------------------------------------------


def _title(digest: Digest, tr: Translator) -> tuple[Line, ...]:
    count = digest.articles
    articles = tr.ngettext("From {count} article.", "From {count} articles.", count)
    return (
        (Span(tr.gettext("War digest · {day}").format(day=tr.long_day(digest.day)), "bold"),),
        (Span(articles.format(count=count), "italic"),),
    )


def _watched_texts(digest: Digest, section: str) -> list[str]:
    """What the watch reads of each line a section shows: an item's sentence, a figure's
    place; the watch line's counts and the lines' marks both come from here."""
    if section == FIGURES.name:
        return [figure.place or "" for figure in digest.figures]
    return [item.text for item in digest.sections.get(section, [])]


def _watch_line(digest: Digest, chosen: Iterable[str], watch: Watch, tr: Translator) -> Line:
    """ "Your watch: Kharkiv 2 · Odesa 1", or that nothing in the chosen sections matched."""
    counts = dict.fromkeys(watch.terms, 0)
    for name in chosen:
        for text in _watched_texts(digest, name):
            for term in watch.hits(text):
                counts[term] += 1
    found = [f"{term} {count}" for term, count in counts.items() if count]
    head = Span(tr.gettext("Your watch:") + " ", "bold")
    if not found:
        nothing = tr.gettext("nothing today on {terms}.").format(terms=", ".join(watch.terms))
        return (head, Span(nothing))
    marked = tr.gettext("{found}, marked {mark}.")
    return (head, Span(marked.format(found=" · ".join(found), mark=WATCHED.strip())))


def _linked(text: str, url: str | None) -> Span:
    href = safe_url(url)
    return Span(text, "link", href) if href else Span(text)


def _item_line(item: DigestItem, tr: Translator, watched: bool) -> Line:
    mark = WATCHED if watched else BULLET
    spans = [Span(mark), _linked(item.text, item.url), Span(" — "), Span(item.source, "italic")]
    if item.sources > 1:
        sources = tr.ngettext(" ({count} source)", " ({count} sources)", item.sources)
        spans.append(Span(sources.format(count=item.sources)))
    return tuple(spans)


def _figure_line(figure: Figure, tr: Translator, watched: bool) -> Line:
    kind = figure.kind
    label = tr.gettext(FIGURE_LABELS[kind]) if kind in FIGURE_LABELS else kind.capitalize()
    where = tr.gettext(" in {place}").format(place=figure.place) if figure.place else ""
    value = f"{label}: {tr.number(figure.value)}"
    spans = [Span(WATCHED if watched else BULLET), Span(value, "bold"), Span(f"{where} — ")]
    spans.append(_linked(figure.source, figure.url))
    if figure.note:
        spans.append(Span(f" ({figure.note})", "italic"))
    return tuple(spans)


def _watched_first(lines: list[tuple[bool, Line]]) -> tuple[Line, ...]:
    """The watched lines first, each group in the digest's own order."""
    return tuple(line for watched, line in sorted(lines, key=lambda pair: not pair[0]))


def _block(digest: Digest, section: Section, tr: Translator, watch: Watch) -> Block:
    watched = [bool(watch.hits(text)) for text in _watched_texts(digest, section.name)]
    if section == FIGURES:
        lines = [_figure_line(f, tr, w) for f, w in zip(digest.figures, watched, strict=True)]
    else:
        items = digest.sections.get(section.name, [])
        lines = [_item_line(item, tr, w) for item, w in zip(items, watched, strict=True)]
    heading = (Span(tr.gettext(section.title), "bold"),)
    ordered = _watched_first(list(zip(watched, lines, strict=True)))
    return Block(heading, ordered or ((Span(tr.gettext(NOTHING), "italic"),),))


def _blocks(
    digest: Digest,
    sections: Iterable[str],
    registry: Sequence[Section],
    tr: Translator,
    watch: Watch = NO_WATCH,
) -> list[Block]:
    """The chosen sections' blocks in the registry's order (`READABLE` unless a caller that
    built the digest with other sections passes those)."""
    chosen = set(sections)
    known = [section.name for section in registry]
    if unknown := chosen.difference(known):
        raise ValueError(f"unknown section {unknown.pop()!r}; one of {', '.join(known)}")
    return [_block(digest, section, tr, watch) for section in registry if section.name in chosen]


# -- formats --------------------------------------------------------------------------------


def _html_span(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.style == "bold":
        return f"<b>{text}</b>"
    if span.style == "italic":
        return f"<i>{text}</i>"
    if span.style == "link" and span.href:
        return f'<a href="{html.escape(span.href, quote=True)}">{text}</a>'
    return text


def _html_line(line: Line) -> str:
    return "".join(_html_span(span) for span in line)


def _shown_line(line: Line) -> str:
    """What Telegram shows of the line: the text without markup."""
    return "".join(span.text for span in line)


def _text_line(line: Line) -> str:
    """The CLI's plain text: the shown text, then each link's address on its own line."""
    links = [f"\n  {span.href}" for span in line if span.style == "link" and span.href]
    return _shown_line(line) + "".join(links)


def _size(line: Line) -> int:
    return utf16_length(_shown_line(line))


# -- splitting ----------------------------------------------------------------------------


def _cut_point(text: str, budget: int) -> int:
    """Where to cut `text` so its head fits `budget` UTF-16 units: after a sentence, else
    at a space, else between two code points (a surrogate pair is never cut)."""
    fits = 0
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > budget:
            break
        fits = index + 1
    head = text[:fits]
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [match.start() for match in pattern.finditer(head) if match.start() > 0]
        if ends:
            return ends[-1]
    return max(fits, 1)


def _cut(line: Line, budget: int) -> list[Line]:
    """Split a line too long for one message into lines of at most `budget` units each."""
    lines: list[Line] = []
    current: list[Span] = []
    room = budget
    queue = list(line)
    while queue:
        span = queue.pop(0)
        size = utf16_length(span.text)
        if size <= room:
            current.append(span)
            room -= size
            continue
        if current and room < budget // 4:
            lines.append(tuple(current))
            current, room = [], budget
            queue.insert(0, span)
            continue
        cut = _cut_point(span.text, room)
        head, tail = span.text[:cut], span.text[cut:].lstrip()
        current.append(Span(head, span.style, span.href))
        lines.append(tuple(current))
        current, room = [], budget
        if tail:
            queue.insert(0, Span(tail, span.style, span.href))
    if current:
        lines.append(tuple(current))
    return lines


def _pack(
    title: tuple[Line, ...], blocks: list[Block], limit: int, continued_mark: str
) -> list[list[Line]]:
    """Fill messages line by line; a section split over two messages repeats its heading,
    marked `continued_mark` (" (continued)").

    A heading is never left alone at the bottom of a message: it travels with its first line.
    """
    messages: list[list[Line]] = []
    current: list[Line] = []
    size = 0

    def add(group: list[Line], continued: Line | None) -> None:
        nonlocal current, size
        cost = sum(_size(line) for line in group) + len(group) - (not current)
        if current and size + cost > limit:
            messages.append(current)
            current, size = [], 0
            while group and not group[0]:
                group = group[1:]
            if continued is not None:
                group = [continued, *group]
            cost = sum(_size(line) for line in group) + len(group) - 1
        current.extend(group)
        size += cost

    add(list(title), None)
    for block in blocks:
        continued = (*block.heading, Span(continued_mark, "italic"))
        budget = limit - _size(continued) - 1
        lines = [piece for line in block.lines for piece in _cut(line, budget)]
        add([(), block.heading, lines[0]], None)
        for line in lines[1:]:
            add([line], continued)
    messages.append(current)
    return messages


def _messages(
    digest: Digest,
    sections: Iterable[str],
    limit: int,
    registry: Sequence[Section],
    tr: Translator,
    watch: Watch,
) -> list[str]:
    chosen = list(sections)
    title = _title(digest, tr)
    if watch:
        title = (*title, _watch_line(digest, chosen, watch, tr))
    blocks = _blocks(digest, chosen, registry, tr, watch)
    packed = _pack(title, blocks, limit, tr.gettext(CONTINUED))
    return ["\n".join(_html_line(line) for line in message) for message in packed]


# -- public API ------------------------------------------------------------------------------


def render_digest(
    digest: Digest,
    sections: Iterable[str] = READER_SECTIONS,
    *,
    limit: int = MESSAGE_LIMIT,
    registry: Sequence[Section] = READABLE,
    tr: Translator = ENGLISH,
    watch: Watch = NO_WATCH,
) -> list[str]:
    """The digest's chosen sections (in the registry's order) as HTML messages, each ≤ `limit`,
    in the language of `tr` (the article text stays as written); lines mentioning a `watch`
    term come first in their section, marked.

    No section chosen gives no message: there is nothing to send to such a chat.
    """
    chosen = list(sections)
    return _messages(digest, chosen, limit, registry, tr, watch) if chosen else []


def render_section(
    digest: Digest,
    section: str,
    *,
    limit: int = MESSAGE_LIMIT,
    tr: Translator = ENGLISH,
    watch: Watch = NO_WATCH,
) -> list[str]:
    """One reader section (see `digest.sections.READABLE`) as HTML messages."""
    return _messages(digest, [section], limit, READABLE, tr, watch)


def render_figures(
    digest: Digest, *, limit: int = MESSAGE_LIMIT, watch: Watch = NO_WATCH
) -> list[str]:
    """The day's key figures as HTML messages."""
    return render_section(digest, FIGURES.name, limit=limit, watch=watch)


def _lines(digest: Digest, section: str | None, tr: Translator) -> Iterator[Line]:
    yield from _title(digest, tr)
    chosen = READER_SECTIONS if section is None else [section]
    for block in _blocks(digest, chosen, READABLE, tr):
        yield ()
        yield block.heading
        yield from block.lines


def render_html(digest: Digest, section: str | None = None, tr: Translator = ENGLISH) -> str:
    """The whole digest (or one section) as one Telegram-HTML document, unsplit."""
    return "\n".join(_html_line(line) for line in _lines(digest, section, tr))


def render_text(digest: Digest, section: str | None = None, tr: Translator = ENGLISH) -> str:
    """The whole digest (or one section) as plain text for a terminal, links spelled out."""
    return "\n".join(_text_line(line) for line in _lines(digest, section, tr))
