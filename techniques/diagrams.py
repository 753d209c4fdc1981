"""Body diagrams drawn as inline SVG: front and back view side by side.

Two public renderers share one drawing:

* ``region_diagram_svg(region)`` shades the pain-map areas of a treatment region
  (ABD, AHIP, LUMB, GLUT, PTHI, LLEG) for library pages and printed sheets;
* ``pain_map_svg(selected)`` draws every pain-map area as its own group carrying
  ``data-region`` / ``class="pain-area"`` so a small script can make it clickable,
  with an invisible hit rectangle that gives small areas a finger-sized target.

Output uses presentation attributes only (no ``style=``, no ``<script>``) so it
passes a strict Content-Security-Policy, and shaded areas are hatched so they
still read when printed in black and white. Figures are drawn in a 200-unit wide
box centred on x=100; the viewer's-right half is written out by hand and the
other half is its mirror image. Anatomical convention: the client's left is on
the viewer's right in the front view and on the viewer's left in the back view.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from html import escape

# --- Data tables -----------------------------------------------------------------

AREA_LABELS: dict[str, str] = {
    "low_back": "Lower back",
    "mid_back": "Middle of the back",
    "abdomen": "Belly (abdomen)",
    "groin_left": "Left groin",
    "groin_right": "Right groin",
    "front_hip_left": "Front of left hip",
    "front_hip_right": "Front of right hip",
    "buttock_left": "Left buttock",
    "buttock_right": "Right buttock",
    "front_thigh_left": "Front of left thigh",
    "front_thigh_right": "Front of right thigh",
    "back_thigh_left": "Back of left thigh",
    "back_thigh_right": "Back of right thigh",
    "knee_left": "Left knee",
    "knee_right": "Right knee",
    "calf_left": "Left calf",
    "calf_right": "Right calf",
    "foot_left": "Left foot",
    "foot_right": "Right foot",
}

REGION_AREAS: dict[str, tuple[str, ...]] = {
    "ABD": ("abdomen",),
    "AHIP": ("groin_left", "groin_right", "front_hip_left", "front_hip_right"),
    "LUMB": ("low_back",),
    "GLUT": ("buttock_left", "buttock_right"),
    "PTHI": ("back_thigh_left", "back_thigh_right"),
    "LLEG": ("calf_left", "calf_right"),
}

REGION_NAMES: dict[str, str] = {
    "ABD": "belly (abdominal wall and psoas)",
    "AHIP": "front of the hips and groin (hip flexors)",
    "LUMB": "lower back (lumbar muscles)",
    "GLUT": "buttocks (gluteals)",
    "PTHI": "backs of the thighs (hamstrings)",
    "LLEG": "calves (lower legs)",
}

# Shapes are SVG path data using absolute M/C/L/Z only, so a shape can be mirrored
# by rewriting its x coordinates. Paired shapes are drawn on the viewer's right.
_ABDOMEN = (
    "M 78 162 C 90 157 110 157 122 162 C 127 182 128 202 126 222 "
    "C 118 232 108 237 100 238 C 92 237 82 232 74 222 C 72 202 73 182 78 162 Z"
)
_GROIN = (
    "M 102 244 C 110 240 117 235 123 229 C 125 238 126 248 125 258 "
    "C 119 260 112 262 106 264 C 104 257 103 250 102 244 Z"
)
_FRONT_HIP = (
    "M 127 226 C 133 220 140 221 142 229 C 145 240 145 252 142 262 "
    "C 138 262 133 261 129 259 C 130 248 129 236 127 226 Z"
)
_FRONT_THIGH = (
    "M 108 268 C 118 262 132 262 141 267 C 142 285 139 302 133 316 "
    "C 125 320 114 320 108 316 C 106 300 106 284 108 268 Z"
)
_KNEE = (
    "M 109 325 C 113 320 126 320 130 325 C 132 332 131 340 128 344 "
    "C 122 348 114 348 110 344 C 107 339 107 331 109 325 Z"
)
_FOOT = (
    "M 108 417 C 113 415 119 415 123 417 C 126 423 129 429 128 433 "
    "C 121 437 112 437 107 435 C 106 428 106 422 108 417 Z"
)
_MID_BACK = (
    "M 72 114 C 88 109 112 109 128 114 C 137 132 137 156 133 176 "
    "C 112 180 88 180 67 176 C 63 156 63 132 72 114 Z"
)
_LOW_BACK = (
    "M 68 183 C 88 187 112 187 132 183 C 133 197 136 210 139 221 "
    "C 126 226 112 229 100 230 C 88 229 74 226 61 221 C 64 210 67 197 68 183 Z"
)
_BUTTOCK = (
    "M 102 233 C 116 229 132 228 139 236 C 143 247 142 262 135 270 "
    "C 126 276 110 274 102 268 C 101 256 101 244 102 233 Z"
)
_BACK_THIGH = (
    "M 106 278 C 118 281 132 279 140 276 C 141 292 138 308 132 320 "
    "C 123 323 114 323 108 320 C 105 306 105 292 106 278 Z"
)
_CALF = (
    "M 107 346 C 116 342 125 342 131 348 C 134 362 132 378 127 394 "
    "C 120 398 112 398 107 394 C 104 378 104 360 107 344 Z"
)

# (code, view, path data before mirroring, mirror?) -- mirror moves a viewer's-right
# shape to the viewer's left. Front: client's left = viewer's right. Back: the reverse.
# The order is the drawing order and so the keyboard order of the pain map; the hips
# come before the groins so a groin's tap target may lie over the hip's inner edge.
AREA_SHAPES: tuple[tuple[str, str, str, bool], ...] = (
    ("abdomen", "front", _ABDOMEN, False),
    ("front_hip_left", "front", _FRONT_HIP, False),
    ("front_hip_right", "front", _FRONT_HIP, True),
    ("groin_left", "front", _GROIN, False),
    ("groin_right", "front", _GROIN, True),
    ("front_thigh_left", "front", _FRONT_THIGH, False),
    ("front_thigh_right", "front", _FRONT_THIGH, True),
    ("knee_left", "front", _KNEE, False),
    ("knee_right", "front", _KNEE, True),
    ("foot_left", "front", _FOOT, False),
    ("foot_right", "front", _FOOT, True),
    ("mid_back", "back", _MID_BACK, False),
    ("low_back", "back", _LOW_BACK, False),
    ("buttock_left", "back", _BUTTOCK, True),
    ("buttock_right", "back", _BUTTOCK, False),
    ("back_thigh_left", "back", _BACK_THIGH, True),
    ("back_thigh_right", "back", _BACK_THIGH, False),
    ("calf_left", "back", _CALF, True),
    ("calf_right", "back", _CALF, False),
)

# Tap targets of the pain map (issue 15, WCAG 2.5.8): on a 390 px wide phone the chart
# is drawn about 366 px wide, so 24 CSS px is 28.2 drawing units and the hip, groin, knee,
# foot and calf shapes are smaller than that. Each area therefore gets an invisible
# rectangle, at least HIT_MIN units square, that answers taps with the area it belongs
# to; the drawing is unchanged. (x, y, width, height) in the same viewer's-right
# coordinates as the shapes, mirrored with them. Rectangles never overlap one another
# and no later-drawn area covers any of one (tests/techniques/test_diagrams.py), so the
# whole rectangle belongs to its area; where a small area is hemmed in (the groin between
# belly, hip and thigh) its rectangle lies over a sliver at the edge of an earlier area.
HIT_MIN = 29
HIT_BOXES: dict[str, tuple[float, float, float, float]] = {
    _ABDOMEN: (80, 166, 40, 58),
    _FRONT_HIP: (129.5, 224, 30, 32),
    _GROIN: (100, 234, 29.5, 29),
    _FRONT_THIGH: (109, 270, 30, 42),
    _KNEE: (103.5, 320, 30, 30),
    _FOOT: (102.5, 411, 30, 30),
    _MID_BACK: (75, 118, 50, 54),
    _LOW_BACK: (75, 190, 50, 32),
    _BUTTOCK: (106, 237, 30, 31),
    _BACK_THIGH: (108, 283, 30, 33),
    _CALF: (102.5, 352, 30, 38),
}

# Viewer's-right half of the outline, from the top of the neck over the shoulder,
# round the hanging arm, down the side and round the leg, back up to the crotch.
_BODY_HALF = (
    "M 100 70 L 110 70 C 110 82 111 89 114 94 C 124 98 138 99 148 103 "
    "C 160 107 166 116 167 132 C 169 150 172 168 173 186 "
    "C 175 206 178 226 180 246 C 183 256 184 266 181 276 "
    "C 179 282 173 282 171 276 C 169 268 168 258 168 250 "
    "C 165 232 160 212 158 192 C 156 176 152 160 149 147 "
    "C 148 143 146 140 144 141 C 144 160 140 178 135 192 "
    "C 133 205 140 218 143 232 C 146 250 145 275 139 300 "
    "C 136 312 131 322 131 334 C 131 344 136 354 135 370 "
    "C 134 385 125 398 122 410 C 124 418 130 426 130 432 "
    "C 129 440 116 441 107 439 C 103 438 103 430 104 424 "
    "C 105 418 106 414 105 410 C 103 395 102 378 105 362 "
    "C 107 350 106 342 107 334 C 106 318 104 300 104 284 "
    "C 104 268 103 258 100 252"
)

# Faint cues drawn over the areas (clicks pass through): navel in front, spine behind.
_DETAILS = {
    "front": '<circle cx="100" cy="206" r="2" fill="none"',
    "back": '<path d="M 100 98 L 100 232" fill="none" stroke-dasharray="3 4"',
}

VIEWS = (("front", "Front", 10, ("R", "L")), ("back", "Back", 220, ("L", "R")))
WIDTH, HEIGHT = 430, 470

BODY_FILL, BODY_STROKE = "#f8f5f0", "#7a7268"
AREA_FILL, AREA_STROKE = "#e4ddd2", "#b0a697"
SHADE_FILL, SHADE_STROKE, HATCH = "#f0875f", "#9a3412", "#7c2d12"
TEXT_FILL = "#3b3733"

# --- Geometry helpers ------------------------------------------------------------
# The outlines are constants, so each mirrored or closed path is worked out once per
# process (functools.cache): the library list draws a dozen diagrams a page.


def _parse(d: str) -> list[tuple[str, list[tuple[float, float]]]]:
    """Split absolute M/L/C/Z path data into (command, points) pairs."""
    out: list[tuple[str, list[tuple[float, float]]]] = []
    for cmd, args in re.findall(r"([MLCZ])([^MLCZ]*)", d):
        nums = [float(n) for n in args.split()]
        out.append((cmd, list(zip(nums[::2], nums[1::2], strict=True))))
    return out


def _fmt(segments: list[tuple[str, list[tuple[float, float]]]]) -> str:
    return " ".join(cmd + "".join(f" {x:g} {y:g}" for x, y in pts) for cmd, pts in segments)


@functools.cache
def _mirror(d: str) -> str:
    """Reflect path data about the figure's centre line (x = 100)."""
    return _fmt([(c, [(200 - x, y) for x, y in pts]) for c, pts in _parse(d)])


