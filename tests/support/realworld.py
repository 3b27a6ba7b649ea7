"""Where the real-world corpus lives (third-party pages and feeds, kept outside the project).

Tests that read it call `require_realworld()`: it skips with a clear message when the folder
is absent, and fails instead when DIGESTBOT_REQUIRE_REALWORLD is set (`.ci/run` sets it), so
CI cannot pass by skipping them.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import ROOT

REALWORLD_ENV = "DIGESTBOT_REALWORLD_DIR"
_CANDIDATES = (ROOT.parent / "shared" / "realworld", Path("/work/shared/realworld"))
"""Beside the project (the usual checkout), else where this machine keeps it (a clone made
elsewhere, as CI's may be); DIGESTBOT_REALWORLD_DIR overrides both."""


def _corpus() -> Path:
    if chosen := os.environ.get(REALWORLD_ENV):
        return Path(chosen)
    return next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])


REALWORLD = _corpus()
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
