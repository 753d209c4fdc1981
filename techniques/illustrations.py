"""Line illustrations of the library's entries, drawn as SVG from a posed stick figure.

A figure is seen from the side. Its `Pose` holds where the hip is and the direction of
every body segment in degrees (0 points right, 90 up, 180 left, -90 down), so a pose
reads like a description of the position: a standing figure has its trunk at 90 and its
shins at -90; lying on the back with the head to the left, the trunk is at 180. The near
limbs are drawn black on top, the far limbs grey behind.

An `Illustration` (the data of each entry lives in techniques/poses.py) puts the end
position solid and, where the item moves, the start position light and dashed, the
stretched or treated area as a hatched band with a dashed outline (it reads in black and
white, the tint only helps), an arrow for the movement, the therapist's hands outlined,
and props (table, chair, roller...) in thin lines. The output uses presentation
attributes only and no ids, so any number of drawings can share a page or a PDF and pass
a strict Content-Security-Policy; every drawing is 200 by 120 units and scales with its
viewBox.
"""

from __future__ import annotations

import base64
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from html import escape

WIDTH, HEIGHT = 200, 120
FLOOR = 112  # y of the floor line
TABLE_LEGS = 16  # a treatment table's legs are cut short: the floor under it is not drawn

# Segment lengths in drawing units (a standing figure is about 100 tall).
TRUNK, NECK, HEAD_R = 31.0, 11.0, 7.0
UPPER_ARM, FOREARM = 16.0, 15.0
THIGH, SHIN, FOOT = 25.0, 24.0, 7.0

INK = "#1d2125"
FAR = "#8b9199"
START = "#6b7178"
TINT = "#f6c9a0"
HATCH = "#8a3b0c"
ARROW = "#0b4f9c"
PROP = "#5f656c"

Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    """Where the hip is and which way each segment points (degrees, see the module doc).
    Far limbs copy the near ones unless given."""

    hip: Point
    trunk: float = 90
    head: float | None = None  # the neck's direction; the trunk's by default
    face: float = 0  # which way the face looks (a short nose mark)
    arm: float = -90
    forearm: float = -90
    thigh: float = -90
    shin: float = -90
    foot: float = 0
    far_arm: float | None = None
    far_forearm: float | None = None
    far_thigh: float | None = None
    far_shin: float | None = None
    far_foot: float | None = None

    def moved(self, **changes) -> Pose:
        return replace(self, **changes)

    @functools.cached_property
    def joints(self) -> dict[str, Point]:
        j: dict[str, Point] = {"hip": self.hip}
        j["shoulder"] = _step(self.hip, self.trunk, TRUNK)
        j["head"] = _step(j["shoulder"], self.trunk if self.head is None else self.head, NECK)
        for prefix, arm, forearm, thigh, shin, foot in (
            ("", self.arm, self.forearm, self.thigh, self.shin, self.foot),
            (
                "far_",
                _or(self.far_arm, self.arm),
                _or(self.far_forearm, self.forearm),
                _or(self.far_thigh, self.thigh),
                _or(self.far_shin, self.shin),
                _or(self.far_foot, self.foot),
            ),
        ):
            j[prefix + "elbow"] = _step(j["shoulder"], arm, UPPER_ARM)
            j[prefix + "hand"] = _step(j[prefix + "elbow"], forearm, FOREARM)
            j[prefix + "knee"] = _step(self.hip, thigh, THIGH)
            j[prefix + "ankle"] = _step(j[prefix + "knee"], shin, SHIN)
            j[prefix + "toe"] = _step(j[prefix + "ankle"], foot, FOOT)
        return j


# name: (from joint, to joint, stroke width); trunk and head are drawn separately.
SEGMENTS: dict[str, tuple[str, str, float]] = {
    "trunk": ("hip", "shoulder", 11),
    "neck": ("shoulder", "head", 5),
    "arm": ("shoulder", "elbow", 5.5),
    "forearm": ("elbow", "hand", 5),
    "thigh": ("hip", "knee", 7),
    "shin": ("knee", "ankle", 6),
    "foot": ("ankle", "toe", 4.5),
}
FAR_SEGMENTS = ("far_arm", "far_forearm", "far_thigh", "far_shin", "far_foot")
NEAR_LIMBS = ("thigh", "shin", "foot", "arm", "forearm")


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def _step(point: Point, angle: float, length: float) -> Point:
    radians = math.radians(angle)
    return (point[0] + length * math.cos(radians), point[1] - length * math.sin(radians))


