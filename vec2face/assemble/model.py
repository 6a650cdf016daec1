"""The public model: vectors -> adapter -> codes -> style -> SVG.

``vec2face(v)`` draws one vector with nothing fitted (the fixed fold).
``Vec2Face(...).fit(X)`` learns an adapter on a dataset (PCA by default, or an
explicit column mapping) and then draws any rows of it, one by one or as a
gallery.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from vec2face.adapters.base import Estimator
from vec2face.adapters.fold import fold, fold_sources
from vec2face.assemble.faces import Face, Gallery
from vec2face.assemble.variations import DEFAULT_SPREAD, around, variations_gallery
from vec2face.errors import InputError, StyleError, check_count, check_flag, check_number
from vec2face.geometry import LazyGeometry
from vec2face.io.files import counted
from vec2face.io.inputs import as_matrix, as_vector, column_names, label_text
from vec2face.render.grid import render_faces, render_grid
from vec2face.render.options import RenderOptions, check_seed, resolve_options
from vec2face.style import get_style

DEFAULT_STYLE = "line"
MAPPINGS = ("pca", "columns", "learned")


def vec2face(vector, style: str = DEFAULT_STYLE, *, options: RenderOptions | None = None, seed: int | None = None,
             color: bool | None = None, line_width: float | None = None, stroke: str | None = None,
             sketchy: bool | None = None, size: float = 200.0, title: str | None = None,
             expression: str | None = None, expression_strength: float = 3.0) -> Face:
    """Draw one vector of any length (1 to 100,000 values) as a face.

    The vector is taken as already standardised; its dimensions are folded
    onto the style's features by a fixed projection that depends only on its
    length and ``seed``, so nearby vectors give nearby faces.

    Args:
        vector: list, tuple, numpy array, pandas Series, tensor...
        style: a registered style name (see :func:`vec2face.styles`).
        options: how to draw (:class:`~vec2face.RenderOptions`); the keywords
            below, where given, replace its fields.
        seed: seed of the fold's signs and of the sketchy jitter (default 0).
        color: colour fills; False gives single-colour line art (default True).
        line_width: stroke width, in units of a 100-wide face (default 1.6).
        stroke: the pen colour, any CSS colour (default ``"#222"``).
        sketchy: a hand-drawn look (every line twice, a little off; ``seed`` fixes it).
        size: the SVG's width and height in pixels.
        title: the accessible title (``<title>``).
        expression: a named expression the style knows (``line``: happy,
            sad, surprised, angry, disgusted, fear), added to the code.
        expression_strength: how far towards it, in standard deviations.
    """
    options = resolve_options(options, color=color, line_width=line_width, stroke=stroke, sketchy=sketchy, seed=seed)
    check_number("expression_strength", expression_strength)
    v = as_vector(vector)
    st = get_style(style)
    code = st.with_expression(fold(v[None, :], st.latent_dim, seed=options.seed), expression, expression_strength)[0]
    desc = f"A {st.name} face drawn by vec2face from a vector of {counted(v.size, 'value')}" + (
        f", looking {expression}." if expression else ".")
    svg = render_faces(st.decode(code[None, :]), options, titles=[title or "vec2face face"], descs=[desc], size=size)[0]
    return Face(code, st.name, svg)


def variations(vector, n: int = 8, *, spread: float = DEFAULT_SPREAD, style: str = DEFAULT_STYLE, seed: int = 0,
               options: RenderOptions | None = None, color: bool | None = None, line_width: float | None = None,
               stroke: str | None = None, sketchy: bool | None = None, title: str | None = None,
               expression: str | None = None, expression_strength: float = 3.0) -> Gallery:
    """A vector's face and n faces near it, as one captioned row.

    The vector is folded to a code exactly as :func:`vec2face` does; n more
    codes lie at Gaussian offsets of ``spread`` standard deviations on every
    axis around it (see :mod:`vec2face.assemble.variations`). The first face
    is the vector's own: ``variations(v).codes[0]`` is ``vec2face(v).code``.

    Args:
        vector: one vector of any length (1 to 100,000 values).
        n: how many variations (1 to 1,000).
        spread: the offsets' standard deviation, in sd of the code; 0 draws
            n copies. The default (0.5) keeps variations recognisably related
            and visibly different in every style.
        style: a registered style name.
        seed: seed of the offsets. The fold (and any sketchy jitter) uses
            ``options.seed``, 0 by default, as :func:`vec2face` does.
        options, color, line_width, stroke, sketchy: how to draw, as for :func:`vec2face`.
        title: a visible title above the row (default: says what it shows).
        expression, expression_strength: a named expression added to the
            vector's code before the offsets, as :func:`vec2face` adds it (the
            first face is then ``vec2face(v, expression=...)``'s).
    """
    options = resolve_options(options, color=color, line_width=line_width, stroke=stroke, sketchy=sketchy)
    check_number("expression_strength", expression_strength)
    v = as_vector(vector)
    st = get_style(style)
    centre = st.with_expression(fold(v[None, :], st.latent_dim, seed=options.seed), expression, expression_strength)[0]
    codes = around(centre, n, spread, seed)
    title = title or f"A vector of {counted(v.size, 'value')} and {counted(n, 'variation')} ({float(spread):g} sd)"
    desc = (f"The {st.name} face of a vector of {counted(v.size, 'value')}, then {counted(n, 'face')} drawn from codes at random "
            f"offsets of {float(spread):g} sd around its code (seed {seed}), by vec2face.")
    return variations_gallery(codes, st, options, title=title, desc=desc)


def draw_codes(codes, style: str = DEFAULT_STYLE, *, options: RenderOptions | None = None,
               color: bool | None = None, line_width: float | None = None, stroke: str | None = None,
               sketchy: bool | None = None, seed: int | None = None, size: float = 200.0) -> list[Face]:
    """Draw latent codes as they are, one face per row (no adapter, no clip).

    Codes are in the style's units (standard deviations); the style keeps any
    code drawable. Use it with :func:`vec2face.encode_landmarks`. ``options``
    and the keywords are as for :func:`vec2face`.
    """
    options = resolve_options(options, color=color, line_width=line_width, stroke=stroke, sketchy=sketchy, seed=seed)
    C, st = _checked_codes(codes, style)
    n = len(C)
    svgs = render_faces(LazyGeometry(st.decode, C), options, titles=[f"vec2face face {i}" for i in range(n)],
                        descs=[f"Code {i} drawn as a {st.name} face by vec2face." for i in range(n)], size=size)
    return [Face(C[i], st.name, svg, index=i) for i, svg in enumerate(svgs)]


def codes_gallery(codes, style: str = DEFAULT_STYLE, *, options: RenderOptions | None = None,
                  labels: Sequence | None = None, columns: int = 10, title: str | None = None,
                  color: bool | None = None, line_width: float | None = None, stroke: str | None = None,
                  sketchy: bool | None = None, seed: int | None = None) -> Gallery:
    """Latent codes drawn as they are, as one grid of faces (see :func:`draw_codes`); ``options`` and
    the drawing keywords are as for :func:`draw_codes`."""
    options = resolve_options(options, color=color, line_width=line_width, stroke=stroke, sketchy=sketchy, seed=seed)
    C, st = _checked_codes(codes, style)
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(C):
            raise InputError(f"{len(labels)} labels for {len(C)} codes; give one label a code")
    svg = render_grid(LazyGeometry(st.decode, C), options, style_name=st.name, labels=labels, columns=columns,
                      title=title)
    # a page's tooltips say what the captions say ("face 1" had read "face 0" in its tooltip)
    items = None if labels is None else [{"l": label_text(v), "id": i} for i, v in enumerate(labels)]
    return Gallery(svg, len(C), items=items)


def _checked_codes(codes, style: str):
    C = as_matrix(codes, what="the table of codes")
    st = get_style(style)
    if C.shape[1] != st.latent_dim:
        raise InputError(f"the {st.name} style takes codes of {st.latent_dim} values, got {C.shape[1]}")
    return C, st


class Vec2Face(Estimator):
    """Draw the rows of a dataset as faces, with an adapter fitted to it.

    A scikit-learn transformer: ``fit(X)`` learns the adapter, ``transform(X)``
    gives the codes ``(n, k)``; ``get_params`` / ``set_params``, ``clone`` and
    ``Pipeline`` work. ``draw``, ``gallery``, ``legend`` and ``face_items``
    need a fitted model too: anything used before ``fit`` raises
    :class:`~vec2face.errors.NotFittedError` (a ``Vec2FaceError`` and
    scikit-learn's ``NotFittedError``). To draw one vector with nothing
    fitted, use :func:`vec2face`.

    Args:
        style: a registered style name.
        mapping: ``"pca"`` (standardise, then principal axes by explained
            variance drive features by salience), ``"columns"`` (column j
            drives feature j, each column standardised) or ``"learned"``
            (Chernoff only: principal axes read as a real face's code, whose
            Chernoff features come from a map learned on real faces).
        features: explicit tabular mapping, like aplpack: a dict
            ``{feature: column}`` (column name or index) or a list of feature
            names in column order. Implies ``mapping="columns"``.
        options: how to draw (:class:`~vec2face.RenderOptions`); ``color``,
            ``line_width``, ``stroke``, ``sketchy`` and ``seed``, where given
            (not None), replace its fields.
        color: colour fills; False gives single-colour line art (default True).
        line_width: stroke width, in units of a 100-wide face (default 1.6).
        stroke: the pen colour, any CSS colour (default ``"#222"``).
        sketchy: a hand-drawn look for every face (``seed`` fixes the jitter).
        seed: seed for anything random: the wide-data PCA solver and the
            sketchy jitter (default 0).
        clip: soft-clip bound of the codes, in standard deviations.
        expression: a named expression added to every face (see
            ``get_style(style).expressions``).
        expression_strength: how far towards it, in standard deviations.

    Fitted attributes: ``adapter_`` (a scikit-learn estimator), ``mapping_``
    (the mapping used), ``columns_`` (input column names), ``n_features_in_``,
    and ``feature_names_in_`` when fitted on a DataFrame.
    """

    def __init__(self, style: str = DEFAULT_STYLE, *, mapping: str = "pca",
                 features: Mapping[str, str | int] | Sequence[str] | None = None,
                 options: RenderOptions | None = None, color: bool | None = None, line_width: float | None = None,
                 stroke: str | None = None, sketchy: bool | None = None, seed: int | None = None,
                 clip: float = 3.0, expression: str | None = None, expression_strength: float = 3.0):
        self.style = style
        self.mapping = mapping
        self.features = features
        self.options = options
        self.color = color
        self.line_width = line_width
        self.stroke = stroke
        self.sketchy = sketchy
        self.seed = seed
        self.clip = clip
        self.expression = expression
        self.expression_strength = expression_strength

    @property
    def render_options(self) -> RenderOptions:
        """The :class:`~vec2face.RenderOptions` that ``draw`` and ``gallery`` use:
        ``options`` with the keyword parameters put in (checked as it is made)."""
        return resolve_options(self.options, color=self.color, line_width=self.line_width, stroke=self.stroke,
                              sketchy=self.sketchy, seed=self.seed)

    def _style(self):
        return get_style(self.style)

    def _column_map(self, st, names: list[str]) -> list[int]:
        """For each code axis, the input column index that drives it (-1: none)."""
        known = st.feature_names
        spec = self.features
        if spec is None:  # by column order
            if len(names) > st.latent_dim:
                import warnings

                left = names[st.latent_dim:]
                warnings.warn(f"the {st.name} style has {st.latent_dim} features, so the {counted(len(left), 'column')} after "
                              f"the first {st.latent_dim} ({', '.join(left[:5])}{', ...' if len(left) > 5 else ''}) "
                              "are not drawn; "
                              "choose the columns with features=..., or use mapping='pca'", UserWarning, stacklevel=4)
            return [j if j < len(names) else -1 for j in range(st.latent_dim)]
        if isinstance(spec, Mapping):
            items = list(spec.items())
        elif isinstance(spec, Sequence) and not isinstance(spec, str):
            items = [(f, j) for j, f in enumerate(spec) if f is not None]
            if len(items) > len(names):
                raise InputError(f"features lists {len(items)} names but the data has {len(names)} columns")
        else:
            raise StyleError("features must be a dict {feature: column} or a list of feature names in column order")
        cols = [-1] * st.latent_dim
        seen: dict[str, object] = {}
        for feature, column in items:
            if feature in seen:
                raise InputError(f"feature {feature!r} is given twice (columns {seen[feature]!r} and {column!r}); "
                                 "each feature takes one column")
            seen[feature] = column
            if feature not in known:
                raise StyleError(f"unknown feature {feature!r} for style {st.name!r}; known features: {', '.join(known)}")
            if isinstance(column, (int, np.integer)) and not isinstance(column, bool):
                if not 0 <= column < len(names):
                    raise InputError(f"feature {feature!r} maps to column {column}, but the data's columns are numbered "
                                     f"0 to {len(names) - 1} (counted from 0)")
                j = int(column)
            elif str(column) in names:
                j = names.index(str(column))
            else:
                raise InputError(f"feature {feature!r} maps to column {column!r}, which is not in the data "
                                 f"(columns: {', '.join(names[:20])}{'...' if len(names) > 20 else ''})")
            cols[known.index(feature)] = j
        return cols

    def fit(self, X, y=None) -> Vec2Face:
        """Fit the adapter to ``(n, d)`` data: array, DataFrame, :class:`~vec2face.io.readers.Table`
        or list of lists. Checks the parameters (style, mapping, features,
        expression, render options) first."""
        st = self._style()
        options = self.render_options  # a bad colour or width fails here, before any work
        check_number("clip", self.clip, positive=True, error=InputError)
        check_number("expression_strength", self.expression_strength)
        names = column_names(X)
        Xa = self._check_data(X, reset=True)
        self.columns_ = names if names is not None else [f"x{j}" for j in range(Xa.shape[1])]
        if self.features is not None and self.mapping == "learned":
            raise StyleError("features= maps columns to features one by one (mapping='columns'); "
                             "mapping='learned' reads the principal axes instead: give one or the other")
        mapping = "columns" if self.features is not None else self.mapping
        adapter: Any  # one of three estimators, each imported only when used
        if mapping == "pca":
            from vec2face.adapters.estimators import PCAAdapter

            adapter = PCAAdapter(n_components=st.latent_dim, clip=self.clip, random_state=options.seed)
        elif mapping == "columns":
            from vec2face.adapters.estimators import ColumnAdapter

            adapter = ColumnAdapter(columns=self._column_map(st, self.columns_), clip=self.clip)
        elif mapping == "learned":
            if st.name != "chernoff":
                raise StyleError(f"mapping='learned' is for the chernoff style, not {st.name!r}")
            from vec2face.adapters.learned import LearnedChernoffAdapter

            adapter = LearnedChernoffAdapter(clip=self.clip, random_state=options.seed, features=tuple(st.feature_names))
        else:
            raise StyleError(f"unknown mapping {mapping!r}; use one of {', '.join(MAPPINGS)}")
        if st.expressions or self.expression is not None:
            st.with_expression(np.zeros((1, st.latent_dim)), self.expression)  # unknown names fail here
        self.adapter_ = adapter.fit(Xa)
        self.mapping_ = mapping
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "adapter_")

    def transform(self, X):
        """Codes ``(n, k)`` of the rows of X, in standard deviations (needs ``fit``): an
        array, or a DataFrame of named features after ``set_output(transform="pandas")``."""
        codes = self._codes(X)
        if getattr(self, "_sklearn_output_config", {}).get("transform") == "pandas":
            import pandas as pd

            return pd.DataFrame(codes, columns=self.get_feature_names_out(), index=getattr(X, "index", None))
        return codes

    def _codes(self, X) -> np.ndarray:
        """The codes of the rows of X as an array, whatever the output setting."""
        self._check_fitted("transform")
        st = self._style()
        codes = self.adapter_.transform(self._check_data(X, reset=False))
        if self.mapping_ in ("columns", "learned"):  # each axis one named feature, unmixed
            codes = st.feature_codes(codes)
        return st.with_expression(codes, self.expression, self.expression_strength)

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The names of ``transform``'s columns: the style's features, one a code axis (needs ``fit``).
        ``input_features``, where given, must be the fitted columns (as scikit-learn checks them)."""
        self._check_fitted("get_feature_names_out")
        if input_features is not None:
            given = [str(c) for c in input_features]
            fitted = [str(c) for c in getattr(self, "feature_names_in_", [])]
            if len(given) != self.n_features_in_ or fitted and given != fitted:
                raise InputError(f"input_features {given[:5]}{'...' if len(given) > 5 else ''} are not the "
                                 f"{self.n_features_in_} columns this model was fitted on"
                                 + (f" ({', '.join(fitted[:5])}{'...' if len(fitted) > 5 else ''})" if fitted else ""))
        return np.asarray(self._style().feature_names, dtype=object)

    def set_output(self, *, transform: str | None = None) -> Vec2Face:
        """As scikit-learn's ``set_output``: ``transform="pandas"`` makes ``transform`` return a
        DataFrame whose columns are the feature names (and whose index is X's); ``"default"``
        returns arrays; None leaves it as it is. ``Pipeline.set_output`` calls it."""
        if transform not in (None, "default", "pandas"):
            raise InputError(f"set_output(transform={transform!r}): use 'pandas' or 'default'")
        if transform is not None:
            self._sklearn_output_config = {"transform": transform}  # the attribute clone() carries over
        return self

    # -- drawing ----------------------------------------------------------------
    def draw(self, X, *, size: float = 200.0) -> list[Face]:
        """One face per row of X, each a standalone SVG (needs ``fit``)."""
        self._check_fitted("draw")
        codes = self._codes(X)
        st = self._style()
        n = len(codes)
        svgs = render_faces(LazyGeometry(st.decode, codes), self.render_options, titles=[f"vec2face face {i}" for i in range(n)],
                            descs=[f"Row {i} drawn as a {st.name} face by vec2face." for i in range(n)], size=size)
        return [Face(codes[i], st.name, svg, index=i) for i, svg in enumerate(svgs)]

    def gallery(self, X, labels: Sequence | None = None, *, columns: int = 10, legend: bool = False,
                title: str | None = None, progress: Callable[[int, int], None] | None = None,
                plotter: bool = False) -> Gallery:
        """All rows of X as one SVG grid, with optional captions and legend (needs ``fit``).

        ``plotter=True`` gives strokes only, one Inkscape layer per face part,
        captions (if any) in a layer of their own and no legend.
        """
        self._check_fitted("gallery")
        codes = self._codes(X)
        options = self.render_options
        if plotter:
            from vec2face.render.plotter import render_plotter

            svg = render_plotter(self._style().decode(codes), columns=columns, stroke=options.stroke,
                                 sketchy=options.sketchy, seed=options.seed,
                                 labels=None if labels is None else [label_text(v) for v in labels],
                                 title=title or f"vec2face plot of {counted(len(codes), 'face')}")
            return Gallery(svg, len(codes))
        if labels is not None:
            labels = list(labels)
            if len(labels) != len(codes):
                raise InputError(f"{len(labels)} labels for {len(codes)} rows; give one label a row")
        st = self._style()
        rows = [(r["feature"], r["source"]) for r in self.legend()] if check_flag("legend", legend) else None
        svg = render_grid(LazyGeometry(st.decode, codes), options, style_name=st.name, labels=labels, columns=columns,
                          title=title, legend=rows, progress=progress)
        Xa = as_matrix(X)
        return Gallery(svg, len(codes), legend=self.legend() if legend else None,
                       items=lambda: self.face_items(Xa, codes, labels))

    def variations(self, x_row, n: int = 8, *, spread: float = DEFAULT_SPREAD, seed: int = 0,
                   title: str | None = None) -> Gallery:
        """One row's face and n faces near it, as a captioned row (needs ``fit``).

        The row's code (as :meth:`transform` gives it) is the centre; n codes
        lie at Gaussian offsets of ``spread`` sd around it, seeded by ``seed``
        (see :func:`vec2face.variations`). The first face is the row's own.
        """
        self._check_fitted("variations")
        if getattr(x_row, "ndim", None) == 1 and hasattr(x_row, "to_frame"):  # a pandas Series: keep its names
            x_row = x_row.to_frame().T
        row = x_row if hasattr(x_row, "columns") else as_matrix(x_row, what="the row")
        if len(row) != 1:
            raise InputError(f"variations takes one row, got {len(row)}")
        st = self._style()
        codes = around(self._codes(row)[0], n, spread, seed)
        title = title or f"A row and {n} variations ({float(spread):g} sd)"
        desc = (f"The {st.name} face of a row, then {n} faces drawn from codes at random offsets of "
                f"{float(spread):g} sd around its code (seed {seed}), by vec2face.")
        return variations_gallery(codes, st, self.render_options, title=title, desc=desc)

    def face_items(self, X, codes=None, labels: Sequence | None = None, **extra) -> list[dict]:
        """Per-face data for the interactive HTML views, one dict per row of X.

        Each dict: ``l`` (the label, or ``row i``), ``id`` (the row), ``t``
        (the three input values furthest from the fitted mean, in standard
        deviations) and ``n`` (the nearest faces in code space).

        Args:
            X: the rows, ``(n, d)``.
            codes: their codes, if already computed (else ``transform(X)``).
            labels: n labels, or None.
            **extra: passed on to :func:`vec2face.render.items.face_items`:
                ``clusters`` (n cluster numbers, -1 for strangers) and
                ``cluster_names`` add ``c`` and ``cn`` to each dict.
        """
        from vec2face.render.items import face_items

        self._check_fitted("face_items")
        Xa = as_matrix(X)
        codes = self._codes(Xa) if codes is None else codes
        a = getattr(self.adapter_, "pca_", self.adapter_)  # the learned mapping standardises in its PCA
        return face_items(Xa, codes, labels=labels, columns=self.columns_, mean=getattr(a, "mean_", None),
                          scale=getattr(a, "scale_", None), **extra)

    def legend(self, top: int = 3) -> list[dict]:
        """Which input dimensions drive which named feature, as data (a list, shown as a table in a notebook).

        One entry per named feature, in code-axis order, then one per named
        expression: ``feature``, ``axis`` (code axis; None for an expression),
        ``source`` (a short description) and ``inputs``: ``(column, weight)``
        pairs, strongest first. A feature that nothing drives (no column
        mapped to it, or more features than the data has axes of variance)
        is held neutral (its code stays 0) and listed with ``inputs`` empty
        and a source ``neutral (why)``, so every feature appears.
        """
        self._check_fitted("legend")
        check_count("top", top)
        from vec2face.assemble.records import Legend

        return Legend(self._legend_rows(top))

    def _legend_rows(self, top: int) -> list[dict]:
        st = self._style()
        if self.mapping_ == "columns":
            out = []
            for axis, j in enumerate(self.adapter_.columns_):
                if j >= 0:
                    name = self.columns_[j]
                    out.append({"feature": st.feature_names[axis], "axis": axis, "source": name,
                                "inputs": [(name, 1.0)]})
                else:
                    out.append(_neutral(st, axis, "no column"))
            return out
        if self.mapping_ == "learned":
            return self._learned_legend(top)
        comps = self.adapter_.components_
        ratio = self.adapter_.explained_variance_ratio_
        driven = [a for a in range(len(comps)) if self.adapter_.axis_scale_[a] != 0]
        out = []
        for axis in range(st.latent_dim):
            if axis not in driven:
                out.append(_neutral(st, axis, f"only {counted(len(driven), 'axis', 'axes')} of variance"))
                continue
            w = comps[axis]
            strongest = np.argsort(-np.abs(w))[:top]
            # a constant column drives nothing: it is left out
            inputs = [(self.columns_[j], round(float(w[j]), 3)) for j in strongest if round(float(w[j]), 3) != 0]
            terms = ", ".join(f"{'+' if wt >= 0 else '-'}{name}" for name, wt in inputs)
            out.append({"feature": st.feature_names[axis], "axis": axis,
                        "source": f"PC{axis + 1} ({ratio[axis]:.0%}): {terms}", "inputs": inputs})
        return out + self._expression_legend()

    def _expression_legend(self) -> list[dict]:
        """Legend rows of the named expressions: the features each one moves most."""
        st = self._style()
        rows = []
        for name in st.expressions:
            d = st.expression_direction(name)
            order = np.argsort(-np.abs(d))[:3]
            terms = ", ".join(f"{'+' if d[j] >= 0 else '-'}{st.feature_names[j]}" for j in order)
            applied = f" (applied, {self.expression_strength:+g} sd)" if name == self.expression else ""
            rows.append({"feature": f"expression {name}", "axis": None, "source": terms + applied,
                         "inputs": [(st.feature_names[j], round(float(d[j]), 3)) for j in order]})
        return rows

    def _learned_legend(self, top: int) -> list[dict]:
        from vec2face.learned.line_model import shipped_line_model

        st = self._style()
        model = shipped_line_model()
        W = np.asarray(model.chernoff_W)
        comps = self.adapter_.pca_.components_
        mapped = list(model.chernoff_names)
        out = []
        for axis, name in enumerate(st.feature_names):
            if name not in mapped:
                out.append(_neutral(st, axis, "not in the real-face map"))
                continue
            w = W[: len(comps), mapped.index(name)]
            order = np.argsort(-np.abs(w))[:top]
            terms = ", ".join(f"{'+' if w[a] >= 0 else '-'}PC{a + 1}" for a in order)
            out.append({"feature": name, "axis": axis, "source": f"real-face map: {terms}",
                        "inputs": [(f"PC{a + 1}", round(float(w[a]), 3)) for a in order]})
        return out


def _neutral(st, axis: int, why: str) -> dict:
    """The legend entry of a feature that nothing drives (its code stays 0)."""
    return {"feature": st.feature_names[axis], "axis": axis, "source": f"neutral ({why})", "inputs": []}


def fold_legend(d: int, style: str = DEFAULT_STYLE, *, seed: int = 0) -> list[dict]:
    """The legend of :func:`vec2face` for vectors of length d (and the same
    ``seed``): dims per feature, each with its weight in the fold (its sign
    over the square root of how many dims share the feature); every feature
    is listed, those no dimension reaches held neutral."""
    from vec2face.adapters.fold import fold_weights

    st = get_style(style)
    weights = fold_weights(d, st.latent_dim, check_seed(seed))
    out = []
    for axis, dims in enumerate(fold_sources(d, st.latent_dim)):
        if dims:
            shown = ", ".join(str(i) for i in dims[:4]) + (", ..." if len(dims) > 4 else "")
            out.append({"feature": st.feature_names[axis], "axis": axis, "source": f"dims {shown}",
                        "inputs": [(f"dim {i}", round(float(weights[i]), 3)) for i in dims]})
        else:
            out.append(_neutral(st, axis, f"only {d} values"))
    return out
