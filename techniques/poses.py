"""The drawing of every shipped library entry, keyed by slug (techniques/illustrations.py
explains poses and angles), with the text alternative that describes it.

Figures face right unless said; lying figures have the head on the left. The near limbs
(black) are the side being stretched or worked; the far ones are grey.
"""

from __future__ import annotations

import math

from techniques.illustrations import (
    FLOOR,
    Arrow,
    Band,
    Hand,
    Illustration,
    Pose,
    Prop,
    Spot,
    arm,
    leg,
)

# --- Shared positions -----------------------------------------------------------------

TABLE_TOP = 74
ON_TABLE = TABLE_TOP - 5.5  # the body's centre line lying on the table
ON_MAT = FLOOR - 2.5 - 5.5  # ... lying on a mat on the floor
TABLE = Prop("table", (22, TABLE_TOP), 156)
MAT = Prop("mat", (30, 0), 140)

SUPINE_HIP = (112.0, ON_TABLE)
# The far leg is set on its own, so it stays on the table when the near one moves.
SUPINE = Pose(
    SUPINE_HIP,
    trunk=180,
    head=176,
    face=90,
    arm=-5,
    forearm=0,
    thigh=0,
    shin=0,
    foot=80,
    far_thigh=0,
    far_shin=0,
    far_foot=80,
)
PRONE = SUPINE.moved(face=-90, foot=-55, shin=2, far_foot=-55, far_shin=2)

FLOOR_HIP = (112.0, ON_MAT)
FLOOR_FEET = (137.0, FLOOR - 3.5)
BACK_ON_FLOOR = Pose(
    FLOOR_HIP,
    trunk=180,
    head=178,
    face=90,
    arm=-5,
    forearm=0,
    foot=-5,
    **leg(FLOOR_HIP, FLOOR_FEET),
    **leg(FLOOR_HIP, FLOOR_FEET, far=True),
)

SEAT = 84  # chair seat height
SEAT_HIP = (96.0, SEAT - 5.0)
SEATED_ANKLE = (119.0, FLOOR - 3.5)
SEATED = Pose(
    SEAT_HIP,
    trunk=90,
    **arm(SEAT_HIP, 90, (112, SEAT - 4)),
    **leg(SEAT_HIP, SEATED_ANKLE),
    **leg(SEAT_HIP, SEATED_ANKLE, far=True),
)
CHAIR = Prop("chair", (104, SEAT), 26)


def _pressure(x: float, y: float) -> Arrow:
    """A short downward arrow: steady pressure at (x, y)."""
    return Arrow((x, y - 17), (x, y - 5))


# --- Self-care items ------------------------------------------------------------------


def _kneeling() -> Illustration:
    knee, front_ankle = (82.0, FLOOR - 5.5), (132.0, FLOOR - 3.5)

    def kneel(thigh: float) -> Pose:
        # the back knee stays on the cushion while the hips move over and past it
        hip = (
            knee[0] - 25 * math.cos(math.radians(thigh)),
            knee[1] + 25 * math.sin(math.radians(thigh)),
        )
        return Pose(
            hip,
            trunk=90,
            thigh=thigh,
            shin=180,
            foot=185,
            **leg(hip, front_ankle, 1, far=True),
            far_foot=0,
            **arm(hip, 90, (hip[0] + 7, hip[1] - 3)),
        )

    return Illustration(
        end=kneel(-128),
        start=kneel(-100),
        bands=(Band("thigh", 0.0, 0.75), Band("trunk", 0.0, 0.2)),
        arrows=(Arrow((70, 70), (86, 70), bend=2),),
        props=(Prop("cushion", (82, FLOOR - 2.5), 16),),
        alt="Kneeling on one knee on a cushion, the other foot flat in front. Trunk upright, "
        "the hips shift gently forward to stretch the front of the back hip.",
    )


def _standing_hip_flexor() -> Illustration:
    back, front = (66.0, FLOOR - 7.0), (122.0, FLOOR - 3.5)
    end_hip, start_hip = (97.0, 64.0), (93.0, 61.0)

    def lunge(hip):
        return Pose(
            hip,
            trunk=90,
            **leg(hip, back, 1),
            foot=235,
            **leg(hip, front, 1, far=True),
            far_foot=0,
            **arm(hip, 90, (125, hip[1] - 18), 1),
            **arm(hip, 90, (hip[0] + 2, hip[1] + 2), -1, far=True),
        )

    return Illustration(
        end=lunge(end_hip),
        start=lunge(start_hip),
        bands=(Band("thigh", 0.0, 0.75), Band("trunk", 0.0, 0.2)),
        arrows=(Arrow((72, 56), (88, 58), bend=2),),
        props=(Prop("wall", (128, 0)),),
        alt="Standing in a long stride with one hand on a wall, back heel lifted. The front "
        "knee bends a little and the hips move forward to stretch the front of the back hip.",
    )


