"""vec2face: any numeric vector as a face drawing, in SVG.

    >>> from vec2face import vec2face
    >>> face = vec2face([0.3, -1.2, 2.0])
    >>> face.save("face.svg")

The package is a pipeline: vectors go through an *adapter* (``adapters/``) to
latent *codes*; a *style* (``style/``) decodes codes to face geometry; a
*renderer* (``render/``) writes SVG; *layouts* (``layout/``) place many faces.

Importing vec2face loads numpy only: svgwrite, scikit-learn, cairosvg and
typer are imported inside the functions that need them.
"""

from vec2face.adapters.doodles import encode
from vec2face.adapters.learned import encode_landmarks
from vec2face.assemble.crowd import CrowdMap, crowd
from vec2face.assemble.faces import Face, Gallery
from vec2face.assemble.model import Vec2Face, codes_gallery, draw_codes, fold_legend, variations, vec2face
from vec2face.errors import InputError, StyleError, Vec2FaceError
from vec2face.render.options import RenderOptions
from vec2face.style import get_style, styles

__version__ = "0.1.0"

__all__ = [
    "CrowdMap", "RenderOptions", "codes_gallery", "crowd", "draw_codes", "encode", "encode_landmarks", "Face",
    "Gallery", "InputError", "StyleError", "Vec2Face", "Vec2FaceError", "fold_legend", "get_style", "styles", "variations",
    "vec2face",
]