def segment_ends(pose: Pose, name: str) -> tuple[Point, Point]:
    base = name.removeprefix("far_")
    start, end, _ = SEGMENTS[base]
    if name.startswith("far_"):
        start = start if start in ("hip", "shoulder") else "far_" + start
        end = "far_" + end
    return pose.joints[start], pose.joints[end]


def limb(origin: Point, target: Point, upper: float, lower: float, bend: int = 1):
    """The directions of a two-segment limb from `origin` reaching `target`; `bend` +1 puts
    the middle joint on the left of the line from origin to target, -1 on its right."""
    dx, dy = target[0] - origin[0], -(target[1] - origin[1])
    distance = min(math.hypot(dx, dy), upper + lower - 0.01)
    base = math.atan2(dy, dx)
    cos_alpha = (upper * upper + distance * distance - lower * lower) / (2 * upper * distance)
    first = base + bend * math.acos(max(-1.0, min(1.0, cos_alpha)))
    middle = (origin[0] + upper * math.cos(first), origin[1] - upper * math.sin(first))
    second = math.atan2(-(target[1] - middle[1]), target[0] - middle[0])
    return round(math.degrees(first), 1), round(math.degrees(second), 1)


def leg(hip: Point, ankle: Point, bend: int = 1, *, far: bool = False) -> dict[str, float]:
    """Thigh and shin directions that put the ankle at `ankle`."""
    thigh, shin = limb(hip, ankle, THIGH, SHIN, bend)
    prefix = "far_" if far else ""
    return {prefix + "thigh": thigh, prefix + "shin": shin}


def arm(
    hip: Point, trunk: float, hand: Point, bend: int = -1, *, far: bool = False
) -> dict[str, float]:
    """Upper arm and forearm directions that put the hand at `hand`."""
    upper, fore = limb(_step(hip, trunk, TRUNK), hand, UPPER_ARM, FOREARM, bend)
    prefix = "far_" if far else ""
    return {prefix + "arm": upper, prefix + "forearm": fore}


# --- What an illustration holds ----------------------------------------------------


@dataclass(frozen=True)
class Band:
    """The stretched or treated area along a segment, from one fraction of it to another
    (a segment name as in SEGMENTS, or far_...); `shift` moves it off the bone towards
    one side (positive: to the left of the segment's direction)."""

    segment: str
    start: float = 0.0
    end: float = 1.0
    width: float = 15.0
    shift: float = 0.0


@dataclass(frozen=True)
class Spot:
    """A round treated area (a buttock, the belly) centred on a joint or a point."""

    at: str | Point
    radius: float = 9.0
    offset: Point = (0.0, 0.0)


@dataclass(frozen=True)
class Arrow:
    """A movement: from a point to a point, bowed by `bend` units to the left of the
    direction of travel; `both` draws a head at each end (to and fro)."""

    start: Point
    end: Point
    bend: float = 0.0
    both: bool = False


@dataclass(frozen=True)
class Prop:
    """Things the figure uses: "table", "chair", "mat", "cushion", "roller", "ball",
    "wall", "strap" (towel from hand to foot), "pack" (heat pack), "bolster"."""

    kind: str
    at: Point = (0.0, 0.0)
    size: float = 0.0
    to: Point | None = None


@dataclass(frozen=True)
class Hand:
    """The therapist's hand and forearm, outlined, pressing at `at` and coming from the
    direction `angle` (degrees, as for poses)."""

    at: Point
    angle: float = 70
    length: float = 26.0


