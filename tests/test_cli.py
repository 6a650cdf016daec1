"""The vec2face command, through typer's CliRunner: exit codes, output, files."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg, render_png
from typer.testing import CliRunner

import vec2face
from vec2face.cli import app
from vec2face.errors import Vec2FaceError

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def test_draw_svg_png_pdf(tmp_path):
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")):
        out = tmp_path / f"f{suffix}"
        r = run("draw", "0.3", "-1.2", "2.0", "-o", out, "--seed", "1")
        assert r.exit_code == 0, r.output
        assert out.read_bytes().startswith(magic)


def test_draw_png_shows_a_face(tmp_path):
    out = tmp_path / "f.svg"
    assert run("draw", 1, 2, 3, "-o", out).exit_code == 0
    img = render_png(out.read_text(), width=100)
    ink = img < 100
    assert 0.05 < ink.mean() < 0.6
    rows, cols = np.nonzero(ink)
    assert abs(cols.mean() - 50) < 6  # centred, symmetric-ish


def test_gallery_demo_with_legend(tmp_path):
    out = tmp_path / "wine.svg"
    r = run("gallery", "--demo", "wine", "-o", out, "--legend", "--columns", 12)
    assert r.exit_code == 0, r.output
    root = parse_svg(out.read_text())
    assert len(root.findall(f".//{SVG_NS}g[@class='v2f-face']")) == 178
    assert root.find(f".//{SVG_NS}g[@class='v2f-legend']") is not None


@pytest.mark.parametrize("name", ["wine", "digits", "iris", "breast_cancer"])
def test_every_demo_the_help_offers_draws(tmp_path, name):
    out = tmp_path / f"{name}.svg"
    r = run("gallery", "--demo", name, "-o", out, "--limit", 4, "--legend")
    assert r.exit_code == 0, r.output
    root = parse_svg(out.read_text())
    assert len(root.findall(f".//{SVG_NS}g[@class='v2f-face']")) == 4


def _write(path, X, labels=None):
    suffix = path.suffix
    cols = [f"c{j}" for j in range(X.shape[1])]
    if suffix in (".csv", ".tsv"):
        sep = "," if suffix == ".csv" else "\t"
        head = sep.join((["name"] if labels else []) + cols)
        lines = [sep.join(([labels[i]] if labels else []) + [repr(float(v)) for v in row]) for i, row in enumerate(X)]
        path.write_text(head + "\n" + "\n".join(lines) + "\n")
    elif suffix == ".npy":
        np.save(path, X)
    elif suffix == ".npz":
        np.savez(path, vectors=X, **({"name": np.array(labels)} if labels else {}))
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps({**({"name": labels[i]} if labels else {}), **dict(zip(cols, map(float, row)))})
                                  for i, row in enumerate(X)))
    elif suffix == ".parquet":
        import pandas as pd

        df = pd.DataFrame(X, columns=cols)
        if labels:
            df.insert(0, "name", labels)
        df.to_parquet(path)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".npy", ".npz", ".jsonl", ".parquet"])
def test_gallery_reads_every_format(tmp_path, suffix):
    X = np.random.default_rng(0).standard_normal((9, 5))
    labels = None if suffix == ".npy" else [f"<row {i}>" for i in range(9)]
    src = tmp_path / f"v{suffix}"
    _write(src, X, labels)
    out = tmp_path / "g.svg"
    args = ["gallery", src, "-o", out, "--columns", 3] + (["--label-col", "name"] if labels else [])
    r = run(*args)
    assert r.exit_code == 0, r.output
    root = parse_svg(out.read_text())
    assert len(root.findall(f".//{SVG_NS}g[@class='v2f-face']")) == 9
    if labels:
        assert "<row 0>" in [t.text for t in root.iter(f"{SVG_NS}text")]


def test_feature_mapping_option(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("income,age\n1,20\n2,30\n3,50\n")
    out = tmp_path / "g.svg"
    assert run("gallery", src, "-o", out, "-s", "chernoff", "-f", "smile=income", "-f", "face_width=age",
               "--legend").exit_code == 0
    assert "smile \u2190 income" in out.read_text()
    r = run("gallery", src, "-o", out.with_name("h.svg"), "-s", "chernoff", "-f", "grin=income")
    assert r.exit_code == 2 and "unknown feature 'grin'" in r.output
    assert not out.with_name("h.svg").exists()


def test_feature_columns_by_number_count_from_1_in_the_file_as_label_col_does(tmp_path):
    src = tmp_path / "people.csv"
    src.write_text("name,income,age,height\nann,1,20,150\nbob,2,30,160\ncy,3,50,170\n")
    out = tmp_path / "g.svg"
    assert run("gallery", src, "-o", out, "-s", "chernoff", "--label-col", "name", "-f", "smile=2", "-f",
               "face_width=4", "--legend").exit_code == 0
    text = out.read_text()
    assert "smile \u2190 income" in text and "face_width \u2190 height" in text  # before: age and a refusal
    for number, message in (("1", "column 1 holds the labels (--label-col)"),
                            ("5", "the file has 4 columns, counted from 1")):
        r = run("gallery", src, "-o", tmp_path / "x.svg", "-s", "chernoff", "--label-col", "1", "-f", f"smile={number}")
        assert r.exit_code == 2 and message in r.output and not (tmp_path / "x.svg").exists()



@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_feature_columns_skip_the_label_column_in_every_table_format(tmp_path, suffix):
    """In a .parquet or .jsonl file, -f smile=2 with --label-col 1 took the third column, and -f smile=1 (the
    labels) or smile=name was drawn or refused as 'not in the data'."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    rows = [("ann", 1, 20, 150), ("bob", 2, 30, 160), ("cy", 3, 50, 170)]
    src = tmp_path / f"people{suffix}"
    if suffix == ".csv":
        src.write_text("name,income,age,height\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    else:
        import pandas as pd

        df = pd.DataFrame(rows, columns=["name", "income", "age", "height"])
        df.to_parquet(src) if suffix == ".parquet" else df.to_json(src, orient="records", lines=True)
    by_number, by_name = tmp_path / "n.svg", tmp_path / "m.svg"
    assert run("gallery", src, "-o", by_number, "-s", "chernoff", "--label-col", "1", "-f", "smile=2",
               "--legend").exit_code == 0
    assert run("gallery", src, "-o", by_name, "-s", "chernoff", "--label-col", "1", "-f", "smile=income",
               "--legend").exit_code == 0
    assert "smile \u2190 income" in by_number.read_text() and by_number.read_bytes() == by_name.read_bytes()
    for given, message in (("1", "column 1 holds the labels (--label-col)"),
                           ("name", "column 'name' holds the labels (--label-col)")):
        r = run("gallery", src, "-o", tmp_path / "x.svg", "-s", "chernoff", "--label-col", "name", "-f", f"smile={given}")
        assert r.exit_code == 2 and message in r.output and not (tmp_path / "x.svg").exists()


def test_a_jsonl_error_counts_the_label_field_among_the_columns(tmp_path):
    """A bad value after the label field was said to be one column to the left (the label had been taken out)."""
    src = tmp_path / "lc.jsonl"
    src.write_text('{"name": "x", "a": 1, "b": 2}\n{"name": "y", "a": 4, "b": "oops"}\n')
    r = run("gallery", src, "--label-col", "name", "-o", tmp_path / "o.svg")
    assert r.exit_code == 2 and "lc.jsonl, line 2, column 3 (b): 'oops' is not a number" in r.output

BAD_FILES = {
    "tabbed.csv": ("a\tb\n1\t2\n", "line 1: the cells are separated by tabs"),
    "commas.tsv": ("a,b\n1,2\n", "line 1: the cells are separated by commas"),
    "null.jsonl": ('{"a": 1, "b": null}\n', "line 1, column 2 (b): null is not a number"),
    "unclosed.csv": ('a,b,c\n1,2,3\n4,5,"6\n', "line 3: a quoted cell opened on this line is never closed"),
    "unclosed mid.csv": ('a,b,c\n1,2,"3\n4,5,6\n', "line 2: a quoted cell opened on this line is never closed"),
    "nan.csv": ("a,b\n1,2\n3,nan\n", "line 3, column 2 (b): NaN"),
    "inf.csv": ("a,b\n1,inf\n", "line 2, column 2 (b): Inf"),
    "text.csv": ("a,b\n1,2\n3,4\n5,abc\n", "line 4, column 2 (b): 'abc' is not a number"),
    "blank.csv": ("a,b\n1,\n", "line 2, column 2 (b): an empty cell"),
    "ragged.csv": ("a,b\n1,2\n3\n", "line 3, column 2: ragged row: 1 cell where the header has 2 (cell 2 is missing)"),
    "long row.csv": ("a,b\n1,2\n3,4,5\n",
                     "line 3, column 3: ragged row: 3 cells where the header has 2 (cell 3 is one too many)"),
    "empty.csv": ("", "empty"),
    "ragged.jsonl": ("[1, 2]\n[3]\n", "line 2: ragged row: 1 value where the first row has 2 (value 2 is missing)"),
    "text.jsonl": ('{"a": 1}\n{"a": "x"}\n', "line 2, column 1 (a): 'x' is not a number"),
    "broken.jsonl": ("[1, 2]\n[3, \n", "line 2, column"),
    "weird.xyz": ("1,2\n", "unknown format"),
    "twice.csv": ("a,a,b\n1,2,3\n", "line 1, column 2 (a): the header names column 'a' twice (columns 1 and 2)"),
    "semicolons.csv": ("a;b;c\n1;2;3\n", "line 1: the cells are separated by semicolons"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_name_the_place_and_leave_nothing(tmp_path, name):
    text, message = BAD_FILES[name]
    src = tmp_path / name
    src.write_text(text)
    out = tmp_path / "out.svg"
    r = run("gallery", src, "-o", out)
    assert r.exit_code == 2
    assert r.output.startswith("Error: ") and message in r.output, r.output
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


def test_bad_arrays_and_options(tmp_path):
    cube = tmp_path / "cube.npy"
    np.save(cube, np.zeros((2, 3, 4)))
    nan = tmp_path / "nan.npy"
    np.save(nan, np.array([[1.0, np.nan]]))
    out = tmp_path / "out.png"
    cases = [
        (["gallery", cube, "-o", out], "must be 2-D"),
        (["gallery", nan, "-o", out], "row 1, column 2"),
        (["gallery", tmp_path / "missing.csv", "-o", out], "missing.csv: no such file"),
        (["gallery", "--demo", "wine", "--style", "nope", "-o", out], "unknown style 'nope'"),
        (["gallery", "--demo", "nope", "-o", out], "unknown demo dataset"),
        (["gallery", "-o", out], "give a file of vectors or --demo NAME (wine, digits, iris, breast_cancer)"),
        (["gallery", nan, "--demo", "wine", "-o", out], "not both"),
        (["draw", "1", "x", "-o", out], "value 2 ('x') is not a number"),
        (["draw", "1", "nan", "-o", out], "value 2 ('nan') is NaN"),  # counted as the values are, from 1
        (["draw", "1", "inf", "-o", out], "Inf"),
        (["draw", "1", "-o", tmp_path / "f.gif"], "unknown output format"),
        (["draw", "1", "-o", tmp_path / "no" / "f.svg"], "does not exist"),
    ]
    for args, message in cases:
        r = run(*args)
        assert r.exit_code == 2, (args, r.output)
        assert message in r.output, (args, r.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cube.npy", "nan.npy"]


def test_a_text_column_is_named_with_the_option_that_takes_it(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("kind,a,b\nred wine,1,2\nwhite,3,4\n")
    r = run("gallery", src, "-o", tmp_path / "g.svg")
    assert r.exit_code == 2
    assert ("t.csv, line 2, column 1 (kind): 'red wine' is not a number (if column 'kind' holds labels, name it: "
            "--label-col kind)") in r.output
    r = run("gallery", src, "--label-col", "kind", "-o", tmp_path / "g.svg")
    assert r.exit_code == 0, r.output


def test_a_label_column_number_that_is_also_a_column_name_is_refused(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("2,1,z\n1,2,3\n4,5,6\n")
    r = run("gallery", src, "--label-col", "1", "-o", tmp_path / "g.svg")
    assert r.exit_code == 2 and "label column '1' is ambiguous" in r.output and not (tmp_path / "g.svg").exists()
    r = run("gallery", src, "--label-col", "z", "-o", tmp_path / "g.svg")  # a name that is no number is plain
    assert r.exit_code == 0, r.output


def test_a_blank_header_cell_is_named_by_its_place(tmp_path):
    from vec2face.io.readers import read_table

    src = tmp_path / "t.csv"
    src.write_text("a,,b\n1,2,3\n4,5,6\n")
    assert read_table(src).columns == ["a", "x2", "b"]  # counted from 1, as the command line counts columns


def test_an_archive_of_several_arrays_says_which_it_read(tmp_path):
    src = tmp_path / "m.npz"
    rng = np.random.default_rng(0)
    np.savez(src, first=rng.normal(size=(6, 3)), second=rng.normal(size=(6, 5)))
    for command in (["gallery"], ["crowd", "-k", "2"], ["neighbors", "--query", "0", "-k", "2"]):
        r = run(*command[:1], src, *command[1:], "-o", tmp_path / "o.svg")
        assert r.exit_code == 0, r.output
        assert "m.npz: read array 'first', the first 2-D one of 2 arrays" in r.output and "--key" in r.output
        r = run(*command[:1], src, *command[1:], "--key", "second", "-o", tmp_path / "o.svg")
        assert r.exit_code == 0 and "note:" not in r.output, r.output


def test_an_archive_with_a_label_array_counts_the_arrays_it_chose_among(tmp_path):
    """The note read 'the first 2-D one of 2 arrays (['ids', 'embeddings', 'labels'])': three named, two counted."""
    src = tmp_path / "e.npz"
    np.savez(src, ids=np.arange(6), embeddings=np.random.default_rng(1).normal(size=(6, 4)), labels=np.array(list("abcdef")))
    r = run("gallery", src, "--label-col", "labels", "-o", tmp_path / "o.svg")
    assert r.exit_code == 0 and ("read array 'embeddings', the first 2-D one of 2 arrays besides the labels "
                                 "(['ids', 'embeddings'])") in r.output, r.output


def test_a_1d_array_is_read_as_one_vector_with_a_note(tmp_path):
    """--key naming a label array (or a 1-D .npy) drew one face of 2,000 values without a word."""
    src = tmp_path / "e.npz"
    np.savez(src, X=np.random.default_rng(2).normal(size=(5, 3)), labels=np.arange(5))
    r = run("gallery", src, "--key", "labels", "-o", tmp_path / "o.svg")
    assert r.exit_code == 0 and "(1 face)" in r.output
    assert "array 'labels' is 1-D, so it was read as one vector of 5 values (one face)" in r.output
    r = run("gallery", src, "-o", tmp_path / "o.svg")
    assert r.exit_code == 0 and "1-D" not in r.output


def test_an_output_that_is_a_folder_says_so(tmp_path):
    """A folder given as the output read "unknown output format '(no suffix)'", from the command line and save()."""
    src = tmp_path / "s.csv"
    src.write_text("a,b\n1,2\n3,4\n")
    (tmp_path / "d").mkdir()
    r = run("gallery", src, "-o", tmp_path / "d")
    assert r.exit_code == 2 and "d: is a folder; give a file name" in r.output
    with pytest.raises(Vec2FaceError, match="is a folder; give a file name"):
        vec2face.vec2face([1, 2]).save(tmp_path / "d")


def test_a_json_fault_says_where_it_starts(tmp_path):
    """json's 'Unterminated string starting at' ended the message mid-sentence."""
    src = tmp_path / "bad.jsonl"
    src.write_text('{"a": 1}\n{"a": "unterminated}\n')
    r = run("gallery", src, "-o", tmp_path / "o.svg")
    assert r.exit_code == 2 and "line 2, column 7: invalid JSON (Unterminated string starting here)" in r.output


def test_an_archive_whose_first_array_is_its_labels_draws_its_vectors(tmp_path):
    """np.savez(labels=..., X=...) drew the 200 labels as one 200-value face."""
    from sklearn.datasets import load_digits

    d = load_digits()
    src = tmp_path / "d.npz"
    np.savez(src, labels=d.target[:30], X=d.data[:30])
    r = run("gallery", src, "-o", tmp_path / "o.svg")
    assert r.exit_code == 0 and "read array 'X', the first 2-D one of 2 arrays" in r.output, r.output
    assert "(30 faces)" in r.output


def test_version():
    from vec2face import __version__

    r = run("--version")
    assert r.exit_code == 0 and r.output == f"vec2face {__version__}\n"


def test_warnings_are_notes_on_the_terminal(tmp_path):
    src = tmp_path / "wide.csv"
    np.savetxt(src, np.random.default_rng(0).normal(size=(8, 30)), delimiter=",")
    r = run("gallery", src, "--style", "chernoff", "--mapping", "columns", "-o", tmp_path / "g.svg")
    assert r.exit_code == 0, r.output
    assert "note: the chernoff style has 24 features, so the 6 columns after the first 24 (x25, x26" in r.output
    assert "UserWarning" not in r.output and "warnings.warn" not in r.output


def test_draw_without_values_is_a_usage_error():
    r = run("draw")
    assert r.exit_code == 2


def test_styles_lists_features():
    r = run("styles")
    assert r.exit_code == 0 and "chernoff" in r.output and "smile" in r.output


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "f.svg"
    p = subprocess.run([sys.executable, "-m", "vec2face", "draw", "1", "2", "-o", str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([sys.executable, "-m", "vec2face", "draw", "1", "nan", "-o", str(out.with_name("g.svg"))],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.startswith("Error:")


def test_a_map_or_a_strip_of_one_is_refused_naming_the_file(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("only one text here\n")
    r = run("crowd", one, "--text", "-o", tmp_path / "m.svg")
    assert r.exit_code == 2 and "one.txt: 1 text; a map of texts needs at least 2" in r.output
    row = tmp_path / "row.csv"
    row.write_text("a,b\n1,2\n")
    r = run("neighbors", row, "--query", "0", "-o", tmp_path / "n.svg")
    assert r.exit_code == 2 and "row.csv: one row has no neighbours" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.txt", "row.csv"]


def test_a_pandas_index_column_is_read_as_the_row_index_not_drawn(tmp_path):
    from sklearn.datasets import load_wine

    w = load_wine()
    src = tmp_path / "wine_index.csv"  # what DataFrame.to_csv writes: a blank first name over 0..n-1
    rows = [","+",".join(w.feature_names)] + [f"{i}," + ",".join(map(str, r)) for i, r in enumerate(w.data)]
    src.write_text("\n".join(rows) + "\n")
    out = tmp_path / "g.svg"
    r = run("gallery", src, "-o", out, "--legend", "-f", "smile=2")
    assert r.exit_code == 0 and "row index that pandas' to_csv writes" in r.output, r.output
    text = out.read_text()
    assert "x0" not in text and "smile \u2190 alcohol" in text  # the index drove PC1 before, as "-x0"
    r = run("gallery", src, "-o", tmp_path / "h.svg", "-f", "smile=1")
    assert r.exit_code == 2 and "column 1 is the row index" in r.output


def test_options_that_would_do_nothing_or_write_the_wrong_format_are_refused(tmp_path):
    """--curves c.html wrote a PDF into c.html; --dpi on an .svg, --fragment on an .svg were ignored."""
    out, curves = tmp_path / "m.svg", tmp_path / "c.html"
    r = run("crowd", "--demo", "-o", out, "--curves", curves)
    assert r.exit_code == 2 and "c.html: unknown output format '.html' here; use one of .svg, .png, .pdf" in r.output
    assert not out.exists() and not curves.exists()
    for args, message in ((["draw", "1", "2", "--dpi", "300"], "--dpi sizes a .png or .pdf; an .svg scales"),
                          (["gallery", "--demo", "iris", "--fragment"], "--fragment writes an HTML <div>"),
                          (["draw", "1", "2", "--fragment"], "no such option: --fragment"),
                          (["variations", "1", "2", "--fragment"], "no such option: --fragment")):
        r = run(*args, "-o", out)
        assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, (args, r.output)
        assert not out.exists()


def test_variations_take_the_pens_that_draw_takes(tmp_path):
    """variations had no --stroke, --line-width or --sketchy, though the API's variations() takes them."""
    plain, drawn = tmp_path / "a.svg", tmp_path / "b.svg"
    assert run("variations", "1", "2", "3", "-n", "2", "-o", plain).exit_code == 0
    r = run("variations", "1", "2", "3", "-n", "2", "--stroke", "navy", "--line-width", "2.5", "--sketchy", "-o", drawn)
    assert r.exit_code == 0, r.output
    text = drawn.read_text()
    assert "navy" in text and "navy" not in plain.read_text() and len(text) > len(plain.read_text())
    parse_svg(text)


def test_neighbors_and_draw_take_the_options_their_siblings_take(tmp_path):
    """neighbors had no --mono, --width or --dpi, and draw no --title (the API's vec2face() has title=)."""
    from sklearn.datasets import load_wine

    src = tmp_path / "w.npy"
    np.save(src, load_wine().data[:30])
    out = tmp_path / "n.png"
    r = run("neighbors", src, "--query", "0", "-k", "3", "--mono", "--width", "300", "-o", out)
    assert r.exit_code == 0, r.output
    from PIL import Image

    with Image.open(out) as im:
        assert im.size[0] == 300
        rgb = np.asarray(im.convert("RGB")).astype(int)
    assert np.abs(rgb - rgb.mean(axis=2, keepdims=True)).max() < 8  # single-colour line art: no tints
    r = run("neighbors", src, "--query", "0", "--width", "300", "-o", tmp_path / "n.svg")
    assert r.exit_code == 2 and "--width sizes a .png or .pdf" in r.output
    face = tmp_path / "f.svg"
    assert run("draw", "1", "2", "--title", "My <face>", "-o", face).exit_code == 0
    assert parse_svg(face.read_text()).find(f"{SVG_NS}title").text == "My <face>"


def test_crowd_width_sizes_the_curves_when_only_they_are_an_image(tmp_path):
    """-o m.svg --curves k.png --width 800 failed after the clustering (the map's save refused the width);
    with no image among the two files the width is refused before any work."""
    from PIL import Image

    out, curves = tmp_path / "m.svg", tmp_path / "k.png"
    r = run("crowd", "--demo", "--layout", "pca", "-o", out, "--curves", curves, "--width", "800")
    assert r.exit_code == 0, r.output
    parse_svg(out.read_text())
    with Image.open(curves) as im:
        assert im.size[0] == 800
    out2, curves2 = tmp_path / "m2.svg", tmp_path / "k.svg"
    r = run("crowd", "--demo", "--layout", "pca", "-o", out2, "--curves", curves2, "--dpi", "200")
    assert r.exit_code == 2 and "neither this output nor the curves (.svg) is one" in r.output
    assert not out2.exists() and not curves2.exists()


def test_the_terminal_shows_bidirectional_controls_as_escapes(tmp_path):
    src = tmp_path / "l.csv"
    src.write_text("name,a,b\n\u202eevil,1,2\n\u202eevil,1.1,2\nok,5,5\nok,5.1,5\n", encoding="utf-8")
    r = run("crowd", src, "--label-col", "name", "-k", "2", "--layout", "pca", "-o", tmp_path / "m.svg")
    assert r.exit_code == 0, r.output
    assert "\u202e" not in r.output and "\\u202eevil" in r.output


def test_crowd_demo_takes_no_name_and_says_so(tmp_path):
    r = run("crowd", "--demo", "digits", "-o", tmp_path / "x.svg")
    assert r.exit_code == 2 and "--demo maps 600 handwritten digits and takes no name ('digits'" in r.output
    r = run("crowd", "-o", tmp_path / "x.svg")
    assert r.exit_code == 2 and "give a file of vectors" in r.output
    assert not (tmp_path / "x.svg").exists()


def test_whole_number_options_out_of_range_say_so_as_the_others_do(tmp_path):
    """--limit 0 said 'Input should be greater than or equal to 1', where --size -5 says '-5 is below 1, the
    least it may be'."""
    for args, words in ((["gallery", "--demo", "iris", "--limit", "0"], "'--limit': below 1, the least it may be"),
                        (["variations", "1", "-n", "5000"], "'-n': above 1000, the most it may be"),
                        (["gallery", "--demo", "iris", "--limit", "abc"], "'--limit': not a whole number")):
        r = run(*args, "-o", tmp_path / "x.svg")
        assert r.exit_code == 2 and words in r.output and "Input should" not in r.output, r.output
        assert not (tmp_path / "x.svg").exists()


def test_help_shows_flags_without_a_value():
    """Flags showed as `--mono <bool>`, but `--mono true` is an error."""
    for command in ("draw", "gallery", "crowd"):
        r = run(command, "--help")
        assert r.exit_code == 0 and "--mono" in r.output and "<bool>" not in r.output


def test_headerless_columns_are_named_from_1_as_the_command_line_counts_them(tmp_path):
    """-f smile=3 drew the third column but the legend named it x2."""
    from sklearn.datasets import load_wine

    src = tmp_path / "w.npy"
    np.save(src, load_wine().data[:20])
    out = tmp_path / "g.svg"
    assert run("gallery", src, "-s", "chernoff", "-f", "smile=3", "--legend", "-o", out).exit_code == 0
    assert "smile \u2190 x3" in out.read_text()
    assert run("gallery", src, "-s", "chernoff", "-f", "smile=x3", "--legend", "-o", out).exit_code == 0
    assert "smile \u2190 x3" in out.read_text()


def test_options_that_would_do_nothing_are_refused(tmp_path):
    """--width on an .svg, --legend with --plotter and --label-col with --demo were silently ignored."""
    out = tmp_path / "x.svg"
    for args, message in ((["draw", "1", "2", "--width", "50", "-o", out], "--width sizes a .png or .pdf"),
                          (["gallery", "--demo", "iris", "--plotter", "--legend", "-o", out], "with no legend"),
                          (["gallery", "--demo", "iris", "--label-col", "x", "-o", out], "has its own labels")):
        r = run(*args)
        assert r.exit_code == 2 and message in r.output, (args, r.output)
        assert not out.exists()


def test_doodles_cluster_and_photo_take_a_pngs_width(tmp_path):
    """Both said 'No such option: --width', though PNG and PDF outputs take --width and --dpi."""
    from PIL import Image

    from vec2face import vec2face

    nd = Path(__file__).parents[1] / "data" / "doodles" / "quickdraw_faces.ndjson"
    small = tmp_path / "d.ndjson"
    small.write_text("".join(nd.read_text().splitlines(keepends=True)[:12]))
    r = CliRunner().invoke(app, ["doodles", "cluster", str(small), "-o", str(tmp_path / "c.png"), "--width", "400"])
    assert r.exit_code == 0, r.output
    assert Image.open(tmp_path / "c.png").size[0] == 400
    pytest.importorskip("dlib", reason="the photo command needs the [faces] extra")
    vec2face([0.3, -1.2, 2.0], size=400).save(tmp_path / "in.png")
    r = CliRunner().invoke(app, ["photo", str(tmp_path / "in.png"), "-o", str(tmp_path / "p.png"), "--width", "300"])
    assert r.exit_code in (0, 2), r.output  # a drawn face may hold no face dlib finds; the option itself is known
    assert "No such option" not in r.output


def test_doodles_cluster_takes_dbscans_radius_and_core_size(tmp_path):
    """crowd had --eps and --min-samples; doodles cluster, whose dbscan left most doodles as strangers, had not."""
    nd = Path(__file__).parents[1] / "data" / "doodles" / "quickdraw_faces.ndjson"
    small = tmp_path / "d.ndjson"
    small.write_text("".join(nd.read_text().splitlines(keepends=True)[:40]))
    counts = []
    for eps in ("0.5", "3"):
        r = CliRunner().invoke(app, ["doodles", "cluster", str(small), "-o", str(tmp_path / f"c{eps}.svg"),
                                     "--cluster", "dbscan", "--eps", eps, "--min-samples", "3"])
        assert r.exit_code == 0, r.output
        counts.append(int(r.output.split(", ")[2].split(" stranger")[0]))  # "40 doodles, 1 cluster, 10 strangers"
    assert counts[0] > counts[1]  # a wider radius leaves fewer strangers
    r = CliRunner().invoke(app, ["doodles", "cluster", str(small), "-o", str(tmp_path / "k.svg"), "--eps", "1"])
    assert r.exit_code == 2 and "kmeans does not take them" in r.output
