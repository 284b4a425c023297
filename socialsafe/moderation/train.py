"""Build the shipped model from the licensed data in ../shared/data (run as `python -m socialsafe.moderation.train`).

Needs scikit-learn and pandas at build time only. The build is deterministic:
inputs are read in a fixed order, the split is a hash of the text, and the
solver is seeded, so a rebuild on the same software gives the same fingerprint.
Set SOCIALSAFE_DATA_DIR to read the data from somewhere else.
"""

import argparse
import hashlib
import html
import io
import json
import os
import sys
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np

from .classifier import (
    CHAR_BITS,
    CHAR_NGRAMS,
    CHUNK_CHARS,
    DENSE_FEATURES,
    LABELS,
    MODEL_DIR,
    N_HASHED,
    WORD_BITS,
    featurise,
    tfidf_values,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_FILE = Path(__file__).resolve().parent / "seed_examples" / "seed_examples.csv"
UNKNOWN = -1
C_REG = 1.0
SEED_WEIGHT = 2.0
# Positives of a rare label are up-weighted by (negatives/positives) to this power: 1 would fully balance
# the classes, which made a few hundred threats teach the model that "I'm going to" is a threat.
BALANCE_POWER = 0.5


def data_dir() -> Path:
    """Where the training data lives: $SOCIALSAFE_DATA_DIR, else ../shared/data beside the repository."""
    env = os.environ.get("SOCIALSAFE_DATA_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


def _row(**labels: int) -> list[int]:
    """A label row in LABELS order; labels not given are unknown for that source."""
    return [int(labels.get(name, UNKNOWN)) for name in LABELS]


def _all(value: int) -> list[int]:
    """The same value for every label."""
    return [value] * len(LABELS)


def _known(value: object) -> bool:
    """Whether a CSV cell holds a label (pandas reads blanks as NaN)."""
    return value == value and value is not None and value != ""


def load_sources(root: Path) -> dict[str, tuple[list[str], np.ndarray]]:
    """Every source mapped onto the six labels (1, 0, or -1 for not annotated), in a fixed order."""
    import pandas as pd

    out: dict[str, tuple[list[str], np.ndarray]] = {}

    def add(name: str, texts: list[str], rows: list[list[int]]) -> None:
        y = np.asarray(rows, dtype=np.int8)
        # Offensive is the umbrella: anything insulting, threatening, sexist or hateful is offensive too.
        o = LABELS.index("offensive")
        for j, label in enumerate(LABELS):
            if label not in ("offensive", "sexual"):
                y[y[:, j] == 1, o] = 1
        keep = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
        out[name] = ([texts[i] for i in keep], y[keep])

    d = pd.read_csv(root / "davidson" / "labeled_data.csv")
    add(
        "davidson",
        d["tweet"].tolist(),
        [_row(offensive=1, hate=1) if c == 0 else _row(offensive=1, hate=0) if c == 1 else _all(0) for c in d["class"]],
    )

    frames = [pd.read_csv(root / "hatexplain" / f, sep="\t") for f in ("train.tsv", "valid.tsv", "test.tsv")]
    d = pd.concat(frames, ignore_index=True)
    add(
        "hatexplain",
        d["text"].tolist(),
        [
            _row(offensive=1, hate=1)
            if lab == "hatespeech"
            else _row(offensive=1, hate=0)
            if lab == "offensive"
            else _all(0)
            for lab in d["label"]
        ],
    )

    d = pd.read_csv(root / "stormfront" / "stormfront_sentences.csv")
    d = d[d["label"].isin(["hate", "noHate"])]
    add(
        "stormfront",
        d["text"].tolist(),
        [_row(offensive=1, hate=1) if lab == "hate" else _all(0) for lab in d["label"]],
    )

    d = pd.read_csv(root / "mlma" / "en_dataset_with_stop_words.csv")
    rows = []
    for sentiment, group in zip(d["sentiment"], d["group"], strict=True):
        if sentiment == "normal":
            rows.append(_all(0))
            continue
        r = _row(offensive=1, sexist=1 if group == "women" else 0)
        if "hateful" in sentiment:
            r[LABELS.index("hate")] = 1
        if group == "individual":
            r[LABELS.index("insult")] = 1
        rows.append(r)
    add("mlma", d["tweet"].tolist(), rows)

    d = pd.read_csv(root / "toxigen_seed" / "toxigen_seed_sentences.csv")
    add(
        "toxigen_seed",
        d["text"].tolist(),
        [
            _row(offensive=1, hate=1, sexist=int("women" in str(g))) if lab == "hate" else _all(0)
            for lab, g in zip(d["label"], d["target_groups"], strict=True)
        ],
    )

    d = pd.read_csv(root / "guest_misogyny" / "guest_misogyny.csv")
    rows = []
    for mis, att, thr, cat in zip(
        d["misogynistic"], d["personal_attack"], d["threatening"], d["categories"], strict=True
    ):
        if "Counter_speech" in str(cat) and not mis:
            rows.append(_row(offensive=0, insult=0, threat=0, sexist=0, hate=0))
        elif mis or att:
            rows.append(_row(offensive=1, sexist=int(mis), insult=int(att), threat=int(thr)))
        else:
            rows.append(_row(sexist=0, insult=0, threat=0))
    add("guest_misogyny", d["text"].tolist(), rows)

    d = pd.read_csv(root / "convabuse" / "convabuse.csv")
    rows = []
    for r in d.itertuples():
        if r.abusive:
            rows.append(
                _row(
                    offensive=1,
                    sexual=r.sexual_harassment,
                    sexist=r.sexist,
                    hate=r.identity_abuse,
                    insult=1 if r.intellectual_insult else UNKNOWN,
                )
            )
        else:
            rows.append(_all(0))
    add("convabuse", d["text"].tolist(), rows)

    d = pd.read_csv(root / "openai_moderation" / "openai_moderation_1680.csv")
    rows = []
    for r in d.itertuples():
        row = _all(UNKNOWN)
        sexual = [v for v in (r.S, r.S3) if _known(v)]
        if sexual:
            row[LABELS.index("sexual")] = int(max(sexual))
        if _known(r.H):
            row[LABELS.index("hate")] = int(r.H)
        if _known(r.HR):
            row[LABELS.index("insult")] = int(r.HR)
        if _known(r.H2) and r.H2 == 1:
            row[LABELS.index("threat")] = 1
        elif _known(r.V) and r.V == 0 and (not _known(r.H2) or r.H2 == 0):
            # Violence in this set is mostly described, not threatened: only its absence is a label.
            row[LABELS.index("threat")] = 0
        harms = [v for v in (r.H, r.HR, r.H2) if _known(v)]
        others = [v for v in (r.S, r.V, r.SH, r.S3, r.V2) if _known(v)]
        if any(v == 1 for v in harms):
            row[LABELS.index("offensive")] = 1
        elif harms and not any(v == 1 for v in others):
            row[LABELS.index("offensive")] = 0
        rows.append(row)
    add("openai_moderation", d["text"].tolist(), rows)

    d = pd.read_csv(root / "toxic_spans_civil" / "toxic_spans_civil.csv")

    def majority(flag: int, raters: int) -> int:
        return 1 if flag else 0 if raters == 0 else UNKNOWN

    add(
        "toxic_spans_civil",
        d["text"].tolist(),
        [
            _row(
                offensive=1,
                insult=majority(r.insult, r.insult_raters),
                threat=majority(r.threat, r.threat_raters),
                hate=majority(r.identity_attack, r.identity_attack_raters),
            )
            for r in d.itertuples()
        ],
    )

    d = pd.read_csv(root / "gab_hate_corpus" / "ghc.csv")
    rows = []
    for hd, cv, vo in zip(d["hd"], d["cv"], d["vo"], strict=True):
        if hd or cv or vo:
            rows.append(_row(offensive=1, hate=hd, threat=cv))
        else:
            rows.append(_all(0))
    add("gab_hate_corpus", d["text"].tolist(), rows)

    return out


def load_seeds(path: Path = SEED_FILE) -> tuple[list[str], np.ndarray]:
    """The project's own hand-written examples (blank cell = not labelled)."""
    import csv

    texts, rows = [], []
    with path.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(line for line in f if not line.startswith("#")):
            texts.append(rec["text"])
            rows.append([int(rec[label]) if rec[label].strip() else UNKNOWN for label in LABELS])
    return texts, np.asarray(rows, dtype=np.int8)


def in_validation(text: str) -> bool:
    """One text in five goes to validation, by a hash of its normalised form (so duplicates stay together)."""
    key = " ".join(html.unescape(text).lower().split())
    return zlib.crc32(key.encode("utf-8")) % 5 == 0


def combine(
    sources: dict[str, tuple[list[str], np.ndarray]], seeds: tuple[list[str], np.ndarray]
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Texts, labels, source index, validation mask and source names, sources in name order and the seeds last."""
    names = sorted(sources)
    texts: list[str] = []
    ys, src = [], []
    for i, name in enumerate(names):
        t, y = sources[name]
        texts += t
        ys.append(y)
        src += [i] * len(t)
    texts += seeds[0]
    ys.append(seeds[1])
    src += [len(names)] * len(seeds[0])
    source = np.asarray(src)
    val = np.asarray([in_validation(t) for t in texts])
    val[source == len(names)] = False  # too few seeds to spare any
    return texts, np.vstack(ys), source, val, [*names, "seed_examples"]


class Dataset:
    """All texts with their source, labels, raw features and split."""

    def __init__(self, sources: dict[str, tuple[list[str], np.ndarray]], seeds: tuple[list[str], np.ndarray]) -> None:
        """Featurise every text once; folds reuse the raw counts."""
        from scipy import sparse

        self.texts, self.y, self.source, self.val, self.source_names = combine(sources, seeds)
        names = self.source_names[:-1]
        indptr, indices, counts, dense = featurise(self.texts)
        self.counts = sparse.csr_matrix((counts, indices, indptr), shape=(len(self.texts), N_HASHED))
        self.dense = dense
        # Every source counts about as much as the square root of its size, so no single one dominates.
        sizes = np.bincount(self.source)
        self.base_weight = 1.0 / np.sqrt(sizes[self.source])
        self.base_weight[self.source == len(names)] *= SEED_WEIGHT
        self.base_weight *= len(self.texts) / self.base_weight.sum()


def idf_of(counts, rows: np.ndarray) -> np.ndarray:
    """Smoothed inverse document frequency from the given rows only."""
    df = np.bincount(counts[rows].indices, minlength=N_HASHED)
    n = len(rows)
    return (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)


def design(ds: Dataset, rows: np.ndarray, idf: np.ndarray):
    """The model's input matrix for some rows: tf-idf blocks beside the dense lexicon features."""
    from scipy import sparse

    sub = ds.counts[rows]
    values = tfidf_values(sub.indptr, sub.indices, sub.data, idf)
    tfidf = sparse.csr_matrix((values, sub.indices, sub.indptr), shape=sub.shape)
    return sparse.hstack([tfidf, sparse.csr_matrix(ds.dense[rows])], format="csr")


def fit(ds: Dataset, rows: np.ndarray, C: float = C_REG, power: float = BALANCE_POWER) -> dict[str, np.ndarray]:
    """One balanced logistic regression per label on the rows that carry that label."""
    from sklearn.linear_model import LogisticRegression

    rows = np.sort(rows)
    idf = idf_of(ds.counts, rows)
    x = design(ds, rows, idf)
    w = np.zeros((x.shape[1], len(LABELS)), dtype=np.float64)
    bias = np.zeros(len(LABELS))
    for j, _label in enumerate(LABELS):
        y = ds.y[rows, j]
        mask = y >= 0
        yy = y[mask]
        sw = ds.base_weight[rows][mask].copy()
        pos, neg = sw[yy == 1].sum(), sw[yy == 0].sum()
        sw[yy == 1] *= (neg / pos) ** power
        # The dual solver is several times faster here, with far more features than texts.
        clf = LogisticRegression(C=C, solver="liblinear", dual=True, max_iter=300, random_state=0, tol=1e-4)
        clf.fit(x[mask], yy, sample_weight=sw)
        w[:, j] = clf.coef_[0]
        bias[j] = clf.intercept_[0]
    return {"idf": idf, "w_hashed": w[:N_HASHED], "w_dense": w[N_HASHED:], "bias": bias}


def logits(ds: Dataset, params: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Raw per-label scores of a fitted model for some rows."""
    x = design(ds, rows, params["idf"])
    return x @ np.vstack([params["w_hashed"], params["w_dense"]]) + params["bias"]


def platt(z: np.ndarray, y: np.ndarray, power: float = BALANCE_POWER) -> tuple[float, float]:
    """Fit sigmoid(a*z + b) to labels, with positives up-weighted as in training."""
    from sklearn.linear_model import LogisticRegression

    pos, neg = max(1, int((y == 1).sum())), max(1, int((y == 0).sum()))
    sw = np.where(y == 1, (neg / pos) ** power, 1.0)
    clf = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    clf.fit(z.reshape(-1, 1), y, sample_weight=sw)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped to stay finite."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def any_abuse(y: np.ndarray) -> np.ndarray:
    """Whether a row is abusive under any label: 1, 0, or -1 if that cannot be said."""
    pos = (y == 1).any(axis=1)
    neg = y[:, LABELS.index("offensive")] == 0
    return np.where(pos, 1, np.where(neg, 0, UNKNOWN))


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, dict[str, float]]:
    """ROC-AUC and F1 (at 0.5) per label, and ROC-AUC of the highest label against any abuse."""
    from sklearn.metrics import f1_score, roc_auc_score

    out: dict[str, dict[str, float]] = {}
    for j, label in enumerate(LABELS):
        m = y[:, j] >= 0
        yy = y[m, j]
        if yy.size and 0 < yy.sum() < yy.size:
            out[label] = {
                "auc": round(float(roc_auc_score(yy, p[m, j])), 4),
                "f1": round(float(f1_score(yy, p[m, j] >= 0.5)), 4),
                "n": int(yy.size),
                "pos": int(yy.sum()),
            }
    a = any_abuse(y)
    m = a >= 0
    if m.any() and 0 < a[m].sum() < m.sum():
        top = p[m].max(axis=1)
        out["max_of_six"] = {
            "auc": round(float(roc_auc_score(a[m], top)), 4),
            "f1": round(float(f1_score(a[m], top >= 0.5)), 4),
            "n": int(m.sum()),
            "pos": int(a[m].sum()),
        }
    return out


_FOLD_DATA: Dataset | None = None


def _fold(s: int) -> np.ndarray:
    """Fit without source s and return its raw scores (runs in a worker that shares the dataset)."""
    ds = _FOLD_DATA
    assert ds is not None
    params = fit(ds, np.flatnonzero(ds.source != s))
    return logits(ds, params, np.flatnonzero(ds.source == s))


def loso(ds: Dataset, calib_a: np.ndarray, calib_b: np.ndarray, jobs: int, start: float) -> dict[str, dict]:
    """Leave each public source out in turn: train on the others, score the one left out."""
    import multiprocessing as mp

    global _FOLD_DATA
    _FOLD_DATA = ds
    folds = list(range(len(ds.source_names) - 1))  # the seed examples are never left out
    if jobs > 1 and "fork" in mp.get_all_start_methods():
        # fork shares the featurised data with the workers instead of copying it.
        with mp.get_context("fork").Pool(jobs) as pool:
            raw = pool.map(_fold, folds, chunksize=1)
    else:
        raw = [_fold(s) for s in folds]
    out = {}
    for s, z in zip(folds, raw, strict=True):
        name = ds.source_names[s]
        out[name] = metrics(ds.y[ds.source == s], sigmoid(z * calib_a + calib_b))
    log("leave-one-source-out done", start)
    return out


def fingerprint(arrays: dict[str, np.ndarray], config: dict) -> str:
    """SHA-256 over the arrays' names, dtypes, shapes and bytes, and the canonical config."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    h.update(json.dumps(config, sort_keys=True, separators=(",", ":")).encode())
    return h.hexdigest()


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like numpy.savez_compressed, but with fixed timestamps so the file bytes are reproducible."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.save(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())


def log(msg: str, start: float) -> None:
    """Progress on standard error with the time since the build began."""
    print(f"[{time.perf_counter() - start:7.1f} s] {msg}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Build, validate (in-distribution and leave-one-source-out) and write the shipped model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--skip-loso", action="store_true", help="skip leave-one-source-out (faster, for trials)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the leave-one-source-out fits")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    root = data_dir()
    if not root.is_dir():
        sys.exit(f"Training data not found at {root}; set SOCIALSAFE_DATA_DIR.")
    sources = load_sources(root)
    seeds = load_seeds()
    ds = Dataset(sources, seeds)
    log(f"featurised {len(ds.texts)} texts from {len(ds.source_names)} sources", start)

    train_rows = np.flatnonzero(~ds.val)
    val_rows = np.flatnonzero(ds.val)
    params = fit(ds, train_rows)
    z_val = logits(ds, params, val_rows)
    calib_a, calib_b = np.ones(len(LABELS)), np.zeros(len(LABELS))
    for j in range(len(LABELS)):
        m = ds.y[val_rows, j] >= 0
        calib_a[j], calib_b[j] = platt(z_val[m, j], ds.y[val_rows, j][m])
    p_val = sigmoid(z_val * calib_a + calib_b)
    report = {"in_distribution": {"all": metrics(ds.y[val_rows], p_val)}}
    for s, name in enumerate(ds.source_names):
        m = ds.source[val_rows] == s
        if m.any():
            report["in_distribution"][name] = metrics(ds.y[val_rows][m], p_val[m])
    log("validation split done", start)

    if not args.skip_loso:
        report["leave_one_source_out"] = loso(ds, calib_a, calib_b, args.jobs, start)

    # The shipped model is the one fitted on the training split, so the validation figures stay honest.
    final = params
    arrays = {
        "idf": final["idf"].astype(np.float16),
        "w_hashed": final["w_hashed"].astype(np.float16),
        "w_dense": final["w_dense"].astype(np.float32),
        "bias": final["bias"].astype(np.float32),
        "calib_a": calib_a.astype(np.float32),
        "calib_b": calib_b.astype(np.float32),
    }
    config = {
        "labels": list(LABELS),
        "dense_features": list(DENSE_FEATURES),
        "char_ngrams": list(CHAR_NGRAMS),
        "char_bits": CHAR_BITS,
        "word_bits": WORD_BITS,
        "chunk_chars": CHUNK_CHARS,
        "C": C_REG,
        "seed_weight": SEED_WEIGHT,
        "sources": {name: int((ds.source == s).sum()) for s, name in enumerate(ds.source_names)},
        "positives": {label: int((ds.y[:, j] == 1).sum()) for j, label in enumerate(LABELS)},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_npz(args.out / "weights.npz", arrays)
    (args.out / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    digest = fingerprint(arrays, config)
    (args.out / "fingerprint.json").write_text(json.dumps({"sha256": digest}, indent=1) + "\n", encoding="utf-8")
    if "leave_one_source_out" in report:
        (args.out / "evaluation.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"wrote {args.out.name}/ with fingerprint {digest[:16]}", start)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
