"""Time `extract_figures` on a day of 30,000 sentences (run by hand, not by pytest).

The sentences are the seed articles and the labelled figure sentences, repeated over
many articles from several sources, so the regexes see realistic text and the
per-article place carry-over and the cross-source merge do real work.

    .venv/bin/python benchmarks/bench_figures.py [sentences]
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import date
from pathlib import Path

from digest.figures import extract_figures
from digest.models import Article, Sentence

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")


def corpus() -> list[str]:
    """Every sentence of the seeds and of the labelled set, in reading order."""
    texts: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            texts += [part.strip() for part in _SENTENCE_END.split(paragraph) if part.strip()]
    with (ROOT / "tests" / "data" / "figures.jsonl").open(encoding="utf-8") as lines:
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def day_of_sentences(total: int, per_article: int = 40) -> list[Sentence]:
    texts = corpus()
    sentences: list[Sentence] = []
    article: Article | None = None
    for number in range(total):
        if number % per_article == 0:
            article_id = number // per_article
            article = Article(
                title="",
                text=texts[number % len(texts)],
                source=f"outlet-{article_id % 7}",
                day=date(2025, 11, 29),
                id=article_id,
            )
        assert article is not None
        sentences.append(Sentence(texts[number % len(texts)], article, number % per_article))
    return sentences


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    sentences = day_of_sentences(total)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        figures = extract_figures(sentences)
        runs.append(time.perf_counter() - started)
    print(
        f"{total} sentences, {len(figures)} figures: best {min(runs):.3f} s, "
        f"median {sorted(runs)[2]:.3f} s over 5 runs"
    )


if __name__ == "__main__":
    main()
