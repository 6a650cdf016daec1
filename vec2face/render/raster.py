"""SVG to PNG or PDF through cairosvg (imported only here).

The output is deterministic, as the SVG is: PNG carries no time, and the PDF
is written without ``/CreationDate`` (cairo stamps the current time unless
told otherwise) or ``/ModDate``. Images larger than cairo can draw are refused
with a :class:`~vec2face.errors.StyleError` before cairo is called.
"""

from __future__ import annotations

import math
import re

from vec2face.errors import StyleError

FORMATS = (".svg", ".png", ".pdf", ".html")
IMAGE_FORMATS = (".svg", ".png", ".pdf")  # what convert() makes; an .html page is built from the items, not converted
SIZED_FORMATS = (".png", ".pdf")  # the formats a width, scale or dpi sizes; .svg and .html scale to any size
MAX_SIDE = 32767  # cairo's largest surface, in pixels a side
MAX_PIXELS = 2**28  # 268 million pixels: 1 GiB of image memory
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_ATTR = re.compile(r'\s(width|height)="([^"]*)"')


def output_size(svg: str, *, scale: float = 1.0, width: int | None = None) -> tuple[float, float]:
    """The size in pixels that cairosvg gives a document's PNG (its PDF, in pixels of 1/96 inch)."""
    root = _ROOT.search(svg)
    size = dict(_ATTR.findall(root.group(0))) if root else {}
    try:
        w, h = float(size["width"]), float(size["height"])
    except (KeyError, ValueError):  # no size, or one with units: cairosvg works it out
        return 0.0, 0.0
    if width is not None:
        return float(width), h * width / w if w else 0.0
    return w * scale, h * scale


def _check_size(svg: str, scale: float, width: int | None) -> None:
    if width is not None and (isinstance(width, bool) or int(width) != width or width < 1):
        raise StyleError(f"width must be a whole number of pixels, at least 1, got {width!r}")
    if width is None and not (math.isfinite(scale) and scale > 0):
        raise StyleError(f"scale must be a positive number, got {scale!r}")
    w, h = output_size(svg, scale=scale, width=width)
    if max(w, h) > MAX_SIDE or w * h > MAX_PIXELS:
        raise StyleError(f"the image would be {w:.0f} x {h:.0f} pixels, more than PNG and PDF output allows "
                            f"({MAX_SIDE} a side, {MAX_PIXELS // 10**6} million in all): give a smaller width, draw fewer "
                            "faces or more of them a row, or write .svg or .html, "
                            "which have no limit")


def _one_size(width: int | None, scale: float, option: str = "") -> None:
    if width is not None and scale != 1.0:
        raise StyleError(f"give {option}width or {option}scale, not both: a width sets the image's size, "
                         "so the scale would do nothing")


def check_save(suffix: str, *, width: int | None = None, scale: float = 1.0, dpi: float = 96.0,
               fragment: bool = False, option: str = "") -> None:
    """Refuse a format ``suffix`` (with its dot; '' for none) that vec2face does not write, and options
    that would do nothing in it: ``width``, ``scale`` and ``dpi`` size a .png or .pdf, ``fragment`` is HTML's.
    ``option`` goes before each option's name in the message (``"--"`` for the command line)."""
    suffix = suffix.lower()
    if suffix not in FORMATS:
        raise StyleError(f"unknown output format {suffix or '(no suffix)'!r}; use one of {', '.join(FORMATS)}")
    if suffix not in SIZED_FORMATS:
        given = [option + name for name, unset in (("width", width is None), ("scale", scale == 1.0),
                                                   ("dpi", dpi == 96.0)) if not unset]
        if given:
            raise StyleError(f"{' and '.join(given)} size{'s' if len(given) == 1 else ''} a .png or .pdf; "
                             f"an {suffix} scales to any size")
    _one_size(width, scale, option)
    if fragment and suffix != ".html":
        raise StyleError(f"{option}fragment writes an HTML <div> to embed; an {suffix} has none")


def _pdf_surface():
    """cairosvg's PDF surface, made without the creation date cairo stamps on it."""
    import cairocffi
    from cairosvg.surface import PDFSurface

    class DatelessPDFSurface(PDFSurface):
        def _create_surface(self, width, height):
            surface, width, height = super()._create_surface(width, height)
            surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, "")  # an empty date: none written
            return surface, width, height

    return DatelessPDFSurface


def convert(svg: str, suffix: str, *, scale: float = 1.0, dpi: float = 96.0, width: int | None = None,
            background: str | None = "white") -> bytes | str:
    """Turn an SVG document into the bytes of ``suffix`` (.svg, .png or .pdf).

    ``dpi``: a PNG without a ``width`` is drawn at ``dpi / 96`` times its SVG
    size (an SVG pixel is a 96th of an inch); a PDF page measures the SVG's
    pixels at ``dpi`` an inch."""
    suffix = suffix.lower()
    if suffix == ".svg":
        return svg
    if suffix not in IMAGE_FORMATS:
        raise StyleError(f"unknown output format {suffix!r}; use one of {', '.join(IMAGE_FORMATS)}")
    if not (math.isfinite(dpi) and dpi > 0):
        raise StyleError(f"dpi must be a positive number, got {dpi!r}")
    _one_size(width, scale)
    if suffix == ".png" and width is None:
        scale = scale * dpi / 96.0  # more dots an inch, more pixels: at 192 dpi a face is twice as many pixels wide
    _check_size(svg, scale, width)
    import cairosvg

    kwargs = {"bytestring": svg.encode("utf-8"), "dpi": dpi}
    if width is not None:
        kwargs["output_width"] = int(width)
    else:
        kwargs["scale"] = scale
    if suffix == ".png":
        return cairosvg.svg2png(background_color=background, **kwargs)
    return _pdf_surface().convert(**kwargs)
