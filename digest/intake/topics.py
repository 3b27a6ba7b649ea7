"""Is an article about the configured conflict? Keywords matched at the start of words.

Matching word starts lets one keyword cover its forms ("ukrain": Ukraine, Ukrainian)
without matching inside other words ("russia" is not found in "prussian").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=64)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})", re.IGNORECASE)


def on_topic(text: str, keywords: Sequence[str]) -> bool:
    """True when a word of `text` starts with one of `keywords` (case-insensitive)."""
    return bool(keywords) and _pattern(tuple(keywords)).search(text) is not None