def _knee_to_chest() -> Illustration:
    end = BACK_ON_FLOOR.moved(thigh=115, shin=-15, foot=60, **arm(FLOOR_HIP, 180, (102, 78)))
    return Illustration(
        end=end,
        start=BACK_ON_FLOOR,
        bands=(Band("trunk", 0.0, 0.5, width=17),),
        spots=(Spot("hip", 8),),
        arrows=(Arrow((132, 80), (108, 70), bend=-4),),
        props=(MAT,),
        alt="Lying on the back, knees bent. Both hands draw one knee gently towards the "
        "chest, the other foot stays on the floor; felt in the low back and buttock.",
    )


def _figure_four() -> Illustration:
    start_far_knee = BACK_ON_FLOOR.joints["far_knee"]
    end_far_ankle = (122.0, 76.0)
    start = BACK_ON_FLOOR.moved(**leg(FLOOR_HIP, start_far_knee, -1), foot=0)
    end_far = leg(FLOOR_HIP, end_far_ankle, 1, far=True)
    end_far_knee = Pose(FLOOR_HIP, **end_far).joints["far_knee"]
    end = BACK_ON_FLOOR.moved(
        **end_far,
        far_foot=60,
        **leg(FLOOR_HIP, end_far_knee, -1),
        foot=0,
        **arm(FLOOR_HIP, 180, (end_far_knee[0] - 2, end_far_knee[1] + 4), -1),
    )
    return Illustration(
        end=end,
        start=start,
        spots=(Spot("hip", 9),),
        arrows=(Arrow((140, 82), (118, 64), bend=-4),),
        props=(MAT,),
        alt="Lying on the back with one ankle crossed over the other knee. Hands behind the "
        "lower thigh draw both legs towards the chest; felt deep in the buttock.",
    )


def _seated_figure_four() -> Illustration:
    far_knee = SEATED.joints["far_knee"]
    start = SEATED.moved(**leg(SEAT_HIP, (far_knee[0] + 2, far_knee[1] - 5)), foot=0)
    end = start.moved(trunk=62, head=55, face=-15, **arm(SEAT_HIP, 62, (116, SEAT - 8)))
    return Illustration(
        end=end,
        start=start,
        spots=(Spot("hip", 9, (-3, 0)),),
        arrows=(Arrow((102, 28), (122, 40), bend=-3),),
        props=(CHAIR,),
        alt="Sitting tall on a chair with one ankle resting on the other knee. Lean forward "
        "from the hips with a straight back; felt in the buttock of the crossed leg.",
    )


def _towel() -> Illustration:
    end_ankle = (150.0, 40.0)
    end = BACK_ON_FLOOR.moved(
        **leg(FLOOR_HIP, end_ankle, 1),
        foot=10,
        **arm(FLOOR_HIP, 180, (100, 80), 1),
    )
    return Illustration(
        end=end,
        start=BACK_ON_FLOOR.moved(**arm(FLOOR_HIP, 180, (100, 80), 1)),
        bands=(Band("thigh", 0.05, 0.9, shift=-3),),
        arrows=(Arrow((152, 92), (158, 50), bend=6),),
        props=(MAT, Prop("strap", (100, 80), to=end.joints["toe"])),
        alt="Lying on the back with a towel looped round one foot. Holding both ends, lift "
        "that leg with the knee soft until the back of the thigh feels mildly tight.",
    )


def _seated_slider(hip=SEAT_HIP, seated: Pose = SEATED, hands=()) -> dict:
    ankle_up = (hip[0] + 46, hip[1] - 2)
    end = seated.moved(**leg(hip, ankle_up, -1), foot=70, head=105, face=45)
    start = seated.moved(head=80, face=-50)
    return {
        "end": end,
        "start": start,
        "bands": (Band("thigh", 0.1, 0.95, shift=-4),),
        "arrows": (
            Arrow(
                (start.joints["ankle"][0] + 7, start.joints["ankle"][1] - 2),
                (ankle_up[0] + 4, ankle_up[1] + 9),
                bend=-6,
                both=True,
            ),
            Arrow((hip[0] - 16, hip[1] - 36), (hip[0] - 14, hip[1] - 52), bend=-3, both=True),
        ),
        "hands": hands,
    }


