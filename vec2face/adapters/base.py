"""scikit-learn's estimator contract, written out so that importing it stays light.

:class:`Vec2Face` and :class:`~vec2face.adapters.learned.LearnedChernoffAdapter`
are imported with ``import vec2face``, which must not import scikit-learn.
They cannot subclass ``sklearn.base.BaseEstimator``, so this base gives them
what it would: ``get_params`` / ``set_params`` read from ``__init__``'s
signature (so ``sklearn.base.clone``, ``Pipeline`` and grid searches work),
a repr, and the estimator tags. scikit-learn is imported only when the tags
are asked for or data is checked, which happens inside ``fit``.

The rules the subclasses keep: ``__init__`` stores its arguments as they are
and does nothing else; ``fit`` validates them; fitted state ends in ``_``.
"""

from __future__ import annotations

import inspect

import numpy as np

from vec2face.errors import InputError
from vec2face.io.inputs import as_matrix, column_names


class Estimator:
    """The scikit-learn estimator contract without importing scikit-learn."""

    n_features_in_: int  # set by fit

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return sorted(p.name for p in sig.parameters.values()
                      if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's parameters (and, if ``deep``, those of nested estimators)."""
        out: dict[str, object] = {}
        for name in self._param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params):
        """Set parameters (``name`` or ``nested__name``); returns the estimator."""
        valid = self._param_names()
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for estimator {type(self).__name__}; "
                                 f"valid parameters: {', '.join(valid)}")
            if sep:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            inner = getattr(self, name)
            if not hasattr(inner, "set_params"):  # a RenderOptions, say: replace it whole
                raise ValueError(f"{name} is a {type(inner).__name__}, which has no parameters to set by "
                                 f"{name}__{next(iter(sub_params))}; pass a whole new {name}= instead")
            inner.set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        shown = [f"{k}={v!r}" for k, v in self.get_params(deep=False).items()
                 if not (defaults.get(k) is v or _same(defaults.get(k), v))]
        return f"{type(self).__name__}({', '.join(shown)})"

    def __sklearn_tags__(self):
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags

        return Tags(estimator_type=None, target_tags=TargetTags(required=False),
                    transformer_tags=TransformerTags() if hasattr(self, "transform") else None,
                    input_tags=InputTags(two_d_array=True))

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "n_features_in_")

    def _check_fitted(self, method: str) -> None:
        if not self.__sklearn_is_fitted__():
            from vec2face.errors import NotFittedError

            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(X) before {method}()")

    def _check_data(self, X, *, reset: bool) -> np.ndarray:
        """X as a finite ``(n, d)`` float array; records (``reset``) or checks the width and column names.

        Messages are the package's own (they name the row and column), and the
        checks against the fitted width and names say what scikit-learn says.
        """
        if not reset and getattr(X, "ndim", None) == 1 and hasattr(X, "to_frame"):
            X = X.to_frame().T  # one row of a DataFrame (df.iloc[i]): a row whose index names the columns
        Xa = as_matrix(X, what="the data to fit" if reset else "the data", table=reset)
        if not reset and Xa.shape[1] != self.n_features_in_:
            raise InputError(f"X has {Xa.shape[1]} features, but {type(self).__name__} is expecting "
                             f"{self.n_features_in_} features as input (it was fitted on {self.n_features_in_} columns)")
        from sklearn.utils.validation import validate_data

        # a DataFrame's column names are recorded at fit and checked after, as scikit-learn does
        framed = getattr(X, "ndim", None) == 2 and column_names(X) is not None
        try:
            validate_data(self, X if framed else Xa, skip_check_array=True, reset=reset)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        except TypeError:  # column names of mixed types (text and numbers), which scikit-learn refuses
            kinds = sorted({type(c).__name__ for c in getattr(X, "columns", [])})
            raise InputError(f"the column names mix {' and '.join(kinds)}: make them all text "
                             "(df.columns = df.columns.astype(str))") from None
        return Xa


def _same(a, b) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False
