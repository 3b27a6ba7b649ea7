"""A long fuzz run of `digestbot ingest`: mutated files through bot.ingest.ingest_paths.

Run by hand: `python benchmarks/fuzz_intake.py [--count 10000] [--seed 1] [--write-readme]`.
Seeds are the project's seeds/, JSON and JSONL records made from them, and (when present)
the real pages of the shared corpus (tests/support/realworld.py), read in place. Each
file is mutated (bit flips, truncation, splicing, charset re-encodings, huge words, deep
JSON, hostile dates, lone surrogates), written to a temporary folder and ingested on its
own into one temporary SQLite database. Counted: crashes (an exception escaping
ingest_paths, by kind), garbled rows stored (replacement characters, lone surrogates,
control characters, mojibake), rows dated after tomorrow, and the slowest file. The run
stops after `--count` files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import write_block
from sqlmodel import select

from bot.intake.files import ingest_paths
from digest.intake.documents import mojibake
from storage.db import open_database, session_scope
from storage.models import ArticleRow
from tests.support.realworld import PAGES as REAL_PAGES

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Europe/Kyiv")
HTML_SHARE = 0.1
"""Pages cost trafilatura tens of milliseconds each; a tenth keeps 10,000 files near 15 min."""
_BAD_CHARACTERS = re.compile(r"[\ufffd\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HOSTILE_DATES = [
    "9999-12-31T23:59:59Z",
    "0001-01-01",
    "2025-13-45",
    "99999999999999999999",
    "Thu, 31 Dec 9999 23:59:59 +9999",
    "2999-01-01T00:00:00+00:00",
    "",
    "\ud800",
    "1e308",
]


def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]


def _seed_files(rng: random.Random) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of every seed kind: .txt, .json, .jsonl and real .html pages."""
    texts = _texts()
    seeds = [(".txt", text.encode()) for text in texts]
    records = [
        {"title": text.splitlines()[0][:120], "text": text, "published": "2025-11-29T08:00:00Z"}
        for text in texts
    ]
    seeds.append((".json", json.dumps(records, ensure_ascii=False).encode()))
    seeds.append((".jsonl", "\n".join(json.dumps(r) for r in records).encode()))
    pages = sorted(REAL_PAGES.glob("*.html")) if REAL_PAGES.is_dir() else []
    seeds.extend((".html", page.read_bytes()) for page in pages)
    rng.shuffle(seeds)
    return seeds


def _bit_flips(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        if mutable:
            mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def _splice(data: bytes, rng: random.Random, other: bytes) -> bytes:
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)) :]


def _re_encode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    written, read = rng.choice(
        [("utf-8", "cp1252"), ("cp1251", "latin-1"), ("utf-8", "latin-1"), ("utf-16", None)]
    )
    raw = text.encode(written, errors="replace")
    if read is None:
        return raw
    return "".join(bytes([b]).decode(read, errors="ignore") or chr(b) for b in raw).encode()


