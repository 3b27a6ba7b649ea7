"""What the benchmarks share: fresh processes to measure in, peak memory, and writing the
figures into the README between their markers, never by hand."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent.parent / "README.md"


def write_block(name: str, block: str, readme: Path = README) -> None:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->`.

    Stops the benchmark when the markers are missing, so figures are never lost silently.
    """
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{readme}: markers {start} ... {end} not found")
    readme.write_text(pattern.sub(lambda _: f"{start}\n{block}\n{end}", text), encoding="utf-8")


def peak_mib() -> float:
    """This process's peak resident memory (`ru_maxrss`, KiB on Linux) in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(script: str, *args: str) -> dict[str, Any]:
    """Run `script` with `args` in a new interpreter and return the JSON it prints, so each
    measurement's time and peak memory are its own."""
    [result] = in_fresh_processes(script, [args])
    return result


def in_fresh_processes(script: str, orders: list[tuple[str, ...]]) -> list[dict[str, Any]]:
    """`in_fresh_process` for each of `orders`, all running at the same time."""
    root = str(Path(script).resolve().parent.parent)
    running = [
        subprocess.Popen(
            [sys.executable, script, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": root},
        )
        for args in orders
    ]
    results = []
    for args, process in zip(orders, running, strict=True):
        output, errors = process.communicate()
        if process.returncode != 0:
            sys.exit(f"benchmark process {args} failed:\n{errors}")
        results.append(json.loads(output))
    return results
