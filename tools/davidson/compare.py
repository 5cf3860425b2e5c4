#!/usr/bin/env python3
"""Scores exitwise's moderation predictions the way Davidson et al. (ICWSM 2017) score theirs.

Usage: python3 tools/davidson/compare.py PREDICTIONS.jsonl model/src/main/resources/datasets/davidson/test.csv

PREDICTIONS.jsonl is what `exitwise evaluate --tenants moderation --split test --predictions FILE` writes. Each
row's predicted labels map back to the paper's three classes (hateful: hate speech; else offensive: offensive
language; else neither), which is lossless for the nested labels tools/davidson/prepare.py made. Prints, for the
calibrated policy ("predicted") and for full depth, per-class precision, recall and F1 and the support-weighted F1
(the paper's "overall" F1 is weighted by support: 0.90, with hate-speech precision 0.44 and recall 0.61).
Standard library only.
"""
import csv
import json
import sys

CLASSES = ["hate speech", "offensive language", "neither"]


def to_class(labels):
    if "hateful" in labels:
        return 0
    if "offensive" in labels:
        return 1
    return 2


def scores(gold, predicted):
    rows = []
    for c in range(3):
        tp = sum(1 for g, p in zip(gold, predicted) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted) if g == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((precision, recall, f1, tp + fn))
    weighted = sum(r[2] * r[3] for r in rows) / len(gold)
    return rows, weighted


def main(predictions_file, test_file):
    with open(test_file, newline="", encoding="utf-8") as f:
        test_rows = list(csv.DictReader(f))
    gold, calibrated, full = [], [], []
    policy = None
    with open(predictions_file, encoding="utf-8") as f:
        predictions = [json.loads(line) for line in f]
    if len(predictions) != len(test_rows):
        sys.exit(f"{len(predictions)} predictions for {len(test_rows)} test rows")
    for test_row, row in zip(test_rows, predictions):  # evaluate writes the rows in file order
        if test_row["text"] != row["text"]:
            sys.exit(f"row {test_row['id']}: the predictions are not in the test file's order")
        gold.append(int(test_row["class"]))
        calibrated.append(to_class(row["predicted"]))
        full.append(to_class(row["fullDepth"]))
        policy = row["policy"]
    print(f"{len(gold)} test rows")
    for name, predicted in ((f"exitwise, {policy}", calibrated), ("exitwise, full depth", full)):
        rows, weighted = scores(gold, predicted)
        print(f"\n{name}: weighted F1 {weighted:.3f}")
        print("| class | precision | recall | F1 | support |\n|---|---|---|---|---|")
        for c, (p, r, f1, n) in enumerate(rows):
            print(f"| {CLASSES[c]} | {p:.3f} | {r:.3f} | {f1:.3f} | {n} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
