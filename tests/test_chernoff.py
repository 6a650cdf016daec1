"""The Chernoff style's display axes: shipped, one feature each, and bypassed by explicit mappings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_wine

from vec2face import Vec2Face, get_style
from vec2face.style.chernoff import FEATURES

ROOT = Path(__file__).parents[1]
CARD = json.loads((ROOT / "models" / "chernoff.json").read_text())


def test_each_display_axis_is_mostly_one_feature_and_named_after_it():
    st = get_style("chernoff")
    order = st.display_order
    assert sorted(order.tolist()) == list(range(len(FEATURES)))
    assert st.features == tuple(FEATURES[i] for i in order)
    assert [f["name"] for f in CARD["features"]] == st.feature_names
    M = np.abs(st.display_matrix)
    assert np.all(M[order, np.arange(len(order))] > 0.5 * M.sum(axis=0) / 2)  # the named feature leads its column
    assert CARD["metrics"]["validity_rate_100k_uniform_codes"] >= 0.999
    assert CARD["metrics"]["faithfulness"]["digits"] >= 0.95 and CARD["metrics"]["faithfulness"]["wine"] >= 0.95


def test_feature_codes_draw_exactly_those_feature_levels():
    st = get_style("chernoff")
    pure = np.random.default_rng(0).uniform(-2.5, 2.5, size=(50, st.latent_dim))
    levels = st.raw_codes(st.feature_codes(pure))  # FEATURES order
    assert np.allclose(levels[:, st.display_order], pure, atol=1e-9)


def test_an_explicit_mapping_moves_only_its_feature():
    X, _ = load_wine(return_X_y=True)
    model = Vec2Face(style="chernoff", features={"mouth_width": 0}).fit(X)
    geometry = model._style().decode(model.transform(X[:40]))
    moved = {}
    for part in geometry.parts:
        pts = np.concatenate([s.points.reshape(len(s.points), -1) for s in part.shapes], axis=1)
        moved[part.name] = float(np.ptp(pts, axis=0).max())
    assert moved["mouth"] > 1.0
    # the beard (in the hair part) keeps clear of the mouth, so it follows the mouth's width; nothing else moves
    assert all(v < 1e-6 for name, v in moved.items() if name not in ("mouth", "hair")), moved


@pytest.mark.slow
def test_calibration_reproduces_the_shipped_display_matrix(tmp_path):
    p = subprocess.run([sys.executable, "-m", "training", "chernoff", "--out", str(tmp_path)],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-3000:]
    got, shipped = np.load(tmp_path / "chernoff.npz"), np.load(ROOT / "models" / "chernoff.npz")
    assert np.allclose(got["display_matrix"], shipped["display_matrix"], rtol=1e-9, atol=1e-12)
    card = json.loads((tmp_path / "chernoff.json").read_text())
    assert card["features"] == CARD["features"] and card["metrics"]["glance"] == CARD["metrics"]["glance"]
