"""Offline text classifier for the policy's categories of harmful content.

`classify(texts)` gives six probabilities per text and `explain(text)` the words
behind them. Importing this package needs numpy, onnxruntime and tokenizers, never Django.
"""

from .classifier import LABELS, classify, explain

__all__ = ["LABELS", "classify", "explain"]
