"""How faces are drawn: one frozen options object that every renderer takes."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

import numpy as np

from vec2face.errors import InputError, StyleError, check_flag, check_number

_CSS_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\([0-9., %]+\)")
# The colour keywords of CSS Color Module Level 4 (the 148 named colours, and currentcolor)
_CSS_NAMES = frozenset("""
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood
cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray
darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue
firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew
hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue
mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred
midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple
rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue
slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white
whitesmoke yellow yellowgreen currentcolor
""".split())
SEED_MAX = 2**32 - 1


def check_seed(seed, what: str = "seed") -> int:
    """``seed`` as an int, or an InputError: seeds are whole numbers from 0 to :data:`SEED_MAX`."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= SEED_MAX:
        raise InputError(f"{what} must be a whole number from 0 to {SEED_MAX:,}, got {seed!r}")
    return int(seed)


@dataclass(frozen=True)
class RenderOptions:
    """How faces are drawn; the same options give the same bytes.

    The options are checked once, when they are made: a bad colour or width
    raises :class:`~vec2face.errors.StyleError` here, not deep in a renderer.

    Attributes:
        color: fill heads, hair and mouths; False gives single-colour line art.
        stroke: the line colour (a CSS colour: a name, #rgb, #rrggbb or rgb(...)).
        line_width: stroke width in face-box units (the box is 100 wide).
        plotter: strokes only, no fills (for pen plotters).
        sketchy: hand-drawn look: every line twice, a little off (rough.js style).
        seed: the seed of the sketchy jitter.
    """

    color: bool = True
    stroke: str = "#222"
    line_width: float = 1.6
    plotter: bool = False
    sketchy: bool = False
    seed: int = 0

    def __post_init__(self):
        for flag in ("color", "plotter", "sketchy"):
            check_flag(flag, getattr(self, flag))
        # the colour goes into a style sheet: it must not be able to break out of it
        if (not isinstance(self.stroke, str) or not _CSS_COLOUR.fullmatch(self.stroke)
                or self.stroke.isalpha() and self.stroke.lower() not in _CSS_NAMES
                or self.stroke.startswith("#") and len(self.stroke) not in (4, 5, 7, 9)):
            raise StyleError(f"stroke colour {self.stroke!r} is not a CSS colour "
                             "(use a CSS colour name, #rgb, #rrggbb or rgb(...))")
        check_seed(self.seed)
        try:  # "2" is text, not a width
            width = check_number("line width", self.line_width, positive=True)
        except StyleError:
            raise StyleError(f"line width {self.line_width!r} must be a positive number") from None
        object.__setattr__(self, "line_width", width)


def resolve_options(options: RenderOptions | None = None, **overrides) -> RenderOptions:
    """``options`` (or the defaults) with the keywords that are not None put in.

    This is how the public functions turn their keyword arguments (``color``,
    ``stroke``, ``line_width``, ``sketchy``, ``seed``) into the one options
    object that travels through the library.
    """
    if options is not None and not isinstance(options, RenderOptions):
        raise StyleError(f"options must be a RenderOptions, got {type(options).__name__}")
    known = {f.name for f in fields(RenderOptions)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise TypeError(f"unknown render option(s): {', '.join(unknown)}")
    given = {k: v for k, v in overrides.items() if v is not None}
    if options is None:
        return RenderOptions(**given)
    return replace(options, **given) if given else options
