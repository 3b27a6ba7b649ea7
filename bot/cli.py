"""The `digestbot` command line: every feature has a command, registered in one list below."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.delivery.building import build_and_store, days_with_articles
from bot.delivery.render import render_html, render_text
from bot.delivery.sender import PushReport, push_digest
from bot.i18n import LANGUAGES, SOURCE_LANGUAGE, translator
from bot.intake.feeds import export_opml, feed_lines, import_opml
from bot.intake.files import ingest_paths
from bot.intake.polling import fetch_all
from bot.services import Context
from bot.settings import load_settings
from bot.telegram.app import run_bot
from bot.telegram.client import require_token, sending_bot
from digest.errors import UserError
from digest.intake.dates import parse_day
from digest.models import READER_SECTIONS, SECTIONS, Digest
from storage.db import one_line, session_scope
from storage.digests import digest_days, latest_digest, load_digest

app = typer.Typer(
    help="A Telegram bot that delivers a short, sourced daily digest of a war.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _commands() -> None:
    """A Telegram bot that delivers a short, sourced daily digest of a war."""


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, e.g. 2025-11-29, not {value!r}") from None


DayOption = Annotated[
    str | None, typer.Option("--date", help="A day as YYYY-MM-DD, e.g. 2025-11-29.")
]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (recursive).")],
    day: DayOption = None,
) -> None:
    """Store local articles (.txt, .html, .json, .jsonl), each story once.

    A file's day comes from its ` date YYYY-MM-DD ` prefix, its publication time, a date
    in its text, then --date, then the file's modification time; each line says which.

    Example: digestbot ingest seeds/ --date 2025-11-29
    """
    context = Context.load()
    fallback = _parse_day(day)
    report = ingest_paths(context.engine, paths, context.settings.tz, fallback, typer.echo)
    if not report.lines:
        typer.echo("no files found", err=True)
        raise typer.Exit(1)
    typer.echo(report.summary())
    if not report.read_anything:
        raise typer.Exit(1)


@app.command()
def build(
    day: DayOption = None,
    all_days: Annotated[
        bool, typer.Option("--all", help="Build every day that has articles.")
    ] = False,
) -> None:
    """Build and store the digest of a day (a rebuild replaces it atomically).

    With --all, every day that has articles is built, oldest first, so each digest holds
    back what the one before it said.

    Example: digestbot build --date 2025-11-29
    """
    chosen = _parse_day(day)
    if (chosen is None) == (not all_days):
        raise typer.BadParameter("give either --date YYYY-MM-DD or --all")
    context = Context.load()
    days = days_with_articles(context) if all_days else [chosen]
    if not days:
        typer.echo("no articles stored yet; run `digestbot ingest PATH` first", err=True)
        raise typer.Exit(1)
    for one_day in days:
        digest = build_and_store(context, one_day)
        counts = ", ".join(f"{len(digest.sections[name])} {name}" for name in SECTIONS)
        skipped = ""
        if digest.other_languages:
            languages = ", ".join(f"{code} {n}" for code, n in digest.other_languages.items())
            left_out = sum(digest.other_languages.values())
            skipped = f" ({left_out} in languages the digest does not read left out: {languages})"
        typer.echo(
            f"{one_day}: {digest.articles} articles{skipped} -> {counts},"
            f" {len(digest.figures)} figures"
        )


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


ShownSection = StrEnum("ShownSection", {name: name for name in READER_SECTIONS})
ShownLanguage = StrEnum("ShownLanguage", {code: code for code in LANGUAGES})
ENGLISH_SHOWN = ShownLanguage(SOURCE_LANGUAGE)
"""The choices of `show --section`: the registry's reader sections."""


def digest_json(digest: Digest, section: str | None) -> dict[str, object]:
    """The JSON shape of `show --format json`; one section keeps every key, others emptied."""
    data = digest.to_json()
    if section is not None:
        data["sections"] = {
            name: items for name, items in data["sections"].items() if name == section
        }
        if section != "figures":
            data["figures"] = []
    return data


@app.command()
def show(
    day: DayOption = None,
    section: Annotated[ShownSection | None, typer.Option(help="Only this section.")] = None,
    output: Annotated[Format, typer.Option("--format", help="text, json or html.")] = Format.text,
    all_days: Annotated[
        bool, typer.Option("--all", help="Every stored digest, oldest first.")
    ] = False,
    language: Annotated[
        ShownLanguage, typer.Option(help="Headings and dates in this language (text, html).")
    ] = ENGLISH_SHOWN,
) -> None:
    """Print a stored digest: the latest day by default.

    Examples: digestbot show; digestbot show --date 2025-11-29 --section talks --format json;
    digestbot show --language uk (as a Ukrainian chat receives it)
    """
    context = Context.load()
    chosen = _parse_day(day)
    with session_scope(context.engine) as session:
        if all_days:
            digests = [load_digest(session, one_day) for one_day in digest_days(session)]
        elif chosen is not None:
            digests = [load_digest(session, chosen)]
        else:
            digests = [latest_digest(session, datetime.now(context.settings.tz).date())]
    found = [digest for digest in digests if digest is not None]
    if not found:
        where = f"for {chosen}" if chosen else "yet"
        typer.echo(f"no digest {where}; build one with `digestbot build`", err=True)
        raise typer.Exit(1)
    name = section.value if section else None
    for digest in found:
        if output is Format.json:
            typer.echo(json.dumps(digest_json(digest, name), ensure_ascii=False, indent=2))
        elif output is Format.html:
            typer.echo(render_html(digest, name, translator(language.value)))
        else:
            typer.echo(render_text(digest, name, translator(language.value)) + "\n")


