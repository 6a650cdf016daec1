"""clmtrackr 1.1.2 (npm, MIT): its 71-point PCA face shape model and emotion classifiers.

The JavaScript data files are parsed in pure Python (no JavaScript runs) into
``clmtrackr_shape_model.npz`` and ``clmtrackr_meta.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from training.cards import save_npz
from training.prepare.common import flatten_groups, write_data_json

CLMTRACKR_SPEC = "clmtrackr@1.1.2"
CLMTRACKR_VERSION = "1.1.2"
SHAPE_MODEL_FILE = "models/model_pca_20_svm.js"
EMOTION_MODEL_FILE = "examples/js/emotionmodel.js"
# Names of clmtrackr's path.normal entries, in file order. "subject_left" is
# the person's own left, which appears on the right of the image.
CLM_GROUP_NAMES = (
    "jaw",
    "brow_subject_left",
    "brow_subject_right",
    "eye_subject_right",
    "eye_subject_left",
    "nose_wings",
    "nose_bridge",
    "lips",
    "pupil_subject_right",
    "pupil_subject_left",
)

EMOTION_NAMES = ("angry", "disgusted", "fear", "sad", "surprised", "happy")


def extract_braced_literal(source: str, anchor: str) -> str:
    """Return the ``{...}`` literal that follows ``anchor`` in JS source.

    Braces inside string literals are skipped.

    Args:
        source: JavaScript source text.
        anchor: Regex matching the text just before the opening brace,
            e.g. ``r"var\\s+pModel\\s*="``.

    Returns:
        The literal text including its outer braces.
    """
    match = re.search(anchor, source)
    if match is None:
        raise ValueError(f"anchor not found: {anchor}")
    start = source.index("{", match.end())
    depth, in_string, quote, escaped = 0, False, "", False
    for pos in range(start, len(source)):
        char = source[pos]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                in_string = False
        elif char in "\"'":
            in_string, quote = True, char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return source[start:pos + 1]
    raise ValueError("unbalanced braces")


def js_literal_to_json(literal: str) -> Any:
    """Convert a data-only JS object literal to Python via JSON.

    Handles the JS-isms found in clmtrackr's data files: ``//`` and ``/* */``
    comments, single-quoted strings, unquoted keys and trailing commas.

    Args:
        literal: Object literal text (numbers, strings, arrays, objects).

    Returns:
        The decoded Python object.
    """
    text = re.sub(r"/\*.*?\*/", "", literal, flags=re.S)
    text = re.sub(r"(?m)^\s*//.*$", "", text)
    text = re.sub(r"'([^'\\]*)'", r'"\1"', text)
    text = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


def load_js_object(path: Path, variable: str) -> Any:
    """Parse ``var <variable> = {...}`` from a JS file.

    Args:
        path: JavaScript file.
        variable: Name of the variable holding the object literal.

    Returns:
        The decoded object.
    """
    source = path.read_text(encoding="utf-8")
    literal = extract_braced_literal(source, rf"var\s+{re.escape(variable)}\s*=")
    return js_literal_to_json(literal)


def shape_model_arrays(model: dict) -> dict[str, np.ndarray]:
    """Convert clmtrackr's parsed ``pModel`` into numeric arrays.

    Args:
        model: Parsed ``pModel`` object.

    Returns:
        Arrays: ``mean_shape`` (71, 2), ``eigenvectors`` (142, 20) with rows
        interleaved x0, y0, x1, y1, ..., ``eigenvalues`` (20,),
        ``line_group_index`` / ``line_group_offsets`` and ``triangles`` (n, 3).
    """
    shape = model["shapeModel"]
    mean = np.asarray(shape["meanShape"], dtype=np.float64)
    vectors = np.asarray(shape["eigenVectors"], dtype=np.float64)
    values = np.asarray(shape["eigenValues"], dtype=np.float64)
    n_points, n_modes = int(shape["numPtsPerSample"]), int(shape["numEvalues"])
    assert mean.shape == (n_points, 2) and vectors.shape == (2 * n_points, n_modes)
    assert values.shape == (n_modes,)
    groups = [g if isinstance(g, list) else [g] for g in model["path"]["normal"]]
    assert len(groups) == len(CLM_GROUP_NAMES)
    flat, offsets = flatten_groups(groups)
    triangles = np.asarray([v[:3] for v in model["path"]["vertices"]], dtype=np.int32)
    return {
        "mean_shape": mean,
        "eigenvectors": vectors,
        "eigenvalues": values,
        "line_group_index": flat,
        "line_group_offsets": offsets,
        "triangles": triangles,
        "non_regularized_modes": np.asarray(shape["nonRegularizedVectors"], dtype=np.int32),
    }


def emotion_arrays(emotions: dict) -> dict[str, np.ndarray]:
    """Convert clmtrackr's ``emotionModel`` into numeric arrays.

    Args:
        emotions: Parsed ``emotionModel`` object (name -> bias/coefficients).

    Returns:
        ``emotion_coefficients`` (6, 18), ``emotion_bias`` (6,) in
        ``EMOTION_NAMES`` order and ``emotion_mode_index`` (18,): the 0-based
        shape-mode index each coefficient multiplies.
    """
    assert tuple(emotions) == EMOTION_NAMES, tuple(emotions)
    coefs = np.asarray([emotions[n]["coefficients"] for n in EMOTION_NAMES], dtype=np.float64)
    bias = np.asarray([emotions[n]["bias"] for n in EMOTION_NAMES], dtype=np.float64)
    # emotion_classifier.js: score += coefficients[i] * parameters[i + 6], and
    # parameters = [4 similarity params, 20 shape params] -> shape mode i + 2.
    mode_index = np.arange(coefs.shape[1], dtype=np.int32) + 2
    return {"emotion_coefficients": coefs, "emotion_bias": bias, "emotion_mode_index": mode_index}


def clm_meta(model: dict, package_sha: str) -> dict:
    """Build the JSON metadata that accompanies the shape-model npz.

    Args:
        model: Parsed ``pModel`` object.
        package_sha: sha256 of the npm tarball.

    Returns:
        JSON-serialisable metadata.
    """
    groups = [g if isinstance(g, list) else [g] for g in model["path"]["normal"]]
    return {
        "source": {
            "package": CLMTRACKR_SPEC, "registry": "npm", "tarball_sha256": package_sha,
            "shape_model_file": SHAPE_MODEL_FILE, "emotion_model_file": EMOTION_MODEL_FILE,
            "licence": "MIT (LICENSE.txt, Copyright (c) 2017 Audun Mathias Øygard)",
            "training_data": "MUCT database plus images annotated by clmtrackr's author (README)",
        },
        "line_groups": {name: grp for name, grp in zip(CLM_GROUP_NAMES, groups)},
        "line_group_names": list(CLM_GROUP_NAMES),
        "emotion_names": list(EMOTION_NAMES),
        "notes": {
            "coordinates": "image coordinates (x right, y down), mean-shape frame about 65 px wide; "
                           "point 0 is on the image left (the subject's right).",
            "shape_synthesis": "shape(b) = mean_shape + (eigenvectors @ b).reshape(71, 2); rows of "
                               "eigenvectors are interleaved x0,y0,x1,y1,...; columns are orthonormal; "
                               "b[k] has variance eigenvalues[k]. clmtrackr clips b[k] to "
                               "+-3*sqrt(eigenvalues[k]) while tracking.",
            "tracker_parameters": "clmtrackr's getCurrentParameters() is p = [s*cos(r)-1, s*sin(r), tx, ty, b0..b19]; "
                                  "points = shape(b) + [[p0, -p1], [p1, p0]] @ shape(b) + [tx, ty].",
            "line_groups": "path.normal: jaw 0-14, brows, eyes (closed loops repeat the first index), "
                           "nose wings, nose bridge 33-41-62, lips (outer loop then inner), and two single "
                           "points (pupils 27 and 32). Stored flat: group g is "
                           "line_group_index[line_group_offsets[g]:line_group_offsets[g+1]].",
            "triangles": "path.vertices (closing repeat dropped), used by clmtrackr's face deformer.",
            "emotion_classifiers": "examples/js/emotion_classifier.js predict(): for each emotion "
                                   "score = bias + sum_i coefficients[i] * p[i + 6], value = 1/(1+exp(-score)). "
                                   "p[i+6] is shape parameter b[i+2], so the 18 coefficients multiply shape "
                                   "modes 2..19 (0-based; modes 0 and 1, mostly head pose, are ignored). No "
                                   "standardisation or scaling: raw b in mean-shape units. The demo "
                                   "(clm_emotiondetection.html) uses model_pca_20_svm, averages p over the last "
                                   "10 frames (meanPredict), deletes 'disgusted' and 'fear', shows an emotion when "
                                   "value > 0.4, and tracks with modes 9 and 11 unregularised. classviewer.html "
                                   "draws emotion shapes with b[p+2] += coefficients[p] * w * "
                                   "eigenvalues[p+2] / sum(eigenvalues), w in [-2000, 2000].",
        },
    }


def emotion_probabilities(params: np.ndarray, clm: dict[str, np.ndarray]) -> np.ndarray:
    """Apply clmtrackr's emotion classifiers to shape parameters.

    Mirrors ``emotion_classifier.js`` ``predict``: sigmoid(bias + coef . b[2:20]).

    Args:
        params: (m, 20) shape parameters ``b``.
        clm: Arrays of the clmtrackr shape model.

    Returns:
        (m, 6) probabilities in ``EMOTION_NAMES`` order.
    """
    score = clm["emotion_bias"] + params[:, clm["emotion_mode_index"]] @ clm["emotion_coefficients"].T
    return 1.0 / (1.0 + np.exp(-score))


def build_clm_outputs(package: Path, tar_sha: str, out: Path) -> dict[str, np.ndarray]:
    """Parse clmtrackr and write the shape-model npz + json.

    Args:
        package: Extracted ``package`` directory.
        tar_sha: sha256 of the npm tarball.
        out: Output directory.

    Returns:
        The arrays written to ``clmtrackr_shape_model.npz``.
    """
    model = load_js_object(package / SHAPE_MODEL_FILE, "pModel")
    emotions = load_js_object(package / EMOTION_MODEL_FILE, "emotionModel")
    arrays = {**shape_model_arrays(model), **emotion_arrays(emotions)}
    save_npz(out / "clmtrackr_shape_model.npz", arrays)
    write_data_json(out / "clmtrackr_meta.json", clm_meta(model, tar_sha))
    return arrays

