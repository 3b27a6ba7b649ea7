"""Sentence splitting: abbreviations, initials, decimals and quotes stay whole; lines break."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer

from digest.models import Article
from digest.sentences import TOKENIZER, split_article, split_text
from tests.support.paths import SEEDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. envoy met Gen. Valery Gerasimov on Nov. 25. Talks resumed later.",
            ["The U.S. envoy met Gen. Valery Gerasimov on Nov. 25.", "Talks resumed later."],
        ),
        (
            "Lt. Col. John Smith said the blast was 3.5 km away. He left in Sept. 2024 for Kyiv.",
            [
                "Lt. Col. John Smith said the blast was 3.5 km away.",
                "He left in Sept. 2024 for Kyiv.",
            ],
        ),
        (
            "J.D. Vance spoke with Donald J. Trump on Friday. They agreed on a plan.",
            ["J.D. Vance spoke with Donald J. Trump on Friday.", "They agreed on a plan."],
        ),
        (
            '"We will not surrender," Zelenskyy said. Officials said 29 people were wounded.',
            ['"We will not surrender," Zelenskyy said.', "Officials said 29 people were wounded."],
        ),
        (
            'He said: "The talks are over." The Kremlin denied it.',
            ['He said: "The talks are over."', "The Kremlin denied it."],
        ),
    ],
)
def test_split_keeps_abbreviations_initials_decimals_and_quotes(
    text: str, expected: list[str]
) -> None:
    assert split_text(text) == expected


def test_every_line_break_ends_a_sentence() -> None:
    text = "Overview\nA drone hit Kyiv overnight\n\nTwo people were killed. Ten were hurt."
    assert split_text(text) == [
        "Overview",
        "A drone hit Kyiv overnight",
        "Two people were killed.",
        "Ten were hurt.",
    ]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_text("") == []
    assert split_text("  \n\n \t\n") == []


def test_words_drop_punctuation_and_numbers() -> None:
    assert TOKENIZER.to_words("Kyiv's mayor said 29 were hurt, U.S.-led talks go on.") == (
        "Kyiv's", "mayor", "said", "were", "hurt", "U", "S", "led", "talks", "go", "on",
    )  # fmt: skip


def test_split_article_ties_sentences_to_article_and_position() -> None:
    article = Article(
        title="t", text="First one here.\nSecond one here.", source="ap", day=date(2025, 11, 29)
    )
    sentences = split_article(article)
    assert [(s.text, s.index, s.article) for s in sentences] == [
        ("First one here.", 0, article),
        ("Second one here.", 1, article),
    ]


def test_seed_article_splits_into_its_paragraph_sentences() -> None:
    text = (SEEDS / "000_f06a90b16cb8cf60.txt").read_text(encoding="utf-8")
    sentences = split_text(text)
    assert len(sentences) == 14
    assert sentences[3].startswith("Mayor Vitali Klitschko said 29 people were wounded")
    assert sentences[4] == "He also said the western part of Kyiv had lost power."


def test_sumy_parses_and_ranks_with_this_tokenizer() -> None:
    text = (SEEDS / "000_f06a90b16cb8cf60.txt").read_text(encoding="utf-8")
    document = PlaintextParser.from_string(text, TOKENIZER).document
    summary = LexRankSummarizer()(document, 2)
    assert len(document.sentences) == 14
    assert len(summary) == 2


def test_no_nltk_data_is_needed() -> None:
    """Runs in a fresh interpreter whose NLTK data path is empty, as on a new machine."""
    code = (
        "import nltk; nltk.data.path[:] = [];"
        "from digest.ranking import make_summarizer, rank, SUMMARIZER_NAMES;"
        "texts = ['Russia fired 30 drones at Kyiv overnight.', 'Talks with U.S. envoys resumed.'];"
        "[rank(texts, [0, 0], make_summarizer(n)) for n in SUMMARIZER_NAMES]"
    )
    env = {"NLTK_DATA": "/nonexistent", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
