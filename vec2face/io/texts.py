"""Text files to lists of texts: one a line, or fortune-style files separated by ``%`` lines."""

from __future__ import annotations

from pathlib import Path

from vec2face.errors import InputError
from vec2face.io.files import check_file, counted, located, one_line, read_text, shown_path
from vec2face.io.inputs import label_text


def read_texts(path) -> list[str]:
    """One text a line (blank lines refused, with their numbers), or fortune-style
    files whose texts are separated by lines holding only ``%``. The file must
    be UTF-8 (or UTF-16 with a byte order mark); a bad byte is reported where it is."""
    path = Path(path)
    raw = read_text(path).replace("\r\n", "\n").replace("\r", "\n")  # as universal newlines read it
    # lines end at a newline only: a form feed or U+2028 inside a text neither splits it nor moves the line numbers
    lines = raw.split("\n")
    if any(line.strip() == "%" for line in lines):
        texts: list[str] = []
        text: list[str] = []
        for line in lines + ["%"]:
            if line.strip() == "%":
                if "\n".join(text).strip():
                    texts.append("\n".join(text).strip())
                text = []
            else:
                text.append(line)
        return texts
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

    Returns ``(texts, labels or None)``. Columns are named as in the header
    (a CSV or TSV table's first row; a JSON object's fields; Parquet's columns)
    or, in a CSV, TSV or Parquet table, numbered from 1
    (:func:`~vec2face.io.readers.column_index`, as for tables of vectors). The file is read as vectors are
    (:mod:`vec2face.io.readers`): UTF-8 or UTF-16 with a byte order mark, a
    quote never closed, a ragged row, a header naming a column twice, a line
    that is not a JSON object, a missing field or an empty text are each an
    InputError naming the file and the line (or, in Parquet, the row).
    """
    from vec2face.io.readers import column_index, csv_records, header_names, json_lines, parquet_table

    path = check_file(path)
    where = shown_path(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_TABLES:
        raise InputError(f"{where}: a table of texts must be {', '.join(TEXT_TABLES)}")
    # (line or row, text, label) of each record
    rows: list[tuple[int, object, object]] = []
    if suffix in (".csv", ".tsv"):
        records = csv_records(path, "," if suffix == ".csv" else "\t")
        if not records:
            raise InputError(f"{where}: the file is empty")
        header = header_names(path, records[0][0], records[0][1])
        width = len(header)
        ti = column_index(path, header, width, text_col, "text")
        assert ti is not None  # a text column is always named
        li = column_index(path, header, width, label_col)
        for line, rec in records[1:]:
            if len(rec) != width:
                raise InputError(f"{located(path, line, min(len(rec), width) + 1)}: ragged row: "
                                 f"{counted(len(rec), 'cell')} where the header has {width}")
            rows.append((line, rec[ti], None if li is None else rec[li]))
    elif suffix == ".jsonl":
        for line, rec in json_lines(path):
            if not isinstance(rec, dict):
                raise InputError(f"{located(path, line)}: not a JSON object (one object a line, with a field "
                                 f"{one_line(text_col)!r})")
            for col, what in ((text_col, "text"), (label_col, "label")):
                if col is not None and col not in rec:
                    raise InputError(f"{located(path, line)}: no {what} field {one_line(col)!r} "
                                     f"(fields: {', '.join(one_line(k, 30) for k in list(rec)[:20])})")
            rows.append((line, rec[text_col], None if label_col is None else rec[label_col]))
    else:
        table = parquet_table(path)
        names = list(table.column_names)
        ti, li = (column_index(path, names, len(names), col, what) for col, what in ((text_col, "text"),
                                                                                     (label_col, "label")))
        assert ti is not None  # a text column is always named
        texts_in = table.column(ti).to_pylist()
        labels_in = table.column(li).to_pylist() if li is not None else [None] * len(texts_in)
        rows = [(i + 1, t, lab) for i, (t, lab) in enumerate(zip(texts_in, labels_in))]
    if not rows:
        raise InputError(f"{where}: the table holds no rows")
    texts = ["" if t is None else str(t) for _, t, _ in rows]
    empty = [line for (line, _, _), t in zip(rows, texts) if not t.strip()]
    if empty:
        at = located(path, row=empty[0]) if suffix == ".parquet" else located(path, empty[0])
        raise InputError(f"{at}: an empty text ({len(empty)} empty in all)")
    labels = [label_text(lab) for _, _, lab in rows] if label_col is not None else None
    return texts, labels
