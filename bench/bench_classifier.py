"""Benchmark the shipped moderation model beside alt-profanity-check. Trains nothing.

Run: python bench/bench_classifier.py [--quick]
Needs the dev dependencies (alt-profanity-check, scikit-learn, pandas) and the data in ../shared/data
(or $SOCIALSAFE_DATA_DIR). Quality: ROC-AUC and F1 (threshold 0.5) per label on the validation split the
shipped model never saw; the leave-one-source-out figures recorded by the build (model/evaluation.json: every
public source left out in turn, the blend fitted on out-of-fold scores), since recomputing them means training;
the functional suite, scored now. Speed: texts/second on 1 and 2 cores, single-text latency, load time and peak
memory, each measured in a fresh process.
"""

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from socialsafe.moderation.classifier import LABELS, MODEL_DIR  # noqa: E402
from training import functional  # noqa: E402
from training.data import data_dir, in_validation, load_sources, metrics  # noqa: E402

MEASURE = """
import resource, sys, time
t0 = time.perf_counter()
from socialsafe.moderation.classifier import get_model
model = get_model()
load = time.perf_counter() - t0
texts = [line.rstrip("\\n") for line in sys.stdin]
model.classify(texts)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{load:.3f} {peak:.1f}")
"""


def ours(texts: list[str]) -> np.ndarray:
    """The shipped model's six scores."""
    from socialsafe.moderation import classify

    return np.asarray([[r[k] for k in LABELS] for r in classify(texts)])


def anchor(texts: list[str]) -> np.ndarray:
    """alt-profanity-check's one probability, repeated for each label so the same metrics apply."""
    from profanity_check import predict_prob

    p = predict_prob(texts)
    return np.repeat(p[:, None], len(LABELS), axis=1)


def classify_texts(texts):
    from socialsafe.moderation import classify

    return classify(list(texts))


def anchor_dicts(texts):
    return [dict(zip(LABELS, row, strict=True)) for row in anchor(list(texts)).tolist()]


def _worker(args: tuple[str, list[str]]) -> float:
    """Score a share of the texts in its own process; returns seconds spent scoring."""
    which, texts = args
    fn = ours if which == "ours" else anchor
    fn(texts[:10])  # load outside the timed part
    t = time.perf_counter()
    fn(texts)
    return time.perf_counter() - t


def throughput(which: str, texts: list[str], cores: int) -> float:
    """Texts per second with the work split over this many processes."""
    shares = [texts[i::cores] for i in range(cores)]
    with mp.get_context("spawn").Pool(cores) as pool:
        seconds = pool.map(_worker, [(which, s) for s in shares])
    return len(texts) / max(seconds)


def fmt(r: dict, key: str) -> str:
    """One cell: AUC/F1 or a dash when the label has no data there."""
    return f"{r[key]['auc']:.3f}/{r[key]['f1']:.2f}" if key in r else "   -     "


def table(title: str, rows: list[tuple[str, dict, dict]]) -> None:
    """Print ours vs anchor per label, ROC-AUC/F1."""
    keys = [*LABELS, "max_of_six"]
    print(f"\n{title}  (cells: ROC-AUC/F1 at 0.5; ours | alt-profanity-check)")
    print(f"{'':22s}" + "".join(f"{k:>24s}" for k in keys))
    for name, a, b in rows:
        print(f"{name:22s}" + "".join(f"{fmt(a, k):>12s}|{fmt(b, k):<11s}" for k in keys))


