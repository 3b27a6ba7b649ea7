"""Where the real-world corpus lives (third-party pages and feeds, kept outside the project).

Tests that read it call `require_realworld()`: it skips with a clear message when the folder
is absent, and fails instead when DIGESTBOT_REQUIRE_REALWORLD is set (`.ci/run` sets it), so
CI cannot pass by skipping them.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

import pytest

from tests.support.paths import ROOT

REALWORLD = ROOT.parent / "shared" / "realworld"
PAGES = REALWORLD / "pages"
FEEDS = REALWORLD / "feeds"
REQUIRE_REALWORLD_ENV = "DIGESTBOT_REQUIRE_REALWORLD"


def require_realworld() -> None:
    """Skip (or, under CI, fail) when the corpus is not beside the project."""
    if (PAGES / "expected.jsonl").is_file() and (FEEDS / "expected.jsonl").is_file():
        return
    message = f"the real-world corpus is not at {REALWORLD} (third-party files, kept outside)"
    if os.environ.get(REQUIRE_REALWORLD_ENV):
        pytest.fail(f"{REQUIRE_REALWORLD_ENV} is set but {message}")
    pytest.skip(message)


@cache
def expected(kind: str) -> tuple[dict[str, Any], ...]:
    """The corpus's expected values, one dict per file: `kind` is "pages" or "feeds"."""
    path = REALWORLD / kind / "expected.jsonl"
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
