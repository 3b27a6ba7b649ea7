"""Labeled sentences and the scores that measure a classifier against them.

One place for reading the labeled TSV files and computing precision, recall and F1, so the
quality benchmark and the regression test cannot drift apart.  The few lines of arithmetic are
written out rather than pulling in scikit-learn, a large dependency the bot does not otherwise need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.models import SectionName

HEADER = ("section", "conflict", "sentence")


@dataclass(frozen=True)
class Labeled:
    """One hand-labeled sentence: its expected section and the war it is about."""

    section: SectionName
    conflict: str
    sentence: str


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one label, and how many gold examples it has."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    """Everything the benchmark prints for one labeled set."""

    per_label: dict[str, Scores]
    macro_f1: float
    accuracy: float
    confusion: dict[tuple[str, str], int]
    """(gold, predicted) -> count."""
    errors: list[tuple[Labeled, str]]
    """Misclassified examples with the predicted label, for tuning on the dev set."""


def read_labeled(path: Path, labels: Sequence[str]) -> list[Labeled]:
    """Read a `section<TAB>conflict<TAB>sentence` file with a header line.

    Raises ValueError with the file and line for a malformed row or an unknown label.
    """
    rows: list[Labeled] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise ValueError(f"{path}: first line must be the header {'<TAB>'.join(HEADER)}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(part.strip() for part in parts):
            raise ValueError(f"{path}:{number}: expected section<TAB>conflict<TAB>sentence")
        section, conflict, sentence = parts
        if section not in labels:
            raise ValueError(f"{path}:{number}: unknown section {section!r}")
        rows.append(Labeled(section, conflict, sentence))  # type: ignore[arg-type]
    return rows


def label_scores(gold: Sequence[str], predicted: Sequence[str], label: str) -> Scores:
    """Precision, recall and F1 of `label` (0 where a ratio has nothing to divide by)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    true_positive = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
    predicted_count = sum(p == label for p in predicted)
    support = sum(g == label for g in gold)
    precision = true_positive / predicted_count if predicted_count else 0.0
    recall = true_positive / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, support)


def macro_f1(per_label: dict[str, Scores]) -> float:
    """Unweighted mean F1 over the labels, so a small section counts as much as a large one."""
    return sum(score.f1 for score in per_label.values()) / len(per_label) if per_label else 0.0


def evaluate(
    rows: Iterable[Labeled], predict: Callable[[str], str], labels: Sequence[str]
) -> Report:
    """Run `predict` over `rows` and score it per label."""
    rows = list(rows)
    gold = [row.section for row in rows]
    predicted = [predict(row.sentence) for row in rows]
    per_label = {label: label_scores(gold, predicted, label) for label in labels}
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return Report(
        per_label=per_label,
        macro_f1=macro_f1(per_label),
        accuracy=correct / len(rows) if rows else 0.0,
        confusion=dict(Counter(zip(gold, predicted, strict=True))),
        errors=[(row, p) for row, p in zip(rows, predicted, strict=True) if row.section != p],
    )


def text_report(name: str, report: Report, labels: Sequence[str]) -> str:
    """One set's per-label table and confusion matrix as plain text for a terminal."""
    support = sum(score.support for score in report.per_label.values())
    lines = [
        f"== {name}: {support} sentences, macro-F1 {report.macro_f1:.3f}, "
        f"accuracy {report.accuracy:.3f}",
        f"{'section':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}",
    ]
    for label, score in report.per_label.items():
        lines.append(
            f"{label:<10}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
            f"{score.support:>9}"
        )
    lines.append("confusion (rows: gold, columns: predicted)")
    lines.append(" " * 10 + "".join(f"{label:>10}" for label in labels))
    for gold in labels:
        counts = "".join(f"{report.confusion.get((gold, p), 0):>10}" for p in labels)
        lines.append(f"{gold:<10}{counts}")
    return "\n".join(lines)
