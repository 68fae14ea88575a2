#!/usr/bin/env python3
"""Builds Vigil's training set from the speech kit, reproducibly.

Reads the kit's manifest.csv and assigns every clip to a split:
- the first release's rows (they name a speaker) as before: speakers and source recordings (`origin`)
  apart, and whole synthetic systems held out into `test` (the unseen-systems table);
- the modern demo pages (rows without a speaker) by whole page, from `pages.csv` beside this script
  (`choose_pages.py` wrote it before any training): `test-pages` (the unseen-pages table), `dev`, `train`.
  Rows of train and dev pages whose generator the unseen-systems table holds out (HierSpeech++, VALL-E,
  Spark-TTS, WaveGlow) are left out;
- copy-synthesis of real clips (`--copies DIR`, written by `vigil-train render-copysynth`) follows its
  real twin's split and is kept in `train` only;
- audio that appears on two pages (the same reference recording or baseline sample on several demo pages) is
  kept once: the copy in the more protected split wins (test-pages, test > dev > train), the others are left out.
Then it renders K seeded channel variants of every clip with ffmpeg (the SAME random channel
distribution for both classes: resampling, band limits, codecs, loudness), and writes CSV manifests
the trainer's `manifest` reader reads (`OUT/manifest.csv` with a `split` column, and one file per split).

  python3 scripts/corpus/build_corpus.py --kit ../shared/corpus --out work/corpus \
      [--copies work/copysynth] [--permissive-only]

Needs ffmpeg (Debian package `ffmpeg`) and numpy (Debian package `python3-numpy`; `--install` installs
both). Same arguments and same kit => same splits and same rendered audio parameters.
"""
import argparse
import collections
import concurrent.futures
import csv
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys

# Whole synthetic systems never seen in training: the test split measures unseen generators.
# A mix of classic (diphone, HTS), neural TTS (FastSpeech2+WaveGlow, Mandarin), voice conversion
# and recent zero-shot systems.
TEST_SYSTEMS = [
    "festival:kal_diphone", "festival:lp_diphone", "festival:cmu_us_slt_arctic_hts",
    "mtts-fastspeech2-waveglow", "vc-res1", "vc-res2", "vc-res3", "hierspeech++",
    "spark-tts", "zonos", "vall-e-lifeiteng", "cyclegan-vc", "gmm-gan-vc",
]
# Licences that allow use and redistribution without share-alike or non-commercial terms.
PERMISSIVE_PREFIXES = ("CC0", "CC-BY-3.0", "CC-BY-4.0", "MIT", "Apache-2.0", "BSD",
                       "LibriTTS CC-BY-4.0", "VCTK CC-BY-4.0", "generated locally (engine: BSD")
# Modern rows naming a generator that TEST_SYSTEMS holds out stay out of train and dev.
HELD_OUT_FAMILIES = re.compile(r"hierspeech|vall-?e|spark|waveglow|zonos", re.IGNORECASE)
SPLIT_SHARES = {"test": 0.15, "dev": 0.15}  # of bona fide groups (test spoof = the held-out systems)
# Stage two of the bundled model trains on a group-disjoint hold-out of `train` that the trainer carves
# itself (recipe `stage_two_split: holdout`).
CODECS = ["none", "mp3", "opus", "aac", "g722", "gsm", "mulaw", "vorbis"]


def is_permissive(lic):
    lic = lic.strip()
    if "NC" in lic or "SA" in lic or lic.startswith("unknown") or "GPL" in lic:
        return False
    return lic.startswith(PERMISSIVE_PREFIXES)


class Groups:
    """Union-find over clip indices: clips sharing a speaker key or an origin stay together."""

    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def origins(row):
    return [o for o in row["origin"].split("+") if o]


