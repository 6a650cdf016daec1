"""Faces in a photo to face codes, through dlib (the optional ``[faces]`` extra).

dlib's HOG face detector finds the faces and its 68-point shape predictor
(``shape_predictor_68_face_landmarks.dat``, CC0) places the landmarks, which
:func:`~vec2face.adapters.learned.encode_landmarks` turns into codes. The
model file is looked up, in order, in ``$VEC2FACE_DLIB_MODEL``, the
``face_recognition_models`` package (found with ``importlib.util.find_spec``,
never imported: it imports ``pkg_resources``, which current setuptools no
longer ships) and Debian's ``libdlib-data`` (``/usr/share/dlib``). Nothing is
downloaded.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np

from vec2face.errors import InputError, missing_extra

MODEL = "shape_predictor_68_face_landmarks.dat"


def _packaged_model() -> Path | None:
    """The model file inside the installed ``face_recognition_models`` package, without importing it."""
    try:
        spec = importlib.util.find_spec("face_recognition_models")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "models" / MODEL


def predictor_path() -> Path:
    """Where the 68-point model file is; an ImportError says how to get one."""
    env = os.environ.get("VEC2FACE_DLIB_MODEL")
    if env:
        if not Path(env).is_file():
            raise ImportError(f"VEC2FACE_DLIB_MODEL is {env}, which is not a file (it should be {MODEL})")
        return Path(env)
    for path in (_packaged_model(), Path("/usr/share/dlib") / MODEL):
        if path is not None and path.is_file():
            return path
    raise ImportError(f"no {MODEL} found: pip install 'vec2face[faces]' (face-recognition-models), "
                      "apt-get install libdlib-data, or set VEC2FACE_DLIB_MODEL to the file")


def photo_landmarks(path: str | os.PathLike, upsample: int = 1) -> np.ndarray:
    """``(n, 68, 2)`` landmarks of every face dlib finds in an image, left to right."""
    try:
        import dlib
    except ImportError:
        raise missing_extra("dlib", "faces") from None
    from PIL import Image

    from vec2face.io.files import check_file, shown_path

    path = check_file(path)  # a folder, a broken link, a missing file: each said as every command says it
    try:  # read by Pillow (cairosvg's own dependency), not dlib's loader: WebP and GIF too, and errors of one line
        with Image.open(path) as im:
            image = np.ascontiguousarray(np.asarray(im.convert("RGB"), dtype=np.uint8))
    except Image.UnidentifiedImageError:  # Pillow's own message repeats the path
        raise InputError(f"{shown_path(path)}: not an image that can be read (not a picture format Pillow "
                         "knows)") from None
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        why = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{shown_path(path)}: not an image that can be read ({why})") from None
    predictor = dlib.shape_predictor(str(predictor_path()))
    rects = sorted(dlib.get_frontal_face_detector()(image, upsample), key=lambda r: r.left())
    shapes = [predictor(image, r) for r in rects]
    return np.array([[(s.part(i).x, s.part(i).y) for i in range(68)] for s in shapes], dtype=np.float64).reshape(-1, 68, 2)
