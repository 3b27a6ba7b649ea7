"""Watched places and words: which digest lines mention what a reader follows.

A reader types the spelling they follow ("Kharkiv", "Харків", "Zaporizhzhia NPP"); a line
matches when it holds the same whole words in a row, whatever the case and accents
("Dnipro" matches "DNIPRO" and "Dnípro", "Київ" matches "КИЇВ"). A trailing `*` matches
any ending, for inflected languages: "Одес*" matches "Одеса", "Одесі" and "Одесу".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_TERMS = 20
"""Watched terms a chat may keep; enough for a region's towns, few enough to read."""
MAX_TERM_LENGTH = 60
PREFIX = "*"

_WORD = re.compile(r"\w+(?:'\w+)*")
_APOSTROPHES = str.maketrans(dict.fromkeys("’ʼ‘`´", "'"))


class BadTerm(ValueError):
    """A term that cannot be watched: `reason` says why (one of the constants below), so the
    bot says it in the reader's language (the message is for logs and tracebacks)."""

    NO_WORD, TOO_LONG, STAR, TOO_MANY = "no word", "too long", "star", "too many"

    def __init__(self, reason: str, term: str) -> None:
        super().__init__(f"cannot watch {term[:MAX_TERM_LENGTH]!r}: {reason}")
        self.reason, self.term = reason, term


def folded(text: str) -> str:
    """`text` without case or accents, with every apostrophe the same: what is compared."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded whole words of `text`, in order."""
    return _WORD.findall(folded(text))


def clean_term(raw: str) -> str:
    """The term as it will be stored and shown: spaces collapsed; BadTerm if it holds no
    word, is too long, or has a `*` anywhere but at its end."""
    term = " ".join(raw.split())
    if not words(term.rstrip(PREFIX)):
        raise BadTerm(BadTerm.NO_WORD, term)
    if len(term) > MAX_TERM_LENGTH:
        raise BadTerm(BadTerm.TOO_LONG, term)
    if PREFIX in term.rstrip(PREFIX) or term.endswith(PREFIX * 2):
        raise BadTerm(BadTerm.STAR, term)
    return term


def key_of(term: str) -> tuple[tuple[str, ...], bool]:
    """What a term matches: its folded words, and whether the last one is a prefix."""
    return tuple(words(term.rstrip(PREFIX))), term.endswith(PREFIX)


@dataclass(frozen=True)
class Watch:
    """A chat's watched terms, as typed; `hits` tells which of them a line mentions."""

    terms: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def hits(self, text: str) -> list[str]:
        """The terms `text` mentions, in the chat's order."""
        found = words(text)
        return [term for term in self.terms if _occurs(key_of(term), found)]


def _occurs(key: tuple[tuple[str, ...], bool], found: list[str]) -> bool:
    wanted, prefix = key
    size = len(wanted)
    for start in range(len(found) - size + 1):
        window = found[start : start + size]
        if window[:-1] != list(wanted[:-1]):
            continue
        last = window[-1]
        if last == wanted[-1] or (prefix and last.startswith(wanted[-1])):
            return True
    return False


def merged(current: Iterable[str], new: Iterable[str]) -> tuple[list[str], list[str]]:
    """`current` with the `new` terms it lacks (same words, case or accents count as the
    same); also the ones added. BadTerm past MAX_TERMS, before anything is changed."""
    terms = list(current)
    keys = {key_of(term) for term in terms}
    added = []
    for raw in new:
        term = clean_term(raw)
        if key_of(term) in keys:
            continue
        keys.add(key_of(term))
        terms.append(term)
        added.append(term)
    if len(terms) > MAX_TERMS:
        raise BadTerm(BadTerm.TOO_MANY, ", ".join(added))
    return terms, added


def without(current: Iterable[str], old: Iterable[str]) -> tuple[list[str], list[str]]:
    """`current` without the `old` terms (matched as `merged` does); also the ones removed."""
    gone = {key_of(" ".join(raw.split())) for raw in old}
    kept, removed = [], []
    for term in current:
        (removed if key_of(term) in gone else kept).append(term)
    return kept, removed


def split_terms(text: str) -> list[str]:
    """Terms typed after /watch: separated by commas or new lines, so a term may have
    several words ("/watch Kharkiv, Zaporizhzhia NPP")."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