@functools.cache
def _symmetric(half: str) -> str:
    """Close a viewer's-right half outline with its mirror image, traced backwards."""
    segs = _parse(half)
    back = []
    for (_, prev), (cmd, pts) in reversed(list(zip(segs[:-1], segs[1:], strict=True))):
        ends_at = prev[-1]  # this segment starts where the previous one ended
        ctrl = [(200 - x, y) for x, y in reversed(pts[:-1])]
        back.append((cmd, ctrl + [(200 - ends_at[0], ends_at[1])]))
    return _fmt(segs + back) + " Z"


# --- Rendering -------------------------------------------------------------------

_counter = itertools.count(1)


def _hatch_defs(pattern_id: str) -> str:
    return (
        f'<defs><pattern id="{pattern_id}" width="7" height="7" patternUnits="userSpaceOnUse">'
        f'<rect width="7" height="7" fill="{SHADE_FILL}"/>'
        f'<path d="M -1 1 L 1 -1 M 0 7 L 7 0 M 6 8 L 8 6" stroke="{HATCH}" stroke-width="1.6"/>'
        "</pattern></defs>"
    )


@functools.cache
def _silhouette() -> str:
    body = f'fill="{BODY_FILL}" stroke="{BODY_STROKE}" stroke-width="1.5" stroke-linejoin="round"'
    return (
        f'<path d="{_symmetric(_BODY_HALF)}" {body}/>'
        f'<ellipse cx="100" cy="46" rx="19" ry="24" {body}/>'
    )


