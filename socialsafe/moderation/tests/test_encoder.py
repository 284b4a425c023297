import json

import numpy as np
import pytest

from socialsafe.moderation import context
from socialsafe.moderation.classifier import LABELS, MODEL_DIR, Model, encoder_text, get_model

TEXTS = [
    "women should stay in the kitchen where they belong",
    "you'd better watch your back on the way home",
    "lovely sunny day for the P5 trip to the zoo",
]


def test_the_shipped_model_blends_the_encoder_with_the_linear_model():
    model = get_model()
    assert model.encoder is not None
    blend = json.loads((MODEL_DIR / "blend.json").read_text())
    assert blend["labels"] == list(LABELS)
    # No part counts against abuse; each carries weight for most labels. The build leaves a part out of a label only
    # where, out of fold, it ranked that label worse beside the other (see fit_blend in training/build.py).
    assert all(b >= 0 for b in blend["encoder"]) and all(a >= 0 for a in blend["linear"])
    assert sum(b > 0 for b in blend["encoder"]) >= 4 and sum(a > 0 for a in blend["linear"]) >= 4
    assert all(a > 0 or b > 0 for a, b in zip(blend["linear"], blend["encoder"], strict=True))


def test_the_final_score_is_the_recorded_blend_of_both_parts_moved_by_the_readings():
    model = get_model()
    assert model.encoder is not None
    assert all(model.needs_encoder(t) for t in TEXTS[:2])  # not plainly fine: the blend decides
    expected = (
        model.linear_logits(TEXTS[:2]) * model.blend_linear
        + model.encoder.logits(TEXTS[:2]) * model.blend_encoder
        + model.blend_bias
    )
    np.testing.assert_allclose(model.blended_logits(TEXTS[:2]), expected)
    shifts = np.stack([context.shifts(t, encoder_text(t))[0] for t in TEXTS[:2]])
    np.testing.assert_allclose(model.logits(TEXTS[:2]), expected + shifts)


def test_the_cascade_leaves_a_text_below_its_line_to_the_linear_model_and_the_readings():
    # The shipped line (blend.json) is low enough that few texts fall below it; the mechanism is tested with a
    # line every label of this text is under.
    model = Model()
    text = "Thank you to all the P5 parents who helped at the sports day, the children had a lovely time"
    first = model.linear_logits([text]) * model.cascade_linear + model.cascade_bias + model.shifts([text])
    model.cascade_below = float(1 / (1 + np.exp(-first.max()))) + 1e-6
    assert not model.needs_encoder(text)
    np.testing.assert_allclose(model.logits([text]), first)
    model.cascade_below = 0.0
    assert model.needs_encoder(text)
    assert not np.allclose(model.logits([text]), first)


def test_the_encoder_is_frozen_and_its_heads_are_shipped_beside_the_linear_weights():
    model = get_model()
    assert model.encoder is not None
    emb = model.encoder.embeddings(TEXTS)
    assert emb.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-3)  # mean-pooled, unit length
    with np.load(MODEL_DIR / "weights.npz") as z:
        assert z["head_w"].shape == (384, len(LABELS)) and z["head_b"].shape == (len(LABELS),)
    blend = json.loads((MODEL_DIR / "blend.json").read_text())
    assert blend["fitted_on"].startswith("out-of-fold")


def test_the_encoder_changes_the_scores():
    with_encoder = get_model().probabilities(get_model().logits(TEXTS))
    linear = Model(use_encoder=False)
    alone = linear.probabilities(linear.logits(TEXTS))
    assert not np.allclose(with_encoder, alone, atol=1e-3)


def test_the_encoder_reads_the_repaired_text():
    assert encoder_text("U R a B1TCH @someone https://x.co/abc") == "you are a bitch xuser xurl"


def test_a_long_chunk_is_truncated_not_refused():
    model = get_model()
    assert model.encoder is not None
    z = model.encoder.logits(["word " * 2000])
    assert z.shape == (1, len(LABELS))
    assert np.isfinite(z).all()


def test_the_encoder_scores_a_text_the_same_whatever_else_is_scored_with_it():
    model = get_model()
    assert model.encoder is not None
    alone = model.encoder.logits([TEXTS[0]])[0]
    beside_long = model.encoder.logits(["a much longer message " * 20, TEXTS[0]])[1]
    assert alone.tolist() == beside_long.tolist()


@pytest.mark.parametrize("label", LABELS)
def test_explanations_include_the_encoders_share(label):
    # Occlusion: the encoder's drop when a word is left out is added to the linear weights, so a word the
    # linear model has no weight for can still appear.
    model = get_model()
    linear = Model(use_encoder=False)
    text = "girls like her should be put in their place"
    blended = dict(model.explain(text, label=label, top=50))
    alone = dict(linear.explain(text, label=label, top=50))
    assert blended != alone
