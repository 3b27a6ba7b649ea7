"""Would a trained model beat the rules?  A linear model measured against them, tuning sets only.

    pip install "scikit-learn>=1.5,<2"   # not a dependency of the bot: only this comparison
    python benchmarks/classifier_alternatives.py

A logistic regression over word unigrams and bigrams, alone or with the rules' section scores
and decision as features, is trained on the sets that may be tuned on (team dev and unseen,
real train) and scored by 5-fold cross-validation, folds by page for the real sentences, so
no page is both trained on and scored.  The held-out test sets are not read.
"""

from __future__ import annotations

import itertools
import re
import sys

from classifier_quality import TUNABLE, load_sets
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from digest.classify import SECTION_NAMES, classify_with_scores, normalize
from digest.evaluation import Labeled, evaluate

_WORD = re.compile(r"[a-z]+|\d+")
FOLDS = 5


def features(text: str, ngrams: bool, rules: bool) -> dict[str, float]:
    """Word unigrams and bigrams (digits as one token) and/or the rules' scores and choice."""
    found: dict[str, float] = {}
    if rules:
        scored = classify_with_scores(text)
        found.update({f"score:{name}": value / 3 for name, value in scored.scores.items()})
        found[f"rule:{scored.section}"] = 1.0
    if ngrams:
        words = ["0" if w.isdigit() else w for w in _WORD.findall(normalize(text))]
        found.update({f"w:{w}": 1.0 for w in words})
        found.update({f"b:{a}_{b}": 1.0 for a, b in itertools.pairwise(words)})
    return found


def cross_validated(rows: list[Labeled], groups: list[str], **kinds: bool) -> list[str]:
    """Each row's section as predicted by a model that never saw its group."""
    predicted = [""] * len(rows)
    for train, held in GroupKFold(FOLDS).split(rows, groups=groups):
        vectors = DictVectorizer()
        x = vectors.fit_transform([features(rows[i].sentence, **kinds) for i in train])
        model = LogisticRegression(max_iter=3000).fit(x, [rows[i].section for i in train])
        held_x = vectors.transform([features(rows[i].sentence, **kinds) for i in held])
        guesses = model.predict(held_x)
        for i, guess in zip(held, guesses, strict=True):
            predicted[i] = str(guess)
    return predicted


def main() -> int:
    sets = load_sets()
    rows = [row for name in TUNABLE for row in sets[name]]
    # Team sentences fall into folds by position; real ones by their page (`conflict` holds it).
    groups = [
        row.conflict if name == "real train" else f"team{number % FOLDS}"
        for name in TUNABLE
        for number, row in enumerate(sets[name])
    ]
    real = [i for i, group in enumerate(groups) if not group.startswith("team")]
    candidates = {
        "rules": [classify_with_scores(row.sentence).section for row in rows],
        "model: n-grams": cross_validated(rows, groups, ngrams=True, rules=False),
        "model: n-grams + rule scores": cross_validated(rows, groups, ngrams=True, rules=True),
    }
    for name, predicted in candidates.items():
        by_text = dict(zip((row.sentence for row in rows), predicted, strict=True))
        everything = evaluate(rows, by_text.__getitem__, SECTION_NAMES)
        on_real = evaluate([rows[i] for i in real], by_text.__getitem__, SECTION_NAMES)
        print(
            f"{name:<30} tuning sets macro-F1 {everything.macro_f1:.3f}   real train "
            f"macro-F1 {on_real.macro_f1:.3f}, strikes precision "
            f"{on_real.per_label['strikes'].precision:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
