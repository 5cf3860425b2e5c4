#!/usr/bin/env python3
"""Turns Davidson et al. (2017) labeled_data.csv into exitwise's packaged `moderation` tenant files.

Usage: python3 tools/davidson/prepare.py path/to/labeled_data.csv model/src/main/resources/datasets/davidson

Labels. Every tweet carries the class that most of its annotators chose (column `class`):
0 hate speech, 1 offensive language, 2 neither. exitwise is multi-label, and in the annotators' codebook hate speech
is offensive language aimed at a group, so the two labels nest:
  class 0 -> "hateful|offensive", class 1 -> "offensive", class 2 -> "" (no label).
A moderation stream then reads `offensive` as "most annotators found it hateful or offensive" and `hateful` as
"most annotators found it hate speech", and a prediction maps back to the paper's three classes without loss
(hateful -> hate, else offensive -> offensive, else neither), so the numbers compare with the paper's.

Text: HTML entities (&amp;, &#128512;) are decoded; nothing else is changed (RT prefixes and @mentions stay, as a
live stream would carry them).

Split: stratified by class, seeded: within each class the rows (in file order) are shuffled with
random.Random(20261207) and the first 10 % go to test, the next 10 % to dev, the rest to train; each file lists its
rows in source order. Standard library only.
"""
import csv
import html
import random
import sys
from pathlib import Path

SEED = 20261207
LABELS = {"0": "hateful|offensive", "1": "offensive", "2": ""}
COLUMNS = ["id", "text", "labels", "class", "count", "hate_speech", "offensive_language", "neither"]


def main(source: str, target: str) -> None:
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_class = {}
    for row in rows:
        by_class.setdefault(row["class"], []).append(row)
    rng = random.Random(SEED)
    splits = {"train": [], "dev": [], "test": []}
    for klass in sorted(by_class):
        members = by_class[klass][:]
        rng.shuffle(members)
        tenth = len(members) // 10
        splits["test"] += members[:tenth]
        splits["dev"] += members[tenth:2 * tenth]
        splits["train"] += members[2 * tenth:]
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    for name, members in splits.items():
        members.sort(key=lambda r: int(r[""]))
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(COLUMNS)
            for r in members:
                writer.writerow([r[""], html.unescape(r["tweet"]), LABELS[r["class"]], r["class"], r["count"],
                                 r["hate_speech"], r["offensive_language"], r["neither"]])
        print(f"{name}: {len(members)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
