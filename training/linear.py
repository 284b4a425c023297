"""The linear part of the classifier: hashed n-grams and lexicon features, one logistic regression per label.

Needs scikit-learn and scipy at build time only. The fit is deterministic: inputs are read in a fixed order, the
split is a hash of the text, and the solver is seeded, so a rebuild on the same software gives the same weights.
"""

import io
import zipfile
from pathlib import Path

import numpy as np

from socialsafe.moderation.classifier import LABELS, N_HASHED, featurise, tfidf_values

from .data import BALANCE_POWER, combine

C_REG = 1.0
# The project's own examples, as a source, weigh this many times what their size alone would give them.
SEED_WEIGHT = 2.0


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


_FOLD_DATA: Dataset | None = None


def _fold(s: int) -> np.ndarray:
    """Fit without source s and return its raw scores (runs in a worker that shares the dataset)."""
    ds = _FOLD_DATA
    assert ds is not None
    params = fit(ds, np.flatnonzero(ds.source != s))
    return logits(ds, params, np.flatnonzero(ds.source == s))


def loso(ds: "Dataset", jobs: int) -> dict[int, np.ndarray]:
    """Leave each public source out in turn: fit on all the others (seeds included), score the one left out.

    Returns the raw per-label scores of every left-out source, by source index: the out-of-fold scores that the
    blend is fitted on and the leave-one-source-out figures are computed from.
    """
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
    return dict(zip(folds, raw, strict=True))


def fingerprint_of_texts(texts: list[str]) -> str:
    """A digest of the training texts in order (names the saved out-of-fold scores)."""
    import hashlib

    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8", errors="replace") + b"\0")
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