def assign_splits(rows, seed):
    n = len(rows)
    g = Groups(n)
    first_by_key = {}
    for i, r in enumerate(rows):
        keys = [("speaker", r["label"], r["source"], r["speaker"])]
        if r["label"] == "spoof" and r["system"] in TEST_SYSTEMS:
            keys.append(("system", r["system"]))  # a held-out system stays whole in test
        keys += [("origin", o) for o in origins(r)]
        for k in keys:
            if k in first_by_key:
                g.union(i, first_by_key[k])
            else:
                first_by_key[k] = i
    members = collections.defaultdict(list)
    for i in range(n):
        members[g.find(i)].append(i)
    split = [None] * n
    test_systems = set(TEST_SYSTEMS)
    # groups that contain a held-out system go to test whole
    free = []
    for root, idx in sorted(members.items()):
        if any(rows[i]["label"] == "spoof" and rows[i]["system"] in test_systems for i in idx):
            for i in idx:
                split[i] = "test"
        else:
            free.append(idx)
    rng = random.Random(seed)
    rng.shuffle(free)
    # fill bonafide (and spoof) quotas group by group, in shuffled order
    totals = collections.Counter(r["label"] for r in rows)
    counts = collections.Counter()
    for i in range(n):
        if split[i] == "test":
            counts[("test", rows[i]["label"])] += 1
    for idx in free:
        labels = collections.Counter(rows[i]["label"] for i in idx)
        target = "train"
        for name in ("test", "dev"):
            share = SPLIT_SHARES[name]
            need = all(counts[(name, lab)] + c <= share * totals[lab] * 1.05 for lab, c in labels.items())
            under = any(counts[(name, lab)] < share * totals[lab] for lab in labels)
            if name == "test" and labels.get("spoof"):
                continue  # test spoof comes from held-out systems only
            if need and under:
                target = name
                break
        for i in idx:
            split[i] = target
        for lab, c in labels.items():
            counts[(target, lab)] += c
    return split


def read_pages(path):
    """The committed page split: {source: split} of the modern demo pages."""
    with open(path, newline="") as f:
        pages = {r["source"]: r["split"] for r in csv.DictReader(f)}
    bad = sorted(p for p, sp in pages.items() if sp not in ("train", "dev", "test"))
    if bad:
        sys.exit(f"{path}: split must be train, dev or test for {', '.join(bad)}")
    return {p: ("test-pages" if sp == "test" else sp) for p, sp in pages.items()}


def page_splits(rows, pages):
    """Splits of the modern rows (no speaker): their page's, None for a held-out generator in train/dev."""
    out = []
    for r in rows:
        sp = pages.get(r["source"])
        if sp is None:
            sys.exit(f"{r['path']}: page '{r['source']}' is not in pages.csv (run choose_pages.py)")
        if sp != "test-pages" and r["label"] == "spoof" and HELD_OUT_FAMILIES.search(r["system"]):
            sp = None
        out.append(sp)
    return out


def read_copies(folder, kit_rows):
    """Copy-synthesis rows (vigil-train render-copysynth), each with the index of its real twin."""
    path = os.path.join(folder, "manifest.csv")
    if not os.path.isfile(path):
        sys.exit(f"{path}: not found (run vigil-train render-copysynth --out {folder} first)")
    by_path = {r["path"]: i for i, r in enumerate(kit_rows)}
    copies = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            twin = by_path.get(r["twin"])
            if twin is None:
                continue  # twin filtered out (e.g. --permissive-only) or not in this kit
            copies.append((dict(r, path=os.path.join(os.path.abspath(folder), r["path"])), twin))
    return copies


def fingerprint(path, ffmpeg):
    """A 40-band log spectrogram of the first 2.5 s (16 kHz), centred and unit-norm, and the duration."""
    import numpy as np
    raw = subprocess.run([ffmpeg, "-nostdin", "-v", "error", "-i", path, "-f", "f32le", "-ac", "1", "-ar", "16000",
                          "-"], capture_output=True, check=True).stdout
    x = np.frombuffer(raw, dtype=np.float32)
    dur = len(x) / 16000.0
    x = np.pad(x[:40000], (0, max(0, 40000 - len(x))))
    frames = np.lib.stride_tricks.sliding_window_view(x, 512)[::256] * np.hanning(512)
    spec = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    edges = np.unique(np.geomspace(2, 256, 41).astype(int))
    bands = np.stack([spec[:, a:b].sum(1) for a, b in zip(edges[:-1], edges[1:])], 1)
    v = np.log(bands + 1e-8)
    v = (v - v.mean(0)).ravel()
    v -= v.mean()
    return v / (np.linalg.norm(v) + 1e-9), dur


DUPLICATE_CORRELATION = 0.98
SPLIT_PRIORITY = {"test-pages": 3, "test": 3, "dev": 2, "train": 1}


