"""Sentence embeddings of the training texts from the shipped (frozen) encoder, cached between builds.

The embeddings are computed exactly as the classifier computes them at run time (the same int8 ONNX file, one
text at a time, the same normalised text), so the heads fitted on them see what production sees.
"""

import hashlib
import multiprocessing as mp
from pathlib import Path

import numpy as np

from socialsafe.moderation.classifier import MODEL_DIR, Encoder

_ENCODER: Encoder | None = None


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", errors="replace"), usedforsecurity=False).hexdigest()


def _init(model_dir: str) -> None:
    global _ENCODER
    _ENCODER = Encoder(Path(model_dir) / "encoder.onnx", Path(model_dir) / "tokenizer.json")


def _embed_some(texts: list[str]) -> np.ndarray:
    assert _ENCODER is not None
    return _ENCODER.embeddings(texts).astype(np.float32)


def cache_path(cache_dir: Path, model_dir: Path) -> Path:
    """The cache file belongs to one encoder: a different encoder or tokenizer file means a different cache."""
    h = hashlib.sha256()
    for name in ("encoder.onnx", "tokenizer.json"):
        h.update((model_dir / name).read_bytes())
    return cache_dir / f"embeddings-{h.hexdigest()[:16]}.npz"


def embed(texts: list[str], model_dir: Path = MODEL_DIR, cache_dir: Path | None = None, jobs: int = 2) -> np.ndarray:
    """One embedding per text (float32), taken from the cache where the same text was embedded before."""
    cache: dict[str, np.ndarray] = {}
    path = cache_path(cache_dir, model_dir) if cache_dir else None
    if path and path.exists():
        with np.load(path) as z:
            cache = dict(zip((str(k) for k in z["keys"]), z["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    if todo:
        batches = [[t for _, t in todo[i : i + 500]] for i in range(0, len(todo), 500)]
        if jobs > 1:
            with mp.get_context("fork").Pool(jobs, initializer=_init, initargs=(str(model_dir),)) as pool:
                parts = pool.map(_embed_some, batches, chunksize=1)
        else:
            _init(str(model_dir))
            parts = [_embed_some(b) for b in batches]
        cache.update(zip((k for k, _ in todo), np.concatenate(parts), strict=True))
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            ks = sorted(cache)
            np.savez(path, keys=np.asarray(ks, dtype="U40"), vectors=np.stack([cache[k] for k in ks]))
    return np.stack([cache[k] for k in keys])