def _slider_home() -> Illustration:
    return Illustration(
        **_seated_slider(),
        props=(CHAIR,),
        alt="Sitting tall on a chair. Straighten one knee while tipping the head back to "
        "look up, then bend the knee as the chin comes down; a light pull behind the leg only.",
    )


def _glute_roll() -> Illustration:
    hip, trunk = (98.0, 92.0), 118
    feet = (136.0, FLOOR - 3.5)
    far = leg(hip, feet, 1, far=True)
    far_knee = Pose(hip, **far).joints["far_knee"]
    end = Pose(
        hip,
        trunk=trunk,
        head=100,
        face=-10,
        **far,
        far_foot=0,
        **leg(hip, (far_knee[0] + 1, far_knee[1] - 5)),
        foot=0,
        **arm(hip, trunk, (70, FLOOR - 2), 1),
    )
    return Illustration(
        end=end,
        spots=(Spot("hip", 9, (-1, 2)),),
        arrows=(Arrow((84, 117), (112, 117), both=True),),
        props=(Prop("roller", (98, FLOOR - 7.5), 7.5),),
        alt="Sitting on a foam roller with hands on the floor behind and one ankle crossed "
        "over the other knee. Roll slowly back and forth over the buttock.",
    )


def _hamstring_roll() -> Illustration:
    hip, trunk = (78.0, 95.0), 128
    ankle = (126.0, 99.0)
    far_feet = (112.0, FLOOR - 3.5)
    end = Pose(
        hip,
        trunk=trunk,
        head=110,
        face=-10,
        **leg(hip, ankle, -1),
        foot=80,
        **leg(hip, far_feet, 1, far=True),
        far_foot=0,
        **arm(hip, trunk, (54, FLOOR - 2), 1),
    )
    return Illustration(
        end=end,
        bands=(Band("thigh", 0.1, 0.95, shift=-4),),
        arrows=(Arrow((84, 116), (116, 116), both=True),),
        props=(Prop("roller", (100, FLOOR - 7), 7),),
        alt="Sitting on the floor, hands behind, a foam roller under the back of one thigh. "
        "Lift the hips a little and roll slowly between knee and buttock.",
    )


def _psoas_ball() -> Illustration:
    hip = (122.0, ON_MAT - 4.5)
    end = Pose(
        hip,
        trunk=166,
        head=172,
        face=-70,
        **arm(hip, 166, (68, FLOOR - 3)),
        thigh=-1,
        shin=0,
        foot=-60,
    )
    return Illustration(
        end=end,
        spots=(Spot((111, 101), 7),),
        arrows=(_pressure(111, 92),),
        props=(MAT, Prop("ball", (111, FLOOR - 4.5), 4.5)),
        alt="Lying face down, propped on the forearms, with a soft ball under the belly "
        "beside the navel. Lower your weight onto it slowly and breathe.",
    )


def _movement_breaks() -> Illustration:
    standing_hip = (130.0, 61.0)
    standing = Pose(
        standing_hip,
        trunk=90,
        **leg(standing_hip, (128, FLOOR - 3.5), 1),
        **leg(standing_hip, (134, FLOOR - 3.5), 1, far=True),
        **arm(standing_hip, 90, (134, 92), 1),
        **arm(standing_hip, 90, (126, 92), 1, far=True),
    )
    return Illustration(
        end=standing,
        start=SEATED,
        arrows=(Arrow((92, 34), (124, 14), bend=-6),),
        props=(CHAIR,),
        extra=(
            '<circle cx="34" cy="28" r="12" fill="none" stroke="#1d2125" stroke-width="2"/>'
            '<path d="M 34 28 L 34 19 M 34 28 L 41 31" stroke="#1d2125" stroke-width="2" '
            'stroke-linecap="round" fill="none"/>',
        ),
        alt="A clock, a person sitting on a chair, then the same person standing up to move "
        "for a minute or two: every 30 minutes of sitting.",
    )


