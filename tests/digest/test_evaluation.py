"""Precision/recall/F1 arithmetic and the labeled-file reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.evaluation import Labeled, evaluate, label_scores, macro_f1, read_labeled

LABELS = ("strikes", "talks", "politics", "other")


def test_label_scores_by_hand() -> None:
    gold = ["strikes", "strikes", "talks", "other"]
    predicted = ["strikes", "talks", "talks", "strikes"]
    strikes = label_scores(gold, predicted, "strikes")
    assert (strikes.precision, strikes.recall, strikes.support) == (0.5, 0.5, 2)
    assert strikes.f1 == pytest.approx(0.5)
    talks = label_scores(gold, predicted, "talks")
    assert (talks.precision, talks.recall) == (0.5, 1.0)
    assert talks.f1 == pytest.approx(2 / 3)


def test_label_never_predicted_nor_present_scores_zero() -> None:
    score = label_scores(["talks"], ["talks"], "politics")
    assert (score.precision, score.recall, score.f1, score.support) == (0.0, 0.0, 0.0, 0)


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predictions"):
        label_scores(["talks", "other"], ["talks"], "talks")


def test_evaluate_reports_macro_f1_confusion_and_errors() -> None:
    rows = [
        Labeled("strikes", "x", "boom"),
        Labeled("talks", "x", "envoy"),
        Labeled("other", "x", "weather"),
    ]
    guesses = {"boom": "strikes", "envoy": "other", "weather": "other"}
    report = evaluate(rows, guesses.__getitem__, ("strikes", "talks", "other"))
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.confusion == {
        ("strikes", "strikes"): 1,
        ("talks", "other"): 1,
        ("other", "other"): 1,
    }
    assert report.errors == [(rows[1], "other")]
    assert report.macro_f1 == pytest.approx(macro_f1(report.per_label))
    assert report.macro_f1 == pytest.approx((1 + 0 + 2 / 3) / 3)


def test_read_labeled_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text("section\tconflict\tsentence\ntalks\tsudan\tEnvoys met.\n\n", encoding="utf-8")
    assert read_labeled(path, LABELS) == [Labeled("talks", "sudan", "Envoys met.")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("talks\tsudan\tEnvoys met.\n", "first line must be the header"),
        ("section\tconflict\tsentence\ntalks\tEnvoys met.\n", ":2: expected section"),
        ("section\tconflict\tsentence\nwar\tsudan\tEnvoys met.\n", ":2: unknown section 'war'"),
    ],
)
def test_read_labeled_rejects_bad_rows(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_labeled(path, LABELS)
