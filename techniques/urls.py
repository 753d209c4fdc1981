from django.urls import path

from techniques import views

app_name = "techniques"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<slug:slug>/", views.entry_detail, name="detail"),
    path("<slug:slug>/diagram.svg", views.entry_diagram, name="diagram"),
]
