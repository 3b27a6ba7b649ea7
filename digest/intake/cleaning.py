"""Cleaning scraped article text: furniture out, whitespace normalised, title apart.

Scraped pages carry site furniture ("Get both sides in 5 minutes with our daily
newsletter.", "Articles (35)", citation markers like `[1]`; see furniture.py) that must
never reach a digest, and feeds often run the headline into the first line of the body.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from digest.intake.furniture import (
    BIO_PARAGRAPHS,
    is_bio,
    is_credit_line,
    is_furniture,
    is_table_row,
    without_credits,
)
from digest.sentences import split_text

# Citation markers left by aggregators: [1], [12], [story_context], [citation needed].
# The look-behind starts a match only where a run of spaces starts, never inside one,
# so a long run of spaces is scanned once instead of once per space.
_CITATION = re.compile(r"(?<!\s)\s*\[(?:\d{1,3}|[a-z_ ]{3,30})\]", re.IGNORECASE)
MAX_WORD = 2000
"""Longer "words" are dropped: base64 blobs or minified code, never prose. The longest
seen in 188 real news pages is a 463-character run of Chinese text; the longest URL 171."""
_OVERLONG_WORD = re.compile(rf"(?<!\S)\S{{{MAX_WORD + 1},}}")
MAX_LINE = 20_000
"""Longer lines are split at spaces into paragraphs; the longest line seen in real pages
(a whole article on one line) has 7,181 characters."""
LABEL_WORDS = 3
FIELD_WORDS = 2
TABLE_PROSE_WORDS = 8
"""A table cell of this many words is prose (a story laid out in a table), not data."""
TEASER_LIST = 2
_CUT_SHORT = re.compile(r"\w(?:\.\.\.|…)$")
"""A paragraph cut short by a site: "..." or "…" run into its last word (a writer's
trailing off is spaced or comes after a full stop: "dass …", "so far....")."""
_CUT_BEFORE_HEADING = re.compile(r"\w\s?(?:\.\.\.|…)$")
"""A teaser's paragraph cut short, spaced or not, when a headline follows it."""
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s")
_LIST_ITEM = re.compile(r"(?:[-•*–]|\d{1,2}[.)])\s")
_ABOUT = re.compile(
    r"(?:about (?:this|the) (?:series|authors?|writer|publisher)|about us|"
    r"über (?:diese reihe|den autor|die autorin|die autoren|uns)|"
    r"sobre (?:el autor|la autora|los autores|nosotros)|à propos (?:de l'auteur|de nous)|"
    r"o autorze|o nas)\W*",
    re.IGNORECASE,
)
"""The heading of a box about the series, the author or the publisher, not the story."""
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"[.!?…\"”’')\]。！？」』]$")
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40},(?: [A-Z][\w .'-]{1,30})? [—–-] ")

# Words that may stand before a capitalised word inside a normal sentence; a headline
# run into the body never ends on one of them ("... to meet Putin" is not a split).
_JOINING_WORDS = frozenset(
    """a an the and or but nor of in on at to for from by with without into onto over
    under near about after before during since until than as that which who whom whose
    said says told tells announced asked called named met meet meets see sees visit visits
    urged warned accused thanked praised blamed hit struck attacked entered left reached
    is are was were be been being has have had do does did will would can could should may
    might must not also only just even his her their its our my your this these those""".split()
)
_HEADLINE_OPENERS = re.compile(
    r"(?:[A-Z]{2,5}|The|A|An|President|Prime|Foreign|Defen[cs]e|Russian|Ukrainian|"
    r"Israeli|Palestinian|Sudanese|U\.S\.|Officials?|Authorities)\b"
)


@dataclass(frozen=True)
class CleanText:
    """Title (empty when it cannot be told apart from the body) and cleaned body."""

    title: str
    body: str


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CJK_CHARS_PER_WORD = 2
"""Chinese, Japanese and Korean runs have no spaces between words; about two characters
make a word, so a 500-character Chinese story counts as the 250-word story it is."""


def word_count(text: str) -> int:
    """Words of `text`, counting scripts written without spaces by their characters."""
    if not _CJK.search(text):  # one scan, not two, for the text of most languages
        return len(text.split())
    cjk = len(_CJK.findall(text))
    spaced = len(_CJK.sub(" ", text).split())
    return spaced + cjk // CJK_CHARS_PER_WORD


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation: a title or sub-heading, not a sentence."""
    return word_count(line) <= 14 and not _SENTENCE_END.search(line)


def _is_label(line: str) -> bool:
    """A heading of a few words ("Advertisement", "Most read", "Europe"): a label of the
    page, not of the story. Longer headings (sub-heads, standfirsts, hard-wrapped lines
    that stayed apart) are kept: the digest never quotes a line without closing
    punctuation, and the archive keeps the story whole. A line ending in a colon is a
    field's name up to two words ("Release Date:"); longer, it introduces what follows
    ("Osoby niewidome, słabowidzące:") and is kept."""
    if line.endswith(":"):
        return word_count(line) <= FIELD_WORDS
    return _is_heading(line) and word_count(line) <= LABEL_WORDS


def _split_long_line(line: str) -> list[str]:
    """`line` cut at spaces into nearly equal pieces of at most MAX_LINE characters.

    Equal pieces, not full ones and a short rest, so no piece is short enough to be
    taken for a heading and dropped.
    """
    if len(line) <= MAX_LINE:
        return [line]
    size = math.ceil(len(line) / math.ceil(len(line) / MAX_LINE))
    pieces, start = [], 0
    while len(line) - start > MAX_LINE:
        cut = line.rfind(" ", start + 1, start + size + 1)
        cut = cut if cut > start else start + MAX_LINE
        pieces.append(line[start:cut])
        start = cut + 1 if line[cut : cut + 1] == " " else cut
    pieces.append(line[start:])
    return pieces


def _table_cells(line: str) -> list[str]:
    """The prose cells of a table row (pages laid out in tables keep their story there);
    the pipes, and short cells of data or menus, go."""
    cells = (" ".join(cell.split()) for cell in line.split("|"))
    return [cell for cell in cells if word_count(cell) >= TABLE_PROSE_WORDS]


def _without_furniture(line: str) -> str:
    """`line` without its furniture sentences and run-in credits; "" if nothing is left."""
    if is_credit_line(line):
        return ""
    sentences = split_text(line)
    kept = [without_credits(sentence) for sentence in sentences if not is_furniture(sentence)]
    if len(kept) == len(sentences) and kept == sentences:
        return line
    return " ".join(sentence for sentence in kept if sentence)


def _goes_on(line: str, after: str) -> bool:
    """Whether `after` continues the sentence `line` left open: it goes on in lower case,
    or `line` stopped on a word that cannot end one ("began in earnest in" / "June 2015")."""
    last = line.rsplit(" ", 1)[-1]
    return after[:1].islower() or (last.islower() and last in _JOINING_WORDS)


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped prose joined again: a line that ends mid-sentence and a next line that
    goes on are one paragraph, not a heading and a fragment."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if (
            paragraphs
            and not _SENTENCE_END.search(paragraphs[-1][-1])
            and _goes_on(paragraphs[-1][-1], line)
        ):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [" ".join(parts) for parts in paragraphs]


def _without_markers(line: str) -> str:
    """`line` without overlong words and citation markers (each looked for only where it
    can be: a line longer than a word may be, a bracket)."""
    if len(line) > MAX_WORD:
        line = _OVERLONG_WORD.sub("", line)
    return _CITATION.sub("", line) if "[" in line else line


def normalise_lines(raw: str) -> list[str]:
    """Non-empty lines with citation markers, furniture and stray whitespace removed.

    Hard-wrapped lines are joined first, so a sentence is judged whole; overlong words
    are dropped and overlong lines split before the furniture patterns and the heading
    tests look at them; an author bio is looked for in the last lines.
    """
    stripped = (
        _SPACES.sub(" ", _without_markers(raw_line)).strip()
        for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    lines = []
    for line in _unwrap([line for line in stripped if line]):
        for piece in _split_long_line(line):
            for part in _table_cells(piece) if is_table_row(piece) else [piece]:
                if part and (kept := _without_furniture(part)):
                    lines.append(kept)
    bios = [i for i in range(max(0, len(lines) - BIO_PARAGRAPHS), len(lines)) if is_bio(lines[i])]
    return _without_teasers([line for i, line in enumerate(lines) if i not in bios])


def _without_teasers(lines: list[str]) -> list[str]:
    """`lines` without a list of teasers of other stories: paragraphs a site cut short at
    a set length ("... Nachdem nach langer Diskussion der Stadtrat..."), each with the
    headline above it. One cut paragraph may be the writer's own trailing off; two or more
    make a list. A single one is a teaser too when a headline follows it (the next
    teaser's or the story's own): a writer's trailing off goes on in prose."""
    cut = [i for i, line in enumerate(lines) if _CUT_SHORT.search(line)]
    if len(cut) < TEASER_LIST:
        return [
            line
            for i, line in enumerate(lines)
            if not (
                _CUT_BEFORE_HEADING.search(line)
                and i + 1 < len(lines)
                and _is_heading(lines[i + 1])
            )
        ]
    dropped = set(cut) | {i - 1 for i in cut if i > 0 and not _SENTENCE_END.search(lines[i - 1])}
    return [line for i, line in enumerate(lines) if i not in dropped]


def split_run_in_headline(line: str) -> tuple[str, str]:
    """Split "Envoys sent after plan fine-tuned US President Trump said ..." into two.

    Only splits at a lower-case word followed by a typical sentence opener, when the
    words before it read as a headline (4 to 20 words, no sentence punctuation) and the
    rest of the line is a sentence of its own; otherwise returns ("", line).
    """
    if _DATELINE.match(line):
        return "", line
    tokens = line.split(" ")
    for index in range(4, min(len(tokens) - 6, 21)):
        before, after = tokens[index - 1], tokens[index]
        head = " ".join(tokens[:index])
        if (
            before.isalpha()
            and before.islower()
            and before not in _JOINING_WORDS
            and _HEADLINE_OPENERS.match(after)
            and not re.search(r"[.:;!?\"“”]", head)
        ):
            return head, " ".join(tokens[index:])
    return "", line


def clean_article(raw: str, title: str = "") -> CleanText:
    """Clean scraped text; find the title when the text starts with one."""
    lines = normalise_lines(raw)
    if not title and lines and _is_heading(lines[0]) and len(lines) > 1:
        title, lines = lines[0], lines[1:]
    elif not title and lines:
        head, rest = split_run_in_headline(lines[0])
        if head:
            title, lines = head, [rest, *lines[1:]]
    lines = _without_about_boxes(lines)
    body = [
        line
        for i, line in enumerate(lines)
        if not _is_label(line) or _is_sub_head(line, lines[i - 1 : i], lines[i + 1 : i + 2])
    ]
    return CleanText(title=title.strip(), body="\n\n".join(_without_trailing_headings(body)))


def _without_about_boxes(lines: list[str]) -> list[str]:
    """`lines` without a box about the series, author or publisher ("Über diese Reihe",
    "About the author"): its heading and the lines under it, up to the next heading."""
    kept, boxed = [], False
    for line in lines:
        if _ABOUT.fullmatch(line):
            boxed = True
        elif boxed and _is_heading(line):
            boxed = False
        if not boxed:
            kept.append(line)
    return kept


def _without_trailing_headings(body: list[str]) -> list[str]:
    """`body` without the headings it ends on: a heading with no paragraph under it heads
    something of the page that was not kept ("Beiträge aus dem Forum", a member button, a
    widget's field names), not the story. List items and lines that hold a sentence
    ("... bleibt spannend. (Christian P. Stadtfeld) +++") stay; a body that holds no
    sentence at all (a list of short lines) is left as it is."""
    end = len(body)
    while (
        end
        and _is_heading(body[end - 1])
        and not _LIST_ITEM.match(body[end - 1])
        and not _INNER_SENTENCE_END.search(body[end - 1])
    ):
        end -= 1
    return body[:end] if end else body


def _is_sub_head(line: str, before: list[str], after: list[str]) -> bool:
    """A short heading of two or three words between two paragraphs of prose ("Right-wing
    resistance"): the story's sub-head, not a label of the page."""
    return (
        word_count(line) >= 2
        and all(_SENTENCE_END.search(other) and word_count(other) > 14 for other in before + after)
        and bool(before and after)
    )
