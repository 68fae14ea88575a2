#!/usr/bin/env python3
"""Chooses the unseen-page test and dev splits of the kit's modern demo pages (issue 18), once.

Every modern page of the kit (rows with an empty `speaker`) is put in a category by what its synthetic
clips mostly are. Within each category the pages are shuffled with a fixed seed and taken into `test` until
the category's test share of synthetic clips reaches TEST_SHARE, then into `dev` until DEV_SHARE, and the
rest train. Two pages go to test first whatever the draw: their generators (HierSpeech++, Spark-TTS) are
held out by the old systems split, so they could not train anyway.

  python3 scripts/corpus/choose_pages.py --kit ../shared/corpus > scripts/corpus/pages.csv

The output was written before any model was trained on the modern pages and is committed; the corpus
builder reads it. Re-running with the same kit and seed prints the same file.
"""
import argparse
import collections
import csv
import os
import random
import sys

SEED = 2026
TEST_SHARE = 0.45  # of each category's synthetic clips; with whole pages the four categories overshoot to 615 (>= 600)
DEV_SHARE = 0.08
FORCED_TEST = ["hierspeechpp", "gspo-sparktts"]

# What each page's synthetic clips mostly are (read off the pages' `system` values).
CATEGORY = {
    # zero-shot / prompted TTS (codec language models, flow matching, diffusion)
    "e1tts": "zero-shot-tts", "f5-tts": "zero-shot-tts", "flashspeech": "zero-shot-tts",
    "index-tts": "zero-shot-tts", "maskgct": "zero-shot-tts", "mega-tts": "zero-shot-tts",
    "mobilespeech": "zero-shot-tts", "make-a-voice": "zero-shot-tts", "hierspeechpp": "zero-shot-tts",
    "ttsdb": "zero-shot-tts", "gspo-sparktts": "zero-shot-tts", "attest-speech-analysis-tool": "zero-shot-tts",
    # voice conversion
    "again-vc": "voice-conversion", "algan-vc-generated-audio-samples": "voice-conversion",
    "flowcpcvc": "voice-conversion", "freevc": "voice-conversion", "lvc-vc": "voice-conversion",
    "vqmivc": "voice-conversion", "yourtts": "voice-conversion", "plachtaa": "voice-conversion",
    # neural vocoders: resynthesis of real recordings
    "bigvgan": "vocoder", "diffwave": "vocoder", "melgan-neurips": "vocoder", "parallelwavegan": "vocoder",
    "vocos": "vocoder", "wavegrad": "vocoder",
    # single-speaker / multi-speaker TTS (acoustic model + vocoder)
    "matcha-tts": "tts", "overflow": "tts", "neural-hmm": "tts", "portaspeech": "tts", "grad-tts": "tts",
    "diff-ttsg": "tts", "mimic3-voices": "tts", "sce-tts": "tts",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kit", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus"))
    args = ap.parse_args()
    with open(os.path.join(args.kit, "manifest.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["label"] in ("bonafide", "spoof") and not r["speaker"]]
    counts = collections.defaultdict(collections.Counter)
    for r in rows:
        counts[r["source"]][r["label"]] += 1
    unknown = sorted(set(counts) - set(CATEGORY))
    if unknown:
        sys.exit(f"pages without a category: {', '.join(unknown)} (add them to CATEGORY)")
    split = {}
    rng = random.Random(SEED)
    for cat in sorted(set(CATEGORY.values())):
        pages = sorted(p for p in counts if CATEGORY[p] == cat)
        total = sum(counts[p]["spoof"] for p in pages)
        forced = [p for p in FORCED_TEST if p in pages]
        rest = [p for p in pages if p not in forced]
        rng.shuffle(rest)
        taken = collections.Counter()
        for p in forced + rest:
            if taken["test"] < TEST_SHARE * total:
                split[p] = "test"
            elif taken["dev"] < DEV_SHARE * total:
                split[p] = "dev"
            else:
                split[p] = "train"
            taken[split[p]] += counts[p]["spoof"]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["source", "split", "category", "bonafide", "spoof"])
    for p in sorted(split, key=lambda p: (split[p] != "test", split[p] != "dev", CATEGORY[p], p)):
        w.writerow([p, split[p], CATEGORY[p], counts[p]["bonafide"], counts[p]["spoof"]])
    tot = collections.Counter()
    for p, s in split.items():
        tot[(s, "pages")] += 1
        tot[(s, "bonafide")] += counts[p]["bonafide"]
        tot[(s, "spoof")] += counts[p]["spoof"]
    for s in ("test", "dev", "train"):
        print(f"{s}: {tot[(s, 'pages')]} pages, {tot[(s, 'spoof')]} synthetic, {tot[(s, 'bonafide')]} real",
              file=sys.stderr)


if __name__ == "__main__":
    main()
