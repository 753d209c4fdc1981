"""Body diagrams: pure functions returning SVG strings, no database needed."""

import re
import xml.etree.ElementTree as ET

import pytest

from techniques.diagrams import (
    AREA_LABELS,
    HIT_MIN,
    REGION_AREAS,
    pain_map_svg,
    region_diagram_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
PAIN_CODES = {
    "low_back",
    "mid_back",
    "abdomen",
    *(
        f"{area}_{side}"
        for area in ("groin", "front_hip", "buttock", "front_thigh")
        + ("back_thigh", "knee", "calf", "foot")
        for side in ("left", "right")
    ),
}
REGIONS = ("ABD", "AHIP", "LUMB", "GLUT", "PTHI", "LLEG")


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def shaded(root: ET.Element, attr: str) -> set[str]:
    return {
        el.get(attr)
        for el in root.iter()
        if el.get(attr) and el.get("fill", "").startswith("url(#")
    }


def pattern_ids(root: ET.Element) -> set[str]:
    return {el.get("id") for el in root.iter(f"{SVG}pattern")}


def test_tables_cover_the_contract():
    assert set(AREA_LABELS) == PAIN_CODES
    assert len(AREA_LABELS) == 19
    assert set(REGION_AREAS) == set(REGIONS)
    for areas in REGION_AREAS.values():
        assert areas and set(areas) <= PAIN_CODES


@pytest.mark.parametrize("region", REGIONS)
def test_region_shades_exactly_its_areas(region):
    root = parse(region_diagram_svg(region))
    assert shaded(root, "data-area") == set(REGION_AREAS[region])
    # every shaded shape paints with a hatch pattern defined in this same SVG
    ids = pattern_ids(root)
    for el in root.iter():
        fill = el.get("fill", "")
        if fill.startswith("url(#"):
            assert fill[5:-1] in ids


def test_region_areas_as_expected():
    assert REGION_AREAS["ABD"] == ("abdomen",)
    assert set(REGION_AREAS["AHIP"]) == {
        "groin_left",
        "groin_right",
        "front_hip_left",
        "front_hip_right",
    }
    assert REGION_AREAS["LUMB"] == ("low_back",)
    assert set(REGION_AREAS["GLUT"]) == {"buttock_left", "buttock_right"}
    assert set(REGION_AREAS["PTHI"]) == {"back_thigh_left", "back_thigh_right"}
    assert {"calf_left", "calf_right"} <= set(REGION_AREAS["LLEG"])


@pytest.mark.parametrize("region", [None, ""])
def test_no_region_gives_unshaded_outline(region):
    root = parse(region_diagram_svg(region))
    assert shaded(root, "data-area") == set()
    assert {el.get("data-area") for el in root.iter() if el.get("data-area")} == PAIN_CODES


@pytest.mark.parametrize("region", ["XYZ", "abd", "GLUTE"])
def test_unknown_region_raises(region):
    with pytest.raises(ValueError):
        region_diagram_svg(region)


def test_unknown_pain_area_raises():
    with pytest.raises(ValueError):
        pain_map_svg(["elbow_left"])


def test_every_pain_code_appears_once_with_title_and_id():
    root = parse(pain_map_svg(id_prefix="intake"))
    areas = [el for el in root.iter() if el.get("data-region")]
    assert sorted(el.get("data-region") for el in areas) == sorted(PAIN_CODES)
    for el in areas:
        code = el.get("data-region")
        assert el.get("class") == "pain-area"
        assert el.get("id") == f"intake-{code}"
        title = el.find(f"{SVG}title")
        assert title is not None and title.text == AREA_LABELS[code]
    assert AREA_LABELS["calf_left"] == "Left calf"


def test_pain_map_selection():
    root = parse(pain_map_svg(["calf_left", "low_back"]))
    assert shaded(root, "data-region") == {"calf_left", "low_back"}
    selected = {
        el.get("data-region")
        for el in root.iter()
        if "is-selected" in (el.get("class") or "").split()
    }
    assert selected == {"calf_left", "low_back"}


def test_pain_map_always_defines_its_pattern():
    root = parse(pain_map_svg(id_prefix="pm2"))
    assert pattern_ids(root) == {"pm2-hatch"}


@pytest.mark.parametrize(
    "svg",
    [region_diagram_svg(r) for r in (None, *REGIONS)] + [pain_map_svg(sorted(PAIN_CODES))],
)
def test_csp_safe_and_scalable(svg):
    assert "style=" not in svg
    assert "<script" not in svg.lower()
    root = parse(svg)
    for el in root.iter():
        assert not [a for a in el.attrib if a.lower().startswith("on")]  # no handlers
    assert root.get("viewBox")
    assert root.get("width") in (None, "100%")
    assert root.get("height") is None


def test_pattern_ids_unique_across_calls():
    first, second = parse(region_diagram_svg("GLUT")), parse(region_diagram_svg("GLUT"))
    assert pattern_ids(first) and pattern_ids(second)
    assert not pattern_ids(first) & pattern_ids(second)
    ids_first = {el.get("id") for el in first.iter() if el.get("id")}
    ids_second = {el.get("id") for el in second.iter() if el.get("id")}
    assert not ids_first & ids_second


def test_pain_map_ids_follow_prefix():
    a = {el.get("id") for el in parse(pain_map_svg(id_prefix="a")).iter() if el.get("id")}
    b = {el.get("id") for el in parse(pain_map_svg(id_prefix="b")).iter() if el.get("id")}
    assert not a & b


def accessible_name(root: ET.Element) -> str:
    if root.get("aria-label"):
        return root.get("aria-label")
    label_id = root.get("aria-labelledby")
    assert label_id
    matches = [el for el in root.iter() if el.get("id") == label_id]
    assert len(matches) == 1
    return matches[0].text


def test_accessible_name():
    root = parse(region_diagram_svg("GLUT"))
    assert root.get("role") == "img"
    name = accessible_name(root)
    assert name.startswith("Body diagram:")
    assert "buttocks (gluteals) shaded" in name
    assert accessible_name(parse(region_diagram_svg(None))).startswith("Body diagram")
    assert accessible_name(parse(pain_map_svg()))


def test_custom_title_is_escaped():
    root = parse(region_diagram_svg("ABD", title='Belly <work> & "friends"'))
    assert accessible_name(root) == 'Belly <work> & "friends"'


def test_views_and_sides_labelled():
    root = parse(pain_map_svg())
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "Front" in texts and "Back" in texts
    assert texts.count("L") == 2 and texts.count("R") == 2


def views(root: ET.Element) -> list[ET.Element]:
    """The front and back groups (each pain-map area is a group of its own inside)."""
    return [g for g in root.iter(f"{SVG}g") if "body-view" in g.get("class", "")]


def x_centre(el: ET.Element) -> float:
    shape = el if el.get("d") else el.find(f"{SVG}path")
    nums = [float(n) for n in shape.get("d").replace("M", " ").replace("C", " ").split()[:-1]]
    xs = nums[::2]
    return (min(xs) + max(xs)) / 2


def test_left_right_follow_anatomical_convention():
    # Each view is drawn in a 200-wide box centred on x=100: in the front view the
    # client's left is on the viewer's right; in the back view it's the other way.
    root = parse(pain_map_svg())
    for group in views(root):
        view = group.get("class", "")
        for el in group.iter():
            code = el.get("data-region") or ""
            if code.endswith("_left") or code.endswith("_right"):
                on_viewers_right = x_centre(el) > 100
                client_left = code.endswith("_left")
                if "body-front" in view:
                    assert on_viewers_right == client_left, code
                elif "body-back" in view:
                    assert on_viewers_right != client_left, code


def test_front_and_back_placement():
    root = parse(pain_map_svg())
    placed = {}
    for group in views(root):
        for el in group.iter():
            if el.get("data-region"):
                placed[el.get("data-region")] = group.get("class")
    assert "body-front" in placed["abdomen"] and "body-front" in placed["groin_left"]
    assert "body-back" in placed["low_back"] and "body-back" in placed["buttock_right"]
    assert "body-back" in placed["calf_left"] and "body-back" in placed["back_thigh_left"]


# --- Tap targets (issue 15) --------------------------------------------------------
# The measured check is in tests/clients/test_intake_browser.py; these keep the drawing's
# side of the contract: one invisible rectangle per area, large, apart, and stable.

PHONE_CHART_WIDTH = 366  # CSS px the 430-unit chart gets on a 390 px phone (measured)


def hit_boxes(root: ET.Element) -> dict[str, list[tuple[str, float, float, float, float]]]:
    """Per view, in drawing order: (code, x, y, width, height) of each area's hit rectangle."""
    out = {}
    for group in views(root):
        view = group.get("class").split("body-")[-1]
        out[view] = []
        for area in group.iter(f"{SVG}g"):
            if area.get("data-region"):
                (rect,) = area.findall(f"{SVG}rect")
                box = [float(rect.get(a)) for a in ("x", "y", "width", "height")]
                out[view].append((area.get("data-region"), *box))
    return out


def curve_bounds(d: str) -> tuple[float, float, float, float]:
    """Bounds of absolute M/C/Z path data, the curves sampled finely (control points
    would overstate them)."""
    points, current = [], None
    for cmd, args in re.findall(r"([MCZ])([^MCZ]*)", d):
        nums = [float(n) for n in args.split()]
        pts = list(zip(nums[::2], nums[1::2], strict=True))
        if cmd == "M":
            current = pts[0]
            points.append(current)
        elif cmd == "C":
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = current, *pts
            for i in range(1, 65):
                t, u = i / 64, 1 - i / 64
                points.append(
                    (
                        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
                    )
                )
            current = pts[-1]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Do two (left, top, right, bottom) boxes share any area? Touching edges don't."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_every_area_is_one_group_with_one_hit_rectangle_under_its_shape():
    root = parse(pain_map_svg(id_prefix="pm"))
    areas = [el for el in root.iter() if el.get("data-region")]
    assert len(areas) == 19
    for area in areas:
        assert area.tag == f"{SVG}g"
        children = [child.tag.removeprefix(SVG) for child in area]
        assert children == ["title", "rect", "path"]  # name first; the shape drawn over it
        rect = area.find(f"{SVG}rect")
        assert rect.get("class") == "pain-hit"
        assert rect.get("fill") == "none" and rect.get("stroke") == "none"
        assert rect.get("pointer-events") == "all"
        assert rect.get("id") is None and rect.get("data-region") is None  # not a control
    assert sum(len(boxes) for boxes in hit_boxes(root).values()) == 19


def test_hit_rectangles_are_finger_sized_on_a_phone():
    assert HIT_MIN * PHONE_CHART_WIDTH / 430 >= 24
    for boxes in hit_boxes(parse(pain_map_svg())).values():
        for code, _x, _y, width, height in boxes:
            assert width >= HIT_MIN and height >= HIT_MIN, code


def test_hit_rectangles_stay_apart_and_nothing_drawn_later_covers_them():
    # Later shapes paint over earlier ones, so a rectangle is all its own area's only if
    # no other rectangle and no later shape reaches into it.
    root = parse(pain_map_svg())
    shapes = {
        area.get("data-region"): curve_bounds(area.find(f"{SVG}path").get("d"))
        for area in root.iter(f"{SVG}g")
        if area.get("data-region")
    }
    for boxes in hit_boxes(root).values():
        rects = [(code, (x, y, x + w, y + h)) for code, x, y, w, h in boxes]
        for i, (code, rect) in enumerate(rects):
            left, top, right, bottom = rect
            assert left >= 0 and top >= 0 and right <= 200 and bottom <= 470, code  # in its view
            for other, other_rect in rects[:i] + rects[i + 1 :]:
                assert not overlap(rect, other_rect), (code, other)
            for later, _ in rects[i + 1 :]:
                assert not overlap(rect, shapes[later]), (code, later)


def test_each_hit_rectangle_holds_its_own_area():
    root = parse(pain_map_svg())
    for area in root.iter(f"{SVG}g"):
        if not area.get("data-region"):
            continue
        left, top, right, bottom = curve_bounds(area.find(f"{SVG}path").get("d"))
        rect = area.find(f"{SVG}rect")
        x, y = float(rect.get("x")), float(rect.get("y"))
        width, height = float(rect.get("width")), float(rect.get("height"))
        centre = ((left + right) / 2, (top + bottom) / 2)
        assert x <= centre[0] <= x + width and y <= centre[1] <= y + height, area.get("id")


def test_paired_hit_rectangles_mirror_each_other():
    for boxes in hit_boxes(parse(pain_map_svg())).values():
        by_code = {code: (x, y, w, h) for code, x, y, w, h in boxes}
        for code, (x, y, w, h) in by_code.items():
            if code.endswith("_left"):
                mx, my, mw, mh = by_code[code.replace("_left", "_right")]
                assert (mx, my, mw, mh) == (200 - x - w, y, w, h), code


def test_pain_map_ids_are_unique_and_output_deterministic():
    svg = pain_map_svg(["foot_left", "groin_right"], id_prefix="pm")
    ids = [el.get("id") for el in parse(svg).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 19 + 2  # areas, the title and the hatch
    assert svg == pain_map_svg(["groin_right", "foot_left"], id_prefix="pm")
    assert svg == pain_map_svg(("foot_left", "groin_right", "foot_left"), id_prefix="pm")


def test_region_diagrams_have_no_hit_rectangles():
    for region in (None, *REGIONS):
        assert "pain-hit" not in region_diagram_svg(region)
