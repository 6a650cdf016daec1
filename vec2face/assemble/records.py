"""The legend and a crowd's evaluation: plain lists and dicts that show as tables in a notebook.

:class:`Legend` is the list :meth:`Vec2Face.legend` returns and
:class:`Evaluation` the dict ``CrowdMap.evaluation_`` holds; each is the
plain container (equal to one, JSON as one) with a ``_repr_html_``, so that a
notebook shows a table rather than a page of nested reprs.
"""

from __future__ import annotations

from vec2face.render.tables import html_table


class Legend(list):
    """One dict per named feature (``feature``, ``axis``, ``source``, ``inputs``), shown as a table."""

    def _repr_html_(self) -> str:
        rows = [(r.get("feature"), r.get("axis"), r.get("source"),
                 ", ".join(f"{c} {w:+.2f}" for c, w in r.get("inputs", []))) for r in self]
        return html_table(("feature", "code axis", "source", "inputs (weight)"), rows,
                          caption="Which inputs drive which feature")


class Evaluation(dict):
    """Clusters against the known labels (see :func:`vec2face.layout.cluster.evaluate`), shown as a table."""

    def _repr_html_(self) -> str:
        rows = [(f"#{r['number']}", r["size"], r["majority"], r["precision"], r["recall"]) for r in self["clusters"]]
        if self.get("strangers_row"):
            r = self["strangers_row"]
            rows.append(("strangers", r["size"], r["majority"], r["precision"], r["recall"]))
        caption = (f"ARI {self['ari']:.3f}, NMI {self['nmi']:.3f} over {self['clustered']:,} clustered points "
                   f"of {self['n']:,}")
        return html_table(("cluster", "size", "majority label", "precision", "recall"), rows, caption=caption)
