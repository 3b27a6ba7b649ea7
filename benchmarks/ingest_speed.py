"""How the cost of ingesting one article grows with the archive: a week of synthetic news.

Run by hand: `python benchmarks/ingest_speed.py [--sizes 1000 10000] [--write-readme]`.
Each size is ingested the way `digestbot ingest` does (.jsonl files, a transaction for
each 100 of a file's articles, the near-duplicate check against the nearby days) into a
fresh SQLite file, in a fresh Python process; times are the median of `--repeat`
processes. The articles of each day come from `benchmarks/corpus.py` (its own events, 20%
reprints), spread evenly over seven days, so the nearby days of an article hold about five
sevenths of the archive. A digest of every decision (stored, duplicate, near-duplicate, and
of which article) shows that two versions of the code decided the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from corpus import DAY, make_articles
from harness import in_fresh_process, peak_mib, write_block

from bot.intake.files import ingest_paths
from digest.fingerprint import shingle_hashes
from storage.db import open_database

SIZES = (1_000, 10_000)
DAYS = 7
FILE_RECORDS = 500
VOCABULARY = 30_000
ZIPF = 1.05
EVENTS_PER_DAY = 40
SENTENCES = 24
REPRINT = 0.2
TZ = ZoneInfo("Europe/Kyiv")


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """VOCABULARY made-up words and the cumulative weights of a Zipf law over them."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(VOCABULARY)]
    weights = list(accumulate(1 / rank**ZIPF for rank in range(1, VOCABULARY + 1)))
    return words, weights


def week_texts(count: int, seed: int = 1) -> list[tuple[int, str]]:
    """`count` (day offset, text) pairs over seven days, evenly.

    Each day reports its own events (EVENTS_PER_DAY sentences from benchmarks/corpus.py,
    Zipf-weighted, the verbatim wire lines many outlets share); each article adds
    SENTENCES of its own words, so that most of its shingles are its own, as in real
    news. A REPRINT share are copies of an article of the same or the day before, with
    a changed attribution and, for half of them, the ending cut.
    """
    rng = random.Random(seed)
    words, weights = _vocabulary(rng)
    texts: list[tuple[int, str]] = []
    for offset in range(DAYS):
        share = count // DAYS + (1 if offset < count % DAYS else 0)
        lines = [
            line.strip()
            for article in make_articles(EVENTS_PER_DAY // 2, seed=offset + 1)
            for line in article.text.replace("\n", " ").split(". ")[:2]
        ]
        event_weights = [1 / (rank + 1) for rank in range(len(lines))]
        for _ in range(share):
            recent = [text for day, text in texts[-2 * share :] if offset - day <= 1]
            if recent and rng.random() < REPRINT:
                text = rng.choice(recent).replace(" said", " told reporters", 1)
                if rng.random() < 0.5:
                    text = text[: len(text) * 3 // 4]
            else:
                own = [
                    " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(8, 24)))
                    for _ in range(SENTENCES)
                ]
                shared = list(dict.fromkeys(rng.choices(lines, event_weights, k=4)))
                text = ". ".join(shared + own) + "."
            texts.append((offset, text))
    return texts


def write_week(count: int, folder: Path) -> None:
    """The week as .jsonl files of FILE_RECORDS (ingest refuses files over 5 MB), in day
    order, dated by their publication time."""
    records = []
    for number, (offset, text) in enumerate(week_texts(count)):
        day = DAY + timedelta(days=offset)
        outlet = f"outlet-{number % 40:02d}"
        record = {
            "title": f"War update {number}",
            "text": text,
            "source": outlet,
            "url": f"https://{outlet}.example/{number}",
            "published": f"{day}T12:00:00+02:00",
        }
        records.append(json.dumps(record) + "\n")
    for start in range(0, len(records), FILE_RECORDS):
        chunk = records[start : start + FILE_RECORDS]
        (folder / f"{start:06d}.jsonl").write_text("".join(chunk), encoding="utf-8")


def own_shingle_share(count: int) -> float:
    """Median share of an article's shingles that no other article of the week holds."""
    sets = [shingle_hashes(text).tolist() for _, text in week_texts(count)]
    held = Counter(gram for grams in sets for gram in grams)
    return statistics.median(sum(held[g] == 1 for g in grams) / len(grams) for grams in sets)


def measure_ingest(count: int) -> dict[str, float | str]:
    """Ingests a week of `count` articles into a fresh database; run in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "week"
        source.mkdir()
        write_week(count, source)
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        started = time.perf_counter()
        report = ingest_paths(engine, [source], TZ, echo=lambda _line: None)
        seconds = time.perf_counter() - started
        engine.dispose()
    if report.rejected:
        raise SystemExit(f"{report.rejected} rejected: {report.lines[:3]}")
    decisions = "\n".join(line.replace(folder, "") for line in report.lines)
    return {
        "articles": count,
        "seconds": seconds,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "near_duplicates": report.near_duplicates,
        "decisions": hashlib.sha256(decisions.encode()).hexdigest()[:12],
        "peak_mib": peak_mib(),
    }


def _table(runs: list[dict[str, float | str]], repeat: int, load: str, own: float) -> str:
    rows = [
        "| articles (7 days) | ingest time (s) | ms per article | stored | duplicates"
        " | near-duplicates | decisions digest | peak memory (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for run in runs:
        per = float(run["seconds"]) / int(run["articles"]) * 1000
        rows.append(
            f"| {int(run['articles']):,} | {float(run['seconds']):.1f} | {per:.2f}"
            f" | {int(run['stored']):,} | {int(run['duplicates']):,}"
            f" | {int(run['near_duplicates']):,} | `{run['decisions']}`"
            f" | {float(run['peak_mib']):,.0f} |"
        )
    first, last = runs[0], runs[-1]
    ratio = (float(last["seconds"]) / int(last["articles"])) / (
        float(first["seconds"]) / int(first["articles"])
    )
    return "\n".join(
        [
            *rows,
            "",
            f"Per-article time at {int(last['articles']):,} articles is {ratio:.2f}× that at"
            f" {int(first['articles']):,}.",
            "",
            f"A week's article has {own:.0%} of its 3-word shingles in no other article of the"
            f" week (median, {int(first['articles']):,} articles; 94% in the 160 real saved"
            " pages of the test corpus): its own wording, around the wire lines outlets share.",
            "",
            f"Measured with `python benchmarks/ingest_speed.py` on {time.strftime('%Y-%m-%d')},"
            f" {os.cpu_count()} cores (load average {load} at the start), Python"
            f" {platform.python_version()}, SQLite file; times are the median of {repeat} fresh"
            " processes (the sizes alternating), peak memory the largest `ru_maxrss`.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_ingest(args.measure)))
        return
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    measured: dict[int, list[dict[str, Any]]] = {size: [] for size in args.sizes}
    for _ in range(args.repeat):  # sizes alternate, so a change of the machine's load hits all
        for size in args.sizes:
            measured[size].append(in_fresh_process(__file__, "--measure", str(size)))
            print(f"{size:>7,} articles: {measured[size][-1]['seconds']:.1f} s", flush=True)
    runs = []
    for each in measured.values():
        run = {**each[0], "seconds": statistics.median(m["seconds"] for m in each)}
        run["peak_mib"] = max(m["peak_mib"] for m in each)
        runs.append(run)
    table = _table(runs, args.repeat, load, own_shingle_share(min(args.sizes)))
    print(table)
    if args.write_readme:
        write_block("ingest-benchmark", table)


if __name__ == "__main__":
    main()