def _walking() -> Illustration:
    hip = (92.0, 62.0)
    end = Pose(
        hip,
        trunk=86,
        head=84,
        **leg(hip, (112, FLOOR - 3.5), 1),
        foot=20,
        **leg(hip, (74, FLOOR - 6), 1, far=True),
        far_foot=-60,
        **arm(hip, 86, (70, 72), 1),
        **arm(hip, 86, (116, 72), 1, far=True),
    )
    return Illustration(
        end=end,
        arrows=(Arrow((124, 40), (160, 40)),),
        alt="Walking at an easy pace, standing tall, arms swinging, one step ahead of the "
        "other; a little further every few days.",
    )


def _heat_pack() -> Illustration:
    waves = "".join(
        f'<path d="M {x} 92 q 3 -4 0 -8 q -3 -4 0 -8" fill="none" stroke="#8a3b0c" '
        'stroke-width="1.5" stroke-linecap="round"/>'
        for x in (94, 102, 110)
    )
    return Illustration(
        end=BACK_ON_FLOOR,
        bands=(Band("trunk", 0.0, 0.45, width=17),),
        props=(MAT, Prop("pack", (100, ON_MAT + 4.5), 18)),
        extra=(waves,),
        alt="Lying on the back with the knees bent and a wrapped warm pack under the low "
        "back, for 15 to 20 minutes.",
    )


# --- Session techniques ----------------------------------------------------------------

LOW_BACK = Band("trunk", 0.0, 0.45, width=17, shift=-4)  # the back is up, face down
BOLSTER_ANKLES = Prop("bolster", (168, TABLE_TOP - 2.5), 14)
BOLSTER_KNEES = Prop("bolster", (136, TABLE_TOP - 3), 16)
PRONE_ON_BOLSTER = PRONE.moved(shin=8, foot=-60, far_shin=8, far_foot=-60)


def _swedish() -> Illustration:
    return Illustration(
        end=PRONE_ON_BOLSTER,
        bands=(LOW_BACK,),
        spots=(Spot("hip", 9, (-1, -1)),),
        hands=(Hand((108, 60), 60),),
        arrows=(Arrow((116, 44), (86, 44), bend=4, both=True),),
        floor=False,
        props=(TABLE, BOLSTER_ANKLES),
        alt="Client face down on the table, pillow under the ankles. The therapist's hands "
        "glide in long, slow strokes over the low back and buttocks.",
    )


def _lumbar_ql() -> Illustration:
    return Illustration(
        end=PRONE_ON_BOLSTER,
        bands=(LOW_BACK,),
        hands=(Hand((102, 61), 40, 30),),
        arrows=(_pressure(94, 57),),
        floor=False,
        props=(TABLE, BOLSTER_ANKLES),
        alt="Client face down on the table. The therapist's forearm sinks slowly into the "
        "muscles beside the lower spine and holds steady pressure.",
    )


def _anterior_hip() -> Illustration:
    bent = leg(SUPINE_HIP, (152, ON_TABLE - 2), 1)
    start = SUPINE.moved(**bent, foot=70, **leg(SUPINE_HIP, (158, ON_TABLE - 1), 1, far=True))
    end = start.moved(**leg(SUPINE_HIP, (160, ON_TABLE - 1), 1), foot=80)
    return Illustration(
        end=end,
        start=start,
        spots=(Spot("hip", 7, (3, -5)),),
        hands=(Hand((116, 59), 80),),
        arrows=(Arrow((148, 50), (166, 50)),),
        floor=False,
        props=(TABLE, BOLSTER_KNEES),
        alt="Client on their back, knees over a bolster. The therapist's flat fingers rest "
        "at the front of the hip; the client slowly slides the heel down the table.",
    )


def _abdominal_psoas() -> Illustration:
    feet = (146.0, ON_TABLE + 2)
    end = SUPINE.moved(
        **leg(SUPINE_HIP, feet, 1),
        **leg(SUPINE_HIP, feet, 1, far=True),
        foot=10,
    )
    return Illustration(
        end=end,
        spots=(Spot((104, 62), 6.5),),
        hands=(Hand((104, 60), 75),),
        arrows=(_pressure(92, 60),),
        floor=False,
        props=(TABLE,),
        alt="Client on their back with knees bent. The therapist's fingertips rest beside "
        "the navel and sink in very slowly, only as deep as the client allows.",
    )