def _paint(shaded: bool, pattern_id: str) -> str:
    if shaded:
        return f'fill="url(#{pattern_id})" stroke="{SHADE_STROKE}" stroke-width="1.6"'
    return f'fill="{AREA_FILL}" stroke="{AREA_STROKE}" stroke-width="1"'


def _area(d: str, shaded: bool, pattern_id: str, extra: str = "") -> str:
    return f'<path d="{d}" {_paint(shaded, pattern_id)}{extra}/>'


def _hit_rect(box: tuple[float, float, float, float], mirrored: bool) -> str:
    x, y, width, height = box
    if mirrored:
        x = 200 - x - width
    return (
        f'<rect class="pain-hit" x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" '
        'fill="none" stroke="none" pointer-events="all"/>'
    )


def _target(code: str, d: str, hit: str, shaded: bool, pattern_id: str, prefix: str) -> str:
    """One pain-map area as one control: the group carries the name, the state and the
    paint (the shape inherits it; the script repaints the group), and holds the
    invisible hit rectangle under the visible shape, so a tap on either is a tap on
    the area."""
    cls = "pain-area is-selected" if shaded else "pain-area"
    return (
        f'<g id="{prefix}-{code}" class="{cls}" data-region="{code}" '
        f"{_paint(shaded, pattern_id)}>"
        f"<title>{escape(AREA_LABELS[code])}</title>{hit}"
        f'<path class="pain-shape" d="{d}"/></g>'
    )


