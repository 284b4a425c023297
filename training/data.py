"""The training data: the licensed sources in ../shared/data, the project's own examples, the split and the metrics.

Every source is mapped onto the classifier's six labels (see the model card's table); a label a source says
nothing about is UNKNOWN for its rows and left out of that label's training and evaluation. Set
SOCIALSAFE_DATA_DIR to read the data from somewhere else.
"""

import html
import os
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from socialsafe.moderation.classifier import LABELS

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parent / "seeds"
# The first file is the original seed set; the second adds counter-speech, negation, identity, threats and
# hyperbole (written for the functional behaviour the classifier lacked; the functional test suite is separate).
SEED_FILES = (SEEDS / "seed_examples.csv", SEEDS / "context_seeds.csv")
UNKNOWN = -1
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


def load_seeds(paths: tuple[Path, ...] = SEED_FILES, generated: bool = True) -> tuple[list[str], np.ndarray]:
    """The project's own examples: every hand-written file in order (blank cell = not labelled), then the
    identity and sexism contrasts generated from its templates (`templates.py`)."""
    import csv

    from . import templates

    texts, rows = [], []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as f:
            for rec in csv.DictReader(line for line in f if not line.startswith("#")):
                texts.append(rec["text"])
                rows.append([int(rec[label]) if rec[label].strip() else UNKNOWN for label in LABELS])
    for text, labels in templates.rows() if generated else ():
        texts.append(text)
        rows.append([UNKNOWN if v is None else v for v in labels])
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


def log(msg: str, start: float) -> None:
    """Progress on standard error with the time since the build began."""
    print(f"[{time.perf_counter() - start:7.1f} s] {msg}", file=sys.stderr, flush=True)
