"""Self-contained HTML: the SVG, CSS and JS inline, no network request.

A page (or an embeddable ``<div>`` fragment) shows a gallery or a crowd map
with pan and zoom (drag, pinch, keys, and the wheel in a page of its own or
Ctrl and the wheel in a fragment; see :func:`html_fragment`; a notebook's
output holds the SVG as an image that its script inlines), a tooltip on hover or focus
(label, id, the values that drive the face most), a search box that
highlights matching labels, click or Enter to pin a face and show its nearest
neighbours, and, for maps, a cluster list that filters the map.

Every id and class of a fragment carries a prefix unique to its content, and
every CSS rule is scoped under it, so two fragments on one page do not clash
and nothing leaks onto the page. User text reaches the page only as escaped
HTML or through ``textContent``, cleaned of the characters XML forbids
(:mod:`vec2face.render.text`); the data block is JSON with ``<``, ``>`` and
``&`` escaped, so ``</script>`` in a label cannot close it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources

from vec2face.render.svg import scope_css
from vec2face.render.text import clean_data, xml_text


def _template(name: str) -> str:
    return resources.files("vec2face").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def _script(uid: str) -> str:
    """The page's script: ``map.js`` handed Panzoom 4.6.2 (``templates/panzoom.min.js``, as published
    on npm as @panzoom/panzoom, MIT licence in ``templates/panzoom.LICENSE.txt``), for pan, zoom and pinch.
    The library is run in a scope of its own, where its UMD wrapper finds no AMD loader (a classic Jupyter
    notebook has RequireJS, which would take it as an anonymous module and fail) and leaves no global."""
    panzoom = ("(function () { var define, module, exports, globalThis = {};\n" + _template("panzoom.min.js")
               + "\nreturn globalThis.Panzoom; })()")
    return _template("map.js").replace("__UID__", uid).replace("__PANZOOM__", panzoom)


def uid_for(svg: str, items: list) -> str:
    """A deterministic prefix, unique to the content."""
    h = hashlib.sha1(svg.encode("utf-8"))
    h.update(json.dumps(items, sort_keys=True).encode("utf-8"))
    return "v2f" + h.hexdigest()[:10]


def _svg_element(svg: str) -> str:
    """The SVG document without its XML declaration: the ``<svg>`` element alone."""
    return svg.split("?>", 1)[1].lstrip() if svg.startswith("<?xml") else svg


def inline_svg(svg: str, prefix: str) -> str:
    """The SVG document as an inline element: no XML declaration, its style sheet scoped."""
    body = _svg_element(svg)
    m = re.search(r"<style[^>]*><!\[CDATA\[(.*?)\]\]></style>", body, re.S)
    if m:
        body = body[: m.start(1)] + scope_css(m.group(1), prefix) + body[m.end(1):]
    return body


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def svg_image(svg: str) -> str:
    """The SVG document as an ``<img>`` (a base64 data URI, its own size): what is left of a fragment where
    its scripts and inline SVG are taken out, as an untrusted notebook's sanitiser does."""
    body = _svg_element(svg)
    root = re.match(r"<svg\b[^>]*>", body)
    size = "".join(f' {a}="{m.group(1)}"' for a in ("width", "height")
                   if root and (m := re.search(rf'\s{a}="([0-9.]+)"', root.group(0))))
    m = re.search(r"<title>(.*?)</title>", body, re.S)
    alt = xml_text(html.unescape(m.group(1)) if m else "vec2face")  # the SVG escapes no quotes in text: here it must
    data = base64.b64encode(body.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}"{size}>'


