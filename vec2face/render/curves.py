"""Small plots of a clustering's curves over k: the elbow (inertia) and the silhouette.

Two panels side by side, each with axes, tick values and an axis title; a key
under them names the lines and the mark of the chosen k (a dashed line and a
filled dot on both curves). Coordinates are SVG user units, y down.
"""

from __future__ import annotations

import numpy as np

from vec2face.render.paths import num
from vec2face.render.svg import document
from vec2face.render.text import fit_text, text_width, xml_text

PANEL_W, PANEL_H = 300.0, 200.0
MARGIN_L, MARGIN_B, MARGIN_T, GAP = 64.0, 40.0, 28.0, 40.0
COLOURS = {"inertia": "#1f77b4", "silhouette": "#d62728"}
TITLES = {"inertia": "Elbow: inertia (within-cluster sum of squares)", "silhouette": "Silhouette (higher is better)"}


def nice_ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    """About ``count`` round tick values covering lo..hi (steps of 1, 2 or 5 times a power of ten)."""
    if not hi > lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(count - 1, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return np.arange(np.floor(lo / step) * step, np.ceil(hi / step - 1e-9) * step + step * 0.5, step)


def _label(v: float, step: float) -> str:
    if abs(v) >= 1e4:
        return f"{v:,.0f}"
    decimals = max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0
    return f"{v:.{decimals}f}"


def _panel(x0: float, ks: np.ndarray, v: np.ndarray, key: str, chosen: int | None) -> list[str]:
    """One plot: frame, ticks, tick values, the curve, the chosen k."""
    colour = COLOURS[key]
    ok = np.isfinite(v)
    ticks = nice_ticks(float(v[ok].min()), float(v[ok].max())) if ok.any() else np.array([0.0, 1.0])
    y_lo, y_hi = float(ticks[0]), float(ticks[-1])
    k_lo, k_hi = float(ks.min()), float(max(ks.max(), ks.min() + 1))
    top, bottom = MARGIN_T, MARGIN_T + PANEL_H

    def X(k):
        return x0 + (np.asarray(k, dtype=float) - k_lo) / (k_hi - k_lo) * PANEL_W

    def Y(val):
        return bottom - (np.asarray(val, dtype=float) - y_lo) / max(y_hi - y_lo, 1e-12) * PANEL_H

    out = [f'<text class="t" x="{x0:.1f}" y="{top - 10:.1f}">{xml_text(TITLES[key])}</text>',
           f'<rect class="frame" x="{x0:.1f}" y="{top:.1f}" width="{num(PANEL_W)}" height="{num(PANEL_H)}"/>']
    step = float(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    for t in ticks:
        yy = float(Y(t))
        out.append(f'<line class="grid" x1="{x0:.1f}" y1="{yy:.1f}" x2="{x0 + PANEL_W:.1f}" y2="{yy:.1f}"/>')
        out.append(f'<text class="yt" x="{x0 - 5:.1f}" y="{yy + 3:.1f}">{_label(float(t), step)}</text>')
    every = 1 if len(ks) <= 12 else 2
    for i, k in enumerate(ks.tolist()):
        if k != chosen and (i % every or (every > 1 and chosen is not None and abs(k - chosen) == 1)):
            continue  # every other label on a long axis, and none crowding the chosen k
        xx = float(X(k))
        out.append(f'<line class="tick" x1="{xx:.1f}" y1="{bottom:.1f}" x2="{xx:.1f}" y2="{bottom + 4:.1f}"/>')
        out.append(f'<text class="xt" x="{xx:.1f}" y="{bottom + 15:.1f}">{int(k)}</text>')
    out.append(f'<text class="ax" x="{x0 + PANEL_W / 2:.1f}" y="{bottom + 32:.1f}">number of clusters k</text>')
    pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(X(ks[ok]), Y(v[ok])))
    out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
    out += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.5" fill="#fff" stroke="{colour}" stroke-width="1.5"/>'
            for a, b in zip(X(ks[ok]), Y(v[ok]))]
    if chosen is not None and chosen in ks.tolist():
        xx = float(X(chosen))
        out.append(f'<line class="chosen" x1="{xx:.1f}" y1="{top:.1f}" x2="{xx:.1f}" y2="{bottom:.1f}"/>')
        val = v[ks.tolist().index(chosen)]
        if np.isfinite(val):
            out.append(f'<circle cx="{xx:.1f}" cy="{float(Y(val)):.1f}" r="4.5" fill="{colour}"/>')
    return out


def curves_svg(curves: dict) -> str:
    """The elbow and silhouette curves over k as one SVG figure, the chosen k marked.

    ``curves``: ``{"k": [...], "inertia": [...], "silhouette": [...]}`` and
    optionally ``"chosen"`` (default: the k of the best silhouette).
    """
    ks = np.asarray(curves["k"], dtype=float)
    sil = np.asarray(curves["silhouette"], dtype=float)
    chosen = int(curves.get("chosen", ks[int(np.nanargmax(sil))]))
    best = int(ks[int(np.nanargmax(sil))])
    keys = [key for key in ("inertia", "silhouette") if key in curves and np.isfinite(curves[key]).any()]
    body: list[str] = []
    for i, key in enumerate(keys):
        body += _panel(MARGIN_L + i * (PANEL_W + MARGIN_L + GAP), ks, np.asarray(curves[key], dtype=float), key, chosen)
    width = MARGIN_L + len(keys) * PANEL_W + (len(keys) - 1) * (MARGIN_L + GAP) + 20
    ky = MARGIN_T + PANEL_H + MARGIN_B + 14
    x = MARGIN_L

    def line_mark(colour: str) -> str:  # a short stroke of a curve's colour
        return f'<line x1="{x:.1f}" y1="{ky - 4}" x2="{x + 22:.1f}" y2="{ky - 4}" stroke="{colour}" stroke-width="2"/>'

    key_items: list[tuple[str | None, str]] = [(COLOURS[k], TITLES[k].split(":")[0].split(" (")[0]) for k in keys]
    key_items.append((None, f"chosen k = {chosen}" + (f" (best silhouette at k = {best})" if best != chosen else
                                                       " (best silhouette)")))
    for colour, text in key_items:
        if x > MARGIN_L and x + 28 + text_width(text, 11) > width - 6:  # the key wraps onto a line of its own
            x, ky = MARGIN_L, ky + 16
        text = fit_text(text, width - 6 - x - 28, 11)
        body.append(line_mark(colour) if colour else
                    f'<line class="chosen" x1="{x:.1f}" y1="{ky - 10}" x2="{x:.1f}" y2="{ky + 2}"/>')
        body.append(f'<text class="key" x="{x + 28:.1f}" y="{ky:.1f}">{xml_text(text)}</text>')
        x += 40 + text_width(text, 11)
    css = ("text{font:11px sans-serif;fill:#222;stroke:none}.t{font-weight:bold;font-size:12px}"
           ".yt{text-anchor:end}.xt,.ax{text-anchor:middle}.frame{fill:none;stroke:#444;stroke-width:1}"
           ".grid{stroke:#ddd;stroke-width:1}.tick{stroke:#444}"
           ".chosen{stroke:#555;stroke-width:1.5;stroke-dasharray:5 3}")
    desc = (f"Inertia (elbow) and silhouette over k = {int(ks.min())}..{int(ks.max())}; chosen k = {chosen}, "
            f"best silhouette at k = {best}.")
    return document("".join(body), width=width, height=ky + 12, css=css, title="Choosing k", desc=desc)
