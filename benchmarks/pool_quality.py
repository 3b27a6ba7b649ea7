"""Does the bounded pool pick what the unbounded ranking picks? Measured on mid-size days.

Run by hand: `python benchmarks/pool_quality.py [--articles 200] [--days 3]`. Builds each
synthetic day with a pool larger than the day (sumy then ranks every candidate, as without
the prefilter) and with bounded pools, and prints, of the bounded digest's items, how many
the unbounded digest also chose (the same sentence, or the same fact in another outlet's
words, `digest.facts.same_fact`) and how many stand in the unbounded top 15 per section.
For scale it also prints how much the unbounded digest itself changes when 2.5% of the
day's articles are left out: LexRank's own sensitivity on near-tied sentences.
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


def _shared(chosen: Digest, reference: Digest) -> tuple[int, int, int]:
    """(same sentence, same fact, items) of `chosen`, section by section, in `reference`."""
    same_text = same_facts = total = 0
    for name in SECTIONS:
        prints = [fact_print(item.text) for item in reference.sections[name]]
        texts = {item.text for item in reference.sections[name]}
        for item in chosen.sections[name]:
            total += 1
            same_text += item.text in texts
            same_facts += any(same_fact(fact_print(item.text), known) for known in prints)
    return same_text, same_facts, total


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
        for pool in args.pools:
            started = time.perf_counter()
            bounded = _build(articles, pool)
            print(f"  pool {pool}: {time.perf_counter() - started:.1f} s")
            add(f"pool {pool}", (*_shared(bounded, unbounded), _shared(bounded, wide)[0]))
        dropped = set(random.Random(seed).sample(range(len(articles)), len(articles) // 40))
        fewer = [article for i, article in enumerate(articles) if i not in dropped]
        add("unbounded, 2.5% fewer articles", (*_shared(_build(fewer, UNBOUNDED), unbounded), 0))
    for label, (same_text, same_facts, total, in_wide) in rows.items():
        line = f"{label}: same sentence {same_text / total:.0%}, same fact {same_facts / total:.0%}"
        if in_wide:
            line += f", in unbounded top {WIDE} {in_wide / total:.0%}"
        print(f"{line} of {total} items ({args.days} days of {args.articles} articles)")


if __name__ == "__main__":
    main()