@dataclass(frozen=True)
class Illustration:
    end: Pose
    alt: str
    start: Pose | None = None
    bands: tuple[Band, ...] = ()
    spots: tuple[Spot, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    props: tuple[Prop, ...] = ()
    hands: tuple[Hand, ...] = ()
    floor: bool = True
    extra: tuple[str, ...] = field(default=())  # hand-written SVG of our own (heat waves)

    @property
    def moves(self) -> bool:
        return self.start is not None or bool(self.arrows)


# --- Drawing ------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _line(a: Point, b: Point, stroke: str, width: float, extra: str = "") -> str:
    return (
        f'<line x1="{_n(a[0])}" y1="{_n(a[1])}" x2="{_n(b[0])}" y2="{_n(b[1])}" '
        f'stroke="{stroke}" stroke-width="{_n(width)}" stroke-linecap="round"{extra}/>'
    )


def _polygon(points: Iterable[Point], attrs: str) -> str:
    text = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return f'<polygon points="{text}" {attrs}/>'


def _figure(pose: Pose, *, faint: bool = False, only: Iterable[str] | None = None) -> str:
    """The figure: far limbs, trunk, head, near limbs; faint draws it dashed and light
    (a start position), limited to the segments in `only`."""
    wanted = set(only) if only is not None else None
    parts = []
    dash = ' stroke-dasharray="3 2.5"' if faint else ""

    def draw(name: str, colour: str, width: float) -> None:
        if wanted is not None and name not in wanted:
            return
        a, b = segment_ends(pose, name)
        parts.append(_line(a, b, colour, width, dash))

    for name in FAR_SEGMENTS:
        base = name.removeprefix("far_")
        draw(name, START if faint else FAR, 2 if faint else SEGMENTS[base][2] - 0.5)
    for name in ("trunk", "neck"):
        draw(name, START if faint else INK, 2 if faint else SEGMENTS[name][2])
    if wanted is None or "head" in wanted:
        x, y = pose.joints["head"]
        if faint:
            parts.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(HEAD_R)}" fill="none" '
                f'stroke="{START}" stroke-width="1.5"{dash}/>'
            )
        else:
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(HEAD_R)}" fill="{INK}"/>')
            nose = _step((x, y), pose.face, HEAD_R + 2.2)
            parts.append(_line(_step((x, y), pose.face, HEAD_R - 2), nose, INK, 3.4))
    for name in NEAR_LIMBS:
        draw(name, START if faint else INK, 2 if faint else SEGMENTS[name][2])
    return "".join(parts)


def _changed_segments(start: Pose, end: Pose) -> list[str]:
    """Segments of the start pose that are somewhere else in the end pose."""
    names = [*SEGMENTS, *FAR_SEGMENTS]
    changed = []
    for name in names:
        a0, b0 = segment_ends(start, name)
        a1, b1 = segment_ends(end, name)
        if math.dist(a0, a1) + math.dist(b0, b1) > 1.5:
            changed.append(name)
    if math.dist(start.joints["head"], end.joints["head"]) > 1.5:
        changed.append("head")
    return changed


def _hatch_rect(origin: Point, angle: float, length: float, width: float) -> list[str]:
    """Diagonal hatch lines filling a rectangle laid along `angle` from `origin`."""
    ux, uy = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    vx, vy = -uy, ux  # across the band
    half = width / 2
    lines = []
    spacing = 3.6
    u0 = -width
    while u0 < length:
        t0, t1 = max(0.0, -u0), min(width, length - u0)
        if t1 > t0:
            a = (u0 + t0, -half + t0)
            b = (u0 + t1, -half + t1)
            pa = (origin[0] + ux * a[0] + vx * a[1], origin[1] + uy * a[0] + vy * a[1])
            pb = (origin[0] + ux * b[0] + vx * b[1], origin[1] + uy * b[0] + vy * b[1])
            lines.append(_line(pa, pb, HATCH, 1.1))
        u0 += spacing
    return lines


def _band(pose: Pose, band: Band) -> str:
    a, b = segment_ends(pose, band.segment)
    angle = math.degrees(math.atan2(-(b[1] - a[1]), b[0] - a[0]))
    full = math.dist(a, b)
    ux, uy = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    vx, vy = uy, -ux  # to the left of the direction of travel, on screen
    start = (
        a[0] + ux * full * band.start + vx * band.shift,
        a[1] + uy * full * band.start + vy * band.shift,
    )
    length = full * (band.end - band.start)
    half = band.width / 2
    corners = [
        (start[0] - vx * half, start[1] - vy * half),
        (start[0] + ux * length - vx * half, start[1] + uy * length - vy * half),
        (start[0] + ux * length + vx * half, start[1] + uy * length + vy * half),
        (start[0] + vx * half, start[1] + vy * half),
    ]
    outline = _polygon(
        corners,
        f'fill="{TINT}" stroke="{HATCH}" stroke-width="1.3" stroke-dasharray="3 2" '
        'stroke-linejoin="round"',
    )
    return outline + "".join(_hatch_rect(start, angle, length, band.width))


def _spot(pose: Pose, spot: Spot) -> str:
    cx, cy = pose.joints[spot.at] if isinstance(spot.at, str) else spot.at
    cx, cy = cx + spot.offset[0], cy + spot.offset[1]
    r = spot.radius
    parts = [
        f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{TINT}" stroke="{HATCH}" '
        'stroke-width="1.3" stroke-dasharray="3 2"/>'
    ]
    d = -r + 1.8
    while d < r:
        half = math.sqrt(r * r - d * d)
        # chords at 45 degrees: direction (1, -1)/sqrt2, offset along (1, 1)/sqrt2
        ox, oy = cx + d / math.sqrt(2), cy + d / math.sqrt(2)
        dx, dy = half / math.sqrt(2), -half / math.sqrt(2)
        parts.append(_line((ox - dx, oy - dy), (ox + dx, oy + dy), HATCH, 1.1))
        d += 3.6
    return "".join(parts)


