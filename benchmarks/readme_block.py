"""Writing a benchmark's figures into the README between its markers, never by hand."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def write_block(name: str, block: str, readme: Path = README) -> None:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->`.

    Stops the benchmark when the markers are missing, so figures are never lost silently.
    """
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{readme}: markers {start} ... {end} not found")
    readme.write_text(pattern.sub(lambda _: f"{start}\n{block}\n{end}", text), encoding="utf-8")
