"""The self-care sheet builder, issuing, the snapshot, print and PDF (clients.services.sheets and
clients.views.sheets, the therapist's side)."""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from clients import documents, screening
from clients.library import as_library_entry
from clients.models import AuditEvent, EntrySwitch, Sheet, SheetItem, SheetLink
from clients.services import sheets as sheet_service
from clients.services.screening import current_screening
from techniques import vocabulary as vocab
from techniques.models import DOSE_FIELDS, Entry
from tests.clients.sheet_helpers import (
    SCIATICA_SIGNS,
    builder_data,
    draft_for,
    issued_for,
    pdf_text,
    screened_client,
    sheet_url,
)
from tests.factories import IntakeFactory, SheetLinkFactory

pytestmark = pytest.mark.django_db

PSOAS_ITEMS = {
    "kneeling-hip-flexor-stretch",
    "standing-hip-flexor-stretch",
    "knee-to-chest-stretch",
}
ADVICE = {"movement-breaks", "daily-walking", "heat-pack"}


def slugs(sheet: Sheet) -> list[str]:
    return [item.entry.slug for item in sheet.items.select_related("entry")]


def page(response) -> str:
    return response.content.decode()


def own_queries(ctx) -> list[str]:
    """Queries of the view itself: the session middleware's bookkeeping is left out."""
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


# --- Suggestions and what screening leaves out ----------------------------------------------


def test_a_new_sheet_holds_the_items_of_the_likely_pattern_and_advice_for_everyone(
    therapist_client, practice
):
    client = screened_client(practice)
    response = therapist_client.post(f"/clients/{client.pk}/sheets/new/")
    sheet = Sheet.objects.get(client=client)
    assert response["Location"] == sheet_url(sheet)
    assert set(slugs(sheet)) == PSOAS_ITEMS | ADVICE
    # Exercises first, everyday advice after them.
    assert set(slugs(sheet)[-3:]) == ADVICE
    assert sheet.status == "draft" and sheet.created_by.username == "theo"


def test_a_sciatica_client_is_offered_the_sciatica_and_deep_gluteal_items(practice, therapist):
    client = screened_client(practice, symptoms=SCIATICA_SIGNS)
    sheet = draft_for(client, therapist)
    assert "sciatic-nerve-slider-home" in slugs(sheet)
    assert "seated-piriformis-stretch" in slugs(sheet)  # deep_gluteal
    assert "kneeling-hip-flexor-stretch" not in slugs(sheet)


def test_blocked_items_are_left_out_and_listed_with_the_reason(therapist_client, practice):
    # Severe osteoporosis blocks stretching and deep work everywhere.
    client = screened_client(practice, contraindications=["CI14"])
    therapist_client.post(f"/clients/{client.pk}/sheets/new/")
    sheet = Sheet.objects.get(client=client)
    assert set(slugs(sheet)) == ADVICE
    html = page(therapist_client.get(sheet_url(sheet)))
    assert "Left out by screening" in html
    assert "Kneeling Hip Flexor Stretch" in html and "(CI14)" in html


def test_without_a_signed_intake_only_advice_can_go_on_a_sheet(
    therapist_client, practice, therapist
):
    from tests.factories import ClientFactory

    client = ClientFactory(practice=practice)
    sheet = draft_for(client, therapist)
    assert set(slugs(sheet)) == ADVICE
    response = therapist_client.post(
        sheet_url(sheet), builder_data(sheet, action="add:towel-hamstring-stretch")
    )
    assert response.status_code == 302
    assert "towel-hamstring-stretch" not in slugs(sheet)
    assert "no signed intake" in page(therapist_client.get(sheet_url(sheet))).lower()


# --- The psoas ball: switched on per client, never past screening ---------------------------


def switch(therapist_client, client, on: bool, sheet=None):
    data = {"entry": "psoas-ball-release", "on": "1" if on else "0"}
    if sheet:
        data["next"] = sheet_url(sheet)
    return therapist_client.post(f"/clients/{client.pk}/switches/", data)