def _hip_flexor_mfr() -> Illustration:
    return Illustration(
        end=SUPINE,
        bands=(Band("thigh", 0.0, 0.9, shift=3),),
        hands=(Hand((122, 61), 110, 28),),
        arrows=(Arrow((116, 50), (140, 50), bend=3),),
        floor=False,
        props=(TABLE,),
        alt="Client on their back, leg straight. The therapist's forearm rests on the front "
        "of the thigh and follows the tissue slowly from hip towards knee.",
    )


def _assisted_hip_flexor() -> Illustration:
    hip = (150.0, ON_TABLE)
    hugged = leg(hip, (140, 44), 1, far=True)
    base = Pose(
        hip,
        trunk=180,
        head=176,
        face=90,
        **hugged,
        far_foot=10,
        **arm(hip, 180, (133, 50), 1),
        foot=-20,
    )
    start = base.moved(thigh=-5, shin=-60)
    end = base.moved(thigh=-35, shin=-95)
    return Illustration(
        end=end,
        start=start,
        bands=(Band("thigh", 0.0, 0.8),),
        hands=(Hand(end.joints["knee"], 45, 24),),
        arrows=(Arrow((180, 76), (176, 92), bend=-3),),
        props=(Prop("table", (22, TABLE_TOP), 130),),
        floor=False,
        alt="Client lying on their back at the end of the table, hugging one knee to the "
        "chest. The other leg hangs free and lowers gently, stretching the front of the hip.",
    )


def _hip_rom() -> Illustration:
    end = SUPINE.moved(**leg(SUPINE_HIP, (150, 40), 1), foot=0)
    return Illustration(
        end=end,
        start=SUPINE,
        spots=(Spot("hip", 8),),
        hands=(Hand(end.joints["knee"], 60, 22), Hand(end.joints["ankle"], 30, 22)),
        arrows=(Arrow((154, 56), (136, 36), bend=-3, both=True),),
        floor=False,
        props=(TABLE,),
        alt="Client relaxed on their back. The therapist carries the leg at knee and heel "
        "and moves the hip slowly through a comfortable range.",
    )


def _piriformis_tp() -> Illustration:
    return Illustration(
        end=PRONE_ON_BOLSTER,
        spots=(Spot("hip", 9, (-1, -2)),),
        hands=(Hand((112, 60), 70),),
        arrows=(_pressure(124, 58),),
        floor=False,
        props=(TABLE, BOLSTER_ANKLES),
        alt="Client face down on the table. The therapist's thumb presses steadily on a "
        "tender point deep in the buttock and holds.",
    )


def _pin_and_stretch() -> Illustration:
    start = PRONE.moved(shin=90, foot=0)
    end = PRONE.moved(shin=55, foot=-35)
    return Illustration(
        end=end,
        start=start,
        spots=(Spot("hip", 9, (-1, -2)),),
        hands=(Hand((112, 60), 70),),
        arrows=(Arrow((146, 30), (166, 40), bend=-3, both=True),),
        floor=False,
        props=(TABLE,),
        alt="Client face down, knee bent to a right angle. The therapist pins a tight spot "
        "in the buttock while the lower leg slowly falls outwards and back.",
    )


def _passive_piriformis() -> Illustration:
    start = SUPINE.moved(thigh=85, shin=-5, foot=-10)
    end = SUPINE.moved(thigh=122, shin=-10, foot=-10)
    return Illustration(
        end=end,
        start=start,
        spots=(Spot("hip", 9),),
        hands=(Hand(end.joints["knee"], 125, 20), Hand(end.joints["ankle"], 55, 20)),
        arrows=(Arrow((132, 40), (112, 28), bend=5),),
        floor=False,
        props=(TABLE,),
        alt="Client on their back. The therapist bends the hip and knee and guides the knee "
        "towards the opposite shoulder until the buttock feels mildly tight.",
    )


def _side_lying() -> Illustration:
    hip = (112.0, 58.0)
    end = Pose(
        hip,
        trunk=180,
        head=178,
        face=-90,
        **arm(hip, 180, (96, 74), -1),
        thigh=-45,
        shin=-5,
        foot=-90,
        far_thigh=-50,
        far_shin=-8,
    )
    return Illustration(
        end=end,
        bands=(LOW_BACK,),
        hands=(Hand((86, 52), 100, 22), Hand((116, 51), 80, 22)),
        arrows=(Arrow((132, 38), (132, 62), bend=-6, both=True),),
        props=(Prop("bed", (22, 36), 156, (0, 58)), Prop("cushion", (66, 58), 14)),
        floor=False,
        alt="Client lying on their side, hips and knees bent, pillows under the head and "
        "between the knees. The therapist steadies shoulder and pelvis and rocks the pelvis "
        "gently forward and back.",
    )


