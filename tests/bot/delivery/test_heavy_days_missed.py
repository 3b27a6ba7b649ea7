"""Why a missed fact was missed, as the heavy-days benchmark reports it (`why_missed`)."""

from __future__ import annotations

from datetime import date

from digest.models import Digest, DigestItem, Event, Signature
from tests.support.heavy_days import sentence_events, why_missed

DAY = date(2026, 3, 17)
GOLD = sentence_events(
    {
        "sentences": [
            {"text": "Drones hit Kharkiv.", "event": "kharkiv"},
            {"text": "Shells hit Sumy.", "event": "sumy"},
            {"text": "Sumy's toll rose.", "event": "sumy"},
            {"text": "Talks opened in Geneva.", "event": "geneva"},
        ]
    }
)


def _event(*items: str, status: str = "new", shown: bool = False) -> Event:
    return Event(
        day=DAY,
        section="strikes",
        signature=Signature(),
        outlets=2,
        items=list(items),
        status=status,  # type: ignore[arg-type]
        shown=shown,
    )


def _digest(*events: Event, items: int = 1) -> Digest:
    shown = [DigestItem(text=f"item {n}", source="wire") for n in range(items)]
    return Digest(day=DAY, articles=3, sections={"strikes": shown}, events=list(events))


def test_each_reason_a_fact_was_not_shown() -> None:
    sumy = _event("Shells hit Sumy.", "Sumy's toll rose.")
    assert why_missed("geneva", _digest(sumy), GOLD) == "no candidate"
    absorbed = _event("Shells hit Sumy.", "Sumy's toll rose.", "Drones hit Kharkiv.")
    assert why_missed("kharkiv", _digest(absorbed), GOLD) == "in another event"
    stale = _event("Drones hit Kharkiv.", status="stale")
    assert why_missed("kharkiv", _digest(stale), GOLD) == "judged stale"
    shown = _event("Drones hit Kharkiv.", shown=True)
    assert why_missed("kharkiv", _digest(shown), GOLD) == "shown by another event's sentence"
    kharkiv = _event("Drones hit Kharkiv.")
    assert why_missed("kharkiv", _digest(kharkiv, items=5), GOLD) == "section full"
    assert why_missed("kharkiv", _digest(kharkiv), GOLD) == "not shown, section with room"