def drop_duplicates(rows, split, kit, ffmpeg, jobs, cache_file):
    """Leaves out (split None) every clip whose audio a clip of the same label on another page, in a more
    protected split, repeats (one of the two from the modern pages)."""
    import numpy as np
    cache = {}
    if os.path.isfile(cache_file):
        with np.load(cache_file) as z:
            cache = {p: (v, d) for p, v, d in zip(z["paths"], z["vectors"], z["durations"])}
    todo = [r["path"] for r in rows if r["path"] not in cache]
    if todo:
        print(f"fingerprinting {len(todo)} clips for duplicates", file=sys.stderr)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
            for p, fp in zip(todo, ex.map(lambda p: fingerprint(os.path.join(kit, p), ffmpeg), todo)):
                cache[p] = fp
        paths = sorted(cache)
        np.savez(cache_file, paths=np.array(paths), vectors=np.stack([cache[p][0] for p in paths]),
                 durations=np.array([cache[p][1] for p in paths]))
    idx = [i for i, sp in enumerate(split) if sp is not None]
    vec = np.stack([cache[rows[i]["path"]][0] for i in idx])
    dur = np.array([cache[rows[i]["path"]][1] for i in idx])
    corr = vec @ vec.T
    dropped = []
    for a, b in zip(*np.where(np.triu(corr >= DUPLICATE_CORRELATION, 1))):
        if abs(dur[a] - dur[b]) > 0.25:
            continue
        ia, ib = idx[a], idx[b]
        ra, rb = rows[ia], rows[ib]
        if split[ia] is None or split[ib] is None or ra["source"] == rb["source"] or ra["label"] != rb["label"]:
            continue  # a vocoded copy resembles its ground truth as closely: only the same label is a repeat
        if ra["speaker"] and rb["speaker"]:
            continue  # the first release's split (origin, speaker) stays as it was
        pa, pb = SPLIT_PRIORITY[split[ia]], SPLIT_PRIORITY[split[ib]]
        if pa == pb:
            continue  # same split, or the two test tables (each keeps its own)
        loser = ib if pa >= pb else ia
        dropped.append((rows[loser]["path"], split[loser], rows[ia if loser == ib else ib]["path"]))
        split[loser] = None
    return dropped


def channel_params(rng):
    """One random channel: the same distribution for both classes."""
    p = {"rate": rng.choice([16000, 16000, 8000, 11025, 22050, 44100]),
         "lowpass": rng.choice([0, 0, 3400, 4000, 5500, 7000]),
         "highpass": rng.choice([0, 0, 80, 150, 300]),
         "codec": rng.choice(CODECS),
         "rms_dbfs": round(rng.uniform(-35.0, -14.0), 1)}
    p["bitrate"] = {"mp3": rng.choice([24, 32, 48, 64, 96, 128]), "opus": rng.choice([8, 12, 16, 24, 32]),
                    "aac": rng.choice([24, 32, 48, 64, 96]), "vorbis": rng.choice([0, 1, 2, 4])}.get(p["codec"], 0)
    return p


def codec_args(p):
    c = p["codec"]
    if c == "mp3":
        return ["-c:a", "libmp3lame", "-b:a", f"{p['bitrate']}k", "-f", "mp3"], p["rate"]
    if c == "opus":
        return ["-c:a", "libopus", "-b:a", f"{p['bitrate']}k", "-f", "ogg"], 48000
    if c == "aac":
        return ["-c:a", "aac", "-b:a", f"{p['bitrate']}k", "-f", "adts"], p["rate"]
    if c == "vorbis":
        return ["-c:a", "libvorbis", "-q:a", str(p["bitrate"]), "-f", "ogg"], p["rate"]
    if c == "g722":
        return ["-c:a", "g722", "-f", "g722"], 16000
    if c == "gsm":
        return ["-c:a", "libgsm", "-f", "gsm"], 8000
    if c == "mulaw":
        return ["-c:a", "pcm_mulaw", "-f", "mulaw"], 8000
    return ["-c:a", "pcm_s16le", "-f", "wav"], p["rate"]


def rms_dbfs(path, ffmpeg):
    out = subprocess.run([ffmpeg, "-hide_banner", "-nostats", "-i", path, "-af", "volumedetect", "-f", "null", "-"],
                         capture_output=True, text=True, check=True).stderr
    for line in out.splitlines():
        if "mean_volume:" in line:
            return float(line.split("mean_volume:")[1].split()[0])
    raise RuntimeError(f"{path}: no volume reported")