def main() -> None:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer texts for the speed figures")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.stdout.reconfigure(line_buffering=True)  # each figure as it is measured, even when piped to a file

    sources = load_sources(data_dir())
    print(f"Data: {data_dir().name}/, {sum(len(t) for t, _ in sources.values())} texts, {len(sources)} sources")

    # Quality on the validation split (one text in five by hash; the shipped model was fitted on the rest).
    rows, texts_all, y_all = [], [], []
    for name in sorted(sources):
        texts, y = sources[name]
        keep = [i for i, t in enumerate(texts) if in_validation(t)]
        vt, vy = [texts[i] for i in keep], y[keep]
        po, pa = ours(vt), anchor(vt)
        rows.append((name, metrics(vy, po), metrics(vy, pa)))
        texts_all += vt
        y_all.append(vy)
    y_cat = np.vstack(y_all)
    rows.insert(0, ("ALL (validation)", metrics(y_cat, ours(texts_all)), metrics(y_cat, anchor(texts_all))))
    table("In-distribution validation split", rows)

    evaluation = json.loads((MODEL_DIR / "evaluation.json").read_text())["leave_one_source_out"]
    scorers = ("linear", "encoder", "blend", "blend_with_readings", "shipped", "alt_profanity_check")
    print("\nLeave-one-source-out, every public source (recorded by the build), max-of-six ROC-AUC")
    print(f"{'':20s}" + "".join(f"{k:>21s}" for k in scorers))
    for name in sorted(evaluation):
        cells = [evaluation[name].get(k, {}).get("max_of_six", {}).get("auc") for k in scorers]
        print(f"{name:20s}" + "".join(f"{c:21.3f}" if c is not None else f"{'-':>21s}" for c in cells))
    for k in scorers:
        vals = [r[k]["max_of_six"]["auc"] for r in evaluation.values() if "max_of_six" in r.get(k, {})]
        print(f"  mean {k}: {statistics.mean(vals):.3f} over {len(vals)} sources (lowest {min(vals):.3f})")

    print("\nFunctional suite (socialsafe/moderation/tests/functional_cases.csv), share right per function")
    tables = {"ours": functional.accuracy(classify_texts), "alt-profanity-check": functional.accuracy(anchor_dicts)}
    for function, (right, total) in tables["ours"].items():
        other = tables["alt-profanity-check"][function][0]
        print(
            f"  {function:28s} {total:3d} cases   ours {right / total:5.0%}   alt-profanity-check {other / total:5.0%}"
        )
    for name, fn in (("ours", classify_texts), ("alt-profanity-check", anchor_dicts)):
        flagged, total = functional.false_alarms(fn)
        print(f"  false alarms on counter-speech and positive identity, {name}: {flagged} of {total}")

    # Speed on short posts: the shortest validation texts, as pupils and parents write them.
    short = [t for t in texts_all if 10 <= len(t) <= 200]
    n = 2000 if args.quick else 10000
    short = (short * (n // max(1, len(short)) + 1))[:n]
    print(f"\nSpeed on {n} short texts (10-200 characters, mean {statistics.mean(map(len, short)):.0f}):")
    for which in ("ours", "anchor"):
        label = "ours" if which == "ours" else "alt-profanity-check"
        one, two = throughput(which, short, 1), throughput(which, short, 2)
        print(f"  {label:20s} 1 core: {one:8,.0f} texts/s   2 cores (2 processes): {two:8,.0f} texts/s")

    from socialsafe.moderation import classify

    classify(["warm up"])
    lat = []
    for t in short[:300]:
        s = time.perf_counter()
        classify([t])
        lat.append((time.perf_counter() - s) * 1000)
    lat.sort()
    print(
        f"  single-text latency (ours): median {lat[len(lat) // 2]:.2f} ms, 95th percentile "
        f"{lat[int(len(lat) * 0.95)]:.2f} ms, max {lat[-1]:.2f} ms"
    )

    # Load time and peak memory in a fresh process that only loads the model and scores the texts.
    r = subprocess.run(
        [sys.executable, "-c", MEASURE], input="\n".join(short), capture_output=True, text=True, cwd=REPO, check=True
    )
    load, peak = r.stdout.split()
    print(
        f"  model load (fresh process, import included): {float(load):.2f} s; "
        f"peak memory scoring {n} texts: {float(peak):.0f} MiB"
    )
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir()) / 2**20
    recorded = json.loads((MODEL_DIR / "fingerprint.json").read_text())
    print(
        f"  shipped artefact: {size:.1f} MiB; fingerprint {recorded['sha256'][:16]}, "
        f"encoder {recorded.get('encoder_sha256', 'none')[:16]}"
    )


if __name__ == "__main__":
    main()
