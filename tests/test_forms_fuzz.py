"""Every form, fed whatever a browser (or someone poking at it) might send: no crash.

The forms are found by walking every module of clinic/, techniques/ and clients/, and
the admin's forms come from the admin site, so a new form is fuzzed as soon as it exists.
Each field gets generated data of its kind mixed with garbage (text without control
characters, since PostgreSQL refuses NUL; numbers too big, too small or not numbers;
dates that aren't dates; choices that aren't offered; random bytes as files). The form
must validate without raising, an invalid form must say why, and the bound form must
still render. Then the main POST pages are fuzzed through the test client (never a 500),
and the `screen` command gets arbitrary JSON and bytes (exit 0 or 2, never a traceback).
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clients
import clinic
import techniques
from clients.models import Activity, CheckIn, Clearance, Intake, Note, PlanItem, Session
from clients.summary import summarise
from tests.clients.sheet_helpers import issued_for, screened_client
from tests.factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- Finding the forms -------------------------------------------------------------------


def project_modules():
    for package in (clinic, techniques, clients):
        yield package.__name__
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield info.name


def project_forms() -> list[type[forms.BaseForm]]:
    found = {}
    for name in project_modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == name:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


def admin_models() -> list[type]:
    return sorted(
        (m for m in admin.site._registry if m.__module__.split(".")[0] in {"clinic", "techniques"}),
        key=lambda m: m._meta.label,
    )


# --- The world the forms live in ---------------------------------------------------------


@pytest.fixture
def world(practice, owner, therapist):
    client = screened_client(practice, first_name="Fay", last_name="Fuzz", red_flags=["RF09"])
    intake = client.intakes.get()
    session = SessionFactory(client=client, therapist=therapist)
    from techniques.models import Entry

    entry = Entry.objects.filter(kind="session").first() or Entry.objects.first()
    PlanItem.objects.create(session=session, entry=entry, minutes=10)
    activity = ActivityFactory(client=client, name="Walking the dog")
    sheet = issued_for(client, therapist)
    from clients.services import daily_log
    from clinic import two_factor
    from tests.factories import SheetLinkFactory

    return {
        "practice": practice,
        "user": therapist,
        "client": client,
        "intake": intake,
        "session": session,
        "sheet": sheet,
        "red_flags": summarise(intake.screen([]), {}).red_flags,
        "since": intake.signed_at,
        "items": list(session.plan_items.all()),
        "length": session.length,
        "choices": [(entry.slug, entry.name)],
        "activities": [activity],
        "scores": {activity.pk: 3},
        "scored": {activity.pk},
        "device": two_factor.pending_device(therapist),
        "request": signed_in_request(therapist),
        "offer": daily_log.offer(sheet, sheet.snapshot, daily_log.practice_today(practice)),
        "token": SheetLinkFactory(sheet=sheet).token,
    }


def signed_in_request(user):
    request = RequestFactory().post("/accounts/security/off/")
    request.user = user
    return request


def instance_for(model, world):
    """The unsaved (or saved) row each ModelForm is given by its view."""
    makers = {
        Intake: lambda: Intake(client=world["client"]),
        Clearance: lambda: Clearance(client=world["client"], intake=world["intake"]),
        Session: lambda: Session(client=world["client"]),
        CheckIn: lambda: CheckIn(session=world["session"]),
        Note: lambda: Note(session=world["session"]),
        Activity: lambda: Activity(client=world["client"]),
    }
    if model in makers:
        return makers[model]()
    label = model._meta.label
    if label == "clinic.Practice":
        return world["practice"]
    if label == "clients.Sheet":
        return world["sheet"]
    if label == "clients.SheetItem":
        return world["sheet"].items.first()
    if label == "clinic.Invitation":
        return model(practice=world["practice"])
    return model()


def build_form(form_class, world, data=None, files=None):
    """The form as its view builds it; an argument nobody taught us to fill fails."""
    kwargs = {}
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        if name in world:
            kwargs[name] = world[name]
        elif parameter.default is inspect.Parameter.empty:
            pytest.fail(f"{form_class.__qualname__} needs {name}=: teach the fuzzer to build it")
    meta = getattr(form_class, "_meta", None)
    if getattr(meta, "model", None) is not None:
        kwargs["instance"] = instance_for(meta.model, world)
    return form_class(data, files, **kwargs)


# --- What to send ------------------------------------------------------------------------

PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
TEXT = st.text(PRINTABLE, max_size=30)
# Shapes a black-box review got 500s with: digits that aren't ASCII, the calendar's ends,
# control characters in names (no NUL: PostgreSQL refuses it before any form sees it).
ODD = st.sampled_from(
    ["²", "¹", "①", "٣", "0001-01-01", "9999-12-31", "0001-01-01T00:00", "9999-12-31T23:59",
     "Practice\rName", "line\nbreak", "tab\there", "para\u2028graph", "\x1b[2J"]
)  # fmt: skip
GARBAGE = st.one_of(
    TEXT,
    ODD,
    st.sampled_from(["", " ", "-1", "0", "1e309", "NaN", "Infinity", "٣", "2026-02-30", "null"]),
    st.integers(-(10**20), 10**20).map(str),
)


def text_for(field) -> st.SearchStrategy[str]:
    limit = getattr(field, "max_length", None) or 300
    return st.text(PRINTABLE, max_size=limit + 5)


def choice_values(field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):  # an option group
            values += [str(v) for v, _ in label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values[:50]


def value_for(field) -> st.SearchStrategy:
    """A value of the field's kind, or garbage; lists for the multiple-choice fields."""
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0"])
    if isinstance(field, forms.ModelMultipleChoiceField):
        # Ids beyond 64 bits crash Django on SQLite: see the xfail test below.
        ids = st.integers(-(2**63), 2**63 - 1).map(str)
        return st.lists(st.one_of(st.sampled_from(choice_values(field) or [""]), ids, TEXT))
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.one_of(st.sampled_from(choice_values(field) or [""]), GARBAGE))
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return st.one_of(st.sampled_from(choice_values(field) or [""]), GARBAGE)
    if isinstance(field, (forms.IntegerField, forms.FloatField, forms.DecimalField)):
        return st.one_of(
            st.integers(-(10**6), 10**6).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(str),
            GARBAGE,
        )
    if isinstance(field, forms.DateTimeField):
        return st.one_of(
            st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
            st.datetimes().map(str),
            GARBAGE,
        )
    if isinstance(field, forms.DateField):
        return st.one_of(st.dates().map(str), GARBAGE)
    if isinstance(field, forms.EmailField):
        return st.one_of(st.emails(), GARBAGE)
    return st.one_of(text_for(field), GARBAGE)


