"""How fast a day's digest is built, and how much memory it takes, as the day grows.

Run by hand: `python benchmarks/digest_speed.py [--write-readme]`. Each measurement runs in a
fresh Python process, so its peak memory (the process's `ru_maxrss`: interpreter, corpus
and build together) is its own; times are the median of `--repeat` processes. The same run
also times sumy's plain LexRank on the same 2,000 sentences the pipeline digests, which is
what the pipeline's bounded pool replaces.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from dataclasses import replace

from corpus import DAY, make_articles
from harness import in_fresh_process, peak_mib, write_block

from digest.build import build_digest
from digest.language import STOP_WORDS
from digest.models import Article
from digest.sentences import TOKENIZER, split_article

SIZES = (100, 1_000, 3_000)
COMPARED_SENTENCES = 2_000


def measure_build(count: int) -> dict[str, float]:
    """Builds one digest of `count` synthetic articles; run in a fresh process."""
    articles = make_articles(count)
    started = time.perf_counter()
    build_digest(DAY, articles)
    seconds = time.perf_counter() - started
    sentences = sum(len(split_article(article)) for article in articles)
    return {"articles": count, "sentences": sentences, "seconds": seconds, "peak_mib": peak_mib()}


def _articles_with_sentences(total: int) -> list[Article]:
    """The first synthetic articles that together hold exactly `total` sentences."""
    chosen: list[Article] = []
    held = 0
    for article in make_articles(total):
        count = len(split_article(article))
        if held + count > total:
            kept = "\n".join(s.text for s in split_article(article)[: total - held])
            chosen.append(replace(article, text=kept))
            break
        chosen.append(article)
        held += count
    return chosen


def measure_against_plain_lexrank(total: int) -> dict[str, float]:
    """Times sumy's LexRank over all `total` sentences and the pipeline on the same articles."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from digest.language import STEMMER

    articles = _articles_with_sentences(total)
    started = time.perf_counter()
    build_digest(DAY, articles)
    pipeline = time.perf_counter() - started

    started = time.perf_counter()
    paragraphs = [
        Paragraph([SumySentence(s.text, TOKENIZER) for s in split_article(article)])
        for article in articles
    ]
    lexrank = LexRankSummarizer(STEMMER)
    lexrank.stop_words = STOP_WORDS
    lexrank(ObjectDocumentModel(paragraphs), 15)
    plain = time.perf_counter() - started
    sentences = sum(len(split_article(article)) for article in articles)
    return {"sentences": sentences, "pipeline": pipeline, "plain_lexrank": plain}


def _table(builds: list[dict[str, float]], compared: dict[str, float], repeat: int) -> str:
    rows = [
        "| articles | sentences | build time (s) | articles/s | sentences/s | peak memory (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for build in builds:
        rows.append(
            f"| {build['articles']:,} | {build['sentences']:,} | {build['seconds']:.1f}"
            f" | {build['articles'] / build['seconds']:,.0f}"
            f" | {build['sentences'] / build['seconds']:,.0f} | {build['peak_mib']:,.0f} |"
        )
    ratio = compared["plain_lexrank"] / compared["pipeline"]
    return "\n".join(
        [
            *rows,
            "",
            f"On the same {compared['sentences']:,} sentences, sumy's plain LexRank took"
            f" {compared['plain_lexrank']:.1f} s and the whole digest pipeline"
            f" {compared['pipeline']:.1f} s ({ratio:.1f}× faster).",
            "",
            f"Measured with `python benchmarks/digest_speed.py` on {os.cpu_count()} cores,"
            f" Python {platform.python_version()}, synthetic articles of ~30 sentences"
            f" (`benchmarks/corpus.py`); times are the median of {repeat} fresh processes,"
            " peak memory is the largest `ru_maxrss` of those processes (interpreter, corpus"
            " and build).",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--measure-build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure-plain", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_build:
        print(json.dumps(measure_build(args.measure_build)))
        return
    if args.measure_plain:
        print(json.dumps(measure_against_plain_lexrank(args.measure_plain)))
        return

    builds = []
    for size in args.sizes:
        runs = [
            in_fresh_process(__file__, "--measure-build", str(size)) for _ in range(args.repeat)
        ]
        build = {**runs[0], "seconds": statistics.median(run["seconds"] for run in runs)}
        build["peak_mib"] = max(run["peak_mib"] for run in runs)
        builds.append(build)
        print(f"{size:>6,} articles: {build['seconds']:.1f} s, {build['peak_mib']:.0f} MiB")
    compared = in_fresh_process(__file__, "--measure-plain", str(COMPARED_SENTENCES))
    table = _table(builds, compared, args.repeat)
    print(table)
    if args.write_readme:
        write_block("digest-benchmark", table)


if __name__ == "__main__":
    main()
