from django.urls import path

from clients.views import clearances, intake, links, records, referral

app_name = "clients"

urlpatterns = [
    path("clients/", records.client_list, name="list"),
    path("clients/new/", records.client_create, name="create"),
    path("clients/<int:pk>/", records.client_detail, name="detail"),
    path("clients/<int:pk>/edit/", records.client_edit, name="edit"),
    path("clients/<int:pk>/archive/", records.client_archive, name="archive"),
    path("clients/<int:pk>/intakes/new/", intake.intake_create, name="intake_create"),
    path("clients/<int:pk>/intakes/<int:intake_pk>/", intake.intake_detail, name="intake_detail"),
    path("clients/<int:pk>/intakes/<int:intake_pk>/edit/", intake.intake_edit, name="intake_edit"),
    path("clients/<int:pk>/intakes/<int:intake_pk>/sign/", intake.intake_sign, name="intake_sign"),
    path(
        "clients/<int:pk>/intakes/<int:intake_pk>/clearances/new/",
        clearances.clearance_create,
        name="clearance_create",
    ),
    path("clients/<int:pk>/referral/", referral.referral_letter, name="referral"),
    path("clients/<int:pk>/referral.pdf", referral.referral_pdf, name="referral_pdf"),
    path("clients/<int:pk>/links/new/", links.link_create, name="link_create"),
    path("clients/<int:pk>/links/<int:link_pk>/", links.link_detail, name="link_detail"),
    path("clients/<int:pk>/links/<int:link_pk>/revoke/", links.link_revoke, name="link_revoke"),
    path("intake/thanks/", links.self_intake_thanks, name="self_intake_thanks"),
    path("intake/<str:token>/", links.self_intake, name="self_intake"),
]
