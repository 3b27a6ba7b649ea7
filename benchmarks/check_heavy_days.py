"""Check the labelled heavy news days under tests/data/heavy_days (stdlib only, run by hand).

The labels are the yardstick for event clustering and novelty detection, so a label that
points at a missing file, a sentence that is not in its article, or a key figure of a
stale event would silently skew every measurement made with them.

    python benchmarks/check_heavy_days.py [folder]

Prints one summary line per day and every problem found; exits 1 if there is any.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heavy_days"
SECTIONS = {"strikes", "talks", "politics", "other"}
STATUSES = {"new", "followup", "stale"}
KINDS = {"killed", "wounded", "missiles", "drones"}
_SITE_NAME = re.compile(
    r"<meta\s+[^>]*property=[\"']og:site_name[\"'][^>]*content=[\"']([^\"']*)[\"']", re.I
)
_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Runs of whitespace as one space, so line breaks in a page do not hide a sentence."""
    return _SPACE.sub(" ", text).strip()


def page_text(markup: str) -> str:
    """The visible text of an HTML page: tags stripped, entities unescaped."""
    return squeeze(html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", markup))))


Key = tuple[str, int | None]


def read_articles(day_dir: Path, problems: list[str]) -> dict[Key, tuple[str, str]]:
    """(file, record) -> (source, text) for every article in the day's folder."""
    articles: dict[Key, tuple[str, str]] = {}
    for path in sorted(day_dir.iterdir()):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for number, line in enumerate(raw.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    problems.append(f"{path.name} line {number}: invalid JSON ({error.msg})")
                    continue
                fields = ("title", "text", "url", "source", "published")
                missing = [field for field in fields if not record.get(field)]
                if missing:
                    problems.append(f"{path.name} line {number}: missing {', '.join(missing)}")
                text = squeeze(str(record.get("text")))
                articles[(path.name, number)] = (str(record.get("source")), text)
        elif path.suffix == ".html":
            site = _SITE_NAME.search(raw)
            if not site:
                problems.append(f"{path.name}: no og:site_name")
            source = html.unescape(site[1]) if site else path.stem
            articles[(path.name, None)] = (source, page_text(raw))
        elif path.suffix == ".txt":
            articles[(path.name, None)] = (path.stem, squeeze(raw))
        else:
            problems.append(f"{path.name}: unexpected file type")
    return articles


def check_day(labels_path: Path, pair_events: dict[str, dict], problems: list[str]) -> str:
    """Check one day's labels against its folder; returns the summary line."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    day = labels_path.name.removesuffix(".labels.json")
    where = f"{labels_path.parent.name}/{day}"
    before = len(problems)
    if labels.get("day") != day:
        problems.append(f"{where}: 'day' is {labels.get('day')!r}")
    day_dir = labels_path.parent / day
    if not day_dir.is_dir():
        problems.append(f"{where}: folder {day_dir} missing")
        return f"{where}: MISSING"
    articles = read_articles(day_dir, problems)
    sources = {source for source, _ in articles.values()}
    if len(articles) < 25:
        problems.append(f"{where}: only {len(articles)} articles (25+ needed)")
    if len(sources) < 10:
        problems.append(f"{where}: only {len(sources)} distinct sources (10+ needed)")
    events = {event["id"]: event for event in labels["events"]}
    for event in labels["events"]:
        name, section, status = event["id"], event["section"], event["status"]
        if section not in SECTIONS or status not in STATUSES:
            problems.append(f"{where}: {name} has section/status {section}/{status}")
        same_as = event.get("same_as")
        if status in {"followup", "stale"} and same_as not in pair_events:
            problems.append(f"{where}: {name} same_as {same_as!r} is no event of the pair")
    stale = 0
    labelled: set[Key] = set()
    for number, sentence in enumerate(labels["sentences"], start=1):
        key = (sentence["file"], sentence.get("record"))
        if key not in articles:
            if key not in labelled:
                problems.append(f"{where}: sentence {number}: no article {key}")
            labelled.add(key)
            continue
        labelled.add(key)
        if squeeze(sentence["text"]) not in articles[key][1]:
            excerpt = sentence["text"][:60]
            problems.append(f"{where}: sentence {number} not found in {key}: {excerpt!r}")
        event_id = sentence.get("event")
        if event_id is not None and event_id not in events:
            problems.append(f"{where}: sentence {number}: unknown event {event_id}")
        elif event_id is not None and events[event_id]["status"] == "stale":
            stale += 1
    for key in sorted(set(articles) - labelled, key=str):
        problems.append(f"{where}: article {key} has no labelled sentence")
    fresh = {event_id for event_id, event in events.items() if event["status"] != "stale"}
    for section, ids in labels["major_facts"].items():
        for event_id in ids:
            if event_id not in fresh:
                problems.append(f"{where}: major_facts.{section} {event_id} is unknown or stale")
            elif events[event_id]["section"] != section:
                actual = events[event_id]["section"]
                problems.append(f"{where}: major_facts.{section} {event_id} is a {actual} event")
    for figure in labels["figures"]:
        if figure["event"] not in fresh:
            problems.append(f"{where}: figure of {figure['event']} (unknown or stale event)")
        if figure["kind"] not in KINDS:
            problems.append(f"{where}: figure kind {figure['kind']!r}")
    for figure in labels["wrong_figures"]:
        if figure["kind"] not in KINDS:
            problems.append(f"{where}: wrong figure kind {figure['kind']!r}")
    status = "ok" if len(problems) == before else f"{len(problems) - before} problem(s)"
    return (
        f"{where}: {len(articles)} articles, {len(sources)} outlets, {len(events)} events, "
        f"{len(labels['sentences'])} sentences, {stale} stale sentences — {status}"
    )


def main(root: Path) -> int:
    problems: list[str] = []
    summaries: list[str] = []
    pairs = sorted({path.parent for path in root.glob("*/*.labels.json")})
    if not pairs:
        problems.append(f"no *.labels.json under {root}")
    for pair in pairs:
        days = sorted(pair.glob("*.labels.json"))
        pair_events: dict[str, dict] = {}
        for path in days:
            for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
                if event["id"] in pair_events:
                    problems.append(f"{pair.name}: event id {event['id']} used twice")
                pair_events[event["id"]] = event
        for path in days:
            summaries.append(check_day(path, pair_events, problems))
    print("\n".join(summaries))
    for problem in problems:
        print(f"PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
