"""Measure the section classifier on the hand-labeled sentences, and its speed.

    python benchmarks/classifier_quality.py                 # print the figures
    python benchmarks/classifier_quality.py --errors        # also list dev-set mistakes and cues
    python benchmarks/classifier_quality.py --write-readme  # refresh the README result block

Only dev-set mistakes can be listed: the test set is held out and must not be tuned on.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

from harness import README, write_block

from digest.classify import SECTION_NAMES, classify, classify_with_scores, default_classifier
from digest.evaluation import Labeled, Report, evaluate, read_labeled

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SETS = {"dev": DATA / "sections_dev.tsv", "test": DATA / "sections_test.tsv"}
DEV_EXTRA = [DATA / "sections_unseen.tsv"]
"""Batches written after the cues, measured once before tuning (README), now part of dev."""
SPEED_SENTENCES = 30_000


def load_sets() -> dict[str, list[Labeled]]:
    """Dev, test and their union, in the order the report shows them."""
    sets = {name: read_labeled(path, SECTION_NAMES) for name, path in SETS.items()}
    for path in DEV_EXTRA:
        sets["dev"] += read_labeled(path, SECTION_NAMES)
    sets["combined"] = sets["dev"] + sets["test"]
    return sets


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


def text_report(name: str, rows: list[Labeled], report: Report) -> str:
    """Per-section table and confusion matrix as plain text for the terminal."""
    lines = [
        f"== {name}: {len(rows)} sentences, macro-F1 {report.macro_f1:.3f}, "
        f"accuracy {report.accuracy:.3f}",
        f"{'section':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}",
    ]
    for label, score in report.per_label.items():
        lines.append(
            f"{label:<10}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
            f"{score.support:>9}"
        )
    lines.append("confusion (rows: gold, columns: predicted)")
    lines.append(" " * 10 + "".join(f"{label:>10}" for label in SECTION_NAMES))
    for gold in SECTION_NAMES:
        counts = "".join(f"{report.confusion.get((gold, p), 0):>10}" for p in SECTION_NAMES)
        lines.append(f"{gold:<10}{counts}")
    return "\n".join(lines)


def markdown_report(
    reports: dict[str, tuple[list[Labeled], Report]], speed: tuple[float, float]
) -> str:
    """The README block: one P/R/F1 table for all sets, then the combined confusion matrix."""
    header = "| set | section | precision | recall | F1 | support |\n|---|---|---:|---:|---:|---:|"
    body = []
    for name, (rows, report) in reports.items():
        for label, score in report.per_label.items():
            body.append(
                f"| {name} | {label} | {score.precision:.3f} | {score.recall:.3f} | "
                f"{score.f1:.3f} | {score.support} |"
            )
        body.append(f"| {name} | **macro-F1** | | | **{report.macro_f1:.3f}** | {len(rows)} |")
    _, combined = reports["combined"]
    matrix = [
        "| gold \\ predicted | " + " | ".join(SECTION_NAMES) + " |",
        "|---" + "|---:" * len(SECTION_NAMES) + "|",
    ]
    for gold in SECTION_NAMES:
        counts = " | ".join(str(combined.confusion.get((gold, p), 0)) for p in SECTION_NAMES)
        matrix.append(f"| {gold} | {counts} |")
    return "\n".join(
        [
            "Measured by `python benchmarks/classifier_quality.py --write-readme` on the",
            "hand-labeled sentences in `tests/data/` (dev: used for tuning; test: held out).",
            "Both sets were written by the author of the rules, so expect lower scores on",
            "real news from wars and outlets the cues have not seen.",
            "",
            header,
            *body,
            "",
            "Confusion matrix, combined set:",
            "",
            *matrix,
            "",
            f"Speed: {SPEED_SENTENCES:,} sentences classified in {speed[0]:.2f} s wall, "
            f"{speed[1]:.2f} s CPU ({speed[1] / SPEED_SENTENCES * 1e6:.0f} µs per sentence, "
            "one process, best of 3 runs).",
        ]
    )


def dev_errors(rows: list[Labeled], report: Report) -> str:
    """Dev mistakes with the cues that fired, the raw material for tuning."""
    lines = []
    for row, predicted in report.errors:
        scored = classify_with_scores(row.sentence)
        scores = " ".join(f"{k}={v:.1f}" for k, v in scored.scores.items())
        cues = ", ".join(f"{s}:{text}({w:g})" for s, text, w in scored.matches)
        lines.append(f"[{row.section} -> {predicted}] {row.sentence}\n    {scores}\n    {cues}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true", help="refresh README.md block")
    parser.add_argument("--errors", action="store_true", help="list dev-set mistakes")
    args = parser.parse_args(argv)
    try:
        sets = load_sets()
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    reports = {name: (rows, evaluate(rows, classify, SECTION_NAMES)) for name, rows in sets.items()}
    for name, (rows, report) in reports.items():
        print(text_report(name, rows, report), end="\n\n")
    speed = measure_speed(sets["combined"])
    print(f"speed: {SPEED_SENTENCES:,} sentences in {speed[0]:.2f} s wall, {speed[1]:.2f} s CPU")
    if args.errors:
        print("\n" + dev_errors(*reports["dev"]))
    if args.write_readme:
        write_block("classifier-eval", markdown_report(reports, speed))
        print(f"updated {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