def test_the_psoas_ball_is_offered_only_once_switched_on_for_this_client(
    therapist_client, practice, therapist
):
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    assert "psoas-ball-release" not in slugs(sheet)
    add = builder_data(sheet, action="add:psoas-ball-release")
    therapist_client.post(sheet_url(sheet), add)
    assert "psoas-ball-release" not in slugs(sheet)

    response = switch(therapist_client, client, True, sheet)
    assert response["Location"] == sheet_url(sheet)
    assert EntrySwitch.objects.filter(client=client).count() == 1
    therapist_client.post(sheet_url(sheet), builder_data(sheet, action="add:psoas-ball-release"))
    assert "psoas-ball-release" in slugs(sheet)

    # Another client of the same practice is not affected.
    other = screened_client(practice, first_name="Bea")
    assert "psoas-ball-release" not in slugs(draft_for(other, therapist))

    # Switched off again: it leaves the client's drafts too.
    switch(therapist_client, client, False, sheet)
    assert "psoas-ball-release" not in slugs(sheet)
    assert not EntrySwitch.objects.filter(client=client).exists()


def test_a_switched_on_psoas_ball_is_still_blocked_by_screening_and_never_overridden(
    therapist_client, practice
):
    # CI21 (abdominal work only with consent) is overridable for other entries, not the ball.
    client = screened_client(practice, contraindications=["CI21"])
    switch(therapist_client, client, True)
    therapist_client.post(f"/clients/{client.pk}/sheets/new/")
    sheet = Sheet.objects.get(client=client)
    assert "psoas-ball-release" not in slugs(sheet)
    data = builder_data(sheet, action="override:psoas-ball-release")
    data["override-psoas-ball-release-reason"] = "Client gave explicit written consent today."
    therapist_client.post(sheet_url(sheet), data)
    assert "psoas-ball-release" not in slugs(sheet)


def test_only_per_client_items_can_be_switched(therapist_client, practice):
    client = screened_client(practice)
    response = therapist_client.post(
        f"/clients/{client.pk}/switches/", {"entry": "daily-walking", "on": "1"}
    )
    assert response.status_code == 302
    assert not EntrySwitch.objects.exists()


