"""Measure the section classifier on the hand-labeled sentences, and its speed.

    python benchmarks/classifier_quality.py                 # print the figures
    python benchmarks/classifier_quality.py --errors        # also list tunable sets' mistakes
    python benchmarks/classifier_quality.py --write-readme  # refresh the README result block

Only the mistakes of the sets that may be tuned on are listed: the test sets are held out.
The real-text labels point into ../shared/realworld, which must be beside the project.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from datetime import date
from pathlib import Path

from harness import README, write_block

from digest.classify import SECTION_NAMES, classify, classify_with_scores, default_classifier
from digest.evaluation import Labeled, Report, evaluate, text_report
from digest.page_labels import read_sets

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
REALWORLD = ROOT.parent / "shared" / "realworld"
FILES = [
    DATA / "sections_dev.tsv",
    DATA / "sections_unseen.tsv",
    DATA / "sections_test.tsv",
    DATA / "sections_realworld.jsonl",
]
"""The team's dev set (tuned on), its unseen batch (measured once before tuning, then tuned
on), its held-out test set, and real reporters' sentences (train: tuned on; test: held out)."""
NAMES = {
    "sections_dev": "team dev",
    "sections_unseen": "team unseen",
    "sections_test": "team test",
    "sections_realworld/train": "real train",
    "sections_realworld/test": "real test",
}
TUNABLE = ("team dev", "team unseen", "real train")
"""The sets whose mistakes `--errors` may list: the test sets must not be tuned on."""
SPEED_SENTENCES = 30_000


def load_sets() -> dict[str, list[Labeled]]:
    """Every labeled set by its README name; ValueError if a real-text label is not found."""
    sets, missing = read_sets(FILES, [REALWORLD, ROOT], SECTION_NAMES)
    if missing:
        raise ValueError("labels not found (is ../shared/realworld there?):\n" + "\n".join(missing))
    return {NAMES[name]: rows for name, rows in sets.items()}


def measure_speed(
    rows: list[Labeled], count: int = SPEED_SENTENCES, runs: int = 3
) -> tuple[float, float]:
    """Wall and CPU seconds to classify `count` sentences (the labeled ones, repeated).

    The best of `runs` runs, as timeit does, with the regexes already built: on a shared
    machine the slower runs measure the neighbours, not the classifier.
    """
    default_classifier()
    sentences = list(itertools.islice(itertools.cycle(row.sentence for row in rows), count))
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        for sentence in sentences:
            classify(sentence)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def markdown_report(
    reports: dict[str, tuple[list[Labeled], Report]], speed: tuple[float, float]
) -> str:
    """The README block: one P/R/F1 table for all sets, then each set's confusion matrix."""
    header = "| set | section | precision | recall | F1 | support |\n|---|---|---:|---:|---:|---:|"
    body = []
    for name, (rows, report) in reports.items():
        for label, score in report.per_label.items():
            body.append(
                f"| {name} | {label} | {score.precision:.3f} | {score.recall:.3f} | "
                f"{score.f1:.3f} | {score.support} |"
            )
        body.append(f"| {name} | **macro-F1** | | | **{report.macro_f1:.3f}** | {len(rows)} |")
    matrices = []
    for name, (_, report) in reports.items():
        matrices += [
            f"Confusion matrix, {name} (rows: gold, columns: predicted):",
            "",
            "| gold \\ predicted | " + " | ".join(SECTION_NAMES) + " |",
            "|---" + "|---:" * len(SECTION_NAMES) + "|",
        ]
        for gold in SECTION_NAMES:
            counts = " | ".join(str(report.confusion.get((gold, p), 0)) for p in SECTION_NAMES)
            matrices.append(f"| {gold} | {counts} |")
        matrices.append("")
    return "\n".join(
        [
            "Measured by `python benchmarks/classifier_quality.py --write-readme`"
            f" on {date.today().isoformat()}.",
            "Team sets: sentences written by the author of the rules (`tests/data/sections_*.tsv`;",
            "dev and unseen tuned on, test held out). Real sets: sentences of real reporters",
            "(`tests/data/sections_realworld.jsonl`, see below; train tuned on, test held out).",
            "",
            header,
            *body,
            "",
            *matrices,
            f"Speed: {SPEED_SENTENCES:,} sentences classified in {speed[0]:.2f} s wall, "
            f"{speed[1]:.2f} s CPU ({speed[1] / SPEED_SENTENCES * 1e6:.0f} µs per sentence, "
            "one process, best of 3 runs).",
        ]
    )


def tuning_errors(rows: list[Labeled], report: Report) -> str:
    """Mistakes on a tunable set with the cues, events and anchors that fired, the raw
    material for tuning."""
    lines = []
    for row, predicted in report.errors:
        scored = classify_with_scores(row.sentence)
        scores = " ".join(f"{k}={v:.1f}" for k, v in scored.scores.items())
        cues = ", ".join(f"{s}:{text}({w:g})" for s, text, w in scored.matches)
        events = " ".join(f"{s}={text!r}" for s, text in scored.events.items())
        anchors = " ".join(f"{s}={text!r}" for s, text in scored.anchors.items())
        lines.append(
            f"[{row.section} -> {predicted}] {row.sentence}\n    {scores}\n    {cues}\n"
            f"    events: {events}\n    anchors: {anchors}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true", help="refresh README.md block")
    parser.add_argument("--errors", action="store_true", help="list tunable sets' mistakes")
    args = parser.parse_args(argv)
    try:
        sets = load_sets()
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    reports = {name: (rows, evaluate(rows, classify, SECTION_NAMES)) for name, rows in sets.items()}
    for name, (_, report) in reports.items():
        print(text_report(name, report, SECTION_NAMES), end="\n\n")
    speed = measure_speed([row for rows in sets.values() for row in rows])
    print(f"speed: {SPEED_SENTENCES:,} sentences in {speed[0]:.2f} s wall, {speed[1]:.2f} s CPU")
    if args.errors:
        for name in TUNABLE:
            print(f"\n== mistakes, {name}\n" + tuning_errors(*reports[name]))
    if args.write_readme:
        write_block("classifier-eval", markdown_report(reports, speed))
        print(f"updated {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