def _body(shaded: set[str], pattern_id: str, interactive: str | None) -> str:
    parts = []
    for view, label, dx, (left_mark, right_mark) in VIEWS:
        parts.append(f'<g class="body-view body-{view}" transform="translate({dx} 0)">')
        parts.append(
            f'<text x="100" y="20" text-anchor="middle" font-size="17" font-weight="bold" '
            f'fill="{TEXT_FILL}">{label}</text>'
        )
        parts.append(_silhouette())
        for code, area_view, d, mirrored in AREA_SHAPES:
            if area_view != view:
                continue
            hit = _hit_rect(HIT_BOXES[d], mirrored)
            d = _mirror(d) if mirrored else d
            if interactive is None:
                parts.append(_area(d, code in shaded, pattern_id, f' data-area="{code}"'))
            else:
                parts.append(_target(code, d, hit, code in shaded, pattern_id, interactive))
        parts.append(
            f'{_DETAILS[view]} stroke="{BODY_STROKE}" stroke-width="1.2" '
            'stroke-opacity="0.6" pointer-events="none"/>'
        )
        for x, mark in ((22, left_mark), (178, right_mark)):
            parts.append(
                f'<text x="{x}" y="322" text-anchor="middle" font-size="16" font-weight="bold" '
                f'fill="{TEXT_FILL}">{mark}</text>'
            )
        parts.append("</g>")
    return "".join(parts)


def _svg(attrs: str, title: str, title_id: str, defs: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="system-ui, -apple-system, Segoe UI, sans-serif" {attrs} '
        f'aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(title)}</title>{defs}{body}</svg>'
    )


def region_diagram_svg(regions: str | Iterable[str] | None, *, title: str | None = None) -> str:
    """Front and back body outline with the areas of ``regions`` (one code, several, or
    none) shaded and hatched."""
    if isinstance(regions, str):
        regions = [regions]
    codes = [code for code in (regions or ()) if code]
    unknown = [code for code in codes if code not in REGION_AREAS]
    if unknown:
        raise ValueError(f"Unknown treatment region: {unknown[0]!r}")
    uid = f"bodydiagram-{next(_counter)}"
    if title is None:
        names = " and ".join(REGION_NAMES[code] for code in codes)
        title = f"Body diagram: {names} shaded" if codes else "Body diagram: front and back outline"
    shaded = {area for code in codes for area in REGION_AREAS[code]}
    pattern_id = f"{uid}-hatch"
    return _svg(
        'class="body-diagram" role="img"',
        title,
        f"{uid}-title",
        _hatch_defs(pattern_id) if shaded else "",
        _body(shaded, pattern_id, None),
    )


def pain_map_svg(selected: Iterable[str] = (), *, id_prefix: str = "pm") -> str:
    """Front and back body chart with all 19 pain-map areas as separate shapes."""
    chosen = set(selected)
    unknown = chosen - AREA_LABELS.keys()
    if unknown:
        raise ValueError(f"Unknown pain-map area(s): {', '.join(sorted(unknown))}")
    prefix = escape(id_prefix)
    pattern_id = f"{prefix}-hatch"  # always defined so a script can mark areas live
    return _svg(
        'class="body-diagram pain-map" role="group"',
        "Body map: front and back",
        f"{prefix}-title",
        _hatch_defs(pattern_id),
        _body(chosen, pattern_id, prefix),
    )