def _huge_word(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice(["a1", "1", " ", "\t", "\u00a0", "[", "<", "A ", "on jan "])
    blob = (junk * (200_000 // len(junk))).encode()
    cut = rng.randint(0, len(data))
    return data[:cut] + blob + data[cut:]


def _hostile_record(text: str, rng: random.Random) -> bytes:
    depth = rng.choice([10, 1000, 100_000])
    record: object = {"title": "Kyiv", "text": text, "published": rng.choice(HOSTILE_DATES)}
    kind = rng.randrange(4)
    if kind == 0:
        return ("[" * depth + json.dumps(record) + "]" * depth).encode()
    if kind == 1:
        return json.dumps(record).replace('"Kyiv"', '"Kyiv \\ud800"').encode()
    if kind == 2:
        return json.dumps({**record, "published": "9" * rng.choice([20, 5000])}).encode()
    return json.dumps([record] * rng.randint(1, 50)).encode()


def _hostile_prefix(text: str, rng: random.Random) -> bytes:
    year = rng.choice(["9999", "2999", "0000", "2025", "1"])
    return f"date {year}-{rng.randint(0, 99)}-{rng.randint(0, 99)} {text}".encode()


def _mutate(suffix: str, data: bytes, rng: random.Random, seeds: list[tuple[str, bytes]]) -> bytes:
    text = rng.choice(_TEXTS)
    mutations: list[Callable[[], bytes]] = [
        lambda: _bit_flips(data, rng),
        lambda: _truncate(data, rng),
        lambda: _splice(data, rng, rng.choice(seeds)[1]),
        lambda: _re_encode(data, rng),
        lambda: _huge_word(data, rng),
    ]
    if suffix in (".json", ".jsonl"):
        mutations.append(lambda: _hostile_record(text, rng))
    if suffix == ".txt":
        mutations.append(lambda: _hostile_prefix(text, rng))
    result = rng.choice(mutations)()
    return _bit_flips(result, rng) if rng.random() < 0.2 else result


_TEXTS = _texts()


def run(count: int, seed: int) -> dict[str, object]:
    """Ingest `count` mutated files; the figures of the run."""
    rng = random.Random(seed)
    seeds = _seed_files(rng)
    pages = [item for item in seeds if item[0] == ".html"]
    others = [item for item in seeds if item[0] != ".html"]
    crashes: Counter[str] = Counter()
    slowest = (0.0, "")
    today = datetime.now(TZ).date()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'fuzz.db'}")
        for number in range(count):
            suffix, data = rng.choice(pages if pages and rng.random() < HTML_SHARE else others)
            path = Path(folder) / f"f{number:05d}{suffix}"
            path.write_bytes(_mutate(suffix, data, rng, seeds))
            started = time.perf_counter()
            try:
                ingest_paths(engine, [path], TZ, echo=lambda line: None)
            except Exception as error:  # counting every escaping exception is the point
                crashes[f"{type(error).__name__}: {str(error)[:60]}"] += 1
            elapsed = time.perf_counter() - started
            slowest = max(slowest, (elapsed, f"{path.name} ({len(path.read_bytes()):,} bytes)"))
            path.unlink()
        with session_scope(engine) as session:
            rows = session.exec(select(ArticleRow)).all()
            garbled = sum(
                1
                for row in rows
                if _BAD_CHARACTERS.search(row.title + row.text)
                or mojibake(row.title)
                or mojibake(row.text)
            )
            future = sum(1 for row in rows if row.day > today + timedelta(days=1))
        engine.dispose()
    return {
        "files": count,
        "rows": len(rows),
        "crashes": sum(crashes.values()),
        "crash_kinds": dict(crashes.most_common()),
        "garbled_rows": garbled,
        "future_rows": future,
        "slowest_seconds": round(slowest[0], 2),
        "slowest_file": slowest[1],
    }


def _machine() -> str:
    """CPU model, cores and Python, as the README states them."""
    cpuinfo = Path("/proc/cpuinfo")
    models = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text()) if cpuinfo.exists() else []
    cpu = models[0].strip() if models else platform.machine()
    return f"{os.cpu_count()} cores of {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write-readme", action="store_true")
    options = parser.parse_args()
    started = time.perf_counter()
    figures = run(options.count, options.seed)
    minutes = (time.perf_counter() - started) / 60
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if options.write_readme:
        kinds = "; ".join(f"{kind} ×{n}" for kind, n in figures["crash_kinds"].items())
        write_block(
            "fuzz-benchmark",
            f"Fuzz run of {datetime.now(TZ).date()} on {_machine()}, seed {options.seed}, "
            f"{minutes:.0f} min: "
            f"{figures['files']:,} mutated files, {figures['rows']:,} rows stored; "
            f"**{figures['crashes']} crashes**{f' ({kinds})' if kinds else ''}, "
            f"**{figures['garbled_rows']} garbled rows**, {figures['future_rows']} rows dated "
            f"after tomorrow; slowest file {figures['slowest_seconds']} s "
            f"({figures['slowest_file']}).",
        )


if __name__ == "__main__":
    main()
