"""Whether a sentence can stand alone in a digest, away from the article around it.

A digest shows a few sentences out of context, so headings, fragments, bare quotes and
sentences that lean on the previous one ("He also said", "However,") read as nonsense there.
"""

from __future__ import annotations

import re

from digest.places import is_country

MIN_WORDS = 6
MAX_WORDS = 60

_OPENERS = frozenset(
    (
        "he she it they this these those that his her its their him them however but and also"
        " moreover furthermore still yet so then thus therefore instead besides such"
        " nevertheless nonetheless additionally likewise similarly otherwise"
    ).split()
)
_FIRST_WORD = re.compile(r"^\W*([A-Za-z]+)")
_QUOTES = "\"'“”‘’«»"
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’»)\]]*$")
_ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|tells|wrote|writes|added|adds|stated|asked|posted|according to"
    r"|announced|declared|insisted|warned|noted)\b",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    return len(text.split())


def is_standalone_candidate(text: str) -> bool:
    """False for headings, fragments, unattributed quotes and very short or long sentences."""
    stripped = text.strip()
    if not MIN_WORDS <= word_count(stripped) <= MAX_WORDS:
        return False
    if not _ENDS_SENTENCE.search(stripped):
        return False  # a heading, a caption or a cut-off fragment
    first = stripped.lstrip(_QUOTES)[:1]
    if not (first.isupper() or first.isdigit()):
        return False  # starts mid-sentence, or with a bullet or a bracket
    quoted = stripped[0] in _QUOTES
    return not (quoted and not _ATTRIBUTION.search(stripped))


_COUNTED_BEFORE = re.compile(
    r"^\W*(?:Among them|(?:[A-Z][\w-]* )?of (?:them|those|the (?:dead|wounded|injured|victims))"
    r"|The (?:dead|wounded|injured|victims)\b|One\b[^.;]{0,60}\bthe other\b)"
)
"""Openers that point to people counted in the sentence before: "Among them were 31
seriously wounded", "Two of them", "The wounded are being taken to ...", "One died at the
district hospital and the other in Mombasa"."""
_TOLD_BEFORE = re.compile(
    r"^\W*The (?:statement|individuals|move|measures?|decision|announcement|remarks|comments"
    r"|communiqu[eé]|listing|designations?)\b(?! (?:of|by|to|on|in|that|from)\b)"
)
"""Openers that point to a statement or decision the sentence before told: "The statement
called on both sides to exercise restraint", "The individuals, who include two
businessmen, were declared specified entities"."""


_SAID_BY_PRONOUN = re.compile(
    r"[,;]\s+(?:he|she|they|it)\s+(?:said|says|added|adds|told \w+|wrote)\W*$"
)
"""A closing attribution to a pronoun: "Seven people were wounded and taken to hospital in
Amadiya town, he said." needs the sentence before to say who."""


_DAY_BEFORE = re.compile(
    r"\b(?:the same|that) (?:day|night|morning|afternoon|evening)\b"
    r"|\bthe (?:following|next|previous) (?:day|night|morning)\b",
    re.IGNORECASE,
)
"""A day named only by the sentence before: "Burundi closed the border with Rwanda the same
day" (which day?) is read after the sentence that dates it, not in a digest of its own."""


def leans_on_previous(text: str) -> bool:
    """True when the sentence opens on a pronoun or connective that needs an antecedent, on
    the people the sentence before counted, closes on "he said" or dates what it tells by
    the sentence before ("the same day")."""
    match = _FIRST_WORD.match(text)
    return (
        (bool(match) and match.group(1).casefold() in _OPENERS)
        or bool(_COUNTED_BEFORE.match(text))
        or bool(_TOLD_BEFORE.match(text))
        or bool(_SAID_BY_PRONOUN.search(text))
        or bool(_DAY_BEFORE.search(text))
    )


_SURNAME_OPENER = re.compile(
    r"([A-Z][a-z][\w'’-]+)(?:,| (?:said|says|told|tells|added|adds|is|was|has|had|will|would"
    r"|also|did|does|met|spoke|warned|promised)\b)"
)
"""A capitalised word opening a sentence as its subject: a surname, when its article gave
the full name before."""
_NOT_SURNAMES = frozenset(
    "Police Army Military Government Ministry Council Commission Court Parliament Senate"
    " Assembly Cabinet Presidency Treasury Office Service Forces Command Agency Authority"
    " Union Party Front Movement Group".split()
)
"""The last word of an institution's name ("the Garissa Police"), which opens sentences of
its own ("Police said two men were arrested")."""


def names_someone_introduced_before(text: str, article: str) -> bool:
    """True when the sentence opens on a surname its article (`article`, the whole text)
    gave in full before it ("Sarr said he would present the plan" after "Ambassador Mamadou
    Kane Sarr arrived"): the article has introduced that person, a digest item on its own
    has not. A country or an institution ("Kenya said", "Police said") names itself."""
    match = _SURNAME_OPENER.match(text)
    if match is None or match.group(1) in _NOT_SURNAMES or is_country(match.group(1)):
        return False
    before = article[: max(0, article.find(text))]
    surname = re.escape(match.group(1))
    full = rf"\b[A-Z][\w'’.-]+ (?:[A-Z][\w'’.-]+ )*{surname}\b(?! [A-Z])"
    return re.search(full, before) is not None
