"""Body diagrams: pure functions returning SVG strings, no database needed."""

import xml.etree.ElementTree as ET

import pytest

from techniques.diagrams import (
    AREA_LABELS,
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


def x_centre(el: ET.Element) -> float:
    nums = [float(n) for n in el.get("d").replace("M", " ").replace("C", " ").split()[:-1]]
    xs = nums[::2]
    return (min(xs) + max(xs)) / 2


def test_left_right_follow_anatomical_convention():
    # Each view is drawn in a 200-wide box centred on x=100: in the front view the
    # client's left is on the viewer's right; in the back view it's the other way.
    root = parse(pain_map_svg())
    for group in root.iter(f"{SVG}g"):
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
    for group in root.iter(f"{SVG}g"):
        for el in group.iter():
            if el.get("data-region"):
                placed[el.get("data-region")] = group.get("class")
    assert "body-front" in placed["abdomen"] and "body-front" in placed["groin_left"]
    assert "body-back" in placed["low_back"] and "body-back" in placed["buttock_right"]
    assert "body-back" in placed["calf_left"] and "body-back" in placed["back_thigh_left"]
