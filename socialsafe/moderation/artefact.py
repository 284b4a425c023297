"""Fingerprints of the shipped model's files, recorded by the build and checked by the tests."""

import hashlib
import json
from pathlib import Path

import numpy as np

ENCODER_FILES = ("encoder.onnx", "tokenizer.json", "blend.json")


def fingerprint(arrays: dict[str, np.ndarray], config: dict) -> str:
    """SHA-256 over the arrays' names, dtypes, shapes and bytes, and the canonical config."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    h.update(json.dumps(config, sort_keys=True, separators=(",", ":")).encode())
    return h.hexdigest()


def encoder_fingerprint(directory: Path) -> str:
    """SHA-256 over the encoder's files and the blend, in a fixed order, names included."""
    h = hashlib.sha256()
    for name in ENCODER_FILES:
        h.update(f"{name}|".encode())
        h.update((directory / name).read_bytes())
    return h.hexdigest()