@st.composite
def form_data(draw, form):
    data, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if draw(st.integers(0, 9)) == 0:
            continue  # a field left out altogether
        if isinstance(field, forms.FileField):
            content = draw(st.binary(max_size=2000))
            files.setlist(key, [SimpleUploadedFile(draw(text_for(field)) + ".png", content)])
            continue
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                data.setlist(key + suffix, [draw(GARBAGE)])
            continue
        value = draw(value_for(field))
        data.setlist(key, value if isinstance(value, list) else [value])
    return data, files


def assert_handled(form) -> None:
    if not form.is_valid():
        assert form.errors, f"{type(form).__qualname__} is invalid but says nothing"
    str(form)  # the page shows the bound form again, whatever came in


# --- The forms ---------------------------------------------------------------------------


def test_the_fuzzer_finds_the_forms_of_every_app():
    names = {f"{form.__module__}.{form.__qualname__}" for form in project_forms()}
    assert {
        "clinic.forms.PracticeForm",
        "clients.forms.intakes.IntakeForm",
        "clients.forms.notes.NoteForm",
        "techniques.admin.EntryAdminForm",
        "techniques.forms.LibraryFilterForm",
    } <= names


@pytest.mark.parametrize("form_class", project_forms(), ids=lambda f: f.__qualname__)
@FUZZ
@given(data=st.data())
def test_every_form_survives_any_input(world, form_class, data):
    blank = build_form(form_class, world)
    posted, files = data.draw(form_data(blank))
    assert_handled(build_form(form_class, world, posted, files))


