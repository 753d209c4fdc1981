"""The consent a client gives before treatment, one text per version.

A signed intake stores the version its client agreed to, so a later change of wording
never rewrites what someone consented to: add a new version, never edit an old one.
"""

from __future__ import annotations

CURRENT_VERSION = "2025-1"

TEXTS: dict[str, str] = {
    "2025-1": """\
What treatment involves. Your therapist uses massage and gentle stretching on the muscles \
of your lower back, hips, buttocks, belly and legs. Some of it uses firm pressure, and some \
of it works at the front of your hip or on your belly. Your therapist will explain what \
they are about to do and check with you before starting. You may also be shown simple \
things to do at home.

Health questions. Before treating you, your therapist asks about your health. Some answers \
mean massage is not safe for now, or that you should see a doctor first. Please answer as \
fully as you can, and tell your therapist if anything changes. Massage does not replace \
medical care, and your therapist does not diagnose illness.

You are in charge. You can ask questions, ask for lighter pressure, say no to any area or \
technique, or stop at any time, without giving a reason.

Afterwards. Some people feel a little sore or tired for a day or two. Tell your therapist \
if your pain gets worse or you notice anything new.

Your information. Your answers and your therapist's notes are kept private and secure by \
the practice and are seen only by the people caring for you. They are shared with others, \
such as your doctor, only with your agreement, or when the law requires it to keep you or \
someone else safe. You can ask to see what is kept about you.

By typing your name you confirm that your answers are true as far as you know and that you \
agree to treatment on these terms. If you are answering for someone under 18, type your \
own name and give your relationship to them.""",
}


def consent_text(version: str = CURRENT_VERSION) -> str:
    """The wording of one version; an unknown version (never expected) gives ''."""
    return TEXTS.get(version, "")


def paragraphs(version: str = CURRENT_VERSION) -> list[tuple[str, str]]:
    """The text as (heading, body) pairs: each paragraph opens with a short sentence."""
    pairs = []
    for paragraph in consent_text(version).split("\n\n"):
        heading, _, body = paragraph.partition(". ")
        pairs.append((heading, body) if body and len(heading) < 40 else ("", paragraph))
    return pairs
