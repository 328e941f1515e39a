"""Suggested codes for 10,000 passages (issue 17's goal: under 5 s): huvudman's model (TF-IDF of
words and word pairs, a logistic regression per code) trained on 2,000 coded passages, against a
peer in the same run — multinomial naive Bayes, one per code, on the same features — with the
share of unseen passages whose first suggestion is one of their codes.

    .venv/bin/python bench/dialogue_bench.py
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.multiclass import OneVsRestClassifier
from sklearn.naive_bayes import MultinomialNB

from huvudman.demo.comments import comments
from huvudman.dialogue.suggest import suggest, train


def main() -> None:
    corpus = comments(12_000, seed=2020)
    coded, unseen = corpus[:2_000], corpus[2_000:]
    texts = [t for t, _ in unseen]
    started = time.perf_counter()
    model = train([t for t, _ in coded], [c for _, c in coded])
    trained = time.perf_counter() - started
    started = time.perf_counter()
    found = suggest(model, texts)
    ours = time.perf_counter() - started
    right = sum(1 for s, (_, codes) in zip(found, unseen, strict=True) if s and s[0].code in codes)

    started = time.perf_counter()
    peer = OneVsRestClassifier(MultinomialNB()).fit(
        model.vectorizer.transform([t for t, _ in coded]),
        np.array([[c in codes for c in model.codes] for _, codes in coded]))
    scores = peer.predict_proba(model.vectorizer.transform(texts))
    peer_time = time.perf_counter() - started
    peer_right = sum(1 for row, (_, codes) in zip(scores, unseen, strict=True)
                     if model.codes[int(np.argmax(row))] in codes)

    print(f"trained on {len(coded):,} coded passages in {trained:.2f} s "
          f"({len(model.codes)} codes)")
    print(f"huvudman: suggestions for {len(texts):,} passages in {ours:.2f} s; "
          f"first suggestion right {right / len(texts):.1%}")
    print(f"peer (naive Bayes, fit and predict): {peer_time:.2f} s; "
          f"first right {peer_right / len(texts):.1%}")
    print(f"time ratio huvudman / peer: {ours / peer_time:.2f}")


if __name__ == "__main__":
    main()