@pytest.mark.parametrize("model", admin_models(), ids=lambda m: m._meta.label)
@FUZZ
@given(data=st.data())
def test_every_admin_form_survives_any_input(site_admin, model, data):
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/admin/")
    request.user = site_admin
    obj = model.objects.order_by("pk").first()
    for instance in (None, obj) if obj is not None else (None,):
        form_class = model_admin.get_form(request, instance, change=instance is not None)
        posted, files = data.draw(form_data(form_class(instance=instance)))
        assert_handled(form_class(posted, files, instance=instance))


def test_an_id_beyond_64_bits_in_the_user_admin_is_refused_not_a_crash(site_admin):
    request = RequestFactory().post("/admin/")
    request.user = site_admin
    user_admin = admin.site._registry[type(site_admin)]
    form_class = user_admin.get_form(request, site_admin, change=True)
    form = form_class({"user_permissions": [str(2**63)]}, instance=site_admin)
    assert not form.is_valid()
    assert "user_permissions" in form.errors


# --- The main POST pages through the test client -----------------------------------------


POST_PAGES = {
    "/practice/": "clinic.forms.PracticeForm",
    "/clients/new/": "clients.forms.clients.ClientForm",
    "/clients/{client}/edit/": "clients.forms.clients.ClientForm",
    "/clients/{client}/intakes/new/": "clients.forms.intakes.IntakeForm",
    "/clients/{client}/intakes/{intake}/clearances/new/": "clients.forms.clearances.ClearanceForm",
    "/clients/{client}/clearances/new/": "clients.forms.clearances.ClearanceForm",
    "/clients/{client}/sessions/new/": "clients.forms.sessions.SessionForm",
    "/clients/{client}/sessions/{session}/check-in/": "clients.forms.sessions.CheckInForm",
    "/clients/{client}/sessions/{session}/note/": "clients.forms.notes.NoteForm",
    "/s/{token}/today/": "clients.forms.daily_log.DailyLogForm",
}


@pytest.mark.parametrize(("address", "form_path"), POST_PAGES.items(), ids=list(POST_PAGES))
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_the_main_pages_never_answer_500(owner_client, world, address, form_path, data):
    module, name = form_path.rsplit(".", 1)
    blank = build_form(getattr(importlib.import_module(module), name), world)
    path = address.format(
        client=world["client"].pk,
        intake=world["intake"].pk,
        session=world["session"].pk,
        token=world["token"],
    )
    posted, files = data.draw(form_data(blank))
    body = {key: posted.getlist(key) for key in posted}
    body.update({key: files[key] for key in files})
    response = owner_client.post(path, body)
    assert response.status_code < 500


# --- The screen command ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(PRINTABLE, max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.one_of(
                st.sampled_from(
                    ["age", "symptoms", "red_flags", "pain_now", "new_onset", "contraindications"]
                ),
                st.text(PRINTABLE, max_size=10),
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


def run_screen(stdin: bytes) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("screen", stdin=io.BytesIO(stdin), stdout=out, stderr=err)
        code = 0
    except SystemExit as exited:
        code = exited.code
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(st.one_of(JSON_VALUES.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200)))
def test_the_screen_command_answers_any_input_with_a_result_or_one_error_line(stdin):
    code, out, err = run_screen(stdin)
    if code == 0:
        assert err == ""
        json.loads(out)
    else:
        assert code == 2
        assert out == ""
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
