"""Which language an article is written in, detected offline.

The section cues and the summarizer read English; a German or Spanish article put
through them lands in sections by chance words. py3langid (langid.py's model, inside
its wheel) names the language of all 168 stored pages of the real-world corpus right (ten
languages) from their first 600, 1,000, 1,500 or 3,000 characters alike; its model loads
once, on first use.
"""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 1000
"""The lede is enough to tell a language; the rest only costs time: classifying the
synthetic week of benchmarks/ingest_speed.py took 1.1 to 2.8 ms an article from 1,000
characters against 4.3 to 7.6 ms from 3,000 (one process, sizes alternated, 2026-12-01,
load average about 5.8)."""


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language ("en", "de", "uk", ...)."""
    language, _probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language)
