"""Read vectors from files: .csv, .tsv, .npy, .npz, .parquet and .jsonl.

Every reader returns a :class:`Table`. Errors name the file and, for text
formats, the line and column (lines and columns count from 1, as an editor
shows them).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import struct
import tokenize
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vec2face.errors import InputError, missing_extra
from vec2face.io.files import check_file, counted, located, one_line, read_text, shown, shown_path
from vec2face.io.inputs import dtype_problem, label_text

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
        notes: what the reader chose that the user may want to know (which
            array of an archive it read).
    """

    X: np.ndarray
    columns: list[str]
    labels: list[str] | None = None
    source: str = ""
    extra: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __array__(self, dtype=None, copy=None):
        return self.X if dtype is None else self.X.astype(dtype)

    def rows(self, index) -> Table:
        """The rows at ``index`` (a slice or an array of row numbers), as a table."""
        idx = np.arange(len(self.X))[index]
        labels = None if self.labels is None else [self.labels[i] for i in idx]
        return Table(self.X[idx], list(self.columns), labels, self.source, dict(self.extra), list(self.notes))


def _cell_value(path: Path, line: int, column: int, name: str | None, cell: str, labels_free: bool = False) -> float:
    """A CSV cell as a finite float, or a located InputError that says what is wrong with it
    (``labels_free``: no label column was named, so text in a named column may be one)."""
    where = located(path, line, column, name)
    try:
        v = float(cell)
    except ValueError:
        what = "an empty cell" if not cell.strip() else f"{shown(cell)} is not a number"
        if cell.strip() and labels_free and name:
            what += f" (if column {one_line(name)!r} holds labels, name it: --label-col {shell_word(name)})"
        raise InputError(f"{where}: {what}") from None
    if math.isfinite(v):
        return v
    if math.isnan(v):
        raise InputError(f"{where}: NaN; values must be finite")
    if cell.strip().lstrip("+-").lower() in ("inf", "infinity"):
        raise InputError(f"{where}: Inf (infinite); values must be finite")
    raise InputError(f"{where}: {shown(cell.strip(), 24)} is too large for a 64-bit float (beyond ±1.8e308)")


