"""Fingerprints: the content hash stored rows have, and shingle hashes that keep the sets."""

from __future__ import annotations

import hashlib

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from digest.fingerprint import fingerprints, shingle_hashes, words
from tests.support.shingles import shingles

TEXT = st.text(st.sampled_from("ab cÉé\u0301ß\nΣς.,Ǆ日"), max_size=40)


@given(TEXT, TEXT)
def test_the_content_hash_is_that_of_the_words_of_title_and_text_together(
    title: str, text: str
) -> None:
    """Read apart, the words are those read together, so stored hashes stay valid."""
    stored = hashlib.sha256(" ".join(words(f"{title}\n{text}")).encode("utf-8")).hexdigest()
    digest, grams = fingerprints(title, text)
    assert digest == stored
    assert np.array_equal(grams, shingle_hashes(text))


@given(TEXT)
def test_shingle_hashes_are_the_shingles_sorted_distinct_and_blind_to_formatting(
    text: str,
) -> None:
    grams = shingle_hashes(text)
    assert grams.dtype == np.int64 and len(grams) == len(shingles(text))
    assert np.all(grams[1:] > grams[:-1])
    assert np.array_equal(shingle_hashes(f"  {text.upper()}!"), shingle_hashes(text.casefold()))
