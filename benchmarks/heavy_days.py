"""What today's digest shows on the labeled heavy news days (tests/data/heavy_days).

Measures before tuning (issue 11): each pair is ingested the way `digestbot ingest` does
into a fresh SQLite database, day 1 and then day 2 are built as the bot builds them, and
every shown item is mapped to its labeled sentence, so fact recall, repeated events, stale
retellings and key figures are counted against the labels rather than judged by eye.
Run by hand: `PYTHONPATH=. python benchmarks/heavy_days.py [--write-readme] [--show-matches]`.
congo-a is held out and reported apart.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from harness import write_block

from bot.delivery.building import build_and_store
from bot.intake.files import ingest_paths
from bot.services import Context
from bot.settings import Settings
from digest.models import Digest, Figure
from storage.db import open_database, session_scope
from storage.digests import load_digest

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heavy_days"
HELD_OUT = "congo-a"
MIN_JACCARD = 0.6
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

Labels = dict[str, Any]


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def match_sentence(item: str, sentences: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The labeled sentence an item shows: one containing it or contained in it, else the
    best word overlap of at least MIN_JACCARD; None when nothing is close enough."""
    text = _norm(item)
    for sentence in sentences:
        label = _norm(sentence["text"])
        if text in label or label in text:
            return sentence
    words = _words(text)
    best, best_score = None, 0.0
    for sentence in sentences:
        other = _words(sentence["text"])
        score = len(words & other) / len(words | other) if words | other else 0.0
        if score > best_score:
            best, best_score = sentence, score
    return best if best_score >= MIN_JACCARD else None


@dataclass
class Counts:
    """What one or more digests showed, counted against their labels."""

    facts: int = 0
    facts_shown: int = 0
    items: int = 0
    unmatched: int = 0
    background: int = 0
    repeats: int = 0
    stale: int = 0
    figures_labeled: int = 0
    figures_right: int = 0
    figure_lines: int = 0
    figures_wrong: int = 0
    seconds: float = 0.0
    matches: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            if name != "matches":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def _place_matches(shown: str | None, labeled: str | None) -> bool:
    if not shown or not labeled:
        return False
    shown, labeled = shown.lower(), labeled.lower()
    return shown in labeled or labeled in shown


def judge_figure(figure: Figure, labels: Labels) -> str:
    """ "right" when (kind, value) is a labeled figure of the day; "wrong" when it is a
    listed wrong figure or contradicts the labeled figure of its kind and place; else "other"."""
    key = (figure.kind, figure.value)
    if key in {(f["kind"], f["value"]) for f in labels["figures"]}:
        return "right"
    if key in {(f["kind"], f["value"]) for f in labels["wrong_figures"]}:
        return "wrong"
    for labeled in labels["figures"]:
        if labeled["kind"] == figure.kind and _place_matches(figure.place, labeled["place"]):
            return "wrong"
    return "other"


def score_day(digest: Digest, labels: Labels) -> Counts:
    """Counts of one day's digest against that day's labels."""
    counts = Counts()
    events = {event["id"]: event for event in labels["events"]}
    shown: Counter[str] = Counter()
    for section, items in digest.sections.items():
        for item in items:
            counts.items += 1
            sentence = match_sentence(item.text, labels["sentences"])
            if sentence is None:
                counts.unmatched += 1
                counts.matches.append(f"[{section}] UNMATCHED  {item.text[:110]}")
                continue
            event = sentence["event"]
            counts.matches.append(f"[{section}] {event or 'background'}  {item.text[:110]}")
            if event is None:
                counts.background += 1
                continue
            shown[event] += 1
            counts.stale += events[event]["status"] == "stale"
    counts.repeats = sum(count - 1 for count in shown.values())
    facts = {event for ids in labels["major_facts"].values() for event in ids}
    counts.facts = len(facts)
    counts.facts_shown = len(facts & set(shown))

    counts.figures_labeled = len(labels["figures"])
    counts.figure_lines = len(digest.figures)
    right: set[tuple[str, int]] = set()
    for figure in digest.figures:
        verdict = judge_figure(figure, labels)
        counts.matches.append(f"[figure] {verdict}  {figure.kind} {figure.value} {figure.place}")
        if verdict == "right":
            right.add((figure.kind, figure.value))
        counts.figures_wrong += verdict == "wrong"
    counts.figures_right = sum((f["kind"], f["value"]) in right for f in labels["figures"])
    return counts


