"""The benchmarks' views of rendered faces (vec2face.assemble.evaluate), on real renders of real data."""

from __future__ import annotations

import numpy as np
import pytest

from vec2face.assemble.evaluate import datasets, glance_16, ink_32, render_rows, shift_share


@pytest.fixture(scope="module")
def digit_faces():
    X, y = datasets()["digits"]
    return render_rows(X[:80], "line"), y[:80]


def test_the_glance_moves_each_face_by_at_most_three_pixels_and_the_exact_view_not_at_all(digit_faces):
    grey, _ = digit_faces
    assert grey.shape == (80, 64, 64) and grey.dtype == np.uint8
    still = glance_16(grey, shift=0)
    moved = glance_16(grey, seed=0)
    assert still.shape == moved.shape == (80, 256)
    assert not np.allclose(still, moved)
    # the shift moves ink and loses little of it over the edge (faces leave nearly 3 px of paper round them)
    assert np.allclose(still.sum(axis=1), moved.sum(axis=1), rtol=0.02)
    assert np.allclose(ink_32(grey).sum(axis=1) * 4, (255.0 - grey).sum(axis=(1, 2)))


def test_the_shift_share_is_near_one_when_every_face_is_the_same_and_lower_for_different_faces(digit_faces):
    grey, _ = digit_faces
    same = np.repeat(grey[:1], len(grey), axis=0)
    assert shift_share(same) == pytest.approx(1.0, abs=0.15)
    different = shift_share(grey)
    assert 0.3 < different < shift_share(same)
    # seen without a shift there is none to share: a face is exactly itself
    assert shift_share(grey, seeds=(0, 0)) == 0.0
