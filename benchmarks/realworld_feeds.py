"""How many feeds of the real-world corpus (../shared/realworld/feeds) are read as they should be.

Each file is read the way `digestbot fetch` reads a download (its `Content-type` header's
charset, if any, given as the HTTP charset) and counted by its verdict in `expected.jsonl`:
accept (well-formed: read), recover (ill-formed: salvaged), unsupported (a clear
"unsupported format" reason, or read when it is JSON Feed) and garbage (refused).
Run by hand: `PYTHONPATH=. python benchmarks/realworld_feeds.py [--write-readme] [--show]`.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from datetime import date

from harness import write_block

from digest.errors import Rejected
from tests.support.realworld import expected
from tests.support.realworld_feeds import read

_OFFSET = re.compile(r" \(bad byte at offset \d+\)")


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else "0 of 0"


def measure(show: bool) -> str:
    """The figures as one README paragraph; with `show`, one line per file first."""
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    for row in expected("feeds"):
        verdict = row["verdict"]
        key = f"{verdict} (headers)" if row.get("http_headers") else verdict
        outcome = read(row)
        refused = isinstance(outcome, Rejected)
        if verdict == "garbage":
            right = refused
        elif verdict == "unsupported":
            right = not refused or "unsupported format" in str(outcome)
        else:
            right = not refused
        total[key] += 1
        good[key] += right
        if verdict == "recover" and refused:
            refusals[_OFFSET.sub("", str(outcome))] += 1
        if show:
            what = f"refused: {outcome}" if refused else f"read, {len(outcome.entries)} entries"
            print(f"{'ok ' if right else 'BAD'} {verdict:<11} {row['file']}: {what}")
    accept = total["accept"] + total["accept (headers)"]
    accepted = good["accept"] + good["accept (headers)"]
    recover = total["recover"] + total["recover (headers)"]
    recovered = good["recover"] + good["recover (headers)"]
    return (
        f"Measured with `python benchmarks/realworld_feeds.py` on {date.today()} over the"
        f" {sum(total.values())} files of `../shared/realworld/feeds/`: well-formed feeds read"
        f" **{_share(good['accept'], total['accept'])}** of those whose verdict does not depend"
        f" on HTTP headers, {_share(accepted, accept)} overall; ill-formed feeds salvaged"
        f" {_share(recovered, recover)}"
        + "".join(f", {count} refused: {reason}" for reason, count in refusals.most_common())
        + ";"
        f" garbage refused {_share(good['garbage'], total['garbage'])};"
        f" other formats read (JSON Feed) or refused as an unsupported format"
        f" {_share(good['unsupported'], total['unsupported'])}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--show", action="store_true", help="print every file's outcome")
    args = parser.parse_args()
    result = measure(args.show)
    print(result)
    if args.write_readme:
        write_block("realworld-feeds", result)


if __name__ == "__main__":
    main()
