"""Read vectors from files: .csv, .tsv, .npy, .npz, .parquet and .jsonl.

Every reader returns a :class:`Table`. Errors name the file and, for text
formats, the line and column (lines and columns count from 1, as an editor
shows them).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vec2face.errors import InputError, missing_extra

FORMATS = (".csv", ".tsv", ".npy", ".npz", ".parquet", ".jsonl")


@dataclass
class Table:
    """Vectors with column names, read from a file or a demo dataset.

    A table is array-like: ``np.asarray(table)`` is ``X``, and ``columns``
    names its columns, so ``Vec2Face().fit(table)`` and ``crowd(table)``
    keep the names (as they do for a DataFrame) for legends and tooltips.

    Attributes:
        X: ``(n, d)`` float array, finite.
        columns: d column names.
        labels: n labels (strings) or None.
        source: where it came from.
    """

    X: np.ndarray
    columns: list[str]
    labels: list[str] | None = None
    source: str = ""
    extra: dict = field(default_factory=dict)

    def __array__(self, dtype=None, copy=None):
        return self.X if dtype is None else self.X.astype(dtype)

    def rows(self, index) -> Table:
        """The rows at ``index`` (a slice or an array of row numbers), as a table."""
        idx = np.arange(len(self.X))[index]
        labels = None if self.labels is None else [self.labels[i] for i in idx]
        return Table(self.X[idx], list(self.columns), labels, self.source, dict(self.extra))


def _parse_float(cell: str) -> float | None:
    try:
        v = float(cell)
    except ValueError:
        return None
    return v


def _finish(path: Path, rows: list[list[float]], columns: list[str], labels, lines: list[int]) -> Table:
    if not rows:
        raise InputError(f"{path}: no data rows")
    X = np.asarray(rows, dtype=np.float64)
    bad = ~np.isfinite(X)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        kind = "NaN" if np.isnan(X[i, j]) else "Inf (infinite)"
        raise InputError(f"{path}, line {lines[i]}, column {j + 1} ({columns[j]}): {kind}; values must be finite")
    return Table(X, columns, labels, str(path))


def _label_index(path: Path, header: list[str] | None, label_col: str | None) -> int | None:
    if label_col is None:
        return None
    if header is not None and label_col in header:
        return header.index(label_col)
    if label_col.isdigit() and header is None:
        return int(label_col)
    have = ", ".join(header) if header else "no header row"
    raise InputError(f"{path}: label column {label_col!r} not found ({have})")


def read_delimited(path: Path, delimiter: str, label_col: str | None = None) -> Table:
    """CSV or TSV; the first row is a header when any of its cells is not a number."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        records = [(reader.line_num, r) for r in reader if r and any(c.strip() for c in r)]
    if not records:
        raise InputError(f"{path}: the file is empty")
    first = records[0][1]
    header = None
    if any(_parse_float(c) is None for c in first):
        header = [c.strip() for c in first]
        records = records[1:]
    width = len(header) if header else len(first)
    li = _label_index(path, header, label_col)
    columns = [c for j, c in enumerate(header or [f"x{j}" for j in range(width)]) if j != li]
    rows: list[list[float]] = []
    lines: list[int] = []
    labels: list[str] | None = [] if li is not None else None
    for line, rec in records:
        if len(rec) != width:
            raise InputError(f"{path}, line {line}: ragged row: {len(rec)} cells where the header/first row has {width}")
        row = []
        for j, cell in enumerate(rec):
            if j == li:
                assert labels is not None
                labels.append(cell)
                continue
            v = _parse_float(cell)
            if v is None:
                name = f" ({header[j]})" if header else ""
                what = "an empty cell" if not cell.strip() else f"{cell!r:.40} is not a number"
                raise InputError(f"{path}, line {line}, column {j + 1}{name}: {what}")
            row.append(v)
        rows.append(row)
        lines.append(line)
    if not columns:
        raise InputError(f"{path}: no numeric columns besides the label column")
    return _finish(path, rows, columns, labels, lines)


