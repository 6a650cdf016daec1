"""SVG images that know how to show and save themselves.

``str(img)`` and ``img.svg`` give the standalone SVG document; ``img.save(path)``
writes SVG, PNG or PDF by the suffix (PNG and PDF through cairosvg), atomically;
``_repr_svg_`` shows the image inline in Jupyter.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from vec2face.errors import StyleError, Vec2FaceError
from vec2face.io.atomic import write_atomic
from vec2face.io.files import shown_path
from vec2face.render.raster import check_save, convert


class SVGImage:
    """Base of faces, galleries and maps: an SVG document built on demand."""

    _svg: str | None = None

    def _build(self) -> str:  # pragma: no cover - subclasses build
        raise NotImplementedError

    @property
    def svg(self) -> str:
        """The standalone SVG document."""
        if self._svg is None:
            self._svg = self._build()
        return self._svg

    def __str__(self) -> str:
        return self.svg

    def _repr_svg_(self) -> str:
        return self.svg

    def to_png(self, *, scale: float = 1.0, width: int | None = None, dpi: float = 96.0) -> bytes:
        """The image as PNG bytes (white background)."""
        png = convert(self.svg, ".png", scale=scale, width=width, dpi=dpi)
        assert isinstance(png, bytes)
        return png

    def _items(self) -> list[dict]:
        """Per-face data for HTML: label, id, what drives it, cluster, neighbours."""
        return [{"l": "face", "id": 0}]

    def _clusters(self):
        return None

    def html(self, *, fragment: bool = False, title: str | None = None) -> str:
        """A self-contained HTML page (or an embeddable ``<div>`` fragment) with the
        image inline and pan, zoom, tooltips, search and pinning."""
        from vec2face.render.html import html_fragment, html_page

        if fragment:
            return html_fragment(self.svg, self._items(), clusters=self._clusters())
        return html_page(self.svg, self._items(), title=title or _svg_title(self.svg), clusters=self._clusters())

    def _repr_html_(self) -> str:
        """The fragment, its drawing held as an ``<img>``: a notebook that is not trusted shows the picture."""
        from vec2face.render.html import html_fragment

        return html_fragment(self.svg, self._items(), clusters=self._clusters(), embed="image")

    def save(self, path: str | os.PathLike, *, scale: float = 1.0, width: int | None = None,
             dpi: float = 96.0, fragment: bool = False) -> Path:
        """Write SVG, PNG, PDF or HTML, chosen by the suffix of ``path``.

        ``path`` may also be an open file (text or binary): the format is then
        chosen by its name's suffix (SVG for a file without one, such as
        ``io.BytesIO``). ``fragment`` (HTML only) writes an embeddable ``<div>``
        instead of a page. ``width`` (pixels), ``scale`` and ``dpi`` size a PNG
        or PDF; asked of an SVG or HTML, which scale to any size, they are
        refused, as a path without a suffix is.
        """
        if hasattr(path, "write"):
            suffix = Path(str(getattr(path, "name", ""))).suffix.lower()
            if not suffix and (width is not None or scale != 1.0 or dpi != 96.0 or fragment):
                raise StyleError("a file without a name (such as io.BytesIO) gets an SVG, which scales to any size "
                                 "and is no HTML fragment: for PNG bytes use to_png(width=...), for a fragment "
                                 "html(fragment=True)")
            suffix = suffix or ".svg"
            check_save(suffix, width=width, scale=scale, dpi=dpi, fragment=fragment)
            data = (self.html(fragment=fragment) if suffix == ".html"
                    else convert(self.svg, suffix, scale=scale, width=width, dpi=dpi))
            binary = "b" in getattr(path, "mode", "") or isinstance(path, (io.BufferedIOBase, io.RawIOBase))
            if isinstance(data, str) and binary:
                data = data.encode("utf-8")
            elif isinstance(data, bytes) and not binary:
                raise Vec2FaceError(f"a {suffix} image is bytes: open the file in binary mode ('wb')")
            path.write(data)
            return Path(str(getattr(path, "name", "")))
        path = Path(path)
        if path.is_dir():
            raise Vec2FaceError(f"{shown_path(path)}: is a folder; give a file name")
        check_save(path.suffix, width=width, scale=scale, dpi=dpi, fragment=fragment)
        if path.suffix.lower() == ".html":
            return write_atomic(path, self.html(fragment=fragment))
        return write_atomic(path, convert(self.svg, path.suffix, scale=scale, width=width, dpi=dpi))


def _svg_title(svg: str) -> str:
    import html
    import re

    m = re.search(r"<title>(.*?)</title>", svg, re.S)
    return html.unescape(m.group(1)) if m else "vec2face"


class Face(SVGImage):
    """One face.

    Attributes:
        code: its latent code, ``(k,)``.
        style: the name of the style that drew it.
        index: its row in the batch it was drawn from.
    """

    def __init__(self, code, style: str, svg: str | None, index: int = 0):
        self.code = code
        self.style = style
        self.index = index
        self._svg = svg

    def __repr__(self) -> str:
        return f"<Face style={self.style!r} index={self.index}>"

    def _repr_html_(self) -> None:  # type: ignore[override]
        """None: a notebook shows one face as its SVG (``_repr_svg_``), at its size; pan, zoom and search
        are for many faces (``html()`` still gives the page)."""
        return None

    def _repr_png_(self) -> bytes:
        """The face as PNG as well: a notebook that is not trusted (run by nbclient or papermill, or opened
        from someone else) shows no SVG, and showed ``<Face ...>`` in its place."""
        return self.to_png()


class Gallery(SVGImage):
    """Many faces in one SVG document (a grid, a strip or a map).

    Attributes:
        n_faces: how many faces it shows.
        legend: the legend rows as data (see :meth:`Vec2Face.legend`), or None.
        codes: the faces' codes ``(n_faces, k)`` where the maker kept them, or None.
    """

    def __init__(self, svg: str, n_faces: int, legend: list[dict] | None = None, items=None, codes=None):
        self._svg = svg
        self.n_faces = n_faces
        self.legend = legend
        self.codes = codes
        self._item_source = items

    def _items(self) -> list[dict]:
        src = self._item_source
        if src is None:
            return [{"l": f"face {i}", "id": i} for i in range(self.n_faces)]
        return src() if callable(src) else src

    def __repr__(self) -> str:
        return f"<Gallery faces={self.n_faces} bytes={len(self.svg)}>"
