"""How the real saved pages of ../shared/realworld come out of `digestbot ingest`.

Every page is read as a file is ingested (tests/support/realworld_pages.py, shared with the
test that holds the line) and scored against the corpus's expected values: English
articles kept, non-articles refused, days exact and within one day in DIGESTBOT_TIMEZONE's
default, pages with a "must not contain" snippet left, "must contain" snippets kept. The
figures are given for all pages and for the two halves by sha256: cleaning rules were
written from the first half's failures, none from the held-out half's.
Run by hand: `PYTHONPATH=. python benchmarks/realworld_pages.py [--write-readme]`.
"""

from __future__ import annotations

import argparse
import time
import warnings
from datetime import date

from harness import write_block

from tests.support.realworld import REALWORLD
from tests.support.realworld_pages import Figures, held_out, read_pages, score

COLUMNS = (
    ("English articles kept", "english_kept"),
    ("non-articles refused", "non_articles_refused"),
    ("day exact", "day_exact"),
    ("day within one", "day_within_one"),
    ("pages with furniture left", "pages_with_furniture"),
    ('"must contain" snippets kept', "snippets_kept"),
)


def _cell(pair: tuple[int, int]) -> str:
    count, total = pair
    return f"{count}/{total} ({count / total:.0%})" if total else "–"


def _row(name: str, figures: Figures) -> str:
    return f"| {name} | " + " | ".join(_cell(getattr(figures, key)) for _, key in COLUMNS) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    if not REALWORLD.is_dir():
        raise SystemExit(f"the real-world corpus is not at {REALWORLD}")
    warnings.simplefilter("ignore")  # dateutil's warnings about pages' time-zone names
    started = time.perf_counter()
    pages = read_pages()
    seconds = time.perf_counter() - started
    rows = [
        _row(f"all {len(pages)} pages", score(pages)),
        _row("rules written from (dev)", score([p for p in pages if not held_out(p.row)])),
        _row("held out", score([p for p in pages if held_out(p.row)])),
    ]
    block = "\n".join(
        [
            f"Measured {date.today().isoformat()} with `benchmarks/realworld_pages.py`"
            f" ({len(pages)} pages read in {seconds:.0f} s, one process):",
            "",
            "| pages | " + " | ".join(title for title, _ in COLUMNS) + " |",
            "| --- |" + " ---: |" * len(COLUMNS),
            *rows,
        ]
    )
    print(block)
    if args.write_readme:
        write_block("realworld-pages", block)


if __name__ == "__main__":
    main()
