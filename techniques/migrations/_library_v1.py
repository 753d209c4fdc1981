"""The starting technique library, revision 1.

Frozen data for the data migration that loads the shipped library. Do not edit
this file to change the live library: admins curate it in Django admin, and a
later revision of the shipped library goes in a new module (``_library_v2.py``)
with its own migration.

Slugs, regions, modalities, indications, roles, minutes and patterns follow the
project's library contract; names, summaries, steps and cautions are the
project's own copy. Session techniques are written for the therapist; self-care
items are written for the client, in plain words.

The copy makes no promises about outcomes: hands-on work and home exercises may
ease pain and stiffness for a while, as part of a plan that includes staying
active and exercise.
"""

from __future__ import annotations

REVISION = 1

ENTRIES: list[dict] = [
    # ------------------------------------------------------------------
    # Session techniques (what the therapist does)
    # ------------------------------------------------------------------
    {
        "kind": "technique",
        "slug": "swedish-warmup-lumbar-gluteal",
        "region": "LUMB",
        "modality": "LIGHT",
        "name": "Swedish Warm-Up for Low Back and Buttocks",
        "indications": ["PS01", "SC07"],
        "role": "warm-up",
        "default_minutes": 10,
        "patterns": [],
        "summary": (
            "Long, flowing strokes and gentle kneading over the low back and buttocks to "
            "warm the tissues and help the client settle. Suits almost every client as the "
            "start of a session, and works on its own for a relaxation-focused visit."
        ),
        "steps": [
            "Position the client face down with a pillow under the ankles, and a thin pillow "
            "under the belly if lying flat strains the low back. Drape so that only the low "
            "back and buttocks are uncovered.",
            "Spread oil or lotion with slow, whole-hand effleurage from the sacrum up either "
            "side of the spine and out over the top of the pelvis.",
            "Move on to gentle kneading and palm compressions over the lumbar muscles and "
            "gluteals, keeping pressure light to moderate and the rhythm steady.",
            "Check pressure and comfort early, and ask the client to tell you straight away "
            "if anything feels sharp or spreads into the leg.",
            "Close with a few slower, lighter strokes before moving on to the main work.",
        ],
        "cautions": [
            "Stop or lighten if the client reports sharp pain, or pain, tingling or numbness "
            "spreading into the leg.",
            "Work around bruises, broken skin or any area that is hot and swollen.",
            "Check the screening result first: no hands-on work when the decision is do not treat.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "lumbar-ql-deep-tissue",
        "region": "LUMB",
        "modality": "DEEP",
        "name": "Lumbar and Quadratus Lumborum Deep Tissue",
        "indications": ["PS01", "PS07"],
        "role": "main",
        "default_minutes": 10,
        "patterns": [],
        "summary": (
            "Slow, sustained deep-tissue work on the muscles beside the lumbar spine and on "
            "quadratus lumborum. Suits clients whose low back aches after long standing or "
            "who hold an increased lumbar curve, and who are comfortable with firm pressure."
        ),
        "steps": [
            "After the warm-up, work with the client face down, or side-lying with the top "
            "arm overhead and a pillow between the knees to open the gap between the lowest "
            "rib and the pelvis for access to quadratus lumborum.",
            "Work the lumbar paraspinals with slow forearm or knuckle strokes along the "
            "fibres, sinking in gradually rather than pushing.",
            "Find quadratus lumborum just outside the paraspinals, between the twelfth rib "
            "and the iliac crest, and apply steady pressure angled in towards the spine.",
            "Hold tender spots for 30 to 90 seconds while the client breathes slowly, easing "
            "off as the tenderness settles.",
            "Check in often, for example with a 0 to 10 scale, and keep the intensity at a "
            "level the client can breathe through without bracing.",
            "Finish with broad, lighter strokes over the whole area.",
        ],
        "cautions": [
            "Stop if pain turns sharp, or if tingling, numbness or pain starts or spreads "
            "into the leg.",
            "Keep heavy pressure off the floating ribs, the tips of the lumbar transverse "
            "processes and the kidney area.",
            "Use only when screening leaves deep work available, and work more lightly with "
            "older or easily bruised clients.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "anterior-hip-iliopsoas-release",
        "region": "AHIP",
        "modality": "DEEP",
        "name": "Front-of-Hip Iliopsoas Work",
        "indications": ["PS02", "PS03", "PS04", "PS05"],
        "role": "main",
        "default_minutes": 8,
        "patterns": [],
        "summary": (
            "Indirect, slow pressure on the iliopsoas where it crosses the front of the hip, "
            "with the client on their back and knees supported. Suits clients with "
            "front-of-hip or groin ache, limited hip extension or stiffness standing up "
            "straight after sitting."
        ),
        "steps": [
            "Position the client on their back with a bolster under the knees so the hip "
            "flexors are slack. Explain where your hands will go before you start, get "
            "consent, and keep the draping firm and tidy.",
            "Find the femoral pulse in the groin first, then place soft, flat fingers lateral "
            "to it, just below the inguinal ligament and inside the front of the pelvis.",
            "Sink in slowly and wait for the tissue to let you in; never push or dig.",
            "To confirm the contact, ask the client to lift the heel a little off the table: "
            "you should feel the muscle tighten under your fingers. Then have them relax.",
            "Hold a steady, comfortable pressure for 30 to 90 seconds while the client "
            "breathes slowly; if comfortable, have them slide the heel slowly down the table "
            "to take the hip towards extension.",
            "Come out as slowly as you went in, and ask how the area feels.",
        ],
        "cautions": [
            "Keep your contact lateral to the femoral pulse; if you feel a pulse under your "
            "fingers, move off it.",
            "Stop if the client feels throbbing, sharp pain, or tingling or numbness in the "
            "front of the thigh.",
            "Screening blocks this area for hernia, recent abdominal or pelvic surgery, hip "
            "surgery and known aneurysm; do not work through a block.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "abdominal-psoas-release",
        "region": "ABD",
        "modality": "DEEP",
        "name": "Direct Abdominal Psoas Work",
        "indications": ["PS01", "PS02", "PS03", "PS04"],
        "role": "main",
        "default_minutes": 8,
        "patterns": [],
        "summary": (
            "Slow, sinking pressure through the belly wall beside the rectus abdominis to "
            "reach the psoas, with the client controlling depth and pace. Only for screened "
            "clients who have given clear consent, usually when front-of-hip work alone has "
            "not been enough."
        ),
        "steps": [
            "Confirm that screening leaves abdominal work open, that the client has not "
            "eaten in the last hour, and get clear spoken consent after explaining exactly "
            "what you will do. Agree a word or signal that means stop.",
            "Position the client on their back with knees bent and supported so the belly "
            "wall is soft.",
            "Place soft, flat fingertips just outside the outer edge of the rectus abdominis, "
            "around or slightly below the level of the navel.",
            "Sink in very slowly, a little with each out-breath, angling gently towards the "
            "spine. Let the client set the depth and tell you when to pause or come out.",
            "To confirm the contact, ask the client to lift the foot just off the table; the "
            "psoas tightens under your fingers. Then have them relax the leg.",
            "Hold a gentle, steady pressure for up to 60 to 90 seconds, then withdraw as "
            "slowly as you went in.",
        ],
        "cautions": [
            "The abdominal aorta lies next to the psoas: if you or the client feel any "
            "throbbing or pulse under your hand, stop, move off and do not return to that "
            "spot.",
            "Stop at once if the client asks, or reports sharp pain, nausea or dizziness.",
            "Never use quick, jabbing or forceful pressure; the pace is slow and the client "
            "stays in control throughout.",
            "Screening blocks this work for aneurysm or aneurysm risk, pregnancy, blood "
            "thinners, hernia, recent surgery, belly inflammation and other conditions; "
            "respect every block.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "hip-flexor-myofascial-release",
        "region": "AHIP",
        "modality": "DEEP",
        "name": "Hip Flexor Myofascial Release",
        "indications": ["PS02", "PS03", "PS04"],
        "role": "main",
        "default_minutes": 8,
        "patterns": [],
        "summary": (
            "Slow, sustained myofascial work on the hip flexors and the front of the thigh. "
            "Suits clients with tightness at the front of the hip, limited hip extension or "
            "stiffness standing up after sitting."
        ),
        "steps": [
            "Position the client on their back with the leg straight, or side-lying, with "
            "the front of the hip and thigh uncovered and the groin well draped.",
            "Using little or no oil, place flat hands or a forearm on the front of the "
            "thigh, sink in lightly to take up the skin slack, and do not slide.",
            "Wait for the tissue to soften and follow it slowly in the direction it allows, "
            "holding each contact for about 60 to 120 seconds.",
            "Work from just below the front of the hip towards the knee over tensor fasciae "
            "latae, rectus femoris and sartorius, staying clear of the inner groin.",
            "Finish with slow forearm glides along the front of the thigh, checking pressure "
            "with the client as you go.",
        ],
        "cautions": [
            "Stay out of the femoral triangle at the inner groin, where the femoral artery "
            "and nerve run.",
            "Stop if the client reports burning, tingling or numbness in the front of the "
            "thigh, or any sharp pain.",
            "Respect screening blocks for hernia, recent surgery and hip surgery, and work "
            "gently over easily bruised skin.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "assisted-hip-flexor-stretch",
        "region": "AHIP",
        "modality": "STRETCH",
        "name": "Assisted Hip Flexor Stretch",
        "indications": ["PS03", "PS04", "PS07"],
        "role": "finish",
        "default_minutes": 5,
        "patterns": [],
        "summary": (
            "A therapist-assisted stretch for the front of the hip, in a modified Thomas or "
            "side-lying position. Suits clients with limited hip extension, an increased "
            "low-back curve or stiffness standing up straight after sitting."
        ),
        "steps": [
            "Choose the position: modified Thomas, with the client at the end of the table "
            "hugging one knee to the chest and the other leg hanging free, or side-lying "
            "with the lower knee drawn up for stability.",
            "In the Thomas position, keep the hugged knee close so the low back stays flat, "
            "and let the hanging leg lower under its own weight; add light pressure above "
            "the knee only if it stays comfortable.",
            "In side-lying, steady the pelvis with one hand and guide the top leg gently "
            "back into hip extension with the knee bent, without letting the low back arch.",
            "Take the stretch only to mild tightness at the front of the hip, never pain. "
            "Hold for 20 to 30 seconds and repeat 2 to 3 times on each side.",
            "Ask the client to breathe out slowly as you ease in, and to tell you about any "
            "pinching at the front of the hip.",
        ],
        "cautions": [
            "Stop if the stretch causes pain, pinching in the groin or low-back pain.",
            "Stop if tingling or numbness appears in the thigh or leg.",
            "Screening blocks stretching after hip replacement or hip surgery and with "
            "severe osteoporosis; do not work through a block.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "hip-range-of-motion",
        "region": "AHIP",
        "modality": "STRETCH",
        "name": "Passive Hip Range of Motion",
        "indications": ["PS04", "PS08"],
        "role": "finish",
        "default_minutes": 5,
        "patterns": [],
        "summary": (
            "Slow passive movement of the hip through its comfortable range, with gentle "
            "rhythmic rocking. Suits clients with restricted hip movement or a changed "
            "walking pattern, and helps close a session calmly."
        ),
        "steps": [
            "With the client on their back and relaxed, cradle the leg at the knee and heel "
            "so you carry its full weight.",
            "Move the hip slowly into flexion, out to the side, and into inward and outward "
            "rotation, staying within a comfortable range and stopping at the first "
            "resistance or discomfort.",
            "Add small, rhythmic oscillations in the middle of the range to encourage the "
            "client to let go.",
            "Remind the client to let you hold the leg and to breathe, and ask them to "
            "mention any pinching or pain.",
            "Repeat on the other side and note any difference in range between the hips.",
        ],
        "cautions": [
            "Stay in a pain-free range; stop at pinching, sharp pain or painful clicking.",
            "Stop if tingling or numbness appears in the leg.",
            "Screening blocks this after hip replacement or hip surgery and with severe "
            "osteoporosis; do not work through a block.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "piriformis-trigger-point",
        "region": "GLUT",
        "modality": "DEEP",
        "name": "Piriformis and Deep Gluteal Trigger Points",
        "indications": ["SC07", "SC09", "SC01"],
        "role": "main",
        "default_minutes": 8,
        "patterns": [],
        "summary": (
            "Sustained trigger-point pressure on piriformis and the other deep buttock "
            "muscles. Suits clients with deep buttock pain that is worse with sitting; it may "
            "ease local tenderness for a while as part of a plan that includes exercise."
        ),
        "steps": [
            "Position the client face down with a pillow under the ankles, or side-lying "
            "with the top hip and knee bent and supported.",
            "Warm the area with broad strokes, then locate piriformis along a line from the "
            "edge of the sacrum to the top of the greater trochanter.",
            "Apply slow, steady pressure with a thumb, knuckle or soft elbow on tender "
            "points, building only until the client describes it as strong but tolerable.",
            "Hold for 30 to 90 seconds while the client breathes slowly, easing off as the "
            "tenderness fades.",
            "Check in often and ask the client to tell you at once about any tingling, "
            "burning or pain running down the leg.",
            "Finish with broad, lighter strokes before moving on to stretching.",
        ],
        "cautions": [
            "The sciatic nerve runs beneath piriformis: if pressure brings on tingling, "
            "burning, numbness or shooting pain down the leg, move off straight away.",
            "Stop if leg symptoms increase during the work or linger afterwards.",
            "Use only when screening leaves deep work available.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "gluteal-pin-and-stretch",
        "region": "GLUT",
        "modality": "DEEP",
        "name": "Gluteal Pin and Stretch",
        "indications": ["SC07", "SC09"],
        "role": "main",
        "default_minutes": 8,
        "patterns": [],
        "summary": (
            "Soft-tissue work on the buttock muscles combined with slow hip rotation, so the "
            "muscle lengthens under your contact. Suits clients with deep buttock pain "
            "worse with sitting or a positive piriformis test."
        ),
        "steps": [
            "Position the client face down with the knee of the working side bent to a right "
            "angle, so the lower leg can be used to turn the hip.",
            "Pin a tight spot in the gluteals or piriformis with a thumb, knuckle or soft "
            "fist, using moderate, comfortable pressure.",
            "Keeping the contact, slowly let the lower leg fall outwards and bring it back, "
            "or ask the client to make the movement themselves, so the muscle lengthens "
            "under your pressure.",
            "Repeat 3 to 5 times at each spot, then move a few centimetres and repeat.",
            "Keep every movement slow and ask the client how it feels as you go.",
        ],
        "cautions": [
            "Stop if the client feels tingling, numbness or pain shooting down the leg, and "
            "move your contact.",
            "Keep the rotation within a comfortable range and stop at any knee or hip pain.",
            "Use only when screening leaves deep work available.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "passive-piriformis-stretch",
        "region": "GLUT",
        "modality": "STRETCH",
        "name": "Passive Piriformis Stretch",
        "indications": ["SC07", "SC09"],
        "role": "finish",
        "default_minutes": 5,
        "patterns": [],
        "summary": (
            "A passive stretch for piriformis in a figure-4 position or with the knee taken "
            "towards the opposite shoulder. Suits clients with deep buttock pain as a "
            "finishing stretch after gluteal work."
        ),
        "steps": [
            "With the client on their back, bend the hip and knee on the side to be "
            "stretched and either cross that ankle over the opposite thigh (figure-4) or "
            "guide the bent knee towards the opposite shoulder.",
            "Support the leg and steady the pelvis, then move slowly until the client feels "
            "mild tightness deep in the buttock.",
            "Hold for 20 to 30 seconds while the client breathes slowly, then ease off. "
            "Repeat 2 to 3 times on each side.",
            "Ask the client to tell you about any pinching at the front of the hip, knee "
            "discomfort, or anything felt down the leg.",
        ],
        "cautions": [
            "Take the stretch only to mild tightness, never pain.",
            "Stop if tingling, numbness or pain spreads down the leg.",
            "Avoid after hip replacement or hip surgery, where screening blocks stretching, "
            "and ease off if the figure-4 position strains the knee.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "side-lying-lumbar-release",
        "region": "LUMB",
        "modality": "STRETCH",
        "name": "Side-Lying Lumbar Positioning and Rotation",
        "indications": ["PS01", "SC05"],
        "role": "main",
        "default_minutes": 6,
        "patterns": [],
        "summary": (
            "Gentle positioning to ease tender low-back muscles, followed by slow, "
            "small-range rotation in side-lying, with no thrust. Suits clients whose back "
            "aches after standing or whose leg pain is worse with sitting or standing."
        ),
        "steps": [
            "Position the client side-lying with a pillow under the head and another "
            "between the knees, hips and knees comfortably bent.",
            "Find a tender spot in the low-back muscles with a fingertip, then adjust the "
            "client's leg and trunk position until the tenderness eases most. Rest there "
            "for several slow breaths, until the tenderness fades.",
            "Bring the client slowly back to a neutral position.",
            "For rotation, steady the shoulder with one hand and the pelvis with the other, "
            "and rock the pelvis gently forward and back in small, slow movements within a "
            "comfortable range.",
            "Keep the client talking about comfort throughout, and repeat on the other side "
            "if needed.",
        ],
        "cautions": [
            "Never use a thrust or any quick, forceful movement.",
            "Stop if the rotation causes sharp pain, or pain, tingling or numbness in the leg.",
            "Screening blocks this with severe osteoporosis, recent fracture or long-term "
            "steroids; do not work through a block.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "hamstring-deep-tissue",
        "region": "PTHI",
        "modality": "DEEP",
        "name": "Hamstring Deep Tissue and Trigger Points",
        "indications": ["SC05"],
        "role": "main",
        "default_minutes": 8,
        "patterns": [],
        "summary": (
            "Deep-tissue and trigger-point work on the hamstrings at the back of the thigh. "
            "Suits clients with tight, tender hamstrings whose leg pain is worse with "
            "sitting or standing."
        ),
        "steps": [
            "Position the client face down with a bolster under the ankles so the knees are "
            "slightly bent.",
            "Warm the back of the thigh with effleurage, then work along the hamstrings with "
            "a forearm or soft knuckles from just above the knee towards the sitting bone.",
            "Work the inner and outer hamstrings separately, keeping deep pressure off the "
            "midline of the thigh where the sciatic nerve runs.",
            "Hold tender points with steady pressure for 30 to 90 seconds, easing off as the "
            "tenderness fades.",
            "Check pressure with the client often, and finish with long, lighter strokes.",
        ],
        "cautions": [
            "Move off at any tingling, burning, numbness or pain shooting down the leg.",
            "Keep pressure off the back of the knee and off varicose veins.",
            "Do not massage a calf or thigh that is swollen, warm, red or painful for no "
            "clear reason: advise same-day medical assessment for a possible clot.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "gentle-hamstring-stretch",
        "region": "PTHI",
        "modality": "STRETCH",
        "name": "Gentle Hamstring Stretch",
        "indications": ["SC05"],
        "role": "finish",
        "default_minutes": 5,
        "patterns": [],
        "summary": (
            "A gentle hamstring stretch with the knee slightly bent and the ankle relaxed, "
            "so the sciatic nerve is not put under load. Suits clients with tight hamstrings "
            "and leg pain that is worse with sitting or standing."
        ),
        "steps": [
            "With the client on their back, lift one leg with the knee slightly bent, "
            "supporting it at the calf and heel; the other leg stays straight or bent with "
            "the foot flat.",
            "Raise the leg slowly until the client feels mild tightness at the back of the "
            "thigh, keeping the knee soft and the ankle relaxed, with no pull of the toes "
            "towards the shin.",
            "Hold for 20 to 30 seconds while the client breathes slowly, then lower. Repeat "
            "2 to 3 times on each side.",
            "Ask where the stretch is felt: the back of the thigh is right; behind the knee, "
            "in the calf or in the foot means ease off.",
        ],
        "cautions": [
            "Lower the leg if tingling, burning, numbness or pain is felt below the knee: "
            "that points to nerve tension rather than a muscle stretch.",
            "Take the stretch only to mild tightness, never pain.",
            "Do not add ankle or neck movements; this stretch is meant to leave the nerve "
            "unloaded.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "assisted-sciatic-nerve-slider",
        "region": "PTHI",
        "modality": "NEURAL",
        "name": "Assisted Sciatic Nerve Slider",
        "indications": ["SC01", "SC02", "SC03", "SC08"],
        "role": "finish",
        "default_minutes": 5,
        "patterns": [],
        "summary": (
            "A gentle, rhythmic nerve slider that pairs knee and head movements so the "
            "sciatic nerve moves without being stretched, to light tension only. Suits "
            "clients with leg pain, tingling or numbness, or a positive straight-leg-raise "
            "or slump test, when symptoms are not highly irritable."
        ),
        "steps": [
            "Sit the client upright on the edge of the table, hands resting on the thighs. "
            "Explain that the aim is easy movement, not a stretch, and that they should feel "
            "no more than light tension.",
            "Support the lower leg and slowly straighten the knee while the client tips "
            "their head back to look up.",
            "Then bend the knee back down as the client brings the chin down to look at the "
            "floor. The two movements always go together.",
            "Move smoothly, about 2 to 3 seconds each way, only to the first light tension "
            "behind the thigh or knee, with no hold at the end of the range. Repeat about 10 "
            "times.",
            "Check in every few repetitions, then recheck symptoms afterwards and record the "
            "response.",
        ],
        "cautions": [
            "Light tension only: never move into tingling, pins and needles or pain.",
            "Stop if symptoms spread further down the leg, get stronger, or linger once the "
            "movement stops.",
            "Screening blocks neural work for highly irritable leg pain that flares with "
            "light touch or gentle movement.",
            "Stop and refer for emergency care if the client reports numbness around the "
            "saddle area, new bladder or bowel changes, or symptoms in both legs.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "technique",
        "slug": "lower-leg-effleurage",
        "region": "LLEG",
        "modality": "LIGHT",
        "name": "Lower Leg Effleurage",
        "indications": ["SC02", "SC03"],
        "role": "finish",
        "default_minutes": 5,
        "patterns": [],
        "summary": (
            "Light, long strokes over the calf and lower leg to close the session calmly. "
            "Suits clients with numbness or tingling in the leg, where firm pressure is not "
            "appropriate."
        ),
        "steps": [
            "Position the client face down with a bolster under the ankles, or on their back "
            "with a bolster under the knees.",
            "Use light, long, whole-hand strokes from the ankle up towards the knee, "
            "returning with a feather-light stroke.",
            "Add gentle kneading of the calf only if the client is comfortable with it.",
            "Ask about any areas of numbness or altered feeling, keep pressure especially "
            "light there, and check that the client can feel your touch.",
            "Finish with a few slow strokes and let the client rest for a moment before "
            "getting up.",
        ],
        "cautions": [
            "Do not massage a calf that is swollen, hot, red or painful for no clear reason: "
            "advise same-day medical assessment for a possible clot.",
            "Keep pressure off severe or painful varicose veins.",
            "Over numb skin the client cannot give reliable feedback: keep the touch light, "
            "and skip any area where screening records nerve damage.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    # ------------------------------------------------------------------
    # Self-care items (what the client does at home; written for the client)
    # ------------------------------------------------------------------
    {
        "kind": "self_care",
        "slug": "kneeling-hip-flexor-stretch",
        "region": "AHIP",
        "modality": "STRETCH",
        "name": "Kneeling Hip Flexor Stretch",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["psoas"],
        "summary": (
            "A kneeling lunge that stretches the front of your hip. It can help your hip "
            "feel looser for a while if you sit a lot, as part of a plan that includes "
            "staying active."
        ),
        "steps": [
            "Kneel on your right knee on a cushion or folded towel, with your left foot flat "
            "on the floor in front and your left knee bent at about a right angle.",
            "Keep your chest upright and gently tuck your tailbone under, as if drawing your "
            "belt buckle up towards your ribs.",
            "Keeping your back straight, shift your weight a little forward until you feel a "
            "mild stretch at the front of your right hip. Don't arch your lower back.",
            "Hold for 30 seconds, breathing slowly and normally, then ease back.",
            "Do this 3 times, then switch sides and kneel on your left knee.",
        ],
        "cautions": [
            "Stop if you feel pain rather than a mild stretch, or a pinching feeling in the "
            "front of your hip or groin.",
            "Stop if you feel pain, tingling or numbness spreading down your leg.",
            "If kneeling hurts your knee, use a thicker cushion or do the standing version "
            "instead.",
        ],
        "hold_min": 30,
        "hold_max": None,
        "hold_unit": "s",
        "repetitions": 3,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "standing-hip-flexor-stretch",
        "region": "AHIP",
        "modality": "STRETCH",
        "name": "Standing Hip Flexor Stretch",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["psoas"],
        "summary": (
            "A standing stretch for the front of your hip, with one foot stepped back. A "
            "good choice if kneeling is uncomfortable, or for a quick break at work."
        ),
        "steps": [
            "Stand with one hand on a wall or the back of a steady chair for balance.",
            "Step your right foot back so your feet are in a long stride, with your right "
            "heel lifted.",
            "Stand tall, gently tuck your tailbone under and squeeze your right buttock.",
            "Bend your front knee a little until you feel a mild stretch at the front of "
            "your right hip. Keep your lower back from arching. Hold for 30 seconds, "
            "breathing slowly.",
            "Step back to standing. Do this 3 times, then switch sides.",
        ],
        "cautions": [
            "Stop if you feel pain rather than a mild stretch.",
            "Stop if you feel pain, tingling or numbness spreading down your leg.",
            "Keep a hand on something steady so you don't lose your balance.",
        ],
        "hold_min": 30,
        "hold_max": None,
        "hold_unit": "s",
        "repetitions": 3,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "knee-to-chest-stretch",
        "region": "LUMB",
        "modality": "STRETCH",
        "name": "Knee to Chest Stretch",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["psoas", "sciatica"],
        "summary": (
            "Lying on your back, you draw one knee gently towards your chest. It can help "
            "your lower back and buttock feel looser for a while."
        ),
        "steps": [
            "Lie on your back on a firm surface such as a mat or carpet, with your knees bent "
            "and feet flat.",
            "Hold behind your right thigh and draw that knee gently towards your chest until "
            "you feel a mild stretch in your lower back or buttock.",
            "Keep your left foot on the floor and your head resting down.",
            "Hold for 20 to 30 seconds, breathing slowly, then lower the leg.",
            "Do this 3 times, then repeat with your left leg.",
        ],
        "cautions": [
            "Stop if you feel pain rather than a mild stretch.",
            "Stop if you feel pain, tingling or numbness spreading down your leg.",
            "If holding below the knee hurts your knee, hold behind your thigh instead.",
        ],
        "hold_min": 20,
        "hold_max": 30,
        "hold_unit": "s",
        "repetitions": 3,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "supine-figure-four-stretch",
        "region": "GLUT",
        "modality": "STRETCH",
        "name": "Lying Figure-Four Stretch",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["deep_gluteal", "sciatica"],
        "summary": (
            "A stretch for the deep muscles of your buttock, done lying on your back with "
            "one ankle crossed over the other knee. It may ease a deep ache in the buttock "
            "for a while."
        ),
        "steps": [
            "Lie on your back with your knees bent and feet flat on the floor.",
            "Cross your right ankle over your left knee and let your right knee fall gently "
            "out to the side.",
            "Hold behind your left thigh and draw it slowly towards you until you feel a "
            "mild stretch deep in your right buttock.",
            "Hold for 30 seconds, breathing slowly, with your head and shoulders relaxed on "
            "the floor. Then let go and lower your foot.",
            "Do this 3 times, then switch sides.",
        ],
        "cautions": [
            "Stop if you feel pain rather than a mild stretch, in your hip or your knee.",
            "Stop if you feel pain, tingling or numbness spreading down your leg.",
            "If you can't reach your thigh comfortably, keep your left foot on the floor and "
            "just let the right knee fall out.",
        ],
        "hold_min": 30,
        "hold_max": None,
        "hold_unit": "s",
        "repetitions": 3,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "seated-piriformis-stretch",
        "region": "GLUT",
        "modality": "STRETCH",
        "name": "Seated Figure-Four Stretch",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["deep_gluteal"],
        "summary": (
            "A short buttock stretch you can do sitting on a chair. Handy as a desk break if "
            "sitting brings on a deep ache in your buttock."
        ),
        "steps": [
            "Sit near the front of a steady chair with both feet flat on the floor.",
            "Rest your right ankle on your left knee and let your right knee drop out to the side.",
            "Sit tall, then lean forward a little from your hips, keeping your back "
            "straight, until you feel a mild stretch in your right buttock.",
            "Hold for 15 seconds, breathing normally, then sit back up.",
            "Do this 3 times, then switch sides. Repeat a few times through your working day.",
        ],
        "cautions": [
            "Stop if you feel pain rather than a mild stretch, in your hip or your knee.",
            "Stop if you feel pain, tingling or numbness spreading down your leg.",
            "Use a chair that will not roll or tip.",
        ],
        "hold_min": 15,
        "hold_max": None,
        "hold_unit": "s",
        "repetitions": 3,
        "sets": None,
        "per_side": True,
        "frequency": "several times a day",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "towel-hamstring-stretch",
        "region": "PTHI",
        "modality": "STRETCH",
        "name": "Towel Hamstring Stretch",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["sciatica"],
        "summary": (
            "A stretch for the back of your thigh, lying down with a towel looped around "
            "your foot and your knee kept soft. It can help tight hamstrings feel easier."
        ),
        "steps": [
            "Lie on your back with both knees bent and feet flat. Loop a towel or belt "
            "around the ball of your right foot.",
            "Holding both ends, lift your right leg, keeping the knee slightly bent.",
            "Stop when you feel mild tightness at the back of your thigh. Keep your foot "
            "relaxed and don't pull your toes towards you.",
            "Hold for 30 seconds, breathing slowly, then lower the leg.",
            "Do this 3 times, then switch sides.",
        ],
        "cautions": [
            "Stop and lower your leg if you feel tingling, pins and needles, numbness or pain "
            "below your knee.",
            "Stop if you feel pain rather than a mild stretch.",
            "Stop if your leg symptoms spread or last after you finish, and tell your therapist.",
        ],
        "hold_min": 30,
        "hold_max": None,
        "hold_unit": "s",
        "repetitions": 3,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "sciatic-nerve-slider-home",
        "region": "PTHI",
        "modality": "NEURAL",
        "name": "Seated Nerve Slider",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["sciatica"],
        "summary": (
            "A slow, gentle movement of your knee and head together, done sitting on a "
            "chair. It is meant to feel like easy movement, never a stretch, and may help "
            "your leg feel less sensitive."
        ),
        "steps": [
            "Sit tall on a firm chair with your hands resting on your thighs.",
            "Slowly straighten your right knee and, at the same time, tip your head back to "
            "look up at the ceiling.",
            "Then slowly bend your knee back down as you bring your chin down to look at "
            "the floor.",
            "Keep the movement smooth. Go only as far as a light pull behind your leg, "
            "never into tingling or pain.",
            "Do 10 slow repetitions, then repeat with your left leg.",
        ],
        "cautions": [
            "If you feel tingling, pins and needles or numbness, make the movement smaller "
            "or stop.",
            "Stop and tell your therapist if your leg symptoms spread further down, get "
            "stronger, or last after you stop.",
            "Get emergency help at once if you notice numbness between your legs or around "
            "your bottom, a change in your bladder or bowels, or symptoms in both legs.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": 10,
        "sets": None,
        "per_side": True,
        "frequency": "once or twice a day",
        "dose_note": "slowly, to light tension only",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "glute-foam-roll",
        "region": "GLUT",
        "modality": "DEEP",
        "name": "Buttock Foam Roll or Ball",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["deep_gluteal", "sciatica"],
        "summary": (
            "Self-massage of your buttock muscles with a foam roller or a ball. It can help "
            "you feel looser for a while; the effect is mostly short-term, so use it "
            "alongside staying active."
        ),
        "steps": [
            "Sit on a foam roller, or on a ball on the floor or against a wall, leaning "
            "slightly onto your right buttock with your hands behind you for support.",
            "If it is comfortable, cross your right ankle over your left knee to open up "
            "the muscle.",
            "Roll slowly over the buttock in small movements. When you find a tender spot, "
            "pause there and breathe slowly.",
            "Keep the pressure firm but comfortable, never painful.",
            "Spend 60 to 90 seconds on your right side, then switch sides.",
        ],
        "cautions": [
            "Move off straight away if you feel tingling, burning or pain shooting down "
            "your leg: a large nerve runs deep in the buttock.",
            "Stop if it hurts rather than feels like firm pressure, and use less pressure "
            "if you are sore the next day.",
            "Keep off bruises or broken skin, and check with your therapist first if you "
            "bruise easily or take blood thinners.",
        ],
        "hold_min": 60,
        "hold_max": 90,
        "hold_unit": "s",
        "repetitions": None,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "hamstring-foam-roll",
        "region": "PTHI",
        "modality": "DEEP",
        "name": "Hamstring Foam Roll",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["sciatica"],
        "summary": (
            "Self-massage of the back of your thigh with a foam roller. It can help tight "
            "hamstrings feel looser for a while, mostly in the short term."
        ),
        "steps": [
            "Sit on the floor with the roller under the back of your right thigh and your "
            "hands behind you for support.",
            "Lift your hips a little and roll slowly from just above the knee up to just "
            "below your buttock.",
            "When you find a tender spot, pause for a few slow breaths.",
            "For more pressure, cross your left leg over your right, but only if it stays "
            "comfortable.",
            "Spend 60 to 90 seconds on your right thigh, then switch sides.",
        ],
        "cautions": [
            "Don't roll on the back of your knee.",
            "Move off straight away if you feel tingling, burning or pain shooting down your leg.",
            "Stop if it hurts rather than feels like firm pressure, and keep off bruises and "
            "varicose veins.",
        ],
        "hold_min": 60,
        "hold_max": 90,
        "hold_unit": "s",
        "repetitions": None,
        "sets": None,
        "per_side": True,
        "frequency": "daily",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "psoas-ball-release",
        "region": "ABD",
        "modality": "DEEP",
        "name": "Psoas Ball Self-Massage",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["psoas"],
        "summary": (
            "Gentle pressure from a soft ball beside your belly button while you lie face "
            "down, for the deep hip muscle. Only for clients whose therapist has checked "
            "them and shown them how."
        ),
        "steps": [
            "Only do this if your therapist has checked you and shown you how. Use a soft, "
            "squashy ball, not a hard one, and wait at least an hour after eating.",
            "Lie face down and place the ball about two finger-widths out from your belly "
            "button, on the side your therapist showed you.",
            "Rest on your forearms and lower your weight onto the ball slowly, a little at a "
            "time. You are in control of how much pressure you use.",
            "Breathe slowly into your belly and let yourself sink a little more on each "
            "breath out. Stay for 60 to 90 seconds.",
            "Roll gently off the ball to the side, and rest a moment before getting up.",
        ],
        "cautions": [
            "Stop and roll off the ball straight away if you feel any throbbing or a pulse "
            "under the ball. Don't go back to that spot, and tell your therapist.",
            "Stop if you feel sharp pain, sickness or dizziness, or pain spreading into your "
            "leg or groin.",
            "Don't use the ball if you are pregnant, have a hernia, have had belly surgery "
            "recently, or take blood thinners.",
            "Tell your therapist before carrying on if anything about your body or your "
            "medicines has changed since your last visit.",
        ],
        "hold_min": 60,
        "hold_max": 90,
        "hold_unit": "s",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "once a day",
        "dose_note": "breathing slowly",
        "needs_client_switch": True,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "movement-breaks",
        "region": "",
        "modality": "ADVICE",
        "name": "Movement Breaks",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["all"],
        "summary": (
            "Short breaks from sitting to stand up and move about. Useful for anyone whose "
            "back, hip or buttock gets stiff or sore after sitting."
        ),
        "steps": [
            "Set a timer or a phone reminder to go off every 30 minutes while you are sitting.",
            "When it goes off, stand up and move for 1 to 2 minutes: walk to get a drink, "
            "use the stairs, or march on the spot.",
            "If it feels good, stand tall and do one of your stretches before you sit back down.",
            "Changing position often matters more than finding one perfect way to sit.",
        ],
        "cautions": [
            "Move within comfort: if a movement brings on pain or leg symptoms, choose an "
            "easier one.",
            "If sitting and standing keep getting harder after a few weeks, arrange a "
            "routine check with your doctor.",
        ],
        "hold_min": 1,
        "hold_max": 2,
        "hold_unit": "min",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "through the day",
        "dose_note": "every 30 minutes of sitting",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "daily-walking",
        "region": "",
        "modality": "ADVICE",
        "name": "Daily Walking",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["all"],
        "summary": (
            "A walk every day, starting with what feels comfortable and slowly doing more. "
            "Staying active is one of the most useful things you can do for back and leg "
            "pain."
        ),
        "steps": [
            "Start with a distance or time you can walk comfortably today, even if it is "
            "only 5 to 10 minutes.",
            "Walk at an easy pace, standing tall and letting your arms swing.",
            "Every few days, add a few minutes if your symptoms allow.",
            "Flat ground and comfortable shoes make it easier to begin with.",
            "If one long walk is too much, split it into two or three shorter ones.",
        ],
        "cautions": [
            "Some discomfort is fine, but slow down or shorten the walk if pain builds or "
            "leg symptoms spread.",
            "Get medical help the same day if your leg becomes weaker or your foot starts "
            "to drag or slap.",
        ],
        "hold_min": None,
        "hold_max": None,
        "hold_unit": "",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "daily",
        "dose_note": "start with a comfortable distance and build up gradually",
        "needs_client_switch": False,
        "published": True,
    },
    {
        "kind": "self_care",
        "slug": "heat-pack",
        "region": "LUMB",
        "modality": "ADVICE",
        "name": "Heat Pack for the Low Back",
        "indications": [],
        "role": "",
        "default_minutes": None,
        "patterns": ["all"],
        "summary": (
            "A warm pack on your lower back. It may ease stiffness and help you relax for a "
            "while, for example before your stretches or at the end of the day."
        ),
        "steps": [
            "Warm a heat pack, or fill a hot-water bottle with hot but not boiling water, "
            "following its instructions.",
            "Wrap it in a towel or cover so it feels comfortably warm, not hot, and never "
            "put it straight on your skin.",
            "Sit or lie comfortably with it on your lower back for 15 to 20 minutes.",
            "Check your skin every few minutes and take the pack off if the skin looks very "
            "red or feels too hot.",
        ],
        "cautions": [
            "Don't use heat on skin that feels numb or has less feeling than usual: you may "
            "not notice a burn.",
            "Don't use it while sleeping; take it off before you go to sleep.",
            "Keep it off broken skin, a rash, or an area that is already hot or swollen.",
        ],
        "hold_min": 15,
        "hold_max": 20,
        "hold_unit": "min",
        "repetitions": None,
        "sets": None,
        "per_side": False,
        "frequency": "as needed",
        "dose_note": "",
        "needs_client_switch": False,
        "published": True,
    },
]