def _arrow_head(tip: Point, towards: Point) -> str:
    angle = math.atan2(tip[1] - towards[1], tip[0] - towards[0])
    size, spread = 6.5, math.radians(26)
    left = (tip[0] - size * math.cos(angle - spread), tip[1] - size * math.sin(angle - spread))
    right = (tip[0] - size * math.cos(angle + spread), tip[1] - size * math.sin(angle + spread))
    return _polygon([tip, left, right], f'fill="{ARROW}"')


def _arrow(arrow: Arrow) -> str:
    (x0, y0), (x1, y1) = arrow.start, arrow.end
    length = math.dist(arrow.start, arrow.end) or 1.0
    # the control point lies `bend` units off the midpoint, to the left of travel on screen
    nx, ny = (y1 - y0) / length, -(x1 - x0) / length
    cx, cy = (x0 + x1) / 2 + nx * arrow.bend * 2, (y0 + y1) / 2 + ny * arrow.bend * 2
    path = (
        f'<path d="M {_n(x0)} {_n(y0)} Q {_n(cx)} {_n(cy)} {_n(x1)} {_n(y1)}" fill="none" '
        f'stroke="{ARROW}" stroke-width="2.2" stroke-linecap="round"/>'
    )
    heads = _arrow_head((x1, y1), (cx, cy))
    if arrow.both:
        heads += _arrow_head((x0, y0), (cx, cy))
    return path + heads


def _hand(hand: Hand) -> str:
    elbow = _step(hand.at, hand.angle, hand.length)
    x, y = hand.at
    return (
        _line(elbow, hand.at, INK, 8.5)
        + _line(elbow, hand.at, "#ffffff", 5.5)
        + f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="#ffffff" stroke="{INK}" '
        'stroke-width="1.5"/>'
    )


def _prop(prop: Prop) -> str:
    x, y = prop.at

    def thin(width: float = 1.6) -> str:
        return (
            f'stroke="{PROP}" stroke-width="{_n(width)}" stroke-linecap="round" '
            'stroke-linejoin="round"'
        )

    if prop.kind == "table":  # top at y, from x for `size` units
        width = prop.size or 120
        return (
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="5" rx="1.5" '
            f'fill="#e9ecef" {thin()}/>'
            + _line((x + 8, y + 5), (x + 8, y + TABLE_LEGS), PROP, 2.4)
            + _line((x + width - 8, y + 5), (x + width - 8, y + TABLE_LEGS), PROP, 2.4)
        )
    if prop.kind == "bed":  # a table seen from above: x, y is its top left corner
        return (
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(prop.size)}" height="{_n(prop.to[1])}" '
            f'rx="3" fill="#e9ecef" {thin()}/>'
        )
    if prop.kind == "chair":  # seat top at y, front edge at x, back to the left
        depth = prop.size or 24
        back = x - depth
        return (
            f'<path d="M {_n(back)} {_n(y - 30)} L {_n(back)} {_n(FLOOR)} '
            f'M {_n(back)} {_n(y)} L {_n(x)} {_n(y)} L {_n(x)} {_n(FLOOR)}" fill="none" '
            f"{thin(2.4)}/>"
        )
    if prop.kind == "mat":
        width = prop.size or 120
        return (
            f'<rect x="{_n(x)}" y="{_n(FLOOR - 2.5)}" width="{_n(width)}" height="2.5" '
            f'fill="#dee2e6" {thin(1)}/>'
        )
    if prop.kind in ("roller", "ball"):
        r = prop.size or (6 if prop.kind == "roller" else 4)
        inner = (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * 0.35)}" fill="none" {thin()}/>'
            if prop.kind == "roller"
            else ""
        )
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="#e9ecef" {thin()}/>' + inner
    if prop.kind in ("cushion", "bolster", "pack"):
        width = prop.size or 12
        return (
            f'<rect x="{_n(x - width / 2)}" y="{_n(y - 2.5)}" width="{_n(width)}" height="5" '
            f'rx="2.5" fill="#e9ecef" {thin()}/>'
        )
    if prop.kind == "wall":
        return _line((x, 10), (x, FLOOR), PROP, 2.4)
    if prop.kind == "strap" and prop.to is not None:
        return _line(prop.at, prop.to, PROP, 1.8, ' stroke-dasharray="0.1 0"')
    raise ValueError(f"unknown prop {prop.kind!r}")


