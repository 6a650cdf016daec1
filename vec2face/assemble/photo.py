"""The faces in a photo, drawn: landmarks (dlib, the ``[faces]`` extra) -> ``line`` codes -> SVG."""

from __future__ import annotations

import os
from pathlib import Path

from vec2face.assemble.faces import Face, Gallery
from vec2face.errors import InputError
from vec2face.io.files import counted
from vec2face.render.options import RenderOptions, resolve_options


def draw_photo(image: str | os.PathLike, *, caricature: float = 1.0, options: RenderOptions | None = None,
               color: bool | None = None) -> Face | Gallery:
    """Draw the faces found in a photo in the ``line`` style.

    Args:
        image: a photo (.jpg, .png).
        caricature: 1 draws each face as it is; more exaggerates what makes it distinctive.
        options: how to draw (:class:`~vec2face.RenderOptions`); ``color``, where given, replaces its field.
        color: colour fills (default True).

    Returns:
        One :class:`Face` when the photo holds one face, else a :class:`Gallery`
        of them in a row, captioned ``face 1``, ``face 2``...

    Raises:
        InputError: no face was found.
        ImportError: dlib is missing (it names the extra).
    """
    from vec2face.adapters.learned import encode_landmarks
    from vec2face.adapters.photo import photo_landmarks
    from vec2face.assemble.model import codes_gallery, draw_codes

    options = resolve_options(options, color=color)
    image = Path(image)
    points = photo_landmarks(image)
    if len(points) == 0:
        raise InputError(f"{image}: no face found")
    codes = encode_landmarks(points, caricature=caricature)
    if len(codes) == 1:
        return draw_codes(codes, "line", options=options)[0]
    labels = [f"face {i + 1}" for i in range(len(codes))]
    g = codes_gallery(codes, "line", options=options, labels=labels, columns=len(codes),
                      title=f"{counted(len(codes), 'face')} in {image.name}")
    # the same drawing, its faces' ids counted from 1 as their captions are
    return Gallery(g.svg, g.n_faces, items=[{"l": label, "id": i + 1} for i, label in enumerate(labels)])