@app.command()
def classify(
    labeled: Annotated[
        list[Path] | None,
        typer.Option(
            "--labeled",
            help="Instead, score the classifier on a labeled file: a .tsv of "
            "section<TAB>conflict<TAB>sentence, or a .jsonl of page labels (one set per "
            "split). Repeatable.",
        ),
    ] = None,
    pages: Annotated[
        list[Path] | None,
        typer.Option(
            "--pages",
            help="Where the files that .jsonl labels name are looked for, in order "
            "(default: the current directory). Repeatable.",
        ),
    ] = None,
) -> None:
    """Read sentences from standard input, one per line; print `section<TAB>sentence` for each.

    Sections: strikes, talks, politics or other. Blank lines are kept as `other`. With
    --labeled, print per set the precision, recall, F1 and confusion matrix instead.

    Example: echo "Drones struck Kharkiv overnight, killing two." | digestbot classify
    """
    from digest.classify import SECTION_NAMES
    from digest.classify import classify as classify_sentence

    if labeled:
        from digest.evaluation import evaluate, text_report
        from digest.page_labels import read_sets

        try:
            sets, missing = read_sets(labeled, pages or [Path.cwd()], SECTION_NAMES)
        except (OSError, ValueError) as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from error
        for problem in missing:
            typer.echo(f"skipped: {problem}", err=True)
        for name, rows in sets.items():
            report = evaluate(rows, classify_sentence, SECTION_NAMES)
            typer.echo(text_report(name, report, SECTION_NAMES) + "\n")
        return
    for line in sys.stdin:
        sentence = line.rstrip("\r\n")
        typer.echo(f"{classify_sentence(sentence)}\t{sentence}")


@app.command()
def fetch(
    force: Annotated[
        bool, typer.Option("--force", help="Also poll feeds that are backing off.")
    ] = False,
) -> None:
    """Poll every feed of the feeds file once and store new articles on the topic.

    Each new entry's full text is read from its page; when that fails the feed's summary
    is used and the line says so. Feeds that failed 3 times in a row are retried less
    often (see `digestbot feeds`) unless --force.

    Example: DIGESTBOT_FEEDS=feeds.toml digestbot fetch
    """
    context = Context.load()
    report = asyncio.run(
        fetch_all(context, typer.echo, force=force, show_progress=sys.stdout.isatty())
    )
    typer.echo(report.summary())


feeds_app = typer.Typer(
    help="The news feeds (DIGESTBOT_FEEDS) and their state.", no_args_is_help=False
)
app.add_typer(feeds_app, name="feeds")


@feeds_app.callback(invoke_without_command=True)
def feeds(ctx: typer.Context) -> None:
    """List the feeds with last success, last error, failures in a row and articles stored."""
    if ctx.invoked_subcommand is None:
        for line in feed_lines(Context.load()):
            typer.echo(line)


@feeds_app.command("import")
def feeds_import(
    opml: Annotated[Path, typer.Argument(help="An OPML file exported by a feed reader.")],
) -> None:
    """Add the feeds of an OPML file to the feeds file (those not listed yet).

    Example: digestbot feeds import subscriptions.opml
    """
    typer.echo(import_opml(Context.load(), opml))


@feeds_app.command("export")
def feeds_export() -> None:
    """Print the feeds file as OPML, for a feed reader.

    Example: digestbot feeds export > feeds.opml
    """
    typer.echo(export_opml(Context.load()), nl=False)


@app.command()
def push(day: DayOption = None) -> None:
    """Send a digest (default the latest) now to every subscriber who has not had it.

    The same sender as /push and the schedule: rate-limited, resumable (a push killed
    half-way and started again sends each chat the rest, never the digest twice), failed
    chats retried, blocked ones deactivated. Several `push` workers may run at once.

    Example: digestbot push --date 2025-11-29
    """
    chosen = _parse_day(day)
    context = Context.load()

    async def pushing() -> PushReport:
        async with sending_bot(context) as bot:
            return await push_digest(context, bot, chosen, show_progress=sys.stdout.isatty())

    report = asyncio.run(pushing())
    typer.echo(report.summary())
    if report.outcomes["failed"] > report.outcomes["gone"]:
        raise typer.Exit(1)


@app.command()
def run(
    webhook: Annotated[
        str | None,
        typer.Option(
            "--webhook",
            metavar="URL",
            help="Receive updates at this public https URL (behind a reverse proxy) "
            "instead of long polling.",
        ),
    ] = None,
) -> None:
    """Start the bot: long polling by default, or a webhook with --webhook URL.

    Example: digestbot run --webhook https://bot.example.org/telegram
    """
    if webhook is not None and not webhook.startswith("https://"):
        raise typer.BadParameter(f"Telegram only calls https URLs, not {webhook!r}")
    settings = load_settings()
    require_token(settings)  # before opening the database: nothing to do without it
    run_bot(Context.load(settings), webhook)


def main(argv: list[str] | None = None) -> None:
    """Entry point, and the command line's one translation of digest.errors: a problem the
    user can fix ends in one clear line and its exit code (2 for settings and database)."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="digestbot")
    except UserError as error:
        print(f"digestbot: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except SQLAlchemyError as error:  # the database went away or refused a statement
        print(f"digestbot: database error: {one_line(error)}", file=sys.stderr)
        sys.exit(2)