def _top(illustration: Illustration) -> int:
    """Where the drawing starts: everything drawn is kept, the empty sky above it is not,
    so a lying figure is not lost in a tall frame (all drawings keep the same scale)."""
    ys = [
        y
        for pose in (illustration.end, illustration.start)
        if pose
        for _, y in pose.joints.values()
    ]
    ys += [y for arrow in illustration.arrows for _, y in (arrow.start, arrow.end)]
    ys += [_step(hand.at, hand.angle, hand.length)[1] for hand in illustration.hands]
    ys += [prop.at[1] - 30 for prop in illustration.props if prop.kind == "chair"]
    ys += [4 for prop in illustration.props if prop.kind == "wall"]
    highest = min(ys) - HEAD_R - 5
    return max(0, min(60, int(highest // 10 * 10)))


def _bottom(illustration: Illustration) -> int:
    if illustration.floor:
        return HEIGHT
    ys = [
        y
        for pose in (illustration.end, illustration.start)
        if pose
        for _, y in pose.joints.values()
    ]
    ys += [y for arrow in illustration.arrows for _, y in (arrow.start, arrow.end)]
    ys += [prop.at[1] + TABLE_LEGS for prop in illustration.props if prop.kind == "table"]
    ys += [prop.at[1] + prop.to[1] for prop in illustration.props if prop.kind == "bed"]
    return min(HEIGHT, int(max(ys) + 6))


def render(illustration: Illustration, title: str = "", *, css_class: str = "illustration") -> str:
    """The illustration as an `<svg>` element, with a `<title>` and an aria-label of its
    text alternative (escaped: it may come from an admin)."""
    alt = escape(illustration.alt)
    heading = escape(title)
    top, bottom = _top(illustration), _bottom(illustration)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {top} {WIDTH} {bottom - top}" '
        f'class="{escape(css_class)}" role="img" aria-label="{alt}">',
        f"<title>{heading + ': ' if heading else ''}{alt}</title>",
    ]
    if illustration.floor:
        parts.append(_line((4, FLOOR), (WIDTH - 4, FLOOR), PROP, 1.4, ' class="floor"'))
    parts.extend(_prop(prop) for prop in illustration.props if prop.kind != "strap")
    end = illustration.end
    parts.append('<g class="highlight">')
    parts.extend(_band(end, band) for band in illustration.bands)
    parts.extend(_spot(end, spot) for spot in illustration.spots)
    parts.append("</g>")
    if illustration.start is not None:
        changed = _changed_segments(illustration.start, end)
        parts.append(
            f'<g class="start-pose">{_figure(illustration.start, faint=True, only=changed)}</g>'
        )
    parts.append(f'<g class="end-pose">{_figure(end)}</g>')
    parts.extend(_prop(prop) for prop in illustration.props if prop.kind == "strap")
    parts.extend(_hand(hand) for hand in illustration.hands)
    parts.extend(illustration.extra)
    if illustration.arrows:
        parts.append(f'<g class="movement">{"".join(map(_arrow, illustration.arrows))}</g>')
    parts.append("</svg>")
    return "".join(parts)


# --- The library's drawings -----------------------------------------------------------


@functools.lru_cache(maxsize=256)
def drawn_svg(slug: str, title: str = "", alt: str = "") -> str:
    """The drawing of a shipped entry ("" when the slug has none), with its own text
    alternative unless `alt` gives another; cached: the poses are code, so a drawing only
    changes with a deploy."""
    from techniques.poses import ILLUSTRATIONS

    illustration = ILLUSTRATIONS.get(slug)
    if illustration is None:
        return ""
    return render(replace(illustration, alt=alt) if alt else illustration, title)


def drawn_alt(slug: str) -> str:
    from techniques.poses import ILLUSTRATIONS

    illustration = ILLUSTRATIONS.get(slug)
    return illustration.alt if illustration else ""


def has_drawing(slug: str) -> bool:
    from techniques.poses import ILLUSTRATIONS

    return slug in ILLUSTRATIONS


@functools.lru_cache(maxsize=256)
def drawn_data_uri(slug: str, title: str = "", alt: str = "") -> str:
    """The drawing as a data: address for an `<img>`: WeasyPrint draws it as the same
    vector drawing, about a tenth faster than an inline `<svg>` it must first lift out of
    the page's HTML."""
    svg = drawn_svg(slug, title, alt)
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
