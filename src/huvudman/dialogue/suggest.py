"""Codes suggested for a passage from the passages already coded: a model trained here, on this
municipality's own coding (TF-IDF of words and word pairs, one logistic regression per code,
scikit-learn) — nothing downloaded, nothing applied without a coder accepting it; each
suggestion comes with the model's confidence.

Pure: texts and codes in, suggestions out; the same training data gives the same model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

#: A code is learnt only from at least this many passages carrying it.
MIN_EXAMPLES = 5
#: Suggestions below this confidence are not shown.
SHOWN_FROM = 0.25


@dataclass(frozen=True)
class Suggestion:
    """A code the model suggests for a passage, and how sure it is (0–1)."""

    code: str
    confidence: float


@dataclass(frozen=True)
class Suggester:
    """A trained model: what it learnt from, and the codes it can suggest."""

    vectorizer: TfidfVectorizer
    model: OneVsRestClassifier
    codes: tuple[str, ...]
    trained_on: int


def train(texts: Sequence[str], labels: Sequence[frozenset[str]],
          min_examples: int = MIN_EXAMPLES) -> Suggester | None:
    """A model of the coded passages, for the codes with enough examples (None: fewer than
    two such codes, or no words — nothing to tell apart yet)."""
    if len(texts) != len(labels):
        raise ValueError("every passage needs its codes")
    counts = Counter(code for codes in labels for code in codes)
    learnt = sorted(code for code, n in counts.items() if n >= min_examples)
    if len(learnt) < 2:
        return None
    binarizer = MultiLabelBinarizer(classes=learnt)
    y = binarizer.fit_transform([codes & set(learnt) for codes in labels])
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                                 strip_accents=None, lowercase=True)
    try:
        x = vectorizer.fit_transform(texts)
    except ValueError:  # no words at all in the passages
        return None
    model = OneVsRestClassifier(LogisticRegression(max_iter=1000, C=4.0,
                                                   class_weight="balanced"))
    model.fit(x, y)
    return Suggester(vectorizer, model, tuple(learnt), len(texts))


def suggest(suggester: Suggester, texts: Sequence[str], top: int = 3,
            shown_from: float = SHOWN_FROM) -> list[list[Suggestion]]:
    """For each text, up to `top` codes at or above `shown_from` confidence, surest first."""
    if not texts:
        return []
    scores = np.asarray(suggester.model.predict_proba(suggester.vectorizer.transform(texts)))
    out = []
    for row in scores:
        order = np.argsort(-row, kind="stable")[:top]
        out.append([Suggestion(suggester.codes[i], round(float(row[i]), 3)) for i in order
                    if row[i] >= shown_from])
    return out
