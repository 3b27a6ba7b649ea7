"""`digestbot ingest`: local article files and folders into the database, one line a file."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from digest.intake.documents import DayContext, Rejected, read_file
from digest.models import Article
from storage.articles import SaveResult, ShingleCache, save_article, save_articles
from storage.db import one_line, transaction

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """Counts for the summary line; `lines` is the per-file output in order."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def read_anything(self) -> bool:
        return self.stored + self.duplicates + self.near_duplicates > 0

    def summary(self) -> str:
        return (
            f"{self.stored} ingested, {self.duplicates + self.near_duplicates} duplicates "
            f"({self.near_duplicates} near-duplicates), {self.rejected} rejected"
        )


def find_files(paths: list[Path]) -> Iterator[Path]:
    """Named files as they are; folders recursively, in name order, hidden files skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    yield child
        else:
            yield path


def _describe(path: Path, result: SaveResult, day: date, date_source: str, notes: str) -> str:
    if result.outcome == "stored":
        return f"stored     {path}  #{result.article_id}  {day} ({date_source}{notes})"
    return f"{result.outcome:<10} {path}  {result.detail}"


def _unexpected(path: Path, error: Exception) -> str:
    return f"rejected   {path}: unexpected {one_line(error)}"[:500]


BATCH = 100
"""Articles of a file stored in one transaction: one commit, one look-up of the stored
twins and one catch-up of the near-copy index for many, yet SQLite's write lock is held
a fraction of a second, not the minute a .jsonl of thousands of records takes (which
would stall the bot)."""


def _save(
    engine: Engine, batch: list[Article], path: Path, cache: ShingleCache
) -> list[SaveResult | Exception]:
    """Store `batch` in one transaction; if the database refuses it, each article in its
    own, so a refusal costs that article only, not the others of the batch or the run."""
    if len(batch) > 1:
        try:
            return list(transaction(engine, save_articles, batch, origin=str(path), cache=cache))
        except Exception:  # which article it was is found below
            log.warning("a batch of %d articles of %s failed; storing one by one", len(batch), path)
    results: list[SaveResult | Exception] = []
    for article in batch:
        try:
            results.append(
                transaction(engine, save_article, article, origin=str(path), cache=cache)
            )
        except Exception as error:  # a database refusal: this article, not the run
            results.append(error)
    return results


def ingest_paths(
    engine: Engine,
    paths: list[Path],
    tz: ZoneInfo,
    default_day: date | None = None,
    echo: Callable[[str], None] = print,
    today: date | None = None,
) -> IngestReport:
    """Ingest every file under `paths`, echoing one line per file as it is decided.

    Articles are committed in batches of a file's articles, so a failure later on loses
    nothing stored, and an unexpected error (a bug, a database refusal) is one line for
    that file or article, not the end of the run. `today` is the day the files are read on
    (default: the local date now): times and dates after it are ignored as in the future,
    so a replay of past days passes the morning after them.
    """
    report = IngestReport()

    def say(line: str) -> None:
        report.lines.append(line)
        echo(line)

    cache = ShingleCache()
    today = today or datetime.now(tz).date()
    for path in find_files(paths):
        try:
            if not path.exists():
                raise Rejected("no such file")
            if default_day is not None:
                fallback, source = default_day, "--date"
            else:
                mtime = datetime.fromtimestamp(path.stat().st_mtime, tz)
                fallback, source = mtime.date(), "file modification time"
            data = path.read_bytes()
            parsed = read_file(path, data, DayContext(tz, today, fallback, source))
        except (Rejected, OSError) as reason:
            report.rejected += 1
            say(f"rejected   {path}: {reason}")
            continue
        except Exception as error:  # a bug: one file, not the run
            report.rejected += 1
            say(_unexpected(path, error))
            continue
        for problem in parsed.problems:
            report.rejected += 1
            say(f"rejected   {path}: {problem}")
        for start in range(0, len(parsed.articles), BATCH):
            batch = parsed.articles[start : start + BATCH]
            for article, result in zip(batch, _save(engine, batch, path, cache), strict=True):
                if isinstance(result, Exception):
                    report.rejected += 1
                    say(_unexpected(path, result))
                    continue
                if result.outcome == "stored":
                    report.stored += 1
                elif result.outcome == "duplicate":
                    report.duplicates += 1
                else:
                    report.near_duplicates += 1
                notes = "".join(f"; {note}" for note in article.notes)
                say(_describe(path, result, article.day, article.date_source, notes))
    return report
