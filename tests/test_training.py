"""Training lives outside the package: the train command, the shared writers, the weights' fallback."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from vec2face.cli import app

ROOT = Path(__file__).parents[1]


def test_train_from_an_installed_wheel_says_it_needs_a_checkout(monkeypatch):
    from vec2face.cli import train

    monkeypatch.setattr(train, "find_checkout", lambda: None)
    r = CliRunner().invoke(app, ["train", "line"])
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [f"Error: {train.NO_CHECKOUT}"]
    assert "source checkout" in r.output and "pip install -e '.[train]'" in r.output


def test_train_without_torch_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    r = CliRunner().invoke(app, ["train", "doodle"])
    assert r.exit_code == 2
    assert len(r.output.strip().splitlines()) == 1 and "[train]" in r.output


def test_the_checkout_is_found_beside_the_package():
    import vec2face
    from vec2face.cli.train import find_checkout, import_training

    root = find_checkout()
    assert root == Path(vec2face.__file__).resolve().parents[1]
    run = import_training(root)
    assert sorted(run.TRAINERS) == ["chernoff", "doodle", "line"]
    assert Path(run.__file__).resolve().parents[1] == root


def test_python_m_training_lists_the_trainers():
    p = subprocess.run([sys.executable, "-m", "training", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert "{chernoff,doodle,line}" in p.stdout and "--out" in p.stdout and "--data" in p.stdout


def test_the_library_never_imports_typer_or_training():
    for path in (ROOT / "vec2face").rglob("*.py"):
        if "cli" in path.relative_to(ROOT / "vec2face").parts:
            continue
        text = path.read_text()
        for word in ("import typer", "from typer", "import training", "from training"):
            assert word not in text, (path, word)


def test_npz_writer_is_deterministic_and_pickle_free(tmp_path):
    from training.cards import save_npz

    arrays = {"b": np.arange(3.0), "a": np.array(["x", "y"])}
    sha1 = save_npz(tmp_path / "one.npz", arrays)
    sha2 = save_npz(tmp_path / "two.npz", dict(reversed(list(arrays.items()))))
    assert sha1 == sha2 and (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    with np.load(tmp_path / "one.npz", allow_pickle=False) as z:
        assert z.files == ["a", "b"] and z["a"].tolist() == ["x", "y"]
    with pytest.raises(TypeError, match="object"):
        save_npz(tmp_path / "bad.npz", {"o": np.array([{}, 1], dtype=object)})


def test_model_card_keeps_the_committed_features(tmp_path):
    from training.cards import write_model

    features = [{"name": "face_width", "doc": "how wide the head is"}]
    committed = tmp_path / "committed"
    committed.mkdir()
    (committed / "m.json").write_text(json.dumps({"name": "m", "latent_dim": 2, "features": features, "x": 1}))
    out = tmp_path / "out"
    card = write_model(out, "m", {"w": np.ones(2)}, {"name": "m", "latent_dim": 2, "metrics": {}}, started=0.0,
                       committed=committed)
    on_disk = json.loads((out / "m.json").read_text())
    assert on_disk == card and on_disk["features"] == features
    assert list(on_disk) == ["name", "latent_dim", "features", "metrics", "sha256", "file", "training_seconds"]
    assert on_disk["sha256"] == hashlib.sha256((out / "m.npz").read_bytes()).hexdigest()
    mine = [{"name": "new", "doc": "supplied by the trainer"}]
    card = write_model(out, "m", {"w": np.ones(2)}, {"name": "m", "features": mine}, started=0.0, committed=committed)
    assert card["features"] == mine


def test_weights_load_from_the_checkout_when_the_package_was_never_installed(tmp_path):
    from vec2face.learned.weights import checkout_models

    assert (checkout_models() / "line.json").is_file()
    # A bare source tree: this checkout first on the path, no site processing (so no
    # editable install maps vec2face.models), numpy and the rest from site-packages after it.
    site = str(Path(np.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), site]))
    code = ("import importlib.util, vec2face\n"
            "assert importlib.util.find_spec('vec2face.models') is None\n"
            "from vec2face.learned.weights import models_folder\n"
            "print(models_folder())\n"
            "for style in ('line', 'doodle'):\n"
            "    assert '<path' in vec2face.vec2face([0.3, -1.2, 2.0], style=style).svg\n")
    p = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert p.returncode == 0, p.stderr[-2000:]
    assert Path(p.stdout.strip()) == ROOT.resolve() / "models"


@pytest.mark.parametrize("script", ["prepare_face_data.py", "prepare_doodle_data.py"])
def test_data_scripts_answer_help(script):
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True,
                       cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert "--out" in p.stdout


def test_the_shared_writers_reproduce_the_committed_face_data(tmp_path):
    """The face data's npz and JSON files, rewritten from their own contents, keep their bytes."""
    from training.cards import save_npz
    from training.prepare.common import write_data_json

    data = ROOT / "data" / "faces"
    for npz, meta in (("clmtrackr_shape_model.npz", "clmtrackr_meta.json"),
                      ("dlib68_landmarks.npz", "dlib68_landmarks.json")):
        with np.load(data / npz, allow_pickle=False) as z:
            save_npz(tmp_path / npz, {k: z[k] for k in z.files})
        assert (tmp_path / npz).read_bytes() == (data / npz).read_bytes(), npz
        write_data_json(tmp_path / meta, json.loads((data / meta).read_text(encoding="utf-8")))
        assert (tmp_path / meta).read_bytes() == (data / meta).read_bytes(), meta


def test_the_landmark_correspondence_is_written_once():
    from training.prepare.correspondence import IBUG_TO_CLM, mapping_arrays
    from vec2face.learned.landmarks import IBUG_FROM_CLM71, IBUG_FROM_CLM71_CONFIDENCE

    index, confidence = mapping_arrays()
    assert index.tolist() == IBUG_FROM_CLM71.tolist() and confidence.tolist() == IBUG_FROM_CLM71_CONFIDENCE.tolist()
    assert ((IBUG_FROM_CLM71 < 0) == (IBUG_FROM_CLM71_CONFIDENCE == 0)).all()
    assert sorted(IBUG_TO_CLM) == [i for i in range(68) if IBUG_FROM_CLM71[i] >= 0]
    with np.load(ROOT / "data" / "faces" / "dlib68_landmarks.npz", allow_pickle=False) as z:
        assert np.array_equal(z["ibug68_to_clm71"], index) and np.array_equal(z["ibug68_to_clm71_confidence"], confidence)


def test_reviewed_line_features_follow_their_raw_axes_when_retraining_reorders_them(tmp_path):
    from training.line import reviewed_features

    card = {"features": [{"name": "smile", "doc": "a"}, {"name": "glasses", "doc": "b"}, {"name": "fringe", "doc": "c"}],
            "style_axes": {"raw_axis": ["learned:smile", "drawn:glasses", "drawn:fringe"]}}
    path = tmp_path / "line.json"
    path.write_text(json.dumps(card))
    got = reviewed_features(path, ["drawn:glasses", "drawn:fringe", "learned:smile"])
    assert [f["name"] for f in got] == ["glasses", "fringe", "smile"]
    assert reviewed_features(path, ["drawn:glasses", "drawn:fringe", "learned:eye_size"]) is None  # another axis
    assert reviewed_features(tmp_path / "none.json", ["drawn:glasses"]) is None
