#!/usr/bin/env python3
"""Relabels GoEmotions to Ekman's six emotions as a Kaggle-style CSV (one 0/1 column per label).

Usage: python3 tools/ekman/prepare.py GOEMOTIONS_DIR OUT_DIR
GOEMOTIONS_DIR holds train.tsv, dev.tsv, test.tsv, emotions.txt and ekman_mapping.json (GoEmotions' own files;
model/src/main/resources/datasets/goemotions has all but the mapping, which is in google-research's goemotions/data).

A row carries an Ekman label when any of its GoEmotions labels maps to it; `neutral` maps to none. Writes
goemotions-ekman-{train,dev,test}.csv with columns comment_id, comment_text, anger, disgust, fear, joy, sadness,
surprise. docs/results.md ("Your own labels") trains a tenant from them to show a label set exitwise never trained.
Standard library only.
"""
import csv
import json
import sys
from pathlib import Path


def main(source: str, target: str) -> None:
    src, out = Path(source), Path(target)
    mapping = json.loads((src / "ekman_mapping.json").read_text(encoding="utf-8"))
    lines = (src / "emotions.txt").read_text(encoding="utf-8").splitlines()
    emotions = [line.strip() for line in lines if line.strip()]
    ekman_of = {emotion: ekman for ekman, members in mapping.items() for emotion in members}
    columns = sorted(mapping)
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        with open(src / f"{split}.tsv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t"))
        with open(out / f"goemotions-ekman-{split}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["comment_id", "comment_text"] + columns)
            for text, ids, comment_id in rows:
                labels = {ekman_of[emotions[int(i)]] for i in ids.split(",") if emotions[int(i)] in ekman_of}
                writer.writerow([comment_id, text] + [1 if c in labels else 0 for c in columns])
        print(f"{split}: {len(rows)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
