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
    r"|\bdesignat(?:ed|es|ion|ions)\b|\bblacklist(?:ed)?\b|\btravel bans?\b",
}
_PATTERNS = {kind: re.compile(pattern) for kind, pattern in _KINDS.items()}


@per_text
def decision_kinds(text: str) -> frozenset[str]:
    """The kinds of decision a politics sentence names: "appointed", "dismissed",
    "emergency" (a curfew, martial law), "sanctions" (lowercase matching; a sentence may name
    several)."""
    lowered = text.lower()
    return frozenset(kind for kind, pattern in _PATTERNS.items() if pattern.search(lowered))


def other_decision(kinds: frozenset[str], theirs: frozenset[str]) -> bool:
    """True when both name kinds of decision and share none: a dismissal is no sanction."""
    return bool(kinds and theirs and not kinds & theirs)


def decision_counts(texts: Iterable[str]) -> Counter[str]:
    """How many of the sentences name each kind of decision."""
    return Counter(kind for text in texts for kind in decision_kinds(text))
