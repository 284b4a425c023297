import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from socialsafe.moderation.artefact import encoder_fingerprint, fingerprint
from socialsafe.moderation.classifier import MODEL_DIR

REPO = Path(__file__).resolve().parents[3]


def test_it_ships_the_artefact_the_build_recorded():
    recorded = json.loads((MODEL_DIR / "fingerprint.json").read_text())["sha256"]
    with np.load(MODEL_DIR / "weights.npz") as z:
        arrays = {name: z[name] for name in z.files}
    config = json.loads((MODEL_DIR / "config.json").read_text())
    assert fingerprint(arrays, config) == recorded


def test_it_ships_the_encoder_the_build_recorded():
    recorded = json.loads((MODEL_DIR / "fingerprint.json").read_text())["encoder_sha256"]
    assert encoder_fingerprint(MODEL_DIR) == recorded


def test_make_model_exports_the_encoder_depth_that_ships():
    # `make model` exports with training.encoder's default depth: it must be the shipped encoder's, or a rebuild
    # would not reproduce the recorded fingerprint. The ONNX graph names its nodes after the layers they belong to.
    from training.encoder import LAYERS

    graph = (MODEL_DIR / "encoder.onnx").read_bytes()
    assert f"encoder/layer.{LAYERS - 1}/".encode() in graph
    assert f"encoder/layer.{LAYERS}/".encode() not in graph
    assert f"first {LAYERS} layers" in json.loads((MODEL_DIR / "blend.json").read_text())["base"]


def test_it_keeps_the_package_data_small():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size < 100 * 1024 * 1024


def test_it_loads_without_django():
    code = (
        "import sys; from socialsafe.moderation import classify, explain; classify(['hello']); explain('you idiot'); "
        "heavy = {'django', 'sklearn', 'scipy', 'pandas', 'torch', 'transformers'}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60, check=True)
    assert r.stdout.strip() == "[]"


def test_training_lives_outside_the_runtime_package():
    package = REPO / "socialsafe" / "moderation"
    assert not list(package.glob("train*.py"))
    assert not (package / "seed_examples").exists()
    for path in package.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for heavy in ("sklearn", "scipy", "pandas", "torch", "transformers"):
            assert f"import {heavy}" not in source and f"from {heavy}" not in source, (path.name, heavy)
    assert (REPO / "training" / "build.py").exists() and (REPO / "training" / "requirements.txt").exists()


def test_make_model_rebuilds_with_the_training_package():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-m training.encoder" in makefile and "-m training.build" in makefile
