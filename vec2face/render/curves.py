"""Small plots of a clustering's curves over k (silhouette, elbow)."""

from __future__ import annotations

import numpy as np

from vec2face.render.svg import document
from vec2face.render.text import xml_text


def curves_svg(curves: dict, width: float = 260, height: float = 120) -> str:
    """A small SVG plot of the silhouette and elbow (inertia) curves over k."""
    ks = np.asarray(curves["k"], dtype=float)
    body = []
    for i, (key, colour) in enumerate((("silhouette", "#1f5fbf"), ("inertia", "#c0392b"))):
        v = np.asarray(curves[key], dtype=float)
        if not np.isfinite(v).all() or len(v) < 2:
            continue
        x = 30 + (ks - ks.min()) / max(np.ptp(ks), 1) * (width - 40)
        y = height - 20 - (v - v.min()) / max(np.ptp(v), 1e-12) * (height - 40)
        pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y))
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        body.append(f'<text x="{30 + i * 90}" y="12" fill="{colour}">{xml_text(key)}</text>')
    best = int(np.argmax(curves["silhouette"]))
    xb = 30 + (ks[best] - ks.min()) / max(np.ptp(ks), 1) * (width - 40)
    body.append(f'<line x1="{xb:.1f}" y1="16" x2="{xb:.1f}" y2="{height - 20}" stroke="#888" stroke-dasharray="3 2"/>')
    for kk in ks:
        xk = 30 + (kk - ks.min()) / max(np.ptp(ks), 1) * (width - 40)
        body.append(f'<text x="{xk:.1f}" y="{height - 6}" text-anchor="middle">{int(kk)}</text>')
    return document("".join(body), width=width, height=height, css="text{font:9px sans-serif;fill:#333}",
                    title="Choosing k", desc=f"Silhouette and inertia over k; the best silhouette is at k={int(ks[best])}.")