def _is_float(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _finish(path: Path, rows: list[list[float]], columns: list[str], labels, lines: list[int]) -> Table:
    if not rows:
        raise InputError(f"{shown_path(path)}: no data rows")
    X = np.asarray(rows, dtype=np.float64)
    bad = ~np.isfinite(X)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        kind = "NaN" if np.isnan(X[i, j]) else "Inf (infinite)"
        raise InputError(f"{located(path, lines[i], j + 1, columns[j])}: {kind}; values must be finite")
    return Table(X, columns, labels, str(path))


def column_index(path: Path, header: list[str] | None, width: int, col: str | None, what: str = "label") -> int | None:
    """The 0-based index of the ``what`` column (label, text): a header name, or a column number counted from 1."""
    if col is None:
        return None
    if header is not None and col in header:
        j = header.index(col)
        if col.strip().isdigit() and int(col) - 1 != j and 1 <= int(col) <= width:
            raise InputError(f"{shown_path(path)}: {what} column {col!r} is ambiguous: column {col} "
                             f"(counted from 1) is named {one_line(header[int(col) - 1])!r}, while the column "
                             f"named {col!r} is column {j + 1}; rename that column")
        return j
    if col.strip().isdigit():
        k = int(col)
        if 1 <= k <= width:
            return k - 1
        raise InputError(f"{shown_path(path)}: {what} column {k} is out of range: the file has {width} "
                         f"column{'s' if width != 1 else ''} (1 to {width})")
    have = f"columns: {', '.join(one_line(h, 30) for h in header[:20])}" if header else "no header row"
    raise InputError(f"{shown_path(path)}: {what} column {one_line(col)!r} not found ({have}; "
                     "or give a column number, counted from 1)")


@contextlib.contextmanager
def _csv_field_limit(limit: int):
    """csv's per-cell limit (131,072 characters) raised to ``limit`` while a file is read."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(limit, 2**31 - 1)))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def csv_records(path: Path, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank record, the line being where the record starts."""
    text = read_text(path)
    with _csv_field_limit(len(text) + 1):
        for strict in (True, False):  # strictly first, only to find a quote never closed; then as Excel writes
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
            records = []
            start = 1
            try:
                for rec in reader:
                    if rec and any(c.strip() for c in rec):
                        records.append((start, rec))
                    start = reader.line_num + 1
            except csv.Error as exc:
                if strict and "unexpected end of data" in str(exc):
                    raise InputError(f"{located(path, start)}: a quoted cell opened on this line is never closed "
                                     "(it would swallow the rest of the file)") from None
                if strict:
                    continue
                raise InputError(f"{located(path, reader.line_num)}: not valid {'CSV' if delimiter == ',' else 'TSV'} "
                                 f"({exc})") from None
            break
    return records


def header_names(path: Path, line: int, cells: list[str]) -> list[str]:
    """A header row's column names (a blank one named by its place), each once, or a located InputError."""
    header = [c.strip() or f"x{j + 1}" for j, c in enumerate(cells)]
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if name in seen:
            raise InputError(f"{located(path, line, j + 1, name)}: the header names column {one_line(name)!r} twice "
                             f"(columns {seen[name] + 1} and {j + 1}); give each column its own name")
        seen[name] = j
    return header


def read_delimited(path: Path, delimiter: str, label_col: str | None = None) -> Table:
    """CSV or TSV; the first row is a header when any of its cells is text (not a number, not blank)."""
    records = csv_records(path, delimiter)
    if not records:
        raise InputError(f"{shown_path(path)}: the file is empty")
    first, first_line = records[0][1], records[0][0]
    header = None
    if not all(_is_float(c) or not c.strip() for c in first):  # numbers and blanks: a row of data with a gap
        header = header_names(path, first_line, first)
        records = records[1:]
    for reads, sep, advice in ((",", ";", "semicolons; vec2face reads commas (.csv) or tabs (.tsv): save the table "
                                          "with commas"),
                               (",", "\t", "tabs; vec2face reads commas (.csv) or tabs (.tsv): name the file .tsv"),
                               ("\t", ",", "commas; vec2face reads tabs in a .tsv: name the file .csv")):
        if delimiter == reads and len(first) == 1 and sep in first[0]:  # one cell a row: another separator
            raise InputError(f"{located(path, records[0][0] if header is None else 1)}: the cells are separated by "
                             f"{advice}")
    width = len(header) if header else len(first)
    li = column_index(path, header, width, label_col)
    columns = [c for j, c in enumerate(header or [f"x{j + 1}" for j in range(width)]) if j != li]
    rows: list[list[float]] = []
    lines: list[int] = []
    labels: list[str] | None = [] if li is not None else None
    for line, rec in records:
        if len(rec) != width:
            raise InputError(f"{located(path, line, min(len(rec), width) + 1)}: ragged row: "
                             f"{counted(len(rec), 'cell')} where the {'header' if header else 'first row'} has "
                             f"{width} ({_odd_cell(len(rec), width)})")
        row = []
        for j, cell in enumerate(rec):
            if j == li:
                assert labels is not None
                labels.append(cell)
                continue
            row.append(_cell_value(path, line, j + 1, header[j] if header else None, cell, li is None))
        rows.append(row)
        lines.append(line)
    if not columns:
        raise InputError(f"{shown_path(path)}: no numeric columns besides the label column")
    table = _finish(path, rows, columns, labels, lines)
    table.extra["label_column"] = li  # 0-based, in the file: where --feature's column numbers skip it
    table.extra["label_name"] = header[li] if header and li is not None else None
    numbers = [c.strip() for c in first if _is_float(c)] if header is not None else []
    if numbers:  # a header of numbers may be a first row of data beside a label: say how it was read
        table.notes.append(f"line {first_line} was read as the header, though "
                           f"{counted(len(numbers), 'cell')} of it ({', '.join(one_line(c, 12) for c in numbers[:4])}"
                           f"{', ...' if len(numbers) > 4 else ''}) {'is a number' if len(numbers) == 1 else 'are numbers'}"
                           "; if it is data, add a header row naming the columns")
    if header is not None and not first[0].strip() and li != 0 and len(columns) > 1 and \
            np.array_equal(table.X[:, 0], np.arange(len(table.X))):  # the index pandas' to_csv writes
        table.X = np.ascontiguousarray(table.X[:, 1:])
        table.columns = table.columns[1:]
        table.extra["index_column"] = 0
        table.notes.append("column 1 has no name and counts the rows from 0: read as the row index that pandas' "
                           "to_csv writes, not drawn (name it in the header to draw it)")
    return table


def shell_word(text: str) -> str:
    """``text`` as one word a shell reads back as it is (quoted where it must be)."""
    import shlex

    return shlex.quote(one_line(text, 60))


class _Huge(str):
    """A JSON number too large for a float64, kept as its text."""


def _json_float(text: str):
    v = float(text)
    return _Huge(text) if math.isinf(v) else v


def _json_int(text: str):
    if len(text) > 300 and math.isinf(float(text)):  # float() reads any length; int() stops at 4,300 digits
        return _Huge(text)
    return int(text)


def _json_value(path: Path, line_no: int, line: str):
    try:
        return json.loads(line, parse_float=_json_float, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        # json says where the fault starts by its position: 'Unterminated string starting at' (the column, given before)
        msg = exc.msg[:-3] + " here" if exc.msg.endswith(" at") else exc.msg
        raise InputError(f"{located(path, line_no, exc.colno)}: invalid JSON ({msg})") from None
    except RecursionError:
        raise InputError(f"{located(path, line_no)}: invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"{located(path, line_no)}: invalid JSON ({exc})") from None


def json_lines(path: Path):
    """``(line number, value)`` for each non-blank line of a JSON-lines file
    (``.gz`` read through gzip); invalid JSON names its line and column.

    Lines end at ``\\n`` only (JSON text may hold other line separators).
    Numbers too large for a float64 come back as :func:`number_problem` sees them.
    """
    text = read_text(path)
    for line_no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        yield line_no, _json_value(path, line_no, line)


def number_problem(v) -> str | None:
    """Why a value read from JSON is not a finite number (None when it is one)."""
    if isinstance(v, _Huge):
        return f"{shown(str(v), 24)} is too large for a 64-bit float (beyond ±1.8e308)"
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        as_json = {None: "null", True: "true", False: "false"}.get(v) if v is None or isinstance(v, bool) else None
        return f"{as_json or shown(v)} is not a number"  # as the file wrote it: null, not Python's None
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN; values must be finite" if math.isnan(v) else "Inf (infinite); values must be finite"
    return None


def _odd_cell(got: int, want: int, what: str = "cell") -> str:
    """Which cell of a ragged row is the first one wrong, counted from 1."""
    return f"{what} {got + 1} is missing" if got < want else f"{what} {want + 1} is one too many"


def read_jsonl(path: Path, label_col: str | None = None) -> Table:
    """One JSON value a line: an array of numbers, or an object of named numbers."""
    rows: list = []
    lines: list[int] = []
    labels: list[str] | None = [] if label_col else None
    columns = None
    label_at = None  # the label field's place among the first object's fields, 0-based
    for line_no, rec in json_lines(path):
        where = located(path, line_no)
        fields = None  # the line's fields, the label's among them, where a label is taken out
        if isinstance(rec, dict):
            if label_col is not None:
                if columns is None and label_col not in rec:  # a number counts the first object's fields from 1
                    label_col = list(rec)[column_index(path, list(rec), len(rec), label_col)]  # type: ignore[index]
                if label_col not in rec:
                    raise InputError(f"{where}: no label field {one_line(label_col)!r}")
                fields = list(rec)
                if columns is None:
                    label_at = fields.index(label_col)
                assert labels is not None
                labels.append(label_text(rec.pop(label_col)))  # null: a missing label, not 'None'
            keys = list(rec)
            if columns is None:
                columns = keys
            elif keys != columns:
                raise InputError(f"{where}: fields {shown(keys[:8], 80)} differ from the first line's "
                                 f"{shown(columns[:8], 80)}")
            values = list(rec.values())
        elif isinstance(rec, list):
            if label_col is not None:
                raise InputError(f"{where}: a label column needs one JSON object a line")
            values = rec
            if columns is None:
                columns = [f"x{j + 1}" for j in range(len(rec))]
            elif len(rec) != len(columns):
                raise InputError(f"{where}: ragged row: {counted(len(rec), 'value')} where the first row has {len(columns)} "
                                 f"({_odd_cell(len(rec), len(columns), 'value')})")
        else:
            raise InputError(f"{where}: expected a JSON array or object, got {type(rec).__name__}")
        for j, v in enumerate(values):
            problem = number_problem(v)
            if problem:  # the column counts the line's fields, the label's too
                column = fields.index(columns[j]) + 1 if fields else j + 1
                raise InputError(f"{located(path, line_no, column, columns[j])}: {problem}")
        rows.append(values)
        lines.append(line_no)
    if columns is not None and not columns:
        raise InputError(f"{shown_path(path)}: the rows hold no values")
    table = _finish(path, rows, columns or [], labels, lines)
    table.extra["label_column"], table.extra["label_name"] = label_at, label_col
    return table


def _from_array(path: Path, a: np.ndarray, what: str) -> Table:
    problem = dtype_problem(a.dtype)
    if problem:
        raise InputError(f"{shown_path(path)}: {what} {problem}")
    one_row = a.ndim == 1
    if one_row:
        a = a.reshape(1, -1)
    if a.ndim != 2:
        raise InputError(f"{shown_path(path)}: {what} must be 2-D (one vector a row), got shape {a.shape}")
    if a.size == 0:
        raise InputError(f"{shown_path(path)}: {what} is empty (shape {a.shape})")
    with np.errstate(over="ignore"):
        x = a.astype(np.float64)
    bad = ~np.isfinite(x)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        if a.dtype.kind == "f" and np.isfinite(a[i, j]):
            kind = "a value too large for a 64-bit float (beyond ±1.8e308)"
        else:
            kind = "NaN" if np.isnan(x[i, j]) else "Inf (infinite)"
        raise InputError(f"{located(path, row=i + 1, column=j + 1)}: {what} holds {kind}; values must be finite "
                         "(rows and columns counted from 1)")
    table = Table(x, [f"x{j + 1}" for j in range(x.shape[1])], None, str(path))
    if one_row and x.shape[1] > 1:  # a label array or a single vector: say which way it was read
        table.notes.append(f"{shown_path(path)}: {what} is 1-D, so it was read as one vector of "
                           f"{counted(x.shape[1], 'value')} (one face); give a 2-D array for one face a row")
    return table


# What np.load raises on a damaged file, besides the header checks below.
_LOAD_ERRORS = (ValueError, TypeError, OverflowError, EOFError, OSError, SyntaxError, tokenize.TokenError, zlib.error,
                zipfile.BadZipFile, NotImplementedError, RuntimeError, struct.error, KeyError, IndexError, MemoryError)


def _npy_array(fh, size: int, where: str, what: str, *, labels: bool = False) -> np.ndarray:
    """The array of a .npy stream of ``size`` bytes, its header checked before any data is read:
    no object arrays (nothing is unpickled), no dtype that is not numbers, no shape the file cannot hold."""
    fmt = np.lib.format
    try:
        version = fmt.read_magic(fh)
        if version == (1, 0):
            shape, fortran_order, dtype = fmt.read_array_header_1_0(fh)
        else:
            shape, fortran_order, dtype = fmt.read_array_header_2_0(fh)
        offset = fh.tell()
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:  # a damaged archive member
        raise InputError(f"{where}: {what} cannot be read ({one_line(exc, 120)})") from None
    except _LOAD_ERRORS as exc:
        raise InputError(f"{where}: not a .npy array ({one_line(exc, 120)})") from None
    if dtype.hasobject:
        raise InputError(f"{where}: {what} holds Python objects (dtype object); vec2face loads no pickled data, "
                         "so save plain numbers (np.save(path, a.astype(float)))")
    problem = dtype_problem(dtype)
    if labels and dtype.kind in "US":
        problem = None
    if problem:
        raise InputError(f"{where}: {what} {problem}")
    count = math.prod(shape)
    if count * dtype.itemsize > size - offset:
        raise InputError(f"{where}: {what} is cut short: its header gives shape {shape} of {dtype} "
                         f"({count * dtype.itemsize} bytes), but only {max(size - offset, 0)} bytes follow")
    fh.seek(0)
    try:
        return fmt.read_array(fh, allow_pickle=False)
    except _LOAD_ERRORS as exc:
        raise InputError(f"{where}: {what} cannot be read ({one_line(exc, 120)})") from None


def read_npy(path: Path) -> Table:
    """A ``.npy`` file: one numeric array, ``(d,)`` or ``(n, d)``."""
    path = check_file(path)
    try:
        with open(path, "rb") as fh:
            a = _npy_array(fh, os.fstat(fh.fileno()).st_size, shown_path(path), "the array")
    except OSError as exc:
        raise InputError(f"{shown_path(path)}: cannot read it ({exc.strerror or exc})") from None
    return _from_array(path, a, "the array")


def _npz_arrays(path: Path) -> dict[str, zipfile.ZipInfo]:
    try:
        zf = zipfile.ZipFile(path)
    except _LOAD_ERRORS as exc:
        raise InputError(f"{shown_path(path)}: not a .npz archive (a zip file of .npy arrays): {one_line(exc, 120)}") from None
    with zf:
        return {info.filename[:-4]: info for info in zf.infolist() if info.filename.endswith(".npy")}


def _npz_member(path: Path, info: zipfile.ZipInfo, what: str, *, labels: bool = False) -> np.ndarray:
    where = f"{shown_path(path)}, {what}"
    try:
        with zipfile.ZipFile(path) as zf, zf.open(info) as fh:
            return _npy_array(fh, info.file_size, where, "it", labels=labels)
    except InputError:
        raise
    except _LOAD_ERRORS as exc:  # a damaged archive (bad CRC, truncated data)
        raise InputError(f"{where}: cannot be read ({one_line(exc, 120)})") from None


def _npz_ndim(path: Path, info: zipfile.ZipInfo) -> int | None:
    """How many dimensions an archive's array has, from its header alone (None if it cannot be read)."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(info) as fh:
            version = np.lib.format.read_magic(fh)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            return len(read(fh)[0])
    except Exception:  # a damaged member: reading it in full says what is wrong
        return None


def read_npz(path: Path, key: str | None = None, label_col: str | None = None) -> Table:
    """A ``.npz`` archive: the vectors in array ``key`` (default: the first that is
    not the label array), labels in array ``label_col``."""
    path = check_file(path)
    members = _npz_arrays(path)
    names = list(members)
    listed = shown(names, 80)
    if not names:
        raise InputError(f"{shown_path(path)}: the archive holds no arrays")
    chosen = key is None
    if key is None:  # the first table of vectors (2-D), not the label array; a 1-D array is more likely labels
        candidates = [k for k in names if k != label_col] or names
        key = next((k for k in candidates if _npz_ndim(path, members[k]) == 2), candidates[0])
    if key not in members:
        raise InputError(f"{shown_path(path)}: no array {one_line(key)!r} (arrays: {listed})")
    what = f"array {one_line(key)!r}"
    table = _from_array(path, _npz_member(path, members[key], what), what)
    if label_col is not None:
        if label_col not in members:
            raise InputError(f"{shown_path(path)}: no label array {one_line(label_col)!r} (arrays: {listed})")
        what = f"label array {one_line(label_col)!r}"
        raw = _npz_member(path, members[label_col], what, labels=True)
        if raw.ndim != 1:
            raise InputError(f"{shown_path(path)}: {what} must be 1-D (one label a row), got shape {raw.shape}")
        if raw.dtype.kind not in "biufUS":
            raise InputError(f"{shown_path(path)}: {what} has dtype {raw.dtype}; labels must be text or numbers")
        labels = [label_text(v) for v in raw.tolist()]  # bytes decoded; NaN a missing label
        if len(labels) != len(table.X):
            raise InputError(f"{shown_path(path)}: {what} holds {len(labels)} labels for {len(table.X)} rows")
        table.labels = labels
    others = [k for k in names if k not in (key, label_col)]
    if chosen and others:
        which = "first 2-D one" if table.X.shape[0] > 1 or _npz_ndim(path, members[key]) == 2 else "first"
        besides = [k for k in names if k != label_col]  # the arrays it was chosen among
        table.notes.append(f"{shown_path(path)}: read array {one_line(key)!r}, the {which} of "
                           f"{counted(len(besides), 'array')}{' besides the labels' if label_col in members else ''} "
                           f"({shown(besides, 80)}); --key chooses another")
    return table


def parquet_table(path: Path):
    """A checked file read as a pyarrow Table (the [parquet] extra), or an InputError saying why not."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_extra("pyarrow", "parquet") from None
    path = check_file(path)
    try:
        return pq.read_table(path)
    except (pa.ArrowException, *_LOAD_ERRORS) as exc:
        raise InputError(f"{shown_path(path)}: not a readable Parquet file ({one_line(exc, 120)})") from None


def read_parquet(path: Path, label_col: str | None = None) -> Table:
    """A Parquet table: every column but the label column must be numbers (no nulls)."""
    t = parquet_table(path)  # first: without pyarrow, it names the [parquet] extra
    import pyarrow as pa
    names = list(t.column_names)
    labels = None
    if label_col is not None:
        label_col = names[column_index(path, names, len(names), label_col)]  # type: ignore[index]  # a name or a number
        labels = [label_text(v) for v in t.column(label_col).to_pylist()]
    columns = [c for c in names if c != label_col]
    rows = []
    for c in columns:
        col = t.column(c)
        where = located(path, column=names.index(c) + 1, name=c)
        typ = col.type
        if pa.types.is_timestamp(typ) or pa.types.is_date(typ) or pa.types.is_time(typ):
            raise InputError(f"{where}: type {typ} holds dates or times, not numbers; convert them first, "
                             "e.g. to seconds since 1970")
        if pa.types.is_duration(typ):
            raise InputError(f"{where}: type {typ} holds time spans, not numbers; convert them first, e.g. to seconds")
        if not (pa.types.is_integer(typ) or pa.types.is_floating(typ) or pa.types.is_boolean(typ)):
            raise InputError(f"{where}: type {typ} is not numeric")
        if col.null_count:
            first = int(np.flatnonzero(np.asarray(col.is_null().to_numpy(zero_copy_only=False)))[0])
            raise InputError(f"{located(path, row=first + 1, column=names.index(c) + 1, name=c)}: an empty (null) "
                             "value; values must be numbers (rows counted from 1)")
        with np.errstate(over="ignore"):
            rows.append(np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64))
    X = np.stack(rows, axis=1) if rows else np.zeros((t.num_rows, 0))
    table = _from_array(path, X, "the table")
    table.columns, table.labels = columns, labels
    table.extra["label_column"] = None if label_col is None else names.index(label_col)
    table.extra["label_name"] = label_col
    return table


def read_table(path: str | Path, *, label_col: str | None = None, key: str | None = None) -> Table:
    """Read vectors from a file; the format comes from the suffix.

    Every failure is an :class:`~vec2face.errors.InputError` of one line that
    names the file and the place (line or row, and column, counted from 1).
    """
    path = check_file(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_delimited(path, ",", label_col)
    if suffix == ".tsv":
        return read_delimited(path, "\t", label_col)
    if suffix == ".jsonl":
        return read_jsonl(path, label_col)
    if suffix == ".npy":
        if label_col is not None:
            raise InputError(f"{shown_path(path)}: a .npy file holds no label column; use .npz with a label array")
        return read_npy(path)
    if suffix == ".npz":
        return read_npz(path, key, label_col)
    if suffix == ".parquet":
        return read_parquet(path, label_col)
    raise InputError(f"{shown_path(path)}: unknown format {one_line(suffix or '(no suffix)')!r}; "
                     f"use one of {', '.join(FORMATS)}")
