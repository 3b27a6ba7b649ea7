"""Section labels of sentences that professional reporters wrote, kept as pointers into pages.

The pages themselves stay outside the project (third-party text): a label holds the page's file
name, the sentence's index as the bot splits the page, the first `TEXT_CHARS` characters of
the sentence and its section.  Text extraction and sentence splitting change over time, so a
label is found on its page by its text, the index only telling where to look first; a label
whose text is nowhere on the page is reported, never silently dropped or re-pointed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from digest.errors import Rejected
from digest.evaluation import Labeled, read_labeled
from digest.intake.documents import DayContext, read_file
from digest.sentences import split_article

TEXT_CHARS = 200
SPLITS = ("train", "test")
"""`train` may be tuned on; `test` (a third of the files, chosen before any tuning) never."""
_READING_DAY = DayContext(ZoneInfo("UTC"), date(2026, 12, 1), date(2026, 12, 1), "--date")
"""The day has no bearing on a page's text; a fixed one keeps reading reproducible."""


@dataclass(frozen=True)
class PageLabel:
    """One labeled sentence of a saved page or article file."""

    file: str
    sentence: int
    text: str
    section: str
    split: str


def read_page_labels(path: Path, labels: Sequence[str]) -> list[PageLabel]:
    """The labels of a JSON-lines file; ValueError naming the line for a malformed one."""
    rows: list[PageLabel] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = PageLabel(**json.loads(line))
        except (TypeError, ValueError) as error:
            raise ValueError(f"{path}:{number}: not a page label: {error}") from error
        if row.section not in labels or row.split not in SPLITS:
            raise ValueError(f"{path}:{number}: unknown section or split in {line}")
        if not 0 < len(row.text) <= TEXT_CHARS or row.sentence < 0:
            raise ValueError(f"{path}:{number}: text must be 1-{TEXT_CHARS} chars, index >= 0")
        rows.append(row)
    return rows


def page_sentences(path: Path) -> list[str]:
    """The sentences of one file as the bot reads and splits it."""
    result = read_file(path, path.read_bytes(), _READING_DAY)
    return [sentence.text for article in result.articles for sentence in split_article(article)]


def find_sentence(label: PageLabel, sentences: Sequence[str]) -> str | None:
    """The whole sentence `label` points to: at its index if the text is there, else the
    first sentence of the page that starts with the label's text; None when none does."""
    if label.sentence < len(sentences) and sentences[label.sentence][:TEXT_CHARS] == label.text:
        return sentences[label.sentence]
    return next((s for s in sentences if s[:TEXT_CHARS] == label.text), None)


def resolve(
    labels: Iterable[PageLabel], roots: Sequence[Path]
) -> tuple[list[tuple[PageLabel, Labeled]], list[str]]:
    """Each label with its whole sentence, and a message for every label that could not be
    found: its file under none of `roots` (tried in order), or its text not on the page."""
    found: list[tuple[PageLabel, Labeled]] = []
    problems: list[str] = []
    pages: dict[str, list[str] | str] = {}
    for label in labels:
        if label.file not in pages:
            pages[label.file] = _read_page(label.file, roots)
        sentences = pages[label.file]
        if isinstance(sentences, str):
            problems.append(f"{label.file}: {sentences}")
            continue
        text = find_sentence(label, sentences)
        if text is None:
            problems.append(f"{label.file}#{label.sentence}: {label.text!r} is not on the page")
            continue
        found.append((label, Labeled(label.section, label.file, text)))  # type: ignore[arg-type]
    return found, problems


def _read_page(file: str, roots: Sequence[Path]) -> list[str] | str:
    """The sentences of `file` under the first of `roots` that holds it, or why not."""
    path = next((root / file for root in roots if (root / file).is_file()), None)
    if path is None:
        return f"not found under {', '.join(map(str, roots))}"
    try:
        return page_sentences(path)
    except Rejected as reason:
        return f"cannot be read: {reason}"


def read_sets(
    paths: Iterable[Path], roots: Sequence[Path], labels: Sequence[str]
) -> tuple[dict[str, list[Labeled]], list[str]]:
    """Labeled sets by name, in the order given: a `.tsv` file (`digest.evaluation`) is one set
    named after its file, a `.jsonl` file of page labels one set per split ("name/test"),
    whole sentences found on their pages under `roots`.  Also the labels that were not found.
    Raises ValueError (OSError) for a malformed (unreadable) file."""
    sets: dict[str, list[Labeled]] = {}
    problems: list[str] = []
    for path in paths:
        if path.suffix != ".jsonl":
            sets[path.stem] = read_labeled(path, labels)
            continue
        found, missing = resolve(read_page_labels(path, labels), roots)
        problems += missing
        for split in SPLITS:
            sets[f"{path.stem}/{split}"] = [row for label, row in found if label.split == split]
    return sets, problems
