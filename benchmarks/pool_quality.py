"""Does the bounded pool pick what the unbounded ranking picks? Measured on mid-size days.

Run by hand: `python benchmarks/pool_quality.py [--articles 200] [--days 3]`. Builds each
synthetic day with a pool larger than the day (sumy then ranks every candidate, as without
the prefilter) and with bounded pools, and prints, of the bounded digest's items, how many
the unbounded digest also chose (the same sentence, or the same fact in another outlet's
words, `digest.facts.same_fact`) and how many stand in the unbounded top 15 per section.
Figures are per section: sections smaller than the pool are not cut, so only the larger
ones measure the prefilter. For scale it also prints how much the unbounded digest itself
changes when 2.5% of the day's articles are left out: LexRank's own sensitivity.
"""

from __future__ import annotations

import argparse
import random
import time

from corpus import DAY, make_articles

from digest.build import DigestOptions, build_digest
from digest.facts import fact_print, same_fact
from digest.models import SECTIONS, Article, Digest
from digest.pool import DEFAULT_POOL_SIZE

UNBOUNDED = 10**9
WIDE = 15


def _shared(chosen: Digest, reference: Digest, section: str) -> tuple[int, int, int]:
    """(same sentence, same fact, items) of `chosen`'s section found in `reference`'s."""
    prints = [fact_print(item.text) for item in reference.sections[section]]
    texts = {item.text for item in reference.sections[section]}
    items = chosen.sections[section]
    same_text = sum(item.text in texts for item in items)
    same_facts = sum(any(same_fact(fact_print(item.text), p) for p in prints) for item in items)
    return same_text, same_facts, len(items)


def _build(articles: list[Article], pool: int, max_sentences: int = 5) -> Digest:
    options = DigestOptions(pool_size=pool, max_sentences=max_sentences)
    return build_digest(DAY, articles, options=options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--pools", type=int, nargs="+", default=[DEFAULT_POOL_SIZE])
    args = parser.parse_args()
    rows: dict[str, list[int]] = {}

    def add(label: str, counts: tuple[int, ...]) -> None:
        rows[label] = [
            a + b for a, b in zip(rows.get(label, [0] * len(counts)), counts, strict=True)
        ]

    for seed in range(1, args.days + 1):
        articles = make_articles(args.articles, seed=seed)
        started = time.perf_counter()
        unbounded = _build(articles, UNBOUNDED)
        print(f"day {seed}: unbounded build {time.perf_counter() - started:.1f} s")
        wide = _build(articles, UNBOUNDED, WIDE)
        dropped = set(random.Random(seed).sample(range(len(articles)), len(articles) // 40))
        fewer = _build([a for i, a in enumerate(articles) if i not in dropped], UNBOUNDED)
        bounded = {pool: _build(articles, pool) for pool in args.pools}
        for name in SECTIONS:
            for pool, digest in bounded.items():
                counts = _shared(digest, unbounded, name)
                add(f"{name:<8} pool {pool}", (*counts, _shared(digest, wide, name)[0]))
            add(f"{name:<8} unbounded, 2.5% fewer articles", (*_shared(fewer, unbounded, name), 0))
    for label, (same_text, same_facts, total, in_wide) in rows.items():
        if not total:
            continue
        line = f"{label}: same sentence {same_text / total:.0%}, same fact {same_facts / total:.0%}"
        if in_wide:
            line += f", in unbounded top {WIDE} {in_wide / total:.0%}"
        print(f"{line} of {total} items ({args.days} days of {args.articles} articles)")


if __name__ == "__main__":
    main()
