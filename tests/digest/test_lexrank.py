"""The numpy LexRank links exactly the sentence pairs sumy's LexRank links."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer

from digest import lexrank
from digest.language import STEMMER, STOP_WORDS
from digest.lexrank import LexRank
from digest.sentences import TOKENIZER, split_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _matrix(summarizer: LexRankSummarizer, texts: list[str]) -> numpy.ndarray:
    summarizer.stop_words = STOP_WORDS
    document = ObjectDocumentModel([Paragraph([SumySentence(t, TOKENIZER) for t in texts])])
    words = [summarizer._to_words_set(sentence) for sentence in document.sentences]
    tf, idf = summarizer._compute_tf(words), summarizer._compute_idf(words)
    return summarizer._create_matrix(words, summarizer.threshold, tf, idf)


def _seed_sentences() -> list[str]:
    texts = [s for path in sorted(SEEDS.glob("*.txt")) for s in split_text(path.read_text())]
    return [*texts[:150], "2025.", "The the and of."]  # two with no weighted word


@pytest.mark.parametrize("near", [lexrank._NEAR, 2.0])
def test_the_matrix_is_sumys_to_the_bit(near: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Also with every pair sent to sumy's own cosine (`near` 2.0), the threshold path."""
    monkeypatch.setattr(lexrank, "_NEAR", near)
    texts = _seed_sentences()
    expected = _matrix(LexRankSummarizer(STEMMER), texts)
    actual = _matrix(LexRank(STEMMER), texts)
    assert actual.dtype == expected.dtype
    assert numpy.array_equal(actual, expected)
    assert 0 < numpy.count_nonzero(expected) < expected.size
