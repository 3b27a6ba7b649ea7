"""Per-text results kept across the steps of a build, and across builds.

A day's sentence is read by several steps: its places by the events, the key figures, the
restatement check and the story signatures; its counts by the figures and the signatures;
its terms by the pool and the events. Wire copies repeat a text across outlets too (the
synthetic 1,000-article day has 31,000 sentences and 13,857 distinct texts). The readings
are pure functions of the text, so each is computed once per text: `per_text` keeps the
results of the last `KEPT_TEXTS` texts, more than a heavy day holds, and a cached result is
immutable (a tuple or a frozen set), so no caller can change another's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

KEPT_TEXTS = 1 << 16
"""How many texts' results each cached reading keeps (a heavy day has ~30,000 sentences)."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def per_text(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """`function`, computed once per distinct arguments among the last `KEPT_TEXTS`."""
    return functools.lru_cache(maxsize=KEPT_TEXTS)(function)  # type: ignore[return-value]