def html_fragment(svg: str, items: list[dict], *, clusters: list[tuple[int, str, str]] | None = None,
                  page: bool = False, embed: str = "inline") -> str:
    """An embeddable ``<div>``: the map and its controls, scoped CSS and JS.

    In a page of its own (``page=True``, :func:`html_page`) the drawing fits
    the window (its width and 80% of its height) and the wheel zooms it. In
    a notebook or a blog post it fits the column's width only, so that a
    tall gallery reads at its size and scrolls with the page, and the wheel
    scrolls the page: Ctrl (or Cmd) and the wheel, or a trackpad's pinch,
    zoom, and a plain wheel says so.

    Args:
        svg: the SVG document.
        items: per face (by data-index): ``l`` label, ``id``, ``t`` list of
            lines on what drives it, ``c`` cluster, ``cn`` cluster name, ``n``
            neighbour indices.
        clusters: ``(cluster, name, colour)`` for the filter buttons.
        page: a page of its own (see above).
        embed: ``"inline"``, the SVG as markup in the page; or ``"image"``, as
            an ``<img>`` that the script turns into that markup: a notebook's
            output (``_repr_html_``), which a notebook that is not trusted
            shows without its scripts, its inline SVG and its controls, and
            so as the picture alone rather than a page of loose caption text.
    """
    items = clean_data(items)  # labels go to the page through textContent: no character XML forbids
    uid = uid_for(svg, items)
    css = _template("map.css").replace("__UID__", uid)
    js = _script(uid)
    buttons = ""
    if clusters:
        buttons = (f'<div class="{uid}-clusters" role="group" aria-label="clusters: press to hide or show" '
                   'style="display:none">') + "".join(
            f'<button type="button" class="{uid}-cl" data-cluster="{c}" aria-pressed="true" '
            f'style="border-left:10px solid {xml_text(colour)}">{xml_text(name)}</button>'
            for c, name, colour in clusters) + "</div>"
    # The controls and the hint are hidden by an inline style, which the script clears: an untrusted notebook's
    # sanitiser keeps style attributes but drops the hidden attribute and <style>, and would show dead buttons.
    return (
        f'<div class="{uid}" data-vec2face="map" data-fit="{"window" if page else "width"}">'
        f'<style>{css}</style>'
        f'<div class="{uid}-bar" role="toolbar" aria-label="map controls" style="display:none">'
        f'<input type="search" class="{uid}-search" placeholder="search labels" aria-label="search labels">'
        f'<button type="button" class="{uid}-zin" aria-label="zoom in">+</button>'
        f'<button type="button" class="{uid}-zout" aria-label="zoom out">&#8722;</button>'
        f'<button type="button" class="{uid}-reset">reset</button>'
        f'<span class="{uid}-status" aria-live="polite"></span></div>{buttons}'
        f'<div class="{uid}-view" tabindex="0" aria-label="the map: drag or arrow keys to pan, '
        f'{"wheel" if page else "Ctrl and wheel"} or +/- to zoom, Tab to the faces, arrow keys between them, '
        'Enter to pin one">'
        f'{svg_image(svg) if embed == "image" else inline_svg(svg, "." + uid)}</div>'
        f'<div class="{uid}-hint" aria-hidden="true" style="display:none">'
        f'Ctrl + wheel (Cmd + wheel on a Mac) or pinch to zoom</div>'
        f'<div class="{uid}-tip" role="tooltip" hidden></div><div class="{uid}-pin" aria-live="polite"></div>'
        f'<script type="application/json" class="{uid}-data">{json_for_script({"items": items})}</script>'
        f"<script>{js}</script></div>"
    )


def html_page(svg: str, items: list[dict], *, title: str, clusters=None) -> str:
    """A whole self-contained page around :func:`html_fragment`."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{xml_text(title)}</title>"
        '<style>body{margin:16px;background:#fff}h1{font:bold 18px system-ui,sans-serif;margin:0 0 8px}'
        "figcaption{font:13px system-ui,sans-serif;color:#555}"
        # a figure below the map (crowd's curves of k) shrinks with a narrow window rather than widen the page
        "figure svg{display:block;max-width:100%;height:auto}</style>"
        f"</head><body><h1>{xml_text(title)}</h1>{html_fragment(svg, items, clusters=clusters, page=True)}</body></html>\n"
    )
