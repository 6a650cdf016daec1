"""SVG to PNG or PDF through cairosvg (imported only here)."""

from __future__ import annotations

from vec2face.errors import Vec2FaceError

FORMATS = (".svg", ".png", ".pdf", ".html")


def convert(svg: str, suffix: str, *, scale: float = 1.0, dpi: float = 96.0, width: int | None = None,
            background: str | None = "white") -> bytes | str:
    """Turn an SVG document into the bytes of ``suffix`` (.svg, .png or .pdf)."""
    suffix = suffix.lower()
    if suffix == ".svg":
        return svg
    if suffix not in FORMATS:
        raise Vec2FaceError(f"unknown output format {suffix!r}; use one of {', '.join(FORMATS)}")
    import cairosvg

    kwargs = {"bytestring": svg.encode("utf-8"), "dpi": dpi}
    if width is not None:
        kwargs["output_width"] = int(width)
    else:
        kwargs["scale"] = scale
    if suffix == ".png":
        return cairosvg.svg2png(background_color=background, **kwargs)
    return cairosvg.svg2pdf(**kwargs)