def run_pair(pair: Path) -> list[tuple[str, Counts]]:
    """Ingest and build both days of one pair in a fresh database; counts per day."""
    days = sorted(pair.glob("*.labels.json"))
    labels = [json.loads(path.read_text(encoding="utf-8")) for path in days]
    zone = labels[0]["timezone"]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/heavy.db"
        settings = Settings(database_url=url, timezone=zone, _env_file=None)
        context = Context(settings=settings, engine=open_database(url))
        for day_labels in labels:
            day = date.fromisoformat(day_labels["day"])
            ingest_paths(
                context.engine, [pair / day_labels["day"]], ZoneInfo(zone), day, echo=lambda _: None
            )
        timings = []
        for day_labels in labels:
            started = time.perf_counter()
            build_and_store(context, date.fromisoformat(day_labels["day"]))
            timings.append(time.perf_counter() - started)
        with session_scope(context.engine) as session:
            digests = [load_digest(session, date.fromisoformat(d["day"])) for d in labels]
        context.engine.dispose()
    for day_labels, digest, seconds in zip(labels, digests, timings, strict=True):
        assert digest is not None, f"{pair.name} {day_labels['day']}: no digest stored"
        counts = score_day(digest, day_labels)
        counts.seconds = seconds
        results.append((f"{pair.name} {day_labels['day']}", counts))
    return results


def _row(name: str, c: Counts) -> str:
    recall = c.facts_shown / c.facts if c.facts else 0.0
    figures = c.figures_right / c.figures_labeled if c.figures_labeled else 0.0
    return (
        f"| {name} | {c.facts_shown}/{c.facts} ({recall:.0%}) | {c.items} | {c.repeats}"
        f" | {c.stale} | {c.unmatched} | {c.background}"
        f" | {c.figures_right}/{c.figures_labeled} ({figures:.0%}) | {c.figure_lines}"
        f" | {c.figures_wrong} | {c.seconds:.2f} |"
    )


def table(days: list[tuple[str, Counts]]) -> str:
    """The markdown table: every day, then the dev pairs together and the held-out pair."""
    dev, held = Counts(), Counts()
    dev_days = 0
    for name, counts in days:
        is_held = name.startswith(HELD_OUT)
        (held if is_held else dev).add(counts)
        dev_days += not is_held
    rows = [
        "| day | fact recall | items | event repeats | stale items | unmatched | background"
        " | key figures right/labeled | figure lines | wrong figures | build (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(_row(name, counts) for name, counts in days),
        _row(f"**dev pairs ({dev_days} days)**", dev),
        _row(f"**held out: {HELD_OUT} ({len(days) - dev_days} days)**", held),
    ]
    return "\n".join(
        [
            *rows,
            "",
            f"Measured with `python benchmarks/heavy_days.py` on {date.today().isoformat()},"
            " before any event clustering or tuning on these days; congo-a is held out."
            " Fact recall: labeled major facts shown by at least one item. Event repeats:"
            " items beyond the first for the same event. Stale: items retelling an earlier"
            " day. Unmatched: items that match no labeled sentence (Jaccard < 0.6)."
            " Background: items whose sentence belongs to no event. A figure line is right"
            " when its kind and value are a labeled figure of the day, wrong when listed as"
            " a wrong figure or when another value is labeled for its kind and place."
            " Build time is one build in this process (the first includes warm-up); totals sum"
            " them.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--show-matches", action="store_true", help="print every item's match")
    args = parser.parse_args()
    days = []
    for pair in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        for name, counts in run_pair(pair):
            days.append((name, counts))
            if args.show_matches:
                print(f"## {name}", *counts.matches, sep="\n")
    result = table(days)
    print(result)
    if args.write_readme:
        write_block("heavy-days-benchmark", result)


if __name__ == "__main__":
    main()