def render(job):
    src, dst, p, ffmpeg = job
    if os.path.exists(dst):
        return dst
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    tmp = dst + ".part"
    filters = []
    if p["highpass"]:
        filters.append(f"highpass=f={p['highpass']}")
    if p["lowpass"]:
        filters.append(f"lowpass=f={p['lowpass']}")
    gain = p["rms_dbfs"] - rms_dbfs(src, ffmpeg)
    filters.append(f"volume={gain:.2f}dB")
    filters.append("alimiter=limit=0.97:level=disabled")
    cargs, enc_rate = codec_args(p)
    enc_rate = min(enc_rate, 48000)
    encode = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", src, "-af", ",".join(filters),
              "-ac", "1", "-ar", str(enc_rate if p["codec"] != "none" else p["rate"])] + cargs + ["-"]
    raw_in = {"g722": ["-f", "g722"], "gsm": ["-f", "gsm"],
              "mulaw": ["-f", "mulaw", "-ar", "8000", "-ac", "1"]}.get(p["codec"], [])
    decode = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error"] + raw_in + ["-i", "-", "-ac", "1", "-ar", "16000",
              "-sample_fmt", "s16", "-c:a", "flac", "-f", "flac", tmp]
    enc = subprocess.run(encode, capture_output=True, check=True)
    subprocess.run(decode, input=enc.stdout, capture_output=True, check=True)
    os.replace(tmp, dst)
    return dst


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def print_sources(rows, split, out=sys.stdout):
    """Clips per source and label in each split, with their licences (the model card's data table)."""
    table = collections.defaultdict(lambda: collections.Counter())
    lic = collections.defaultdict(set)
    for r, sp in zip(rows, split):
        table[(r["source"], r["label"])][sp] += 1
        note = "; copy-synthesis by vigil-train"
        # a copy carries its twin's licence plus a note: name the rule once, not every twin's licence
        lic[(r["source"], r["label"])].add(
            "its real twin's licence (copy-synthesis by vigil-train)" if r["license"].endswith(note) else r["license"])
    print("| source | label | train | dev | test | test-pages | licences |", file=out)
    print("|---|---|---|---|---|---|---|", file=out)
    for (src, lab) in sorted(table, key=lambda k: (k[1], k[0])):
        c = table[(src, lab)]
        print(f"| {src} | {lab} | {c['train']} | {c['dev']} | {c['test']} | {c['test-pages']} | "
              f"{'; '.join(sorted(lic[(src, lab)]))} |", file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kit", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus"))
    ap.add_argument("--out", default="work/corpus")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--variants", type=int, default=2, help="channel variants per clip besides the original")
    ap.add_argument("--permissive-only", action="store_true", help="keep only permissively licensed clips")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-render", action="store_true", help="write the split manifests of the originals only")
    ap.add_argument("--install", action="store_true", help="apt-get install ffmpeg and numpy when missing")
    ap.add_argument("--pages", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages.csv"),
                    help="the modern pages' split (default: pages.csv beside this script)")
    ap.add_argument("--copies", help="folder written by vigil-train render-copysynth (copy-synthesis of real clips)")
    ap.add_argument("--no-dedup", action="store_true", help="skip the cross-page duplicate check (needs numpy)")
    ap.add_argument("--report", action="store_true",
                    help="print clips per source, label and split with licences (originals), then exit")
    args = ap.parse_args()

    kit = os.path.abspath(args.kit)
    out = os.path.abspath(args.out)
    manifest = os.path.join(kit, "manifest.csv")
    if not os.path.isfile(manifest):
        sys.exit(f"{manifest}: not found (pass --kit)")
    ffmpeg = shutil.which("ffmpeg")
    try:
        import numpy  # noqa: F401  (the duplicate check)
        have_numpy = True
    except ImportError:
        have_numpy = False
    if args.install and (not ffmpeg or not have_numpy):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "ffmpeg", "python3-numpy"],
                       check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg and not (args.no_render and args.no_dedup):
        sys.exit("ffmpeg not found on PATH: install it (apt-get install ffmpeg, or --install), "
                 "or use --no-render --no-dedup")
    if not have_numpy and not args.no_dedup:
        sys.exit("numpy not found: install it (apt-get install python3-numpy, or --install), or use --no-dedup")

    with open(manifest, newline="") as f:
        all_rows = list(csv.DictReader(f))
    noise = [r for r in all_rows if r["label"] == "noise"]
    rows = [r for r in all_rows if r["label"] in ("bonafide", "spoof")]
    if args.permissive_only:
        rows = [r for r in rows if is_permissive(r["license"])]
        noise = [r for r in noise if is_permissive(r["license"])]
    # the first release's rows name a speaker; the modern pages' rows do not (kit README)
    first = [r for r in rows if r["speaker"]]
    modern = [r for r in rows if not r["speaker"]]
    rows = first + modern
    pages = read_pages(args.pages)
    split = assign_splits(first, args.seed) + page_splits(modern, pages)
    held_out = sum(1 for sp in split[len(first):] if sp is None)
    os.makedirs(out, exist_ok=True)
    dropped = [] if args.no_dedup else drop_duplicates(
        rows, split, kit, ffmpeg, args.jobs, os.path.join(out, "fingerprints.npz"))
    copies = read_copies(args.copies, rows) if args.copies else []
    for c, twin in copies:
        rows.append(c)
        split.append("train" if split[twin] == "train" else None)
    if args.report:
        print_sources([r for r, sp in zip(rows, split) if sp], [sp for sp in split if sp])
        print(f"\nleft out: {held_out} modern rows naming a held-out generator, {len(dropped)} duplicates "
              f"across pages, {sum(1 for c, t in copies if split[t] != 'train')} copies of non-train clips")
        for path, sp, kept in dropped:
            print(f"  duplicate: {path} ({sp}) = {kept}")
        return
    keep = [i for i, sp in enumerate(split) if sp]
    rows = [rows[i] for i in keep]
    split = [split[i] for i in keep]

    os.makedirs(out, exist_ok=True)
    jobs, records = [], []
    for i, r in enumerate(rows):
        copy = os.path.isabs(r["path"])
        src = r["path"] if copy else os.path.join(kit, r["path"])
        # the key seeds the channel and names the variants: the kit path, or copysynth/<method>/... for copies
        key = "copysynth/" + os.path.relpath(src, args.copies) if copy else r["path"]
        base = dict(r, split=split[i], domain=r["source"])
        records.append(dict(base, path=src, channel="original"))
        rng = random.Random(f"{args.seed}:{key}")
        for k in range(1, args.variants + 1):
            p = channel_params(rng)
            dst = os.path.join(out, "audio", f"v{k}", os.path.splitext(key)[0] + ".flac")
            tag = f"{p['codec']}{'q' if p['codec'] == 'vorbis' else ''}{p['bitrate'] or ''}@{p['rate']}" + (f",lp{p['lowpass']}" if p["lowpass"] else "") \
                + (f",hp{p['highpass']}" if p["highpass"] else "") + f",{p['rms_dbfs']}dBFS"
            records.append(dict(base, path=dst, channel=tag))
            if not args.no_render:
                jobs.append((src, dst, p, ffmpeg))
    failed = []
    if jobs:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            futs = {ex.submit(render, j): j for j in jobs}
            for n, fut in enumerate(concurrent.futures.as_completed(futs), 1):
                try:
                    fut.result()
                except subprocess.CalledProcessError as e:
                    failed.append(futs[fut][1])
                    print(f"{futs[fut][0]}: ffmpeg failed: {e.stderr.decode(errors='replace').strip()[:200]}",
                          file=sys.stderr)
                if n % 500 == 0:
                    print(f"rendered {n}/{len(jobs)}", file=sys.stderr)
    failed = set(failed)
    records = [r for r in records if r["path"] not in failed and (args.no_render is False or r["channel"] == "original")]

    cols = ["path", "label", "domain", "split", "source", "system", "speaker", "origin", "language", "license", "channel"]
    # dev-pages.csv: the dev split's modern pages alone (model selection for the unseen-pages table)
    for name in ("manifest", "train", "dev", "test", "test-pages", "dev-pages"):
        with open(os.path.join(out, f"{name}.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for r in records:
                keep = name == "manifest" or r["split"] == name or (
                    name == "dev-pages" and r["split"] == "dev" and r["source"] in pages)
                if keep:
                    w.writerow(dict(r, path=os.path.relpath(r["path"], out)))
    with open(os.path.join(out, "noise.txt"), "w") as f:
        for r in noise:
            f.write(os.path.join(kit, r["path"]) + "\n")

    counts = collections.Counter((r["split"], r["label"]) for r in records if r["channel"] == "original")
    systems = collections.defaultdict(set)
    for r in records:
        if r["label"] == "spoof":
            systems[r["split"]].add(r["system"])
    kit_sha = sha256_file(manifest)
    info = {"kit_manifest_sha256": kit_sha, "seed": args.seed, "variants": args.variants,
            "permissive_only": args.permissive_only, "test_systems": TEST_SYSTEMS,
            "clips": {f"{s}/{l}": c for (s, l), c in sorted(counts.items())},
            "rows": {s: sum(1 for r in records if r["split"] == s) for s in ("train", "dev", "test", "test-pages")},
            "pages_csv_sha256": sha256_file(args.pages), "held_out_modern_rows": held_out,
            "duplicates_left_out": [d[0] for d in dropped], "copies": args.copies or "",
            "spoof_systems": {s: sorted(v) for s, v in systems.items()},
            "licenses": dict(collections.Counter(r["license"] for r in rows)),
            "render_failures": len(failed)}
    with open(os.path.join(out, "build.json"), "w") as f:
        json.dump(info, f, indent=2, sort_keys=True)
    print(json.dumps({"clips": info["clips"], "rows": info["rows"], "render_failures": len(failed)}, indent=1))


if __name__ == "__main__":
    main()
