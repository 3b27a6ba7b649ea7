"""Kinds of decision: what a politics sentence says was done, when it names it.

One capital's politics on one day is often three events told in the same words and by the
same outlets: a commander dismissed, a new governor named, a faction sanctioned. Their
places and rare words overlap; what was decided does not. A sentence that names none of
these kinds ("the decision drew protests") can belong to any event.

Only politics has kinds: strikes told by their weapons were tried (a drone, shelling, a car
bomb) and split single attacks that outlets tell with other weapons ("artillery and
drones", "air strikes" and "missiles"), with no gain in facts or repeats (README, issue 11).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from digest.memo import per_text

_KINDS = {
    "appointed": r"\bappoint(?:ed|s|ment)?\b|\bnamed\b|\bsworn in\b|\bnominat(?:ed|es|ion)\b"
    r"|\bsuccessor\b|\bsucceed(?:s|ed)?\b|\binstalled\b|\btook office\b",
    "dismissed": r"\bdismiss(?:ed|es|al)?\b|\bsack(?:ed|s|ing)?\b|\bremoved\b"
    r"|\bresign(?:ed|s|ation)?\b|\bousted\b|\bhouse arrest\b|\brelieved of\b",
    "emergency": r"\bcurfews?\b|\bstate of emergency\b|\bmartial law\b",
    "sanctions": r"\bsanction(?:s|ed|ing)?\b|\basset freezes?\b|\bfroze\b|\bfrozen\b"
    r"|\bdesignat(?:ed|es|ion|ions)\b|\bblacklist(?:ed)?\b|\btravel bans?\b"
    r"|\bvisa (?:restrictions|bans?)\b",
}
_PATTERNS = {kind: re.compile(pattern) for kind, pattern in _KINDS.items()}
_BODIES = {
    "us": r"\bU\.S\.|\bUS\b|\bUnited States\b|\bWashington\b|\bTreasury\b"
    r"|\bState Department\b|\bOFAC\b|\bAmerican\b",
    "eu": r"\bEU\b|\bEuropean Union\b|\bBrussels\b|\bEuropean Council\b",
    "uk": r"\bUK\b|\bU\.K\.|\bBritain\b|\bBritish\b|\bUnited Kingdom\b|\bLondon\b",
    "un": r"\bUN\b|\bU\.N\.|\bUnited Nations\b|\bSecurity Council\b",
    "canada": r"\bCanada\b|\bCanadian\b|\bOttawa\b",
    "japan": r"\bJapan\b|\bJapanese\b|\bTokyo\b",
    "australia": r"\bAustralia\b|\bAustralian\b|\bCanberra\b",
    "switzerland": r"\bSwitzerland\b|\bSwiss\b|\bBern\b",
}
"""Who imposes sanctions, by the names outlets give them (case-sensitive: "US", not "us")."""
_BODY_PATTERNS = {body: re.compile(pattern) for body, pattern in _BODIES.items()}


@per_text
def decision_kinds(text: str) -> frozenset[str]:
    """The kinds of decision a politics sentence names: "appointed", "dismissed",
    "emergency" (a curfew, martial law), "sanctions" (lowercase matching; a sentence may name
    several)."""
    lowered = text.lower()
    return frozenset(kind for kind, pattern in _PATTERNS.items() if pattern.search(lowered))


@per_text
def sanctioners(text: str) -> frozenset[str]:
    """Who a sentence naming sanctions says imposes them ("us", "eu", "uk", "un", ...):
    one body's sanctions of the day are one decision, however differently outlets word it
    ("The Treasury imposed sanctions on four Nigerians", "Washington has announced
    sanctions on alleged ISWAP financiers"); empty when it names no sanctions."""
    if "sanctions" not in decision_kinds(text):
        return frozenset()
    return frozenset(body for body, pattern in _BODY_PATTERNS.items() if pattern.search(text))


def other_decision(kinds: frozenset[str], theirs: frozenset[str]) -> bool:
    """True when both name kinds of decision and share none: a dismissal is no sanction."""
    return bool(kinds and theirs and not kinds & theirs)


def decision_counts(texts: Iterable[str]) -> Counter[str]:
    """How many of the sentences name each kind of decision."""
    return Counter(kind for text in texts for kind in decision_kinds(text))
