import json

import numpy as np
import pytest

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
    # Both parts carry weight for every label: neither has been switched off by the build.
    assert all(b > 0 for b in blend["encoder"])
    assert all(a > 0 for a in blend["linear"])


def test_the_final_score_is_the_recorded_blend_of_both_parts():
    model = get_model()
    assert model.encoder is not None
    expected = (
        model.linear_logits(TEXTS) * model.blend_linear
        + model.encoder.logits(TEXTS) * model.blend_encoder
        + model.blend_bias
    )
    np.testing.assert_allclose(model.logits(TEXTS), expected)


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