def json_lines(path: Path):
    """``(line number, value)`` for each non-blank line of a JSON-lines file
    (``.gz`` read through gzip); invalid JSON names its line and column."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}, line {line_no}, column {exc.colno}: invalid JSON ({exc.msg})") from None


def read_jsonl(path: Path, label_col: str | None = None) -> Table:
    """One JSON value a line: an array of numbers, or an object of named numbers."""
    rows: list = []
    lines: list[int] = []
    labels: list[str] | None = [] if label_col else None
    columns = None
    for line_no, rec in json_lines(path):
        if isinstance(rec, dict):
            if label_col is not None:
                if label_col not in rec:
                    raise InputError(f"{path}, line {line_no}: no label field {label_col!r}")
                assert labels is not None
                labels.append(str(rec.pop(label_col)))
            keys = list(rec)
            if columns is None:
                columns = keys
            elif keys != columns:
                raise InputError(f"{path}, line {line_no}: fields {keys[:8]} differ from the first line's {columns[:8]}")
            values = list(rec.values())
        elif isinstance(rec, list):
            if label_col is not None:
                raise InputError(f"{path}, line {line_no}: a label column needs one JSON object a line")
            values = rec
            if columns is None:
                columns = [f"x{j}" for j in range(len(rec))]
            elif len(rec) != len(columns):
                raise InputError(f"{path}, line {line_no}: ragged row: {len(rec)} values where line 1 has {len(columns)}")
        else:
            raise InputError(f"{path}, line {line_no}: expected a JSON array or object, got {type(rec).__name__}")
        for j, v in enumerate(values):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise InputError(f"{path}, line {line_no}, column {j + 1} ({columns[j]}): {v!r:.40} is not a number")
        rows.append(values)
        lines.append(line_no)
    if columns is not None and not columns:
        raise InputError(f"{path}: the rows hold no values")
    return _finish(path, rows, columns or [], labels, lines)


def _from_array(path: Path, a: np.ndarray, what: str) -> Table:
    if a.dtype.kind not in "biuf":
        raise InputError(f"{path}: {what} has dtype {a.dtype}, not numbers")
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if a.ndim != 2:
        raise InputError(f"{path}: {what} must be 2-D (one vector a row), got shape {a.shape}")
    if a.size == 0:
        raise InputError(f"{path}: {what} is empty (shape {a.shape})")
    a = a.astype(np.float64)
    bad = ~np.isfinite(a)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"{path}: {what} holds a non-finite value (NaN or Inf) in row {i}, column {j}")
    return Table(a, [f"x{j}" for j in range(a.shape[1])], None, str(path))


def read_npy(path: Path) -> Table:
    try:
        a = np.load(path, allow_pickle=False)
    except ValueError as exc:
        raise InputError(f"{path}: not a plain numeric .npy file ({exc})") from None
    return _from_array(path, a, "the array")


def read_npz(path: Path, key: str | None = None, label_col: str | None = None) -> Table:
    with np.load(path, allow_pickle=False) as z:
        names = list(z.files)
        if not names:
            raise InputError(f"{path}: the archive holds no arrays")
        if key is None:
            key = next((k for k in names if k != label_col), names[0])
        if key not in names:
            raise InputError(f"{path}: no array {key!r} (arrays: {', '.join(names)})")
        table = _from_array(path, z[key], f"array {key!r}")
        if label_col is not None:
            if label_col not in names:
                raise InputError(f"{path}: no label array {label_col!r} (arrays: {', '.join(names)})")
            labels = [str(v) for v in z[label_col].tolist()]
            if len(labels) != len(table.X):
                raise InputError(f"{path}: {len(labels)} labels for {len(table.X)} rows")
            table.labels = labels
    return table


def read_parquet(path: Path, label_col: str | None = None) -> Table:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_extra("pyarrow", "parquet") from None
    t = pq.read_table(path)
    names = list(t.column_names)
    labels = None
    if label_col is not None:
        if label_col not in names:
            raise InputError(f"{path}: label column {label_col!r} not found ({', '.join(names)})")
        labels = [str(v) for v in t.column(label_col).to_pylist()]
    columns = [c for c in names if c != label_col]
    rows = []
    for c in columns:
        col = t.column(c)
        if col.type.id not in _numeric_type_ids():
            raise InputError(f"{path}, column {names.index(c) + 1} ({c}): type {col.type} is not numeric")
        values = np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)
        rows.append(values)
    X = np.stack(rows, axis=1) if rows else np.zeros((t.num_rows, 0))
    table = _from_array(path, X, "the table")
    table.columns, table.labels = columns, labels
    return table


def _numeric_type_ids() -> set:
    import pyarrow as pa

    return {pa.int8().id, pa.int16().id, pa.int32().id, pa.int64().id, pa.uint8().id, pa.uint16().id,
            pa.uint32().id, pa.uint64().id, pa.float16().id, pa.float32().id, pa.float64().id, pa.bool_().id}


def read_table(path: str | Path, *, label_col: str | None = None, key: str | None = None) -> Table:
    """Read vectors from a file; the format comes from the suffix."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_delimited(path, ",", label_col)
    if suffix == ".tsv":
        return read_delimited(path, "\t", label_col)
    if suffix == ".jsonl":
        return read_jsonl(path, label_col)
    if suffix == ".npy":
        if label_col is not None:
            raise InputError(f"{path}: a .npy file holds no label column; use .npz with a label array")
        return read_npy(path)
    if suffix == ".npz":
        return read_npz(path, key, label_col)
    if suffix == ".parquet":
        return read_parquet(path, label_col)
    raise InputError(f"{path}: unknown format {suffix or '(no suffix)'!r}; use one of {', '.join(FORMATS)}")
