"""Check the labeled heavy news days in tests/data/heavy_days (stdlib only).

The labels are hand-written, so a typo in a sentence or an event id would silently
skew every clustering and novelty measurement made with them; this script catches that.
Run: python benchmarks/check_heavy_days.py [ROOT]. Exit 1 on any problem.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heavy_days"
MIN_ARTICLES = 25
MIN_SOURCES = 10
SECTIONS = {"strikes", "talks", "politics", "other"}
STATUSES = {"new", "followup", "stale"}
_SPACE = re.compile(r"\s+")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCKS = (
    "p|div|h[1-6]|li|ul|ol|br|tr|td|section|article|aside|header|footer|nav"
    "|figure|figcaption|form|button|time|span|title"
)
_BLOCK = re.compile(rf"</?({_BLOCKS})\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SITE = re.compile(r'<meta\s+property="og:site_name"\s+content="([^"]*)"', re.IGNORECASE)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_text(markup: str) -> str:
    """Visible text of a page: block tags become spaces, inline tags vanish, entities unescaped."""
    text = _SCRIPTS.sub(" ", markup)
    text = _BLOCK.sub(" ", text)
    text = _TAG.sub("", text)
    return _norm(html.unescape(text))


Texts = dict[tuple[str, int | None], str]
"""Normalised text per (file name, 1-based jsonl record or None)."""


def load_texts(day_dir: Path, problems: list[str]) -> tuple[Texts, list[str]]:
    """Text per (file, record) and the source of every article of one day."""
    texts: Texts = {}
    sources: list[str] = []
    for path in sorted(day_dir.iterdir()):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for number, line in enumerate(raw.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    problems.append(f"{path}: line {number}: bad JSON ({error})")
                    continue
                missing = {"title", "text", "url", "source", "published"} - record.keys()
                if missing:
                    problems.append(f"{path}: line {number}: missing {sorted(missing)}")
                    continue
                texts[(path.name, number)] = _norm(record["text"])
                sources.append(record["source"])
        elif path.suffix == ".html":
            site = _SITE.search(raw)
            if not site:
                problems.append(f"{path}: no og:site_name")
            sources.append(html.unescape(site[1]) if site else path.name)
            texts[(path.name, None)] = page_text(raw)
        elif path.suffix == ".txt":
            texts[(path.name, None)] = _norm(raw)
            sources.append(path.name)
        else:
            problems.append(f"{path}: unexpected file type")
    return texts, sources


def check_day(labels_path: Path, problems: list[str], earlier: set[str]) -> str:
    """Check one labels file against the pair's earlier days' event ids; returns its summary."""
    name = labels_path.name.removesuffix(".labels.json")
    where = f"{labels_path.parent.name}/{name}"
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    day_dir = labels_path.parent / name
    if labels.get("day") != name:
        problems.append(f"{where}: 'day' is {labels.get('day')!r}")
    if not day_dir.is_dir():
        problems.append(f"{where}: folder {day_dir} missing")
        return f"{where}: no folder"
    texts, sources = load_texts(day_dir, problems)
    if len(sources) < MIN_ARTICLES:
        problems.append(f"{where}: {len(sources)} articles, need {MIN_ARTICLES}+")
    if len(set(sources)) < MIN_SOURCES:
        problems.append(f"{where}: {len(set(sources))} sources, need {MIN_SOURCES}+")

    events = {event["id"]: event for event in labels["events"]}
    if len(events) != len(labels["events"]):
        problems.append(f"{where}: duplicate event ids")
    for event in labels["events"]:
        if event.get("section") not in SECTIONS or event.get("status") not in STATUSES:
            problems.append(f"{where}: {event['id']}: bad section or status")
    stale = {key for key, event in events.items() if event["status"] == "stale"}
    for event in labels["events"]:
        if event.get("same_as") is not None and event["same_as"] not in earlier:
            problems.append(
                f"{where}: {event['id']}: same_as {event['same_as']} is no earlier event"
            )

    stale_sentences = 0
    for number, sentence in enumerate(labels["sentences"], start=1):
        key = (sentence["file"], sentence["record"])
        if key not in texts:
            problems.append(f"{where}: sentence {number}: no file/record {key}")
            continue
        if _norm(sentence["text"]) not in texts[key]:
            problems.append(f"{where}: sentence {number} not in {key}: {sentence['text'][:60]!r}")
        event = sentence["event"]
        if event is not None and event not in events:
            problems.append(f"{where}: sentence {number}: unknown event {event}")
        stale_sentences += event in stale

    unlabeled = set(texts) - {(s["file"], s["record"]) for s in labels["sentences"]}
    for key in sorted(unlabeled, key=str):
        problems.append(f"{where}: article {key} has no labeled sentences")

    for section, ids in labels["major_facts"].items():
        for event in ids:
            if event not in events or event in stale:
                problems.append(f"{where}: major_facts[{section}]: {event} missing or stale")
    for figure in labels["figures"]:
        if figure["event"] not in events or figure["event"] in stale:
            problems.append(f"{where}: figure {figure}: event missing or stale")
    earlier.update(events)
    return (
        f"{where}: {len(sources)} articles, {len(set(sources))} outlets, {len(events)} events"
        f" ({len(stale)} stale), {len(labels['sentences'])} sentences ({stale_sentences} stale)"
    )


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    problems: list[str] = []
    paths = sorted(root.glob("*/*.labels.json"))
    if not paths:
        problems.append(f"no *.labels.json under {root}")
    seen: dict[str, set[str]] = {}
    for path in paths:
        print(check_day(path, problems, seen.setdefault(path.parent.name, set())))
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