def test_the_switch_goes_back_only_to_a_page_of_this_site(therapist_client, practice):
    client = screened_client(practice)
    response = switch(therapist_client, client, True, None)
    assert response["Location"] == client.get_absolute_url()
    response = therapist_client.post(
        f"/clients/{client.pk}/switches/",
        {"entry": "psoas-ball-release", "on": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == client.get_absolute_url()


# --- Rule 9: overrides with a written reason -------------------------------------------------


def test_an_overridable_block_needs_a_written_reason(therapist_client, practice, therapist):
    # CI20 (fragile skin or a heart condition) blocks deep work; rule 9 allows a reason.
    client = screened_client(practice, symptoms=SCIATICA_SIGNS, contraindications=["CI20"])
    sheet = draft_for(client, therapist)
    assert "glute-foam-roll" not in slugs(sheet)
    html = page(therapist_client.get(sheet_url(sheet)))
    assert "Blocked, but may be added with a written reason" in html

    data = builder_data(sheet, action="override:glute-foam-roll")
    data["override-glute-foam-roll-reason"] = "ok"
    response = therapist_client.post(sheet_url(sheet), data)
    assert response.status_code == 200
    assert "name the clearance or consent" in page(response)
    assert 'value="ok"' in page(response)  # what was typed is kept
    assert "glute-foam-roll" not in slugs(sheet)

    reason = "Cardiologist Dr Okafor cleared gentle rolling on 2 March."
    data["override-glute-foam-roll-reason"] = reason
    # The page sent back carries the revision of what it saved, as a browser resends it.
    data["revision"] = response.context["forms"]["note"]["revision"].value()
    therapist_client.post(sheet_url(sheet), data)
    item = sheet.items.get(entry__slug="glute-foam-roll")
    assert item.override_reason == reason
    assert reason in page(therapist_client.get(sheet_url(sheet)))

    sheet_service.issue_sheet(sheet=sheet, by=therapist)
    sheet.refresh_from_db()
    roll = next(i for i in sheet.snapshot["items"] if i["slug"] == "glute-foam-roll")
    assert roll["override_reason"] == reason and roll["override_codes"] == ["CI20"]
    assert reason in page(therapist_client.get(sheet_url(sheet)))


def test_other_blocks_cant_be_overridden_whatever_the_reason(therapist_client, practice, therapist):
    # CI12 (blood thinners) is not among the overridable codes.
    client = screened_client(practice, symptoms=SCIATICA_SIGNS, contraindications=["CI12"])
    sheet = draft_for(client, therapist)
    data = builder_data(sheet, action="override:glute-foam-roll")
    data["override-glute-foam-roll-reason"] = "The client says their GP is fine with it."
    therapist_client.post(sheet_url(sheet), data)
    assert "glute-foam-roll" not in slugs(sheet)


# --- Do not treat ----------------------------------------------------------------------------


def test_under_do_not_treat_the_sheet_opens_with_seek_help_and_holds_only_advice(
    therapist_client, practice, therapist, tmp_path
):
    client = screened_client(practice, red_flags=["RF09"])  # urgent
    therapist_client.post(f"/clients/{client.pk}/sheets/new/")
    sheet = Sheet.objects.get(client=client)
    assert set(slugs(sheet)) == ADVICE
    html = page(therapist_client.get(sheet_url(sheet)))
    assert "Do not treat" in html and "Please see a doctor today" in html

    # Nothing but advice, even when the POST asks for more, with or without a reason.
    therapist_client.post(sheet_url(sheet), builder_data(sheet, action="add:knee-to-chest-stretch"))
    data = builder_data(sheet, action="override:glute-foam-roll")
    data["override-glute-foam-roll-reason"] = "Consent given in writing for this one."
    therapist_client.post(sheet_url(sheet), data)
    assert set(slugs(sheet)) == ADVICE

    therapist_client.post(sheet_url(sheet, "issue/"), builder_data(sheet))
    sheet.refresh_from_db()
    assert sheet.snapshot["notice"]["heading"] == "Please see a doctor today"
    text = pdf_text(therapist_client.get(sheet_url(sheet, "sheet.pdf")).content, tmp_path)
    assert text.index("Please see a doctor today") < text.index("Movement Breaks")


def test_an_emergency_sheet_says_to_get_emergency_help_now(practice, therapist):
    client = screened_client(practice, red_flags=["RF01"])
    sheet = issued_for(client, therapist)
    assert sheet.snapshot["notice"]["level"] == "emergency"
    assert "A&E" in sheet.snapshot["notice"]["text"]


def test_an_absolute_contraindication_without_red_flags_also_means_advice_only(practice, therapist):
    client = screened_client(practice, contraindications=["CI02"])  # fever
    sheet = issued_for(client, therapist)
    assert {item["modality"] for item in sheet.snapshot["items"]} == {"ADVICE"}
    assert "a fever or an infection right now" in sheet.snapshot["notice"]["text"]


def test_a_site_code_keeps_the_heat_pack_off_even_though_it_is_advice(practice, therapist):
    client = screened_client(practice, contraindications=["CI19:LUMB"])
    assert "heat-pack" not in slugs(draft_for(client, therapist))


# --- Blocked items never reach a sheet -------------------------------------------------------

SITE_CODES = sorted(c for c, rule in vocab.CONTRAINDICATIONS.items() if rule.takes_site)
PLAIN_CODES = sorted(
    c for c, rule in vocab.CONTRAINDICATIONS.items() if not rule.takes_site and c != "CI01"
)
contraindication = st.sampled_from(PLAIN_CODES) | st.builds(
    "{}:{}".format, st.sampled_from(SITE_CODES), st.sampled_from(sorted(vocab.REGIONS))
)
answers = st.fixed_dictionaries(
    {},
    optional={
        "symptoms": st.lists(st.sampled_from(sorted(vocab.SYMPTOMS)), max_size=6),
        "red_flags": st.lists(st.sampled_from(sorted(vocab.RED_FLAGS)), max_size=2),
        "contraindications": st.lists(contraindication, max_size=3),
        "pain_regions": st.lists(st.sampled_from(sorted(vocab.PAIN_REGIONS)), max_size=4),
        "switched_on": st.booleans(),
    },
)


@hypothesis_settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers, reason=st.sampled_from(["", "Written consent from the client today."]))
def test_blocked_items_never_reach_an_issued_sheet(practice, therapist, answers, reason):
    switched_on = answers.pop("switched_on", False)
    client = screened_client(practice, **{"symptoms": [], **answers})
    ball = Entry.objects.get(slug="psoas-ball-release")
    if switched_on:
        EntrySwitch.objects.create(client=client, entry=ball)
    sheet = draft_for(client, therapist)
    # Try to add everything, as a forged POST could, with or without a reason.
    for entry in Entry.objects.self_care().published():
        with contextlib.suppress(sheet_service.SheetError):
            sheet_service.add_item(sheet_service.load_builder(sheet), entry, override_reason=reason)
    try:
        sheet_service.issue_sheet(sheet=sheet, by=therapist)
    except sheet_service.SheetError:
        return  # nothing at all may be allowed (e.g. a site code on the only advice left)
    sheet.refresh_from_db()
    intake = client.intakes.get()
    result = intake.screen([as_library_entry(e) for e in sheet_service.self_care_entries()])
    for item in sheet.snapshot["items"]:
        codes = result["library"]["blocked"].get(item["slug"])
        if codes is not None:  # blocked: only ever with a reason, and only as rule 9 allows
            assert item["override_reason"] and reason
            assert screening.override_allowed(codes, result["decision"]), (item["slug"], codes)
            assert item["slug"] != "psoas-ball-release"
        if result["decision"] == screening.DO_NOT_TREAT:
            assert item["modality"] == "ADVICE"
    if not switched_on:
        assert "psoas-ball-release" not in [i["slug"] for i in sheet.snapshot["items"]]


def test_issuing_refuses_an_item_that_screening_blocked_after_it_was_added(
    therapist_client, practice, therapist
):
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    IntakeFactory(client=client, symptoms=["PS01"], contraindications=["CI14"])  # newer intake
    response = therapist_client.post(sheet_url(sheet, "issue/"), builder_data(sheet))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert not sheet.is_issued
    html = page(therapist_client.get(sheet_url(sheet)))
    assert "Screening doesn't allow this item now" in html


def test_a_sheet_needs_an_item_to_be_issued(therapist_client, practice, therapist):
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    sheet.items.all().delete()
    therapist_client.post(sheet_url(sheet, "issue/"))
    sheet.refresh_from_db()
    assert not sheet.is_issued


# --- Editing a draft -------------------------------------------------------------------------


def test_the_therapist_edits_doses_the_note_and_the_order(therapist_client, practice, therapist):
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    first, second = list(sheet.items.all())[:2]
    data = builder_data(
        sheet,
        note="Do these after your evening walk.",
        **{
            "0-hold_min": "20",
            "0-hold_max": "",
            "0-repetitions": "2",
            "0-frequency": "twice a day",
        },
    )
    data["action"] = f"down:{first.pk}"
    assert therapist_client.post(sheet_url(sheet), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.note == "Do these after your evening walk."
    first.refresh_from_db()
    assert (first.hold_min, first.hold_max, first.repetitions) == (20, None, 2)
    assert list(sheet.items.values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    assert (
        documents.dose_text("STRETCH", first) == "Hold 20 seconds, 2 times each side, twice a day"
    )

    therapist_client.post(sheet_url(sheet), builder_data(sheet, action=f"remove:{second.pk}"))
    assert not SheetItem.objects.filter(pk=second.pk).exists()
    therapist_client.post(
        sheet_url(sheet), builder_data(sheet, action="add:towel-hamstring-stretch")
    )
    assert slugs(sheet)[-1] == "towel-hamstring-stretch"
    assert AuditEvent.objects.filter(action="changed", target=f"sheet {sheet.pk}").count() == 3


def test_bad_dose_input_gets_a_message_beside_the_field_and_keeps_what_was_typed(
    therapist_client, practice, therapist
):
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    before = list(sheet.items.values_list("hold_min", flat=True))
    data = builder_data(
        sheet,
        note="A note I typed",
        **{"0-hold_min": "40", "0-hold_max": "25", "1-repetitions": "99"},
    )
    response = therapist_client.post(sheet_url(sheet), data)
    assert response.status_code == 200
    html = page(response)
    assert "The &#x27;to&#x27; time can&#x27;t be shorter than the &#x27;from&#x27; time." in html
    assert "Between 1 and 50 times." in html
    assert 'id="id_item-0-hold_max"' in html and 'value="25"' in html and 'value="99"' in html
    assert "A note I typed" in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    assert list(sheet.items.values_list("hold_min", flat=True)) == before  # nothing saved


def test_an_item_must_say_how_much_or_how_often(therapist_client, practice, therapist):
    client = screened_client(practice)
    sheet = draft_for(client, therapist)
    blank = {f"0-{name}": "" for name in DOSE_FIELDS if name != "per_side"}
    response = therapist_client.post(sheet_url(sheet), builder_data(sheet, **blank))
    assert "so the client knows" in page(response)


def test_an_issued_sheet_cant_be_changed(therapist_client, practice, therapist):
    client = screened_client(practice)
    sheet = issued_for(client, therapist)
    item = sheet.items.first()
    response = therapist_client.post(sheet_url(sheet), {"action": f"remove:{item.pk}"})
    assert response.status_code == 409
    assert "An issued sheet can&#x27;t be changed" in page(response)
    assert SheetItem.objects.filter(pk=item.pk).exists()
    with pytest.raises(sheet_service.SheetError):
        sheet_service.remove_item(sheet, item.pk)


def test_the_builder_runs_a_fixed_number_of_queries(therapist_client, practice, therapist):
    client = screened_client(practice, contraindications=["CI20"], symptoms=SCIATICA_SIGNS)
    sheet = draft_for(client, therapist)
    therapist_client.get(sheet_url(sheet))
    with CaptureQueriesContext(connection) as few:
        assert therapist_client.get(sheet_url(sheet)).status_code == 200
    for slug in ("towel-hamstring-stretch", "daily-walking"):
        with contextlib.suppress(sheet_service.SheetError):
            sheet_service.add_item(sheet_service.load_builder(sheet), Entry.objects.get(slug=slug))
    IntakeFactory.create_batch(3, client=client, red_flags=["RF18"], contraindications=["CI20"])
    with CaptureQueriesContext(connection) as more:
        therapist_client.get(sheet_url(sheet))
    assert len(own_queries(more)) == len(own_queries(few)) <= 12, own_queries(more)


def test_the_issued_sheet_page_runs_a_fixed_number_of_queries(
    therapist_client, practice, therapist
):
    sheet = issued_for(screened_client(practice), therapist)
    SheetLinkFactory(sheet=sheet)
    therapist_client.get(sheet_url(sheet))
    with CaptureQueriesContext(connection) as few:
        therapist_client.get(sheet_url(sheet))
    for link in SheetLinkFactory.create_batch(3, sheet=sheet):
        link.events.create(kind="viewed")
    with CaptureQueriesContext(connection) as more:
        therapist_client.get(sheet_url(sheet))
    assert len(own_queries(more)) == len(own_queries(few)) <= 12, own_queries(more)


# --- Issued sheets: the snapshot ------------------------------------------------------------


def test_issuing_keeps_a_snapshot_of_exactly_what_the_client_received(
    therapist_client, practice, therapist
):
    client = screened_client(practice, first_name="Ana", last_name="Silvermoon")
    sheet = draft_for(client, therapist)
    response = therapist_client.post(
        sheet_url(sheet, "issue/"), builder_data(sheet, note="Little and often.")
    )
    assert response["Location"] == sheet_url(sheet)
    sheet.refresh_from_db()
    snap = sheet.snapshot
    assert sheet.is_issued and sheet.issued_by == therapist and sheet.issued_at
    assert snap["first_name"] == "Ana" and "Silvermoon" not in str(snap)
    assert snap["note"] == "Little and often."
    assert snap["practice"]["name"] == "Riverside Massage"
    assert snap["practice"]["phone"] == practice.phone
    knee = next(i for i in snap["items"] if i["slug"] == "knee-to-chest-stretch")
    assert knee["dose"] == "Hold 20–30 seconds, 3 times each side, daily"
    assert knee["regions"] == ["LUMB"] and knee["steps"] and knee["cautions"]
    assert [level["level"] for level in snap["help"]] == ["emergency", "urgent", "routine"]
    assert AuditEvent.objects.filter(action="issued", target=f"sheet {sheet.pk}").exists()


def test_later_library_edits_never_change_an_issued_sheet(
    therapist_client, practice, therapist, tmp_path
):
    sheet = issued_for(screened_client(practice), therapist)
    knee = Entry.objects.get(slug="knee-to-chest-stretch")
    knee.name = "Renamed Stretch"
    knee.steps = "A completely new first step."
    knee.hold_min, knee.hold_max, knee.repetitions = 5, None, 9
    knee.save()
    Entry.objects.filter(slug="daily-walking").update(published=False)

    html = page(therapist_client.get(sheet_url(sheet, "print/")))
    text = pdf_text(therapist_client.get(sheet_url(sheet, "sheet.pdf")).content, tmp_path)
    for shown in (html, text):
        assert "Knee to Chest Stretch" in shown and "Renamed Stretch" not in shown
        assert "Hold 20–30 seconds, 3 times each side, daily" in shown
        assert "A completely new first step." not in shown
        assert "Daily Walking" in shown


# --- Print and PDF ---------------------------------------------------------------------------


def test_the_pdf_holds_every_item_with_its_dose_and_the_seek_help_text(
    therapist_client, practice, therapist, tmp_path
):
    sheet = issued_for(screened_client(practice), therapist, note="See you on Tuesday.")
    response = therapist_client.get(sheet_url(sheet, "sheet.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Silvermoon" not in response["Content-Disposition"]
    assert f"self-care-sheet-{sheet.snapshot['date']}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for item in sheet.snapshot["items"]:
        assert item["name"] in text and item["dose"] in text
    assert "When to get help" in text
    assert "Call 999 or go to A&E (the emergency department) now" in text
    assert "See a doctor the same day" in text
    assert "Book a routine appointment with your doctor (GP)" in text
    assert "not improving after a few weeks" in text
    assert "See you on Tuesday." in text and "For Ana" in text
    assert "Page 1 of" in text
    assert "Silvermoon" not in text
    assert AuditEvent.objects.filter(action="downloaded", target=f"sheet {sheet.pk}").exists()


def test_the_sheet_never_claims_a_cure(practice, therapist, tmp_path, therapist_client):
    sheet = issued_for(screened_client(practice, symptoms=SCIATICA_SIGNS), therapist)
    text = pdf_text(therapist_client.get(sheet_url(sheet, "sheet.pdf")).content, tmp_path).lower()
    assert "not a cure" in text
    for claim in ("cures", "will fix", "releases a trapped nerve", "prevents sciatica"):
        assert claim not in text


def test_a_letter_paper_pdf_for_a_practice_in_the_americas(
    therapist_client, practice, therapist, tmp_path
):
    import subprocess

    practice.time_zone = "America/Chicago"
    practice.save()
    sheet = issued_for(screened_client(practice), therapist)
    for query, size in (("", "612 x 792"), ("?paper=a4", "595.276 x 841.89")):
        path = tmp_path / "p.pdf"
        path.write_bytes(therapist_client.get(sheet_url(sheet, "sheet.pdf") + query).content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert size in info, info


def test_the_print_page_of_an_issued_sheet_prints_and_carries_the_link_qr(
    therapist_client, practice, therapist
):
    sheet = issued_for(screened_client(practice), therapist)
    html = page(therapist_client.get(sheet_url(sheet, "print/")))
    assert "data-print" in html and 'class="qr"' not in html  # no link yet: no QR code
    link = SheetLinkFactory(sheet=sheet)
    response = therapist_client.get(sheet_url(sheet, "print/"))
    html = page(response)
    assert 'class="qr"' in html and response.context["online_url"].endswith(f"/s/{link.token}/")
    assert "Silvermoon" not in html.split("<title>")[1].split("</title>")[0]
    assert AuditEvent.objects.filter(action="printed", target=f"sheet {sheet.pk}").exists()


def test_a_draft_previews_but_has_no_pdf(therapist_client, practice, therapist):
    sheet = draft_for(screened_client(practice), therapist)
    html = page(therapist_client.get(sheet_url(sheet, "print/")))
    assert "Draft preview" in html and "data-print" not in html
    response = therapist_client.get(sheet_url(sheet, "sheet.pdf"))
    assert response.status_code == 302 and response["Location"] == sheet_url(sheet)


# --- Screening changes after a sheet was issued -----------------------------------------------


def test_the_therapist_is_warned_and_gets_a_new_sheet_without_the_blocked_item_in_one_click(
    therapist_client, practice, therapist
):
    client = screened_client(practice)
    old = issued_for(client, therapist)
    link = SheetLinkFactory(sheet=old)
    # A newer intake: hip surgery (CI22) blocks stretching and the front of the hip.
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04"], contraindications=["CI22"])

    client_page = page(therapist_client.get(client.get_absolute_url()))
    assert "Screening now blocks" in client_page
    sheet_page = page(therapist_client.get(sheet_url(old)))
    assert "Paused: screening now blocks" in sheet_page and "(CI22)" in sheet_page

    response = therapist_client.post(f"/clients/{client.pk}/sheets/new/", {"copy": old.pk})
    new = Sheet.objects.exclude(pk=old.pk).get()
    assert response["Location"] == sheet_url(new)
    assert set(slugs(new)) == ADVICE  # the hip-flexor and knee stretches are gone
    assert new.note == old.note

    therapist_client.post(sheet_url(new, "issue/"), builder_data(new))
    new.refresh_from_db()
    assert new.is_issued
    link.refresh_from_db()
    assert link.state == "revoked"  # the replaced sheet's link stops working
    assert "Paused: screening now blocks" not in page(therapist_client.get(sheet_url(new)))


def test_an_overridden_item_warns_only_when_a_new_code_blocks_it(practice, therapist):
    client = screened_client(practice, symptoms=SCIATICA_SIGNS, contraindications=["CI20"])
    sheet = draft_for(client, therapist)
    builder = sheet_service.load_builder(sheet)
    sheet_service.add_item(
        builder, Entry.objects.get(slug="glute-foam-roll"), override_reason="Cleared by cardiology."
    )
    sheet_service.issue_sheet(sheet=sheet, by=therapist)
    sheet.refresh_from_db()

    def result():
        return current_screening(client)

    assert sheet_service.paused_items(sheet, result()) == []
    IntakeFactory(client=client, symptoms=SCIATICA_SIGNS, contraindications=["CI20", "CI12"])
    assert [item["slug"] for item in sheet_service.paused_items(sheet, result())] == [
        "glute-foam-roll"
    ]


def test_a_copy_can_only_come_from_this_clients_sheets(therapist_client, practice, therapist):
    other_sheet = issued_for(screened_client(practice, first_name="Bea"), therapist)
    client = screened_client(practice)
    response = therapist_client.post(f"/clients/{client.pk}/sheets/new/", {"copy": other_sheet.pk})
    assert response.status_code == 404


# --- Access ----------------------------------------------------------------------------------


def test_another_practice_gets_404_and_leaves_nothing_behind(outsider_client, practice, therapist):
    sheet = issued_for(screened_client(practice), therapist)
    link = SheetLinkFactory(sheet=sheet)
    before = AuditEvent.objects.count()
    for suffix in ("", "print/", "sheet.pdf", "links/new/", f"links/{link.pk}/revoke/"):
        assert outsider_client.get(sheet_url(sheet, suffix)).status_code == 404
        assert outsider_client.post(sheet_url(sheet, suffix)).status_code == 404
    assert outsider_client.post(f"/clients/{sheet.client_id}/sheets/new/").status_code == 404
    assert AuditEvent.objects.count() == before
    link.refresh_from_db()
    assert link.state == "open" and Sheet.objects.count() == 1


def test_a_sheet_of_another_client_is_not_found_under_this_client(
    therapist_client, practice, therapist
):
    sheet = issued_for(screened_client(practice), therapist)
    other = screened_client(practice, first_name="Bea")
    assert therapist_client.get(f"/clients/{other.pk}/sheets/{sheet.pk}/").status_code == 404


def test_a_link_of_another_sheet_cant_be_revoked_through_this_one(
    therapist_client, practice, therapist
):
    client = screened_client(practice)
    first, second = issued_for(client, therapist), issued_for(client, therapist)
    link = SheetLinkFactory(sheet=second)
    response = therapist_client.post(sheet_url(first, f"links/{link.pk}/revoke/"))
    assert response.status_code == 404
    assert SheetLink.objects.get(pk=link.pk).state == "open"
