"""Text files to lists of texts: one a line, or fortune-style files separated by ``%`` lines."""

from __future__ import annotations

from pathlib import Path

from vec2face.errors import InputError
from vec2face.io.files import located, read_text, shown_path


def read_texts(path) -> list[str]:
    """One text a line (blank lines refused, with their numbers), or fortune-style
    files whose texts are separated by lines holding only ``%``. The file must
    be UTF-8 (or UTF-16 with a byte order mark); a bad byte is reported where it is."""
    path = Path(path)
    raw = read_text(path).replace("\r\n", "\n").replace("\r", "\n")  # as universal newlines read it
    if any(line.strip() == "%" for line in raw.splitlines()):
        return [t.strip() for t in raw.split("\n%\n") if t.strip()]
    lines = raw.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    empty = [i + 1 for i, line in enumerate(lines) if not line.strip()]
    if empty:
        raise InputError(f"{located(path, empty[0])}: an empty text ({len(empty)} empty line(s) in all)")
    if not lines:
        raise InputError(f"{shown_path(path)}: the file holds no texts")
    return lines


TEXT_TABLES = (".csv", ".tsv", ".jsonl", ".parquet")


def read_text_table(path, *, text_col: str = "text", label_col: str | None = None) -> tuple[list[str], list[str] | None]:
    """Texts (and labels) from a column of a table: .csv, .tsv, .jsonl or .parquet.

    Returns ``(texts, labels or None)``. A missing column, or an empty text,
    is an InputError that names the file, and the row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in TEXT_TABLES:
        raise InputError(f"{path}: a table of texts must be {', '.join(TEXT_TABLES)}")
    if suffix in (".csv", ".tsv"):
        import csv

        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            records = list(csv.DictReader(f, delimiter="," if suffix == ".csv" else "\t"))
        where = "row"
    elif suffix == ".jsonl":
        import json

        records = []
        for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}, line {i}: not JSON ({exc.msg})") from None
                if not isinstance(rec, dict):
                    raise InputError(f"{path}, line {i}: not a JSON object")
                records.append(rec)
        where = "line"
    else:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            from vec2face.errors import missing_extra

            raise missing_extra("pyarrow", "parquet") from None
        records = pq.read_table(path).to_pylist()
        where = "row"
    if not records:
        raise InputError(f"{path}: the table holds no rows")
    for col, what in ((text_col, "text"), (label_col, "label")):
        if col is not None and col not in records[0]:
            raise InputError(f"{path}: no {what} column {col!r} (columns: {', '.join(map(str, records[0]))})")
    texts = ["" if r.get(text_col) is None else str(r.get(text_col)) for r in records]
    empty = [i + 1 for i, t in enumerate(texts) if not t.strip()]
    if empty:
        raise InputError(f"{path}, {where} {empty[0]}: an empty text ({len(empty)} empty in all)")
    labels = [str(r.get(label_col)) for r in records] if label_col is not None else None
    return texts, labels
