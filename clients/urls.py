from django.urls import path

from clients.views import (
    agenda,
    audit,
    clearances,
    export,
    intakes,
    links,
    notes,
    plans,
    referral,
    sheets,
)
from clients.views import clients as client_views
from clients.views import sessions as session_views

app_name = "clients"

C = "clients/<int:pk>/"
S = C + "sessions/<int:session_pk>/"
SH = C + "sheets/<int:sheet_pk>/"

urlpatterns = [
    path("clients/", client_views.client_list, name="list"),
    path("clients/new/", client_views.client_create, name="create"),
    path(C, client_views.client_detail, name="detail"),
    path(C + "edit/", client_views.client_edit, name="edit"),
    path(C + "archive/", client_views.client_archive, name="archive"),
    # Owner only: the audit trail, and a client's record exported or erased on request
    path("audit/", audit.audit_trail, name="audit_trail"),
    path(C + "export/", export.client_export, name="export"),
    path(C + "erase/", export.client_erase, name="erase"),
    # Intake, clearances, referral, self-intake links
    path(C + "intakes/new/", intakes.intake_create, name="intake_create"),
    path(C + "intakes/<int:intake_pk>/", intakes.intake_detail, name="intake_detail"),
    path(C + "intakes/<int:intake_pk>/edit/", intakes.intake_edit, name="intake_edit"),
    path(C + "intakes/new/autosave/", intakes.intake_autosave, name="intake_autosave_new"),
    path(C + "intakes/<int:intake_pk>/autosave/", intakes.intake_autosave, name="intake_autosave"),
    path(C + "intakes/<int:intake_pk>/sign/", intakes.intake_sign, name="intake_sign"),
    path(
        C + "intakes/<int:intake_pk>/clearances/new/",
        clearances.clearance_create,
        name="clearance_create",
    ),
    path(
        C + "intakes/<int:intake_pk>/set-aside/",
        intakes.intake_set_aside,
        name="intake_set_aside",
    ),
    path(C + "clearances/new/", clearances.client_clearance_create, name="client_clearance_create"),
    path(C + "referral/", referral.referral_letter, name="referral"),
    path(C + "referral.pdf", referral.referral_pdf, name="referral_pdf"),
    path(C + "links/new/", links.link_create, name="link_create"),
    path(C + "links/<int:link_pk>/", links.link_detail, name="link_detail"),
    path(C + "links/<int:link_pk>/revoke/", links.link_revoke, name="link_revoke"),
    path(C + "links/<int:link_pk>/email/", links.link_email, name="link_email"),
    path("intake/thanks/", links.self_intake_thanks, name="self_intake_thanks"),
    path("intake/<str:token>/", links.self_intake, name="self_intake"),
    # Sessions, check-in, plans, notes, progress, agenda
    path(C + "sessions/new/", session_views.session_create, name="session_create"),
    path(S, session_views.session_detail, name="session_detail"),
    path(S + "edit/", session_views.session_edit, name="session_edit"),
    path(S + "check-in/", session_views.session_check_in, name="session_check_in"),
    path(S + "plan/", plans.plan_builder, name="plan_builder"),
    path(S + "plan/print/", plans.plan_print, name="plan_print"),
    path(S + "note/", notes.note_edit, name="note_edit"),
    path(S + "note/sign/", notes.note_sign, name="note_sign"),
    path(S + "note/amend/", notes.note_amend, name="note_amend"),
    path(C + "activities/", notes.activities_edit, name="activities_edit"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/feed/", agenda.feed_settings, name="feed_settings"),
    path("calendar/<str:token>.ics", agenda.calendar_feed, name="calendar_feed"),
    # Self-care sheets and their private links
    path(C + "sheets/new/", sheets.sheet_create, name="sheet_create"),
    path(SH, sheets.sheet_builder, name="sheet_builder"),
    path(SH + "issue/", sheets.sheet_issue, name="sheet_issue"),
    path(SH + "print/", sheets.sheet_print, name="sheet_print"),
    path(SH + "sheet.pdf", sheets.sheet_pdf, name="sheet_pdf"),
    path(SH + "links/new/", sheets.sheet_link_create, name="sheet_link_create"),
    path(SH + "links/<int:link_pk>/revoke/", sheets.sheet_link_revoke, name="sheet_link_revoke"),
    path(C + "switches/", sheets.entry_switch, name="entry_switch"),
    path("s/<str:token>/", sheets.shared_sheet, name="shared_sheet"),
    path("s/<str:token>/sheet.pdf", sheets.shared_sheet_pdf, name="shared_sheet_pdf"),
    path("s/<str:token>/today/", sheets.shared_sheet_log, name="daily_log"),
    path("sheets/<slug:pattern>/", sheets.generic_sheet, name="generic_sheet"),
    path("sheets/<slug:pattern>.pdf", sheets.generic_sheet_pdf, name="generic_sheet_pdf"),
]
