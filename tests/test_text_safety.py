"""User text is always safe for XML and HTML (issue 13).

Any label, title or name, control characters, noncharacters and lone
surrogates included, gives a well-formed SVG, a PNG and a PDF that cairosvg
draws, and HTML that parses; the text comes back as the reader sees it, with
only the characters XML 1.0 forbids replaced by U+FFFD.
"""

from html.parser import HTMLParser

import numpy as np
from defusedxml import ElementTree as DET
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vec2face import Vec2Face, crowd, vec2face
from vec2face.render.raster import convert
from vec2face.render.svg import CAPTION_PX, CAPTION_ROOM
from vec2face.render.text import clean, fit_text, xml_text

SVG = "{http://www.w3.org/2000/svg}"
X = np.random.default_rng(0).normal(size=(12, 5))
MODEL = Vec2Face().fit(X)
# every code point, surrogates (category Cs) included
anything = st.text(st.characters(exclude_categories=()), max_size=30)
hostile = st.lists(st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff",
                                    "\ud800", "\udfff",
                                    "\r", "\r\n", "<", "&", "]]>", "</script>", "\"'", "\u2028"]), max_size=8).map("".join)
text = st.one_of(anything, hostile, st.tuples(anything, hostile).map("".join))


def parse_svg(svg: str):
    return DET.fromstring(svg.encode("utf-8"))


class _Texts(HTMLParser):
    """The text of every element of an HTML page, by tag, in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text = [], {}

    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, len(self.text.setdefault(tag, []))))
        self.text[tag].append("")

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.stack:
            tag, i = self.stack[-1]
            self.text[tag][i] += data


def parse_html(page: str) -> dict[str, list[str]]:
    page.encode("utf-8")  # it can be written
    p = _Texts()
    p.feed(page)
    p.close()
    return p.text


def check_all_formats(img, title: str) -> None:
    """SVG parses (with ``title`` as its title, when given), cairosvg draws PNG
    and PDF, the HTML page and fragment parse and the page shows the title."""
    root = parse_svg(img.svg)
    if title:
        assert root.find(f"{SVG}title").text == clean(title)
    assert convert(img.svg, ".png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert convert(img.svg, ".pdf")[:5] == b"%PDF-"
    texts = parse_html(img.html())
    assert texts["title"][0] == texts["h1"][0] == root.find(f"{SVG}title").text
    parse_html(img.html(fragment=True))


def test_clean_replaces_exactly_what_xml_forbids():
    assert clean("a\x00b\x01\x1b\ufffe\uffff\ud800\udc00c") == "a\ufffdb" + "\ufffd" * 6 + "c"
    assert clean("\ufdd0\ufdef\U0001fffe\U0010ffff") == "\ufffd" * 4  # noncharacters: cairo refuses them
    kept = "\t\n\r \x7f\x85\ud7ff\ue000\ufdcf\ufdf0\ufffd\U00010000\U0010fffd"
    assert clean(kept) == kept
    assert xml_text("<&>\"\r", quote=False) == '&lt;&amp;&gt;"&#13;'


def test_bidirectional_overrides_cannot_reorder_a_label():
    """A label "\u202eRTL override" showed as "edirrevo LTR" in captions and tooltips (Chromium)."""
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert clean(controls) == "\ufffd" * len(controls)
    assert clean("\u200e\u200f") == "\u200e\u200f"  # the marks reorder nothing after them: kept
    g = MODEL.gallery(X[:2], labels=["\u202eRTL override", "plain"])
    assert "\u202e" not in g.svg and "\u202e" not in g.html()
    assert "\ufffdRTL override" in g.svg


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=text, title=text)
def test_any_label_and_title_give_well_formed_gallery_outputs(label, title):
    labels = [label, label + "x", title] * 4
    g = MODEL.gallery(X, labels=labels, title=title, legend=True)
    check_all_formats(g, title)
    caps = [t.text or "" for t in parse_svg(g.svg).iter(f"{SVG}text") if t.get("class") == "v2f-cap"]
    assert caps[0] == clean(fit_text(label, CAPTION_ROOM, CAPTION_PX))  # cut to the face's width
    parse_svg(MODEL.gallery(X, labels=labels, title=title, plotter=True).svg)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=text, title=text)
def test_any_label_and_title_give_well_formed_faces_and_maps(label, title):
    check_all_formats(vec2face([0.3, -1.0, 2.0], title=title), title)
    m = crowd(X, labels=[label, title, label + title] * 4, title=title, k=2, layout="pca")
    check_all_formats(m, title)
    page = m.html()
    caption = fit_text(label, CAPTION_ROOM, CAPTION_PX)  # as wide as its face at most
    assert clean(caption) in page or xml_text(caption, quote=False) in page or label == ""