def _hamstring_deep() -> Illustration:
    return Illustration(
        end=PRONE_ON_BOLSTER,
        bands=(Band("thigh", 0.05, 0.95, shift=3),),
        hands=(Hand((128, 61), 50, 28),),
        arrows=(Arrow((150, 48), (122, 48), bend=3),),
        floor=False,
        props=(TABLE, BOLSTER_ANKLES),
        alt="Client face down, ankles on a bolster. The therapist's forearm works slowly up "
        "the back of the thigh from above the knee towards the sitting bone.",
    )


def _gentle_hamstring() -> Illustration:
    end = SUPINE.moved(**leg(SUPINE_HIP, (148, 28), 1), foot=20)
    return Illustration(
        end=end,
        start=SUPINE,
        bands=(Band("thigh", 0.05, 0.9, shift=-4),),
        hands=(Hand(end.joints["ankle"], 20, 22), Hand((134, 46), -20, 20)),
        arrows=(Arrow((168, 58), (160, 30), bend=4),),
        floor=False,
        props=(TABLE,),
        alt="Client on their back. The therapist lifts one leg at calf and heel, knee soft, "
        "until the back of the thigh feels mildly tight.",
    )


def _assisted_slider() -> Illustration:
    hip = (88.0, TABLE_TOP - 5.0)
    seated = Pose(
        hip,
        trunk=90,
        **arm(hip, 90, (104, hip[1] - 2)),
        **leg(hip, (112, 96), -1),
        **leg(hip, (112, 96), -1, far=True),
    )
    parts = _seated_slider(hip, seated)
    ankle = parts["end"].joints["ankle"]
    parts["hands"] = (Hand((ankle[0] - 6, ankle[1] + 4), -70, 22),)
    return Illustration(
        **parts,
        props=(Prop("table", (22, TABLE_TOP), 76),),
        floor=False,
        alt="Client sitting on the edge of the table. The therapist supports the lower leg "
        "as the client straightens the knee and looks up, then bends it and looks down.",
    )


def _lower_leg() -> Illustration:
    return Illustration(
        end=PRONE_ON_BOLSTER,
        bands=(Band("shin", 0.05, 0.95),),
        hands=(Hand((156, 61), 60),),
        arrows=(Arrow((168, 48), (140, 48), bend=3),),
        floor=False,
        props=(TABLE, BOLSTER_ANKLES),
        alt="Client face down, ankles on a bolster. The therapist's whole hand strokes "
        "lightly up the calf from ankle towards knee.",
    )


ILLUSTRATIONS: dict[str, Illustration] = {
    "kneeling-hip-flexor-stretch": _kneeling(),
    "standing-hip-flexor-stretch": _standing_hip_flexor(),
    "knee-to-chest-stretch": _knee_to_chest(),
    "supine-figure-four-stretch": _figure_four(),
    "seated-piriformis-stretch": _seated_figure_four(),
    "towel-hamstring-stretch": _towel(),
    "sciatic-nerve-slider-home": _slider_home(),
    "glute-foam-roll": _glute_roll(),
    "hamstring-foam-roll": _hamstring_roll(),
    "psoas-ball-release": _psoas_ball(),
    "movement-breaks": _movement_breaks(),
    "daily-walking": _walking(),
    "heat-pack": _heat_pack(),
    "swedish-warmup-lumbar-gluteal": _swedish(),
    "lumbar-ql-deep-tissue": _lumbar_ql(),
    "anterior-hip-iliopsoas-release": _anterior_hip(),
    "abdominal-psoas-release": _abdominal_psoas(),
    "hip-flexor-myofascial-release": _hip_flexor_mfr(),
    "assisted-hip-flexor-stretch": _assisted_hip_flexor(),
    "hip-range-of-motion": _hip_rom(),
    "piriformis-trigger-point": _piriformis_tp(),
    "gluteal-pin-and-stretch": _pin_and_stretch(),
    "passive-piriformis-stretch": _passive_piriformis(),
    "side-lying-lumbar-release": _side_lying(),
    "hamstring-deep-tissue": _hamstring_deep(),
    "gentle-hamstring-stretch": _gentle_hamstring(),
    "assisted-sciatic-nerve-slider": _assisted_slider(),
    "lower-leg-effleurage": _lower_leg(),
}
