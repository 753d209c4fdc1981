"""Session reminders (issue 15): `send_reminders` emails each due reminder once, only to
clients who asked and gave an email, with the session as an .ics file and an intake link
while no intake is signed; a failed send is tried again; two runs at once send once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connections
from icalendar import Calendar

from clients.models import AuditEvent, IntakeLink, Session
from clients.services import reminders, sessions
from tests.factories import ClientFactory, IntakeFactory, MembershipFactory, SessionFactory

# 14:00 in London (summer time), a Friday.
START = datetime(2027, 7, 2, 13, 0, tzinfo=UTC)
BEFORE_WINDOW = START - timedelta(hours=25)
IN_WINDOW = START - timedelta(hours=23)
HOUR = timedelta(hours=1)


# `db` first: a fixture that overrides the one it uses must ask for the database itself,
# or pytest-django opens the real database file instead of the test one.
@pytest.fixture
def practice(db, practice):
    practice.address, practice.phone = "12 Mill Lane\nRiverside", "01632 960001"
    practice.save()
    return practice


@pytest.fixture
def therapist(db, practice):
    return MembershipFactory(
        practice=practice, user__username="theo", user__first_name="Theo", user__last_name="Ash"
    ).user


@pytest.fixture
def client_record(practice):
    client = ClientFactory(
        practice=practice, first_name="Maria", last_name="Lopez", email="maria@example.org"
    )
    client.reminders = True
    client.save()
    return client


@pytest.fixture
def signed_client(client_record):
    IntakeFactory(client=client_record, symptoms=["PS01"])
    return client_record


@pytest.fixture
def session(signed_client, therapist):
    return SessionFactory(client=signed_client, therapist=therapist, start=START)


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def sent_at(session: Session):
    session.refresh_from_db()
    return session.reminder_sent_at


def attachment(message) -> Calendar:
    (name, content, mimetype), *others = message.attachments
    assert not others
    assert (name, mimetype) == ("session.ics", "text/calendar")
    return Calendar.from_ical(content)


# Once, and only when due


def test_the_command_run_twice_sends_one_email(session):
    with time_machine.travel(IN_WINDOW, tick=False):
        assert "1 reminder(s) sent." in run()
        assert "0 reminder(s) sent." in run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria@example.org"]
    assert sent_at(session) == IN_WINDOW


def test_nothing_goes_before_the_practices_hours_and_it_follows_them(session, practice):
    with time_machine.travel(BEFORE_WINDOW, tick=False):
        assert "0 reminder(s) sent." in run()
        practice.reminder_hours = 48
        practice.save()
        assert "1 reminder(s) sent." in run()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("reminders", "email"), [(False, "maria@example.org"), (True, ""), (False, "")]
)
def test_no_reminder_for_clients_who_did_not_ask_or_have_no_email(
    client_record, therapist, reminders, email
):
    client_record.reminders, client_record.email = reminders, email
    client_record.save()
    session = SessionFactory(client=client_record, therapist=therapist, start=START)
    with time_machine.travel(IN_WINDOW, tick=False):
        assert "0 reminder(s) sent." in run()
    assert mail.outbox == [] and sent_at(session) is None


@pytest.mark.parametrize("status", ["cancelled", "no_show", "done"])
def test_no_reminder_for_a_session_that_is_not_planned(signed_client, therapist, status):
    SessionFactory(client=signed_client, therapist=therapist, start=START, status=status)
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    assert mail.outbox == []


def test_no_reminder_beyond_the_window_nor_for_a_session_already_begun(session, therapist):
    SessionFactory(client=session.client, therapist=therapist, start=START + timedelta(days=3))
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        run()
    assert mail.outbox == []


def test_no_reminder_for_an_archived_client(session):
    session.client.archived = True
    session.client.save()
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    assert mail.outbox == []


def test_dry_run_lists_the_due_sessions_and_sends_nothing(session):
    with time_machine.travel(IN_WINDOW, tick=False):
        out = run("--dry-run")
    assert f"session {session.pk} at " in out and f"client {session.client_id}" in out
    assert "Maria" not in out and "Lopez" not in out
    assert "1 reminder(s) due; none sent (dry run)." in out
    assert mail.outbox == [] and sent_at(session) is None


# What the email says


def test_the_email_gives_the_time_in_the_practices_zone_and_nothing_about_health(session):
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    message = mail.outbox[0]
    assert message.subject == "Reminder: your session at Riverside Massage on Fri 2 Jul 2027, 14:00"
    body = message.body
    assert "Friday 2 July 2027, 14:00 to 15:00 (BST), 60 minutes" in body
    assert "with Theo Ash" in body
    assert "12 Mill Lane" in body and "01632 960001" in body
    assert "intake" not in body.lower()
    for health in ("PS01", "psoas", "symptom"):
        assert health not in body


def test_a_practice_name_with_a_line_break_stays_one_header_line(session, practice):
    Practice = type(practice)
    Practice.objects.filter(pk=practice.pk).update(name="Riverside\nMassage")
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    assert mail.outbox[0].subject.startswith("Reminder: your session at Riverside Massage on")


def test_the_ics_attachment_holds_one_event_at_the_sessions_time(session):
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    calendar = attachment(mail.outbox[0])
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(minutes=60)
    assert str(event["summary"]) == "Massage session at Riverside Massage"
    assert str(event["location"]) == "12 Mill Lane, Riverside"
    text = calendar.to_ical().decode()
    for private in ("Maria", "Lopez", "PS01"):
        assert private not in text


# The intake link


def test_no_intake_link_when_an_intake_is_signed(session):
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    assert "/intake/" not in mail.outbox[0].body
    assert not IntakeLink.objects.exists()


def test_a_fresh_intake_link_goes_with_the_reminder_while_no_intake_is_signed(
    client_record, therapist, settings, client
):
    settings.SITE_URL = "https://clinic.example.org"
    SessionFactory(client=client_record, therapist=therapist, start=START)
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
        link = IntakeLink.objects.get(client=client_record)
        assert link.expires == IN_WINDOW + timedelta(days=7) and link.created_by is None
        url = f"https://clinic.example.org/intake/{link.token}/"
        assert url in mail.outbox[0].body
        assert "until 8 July 2027" in mail.outbox[0].body
        assert client.get(url.removeprefix("https://clinic.example.org")).status_code == 200
    created = AuditEvent.objects.get(client=client_record, action="created")
    assert created.target == f"intake link {link.pk}" and created.user is None


# Failure and retry


def test_a_failing_send_gives_the_claim_back_and_the_next_run_sends(
    client_record, therapist, monkeypatch, caplog
):
    session = SessionFactory(client=client_record, therapist=therapist, start=START)

    def refuse(self, fail_silently=False):
        raise OSError("SMTP server unreachable")

    with time_machine.travel(IN_WINDOW, tick=False):
        with monkeypatch.context() as patch:
            patch.setattr(EmailMessage, "send", refuse)
            assert "0 reminder(s) sent." in run()
        assert sent_at(session) is None
        assert f"Reminder for session {session.pk} not sent" in caplog.text
        # The link made for the failed email never reached anyone, so it can't be used.
        assert IntakeLink.objects.get().state == "revoked"
        assert "1 reminder(s) sent." in run()
    assert len(mail.outbox) == 1 and sent_at(session) == IN_WINDOW
    assert IntakeLink.objects.filter(revoked_at__isnull=True).count() == 1


# Sessions that change


def test_saving_a_session_keeps_a_reminder_claimed_meanwhile(session):
    stale = Session.objects.get(pk=session.pk)  # as the edit form loaded it
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    stale.length = 90
    sessions.session_save(session=stale)
    assert sent_at(session) == IN_WINDOW


def test_moving_a_session_sends_a_new_reminder_for_the_new_time(session):
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
    session.refresh_from_db()
    session.start = START + timedelta(hours=2)
    sessions.session_save(session=session)
    assert sent_at(session) is None
    with time_machine.travel(START - 20 * HOUR, tick=False):
        run()
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.endswith("16:00")


# The session page


def test_the_session_page_says_when_the_reminder_is_due_then_when_it_went(
    client, therapist, session, django_assert_max_num_queries
):
    url = session.get_absolute_url()
    with time_machine.travel(BEFORE_WINDOW, tick=False):
        client.force_login(therapist)  # signed in then, so the login hasn't expired
        with django_assert_max_num_queries(40):
            html = client.get(url).content.decode()
    assert "Reminder: not sent yet (due 1 Jul 2027 14:00)" in html
    with time_machine.travel(IN_WINDOW, tick=False):
        run()
        client.force_login(therapist)  # two hours idle end a login
        html = client.get(url).content.decode()
    assert "Reminder: sent 1 Jul 2027 15:00" in html


@pytest.mark.parametrize(
    ("reminders", "email", "words"),
    [
        (False, "maria@example.org", "No reminder: the client hasn't asked for them"),
        (True, "", "No reminder: the client has no email"),
    ],
)
def test_the_session_page_says_why_there_is_no_reminder(
    therapist_client, session, reminders, email, words
):
    client = session.client
    client.reminders, client.email = reminders, email
    client.save()
    assert words in therapist_client.get(session.get_absolute_url()).content.decode()


# The forms


def test_the_client_form_asks_for_an_email_before_reminders(therapist_client, client_record):
    url = f"/clients/{client_record.pk}/edit/"
    data = {"first_name": "Maria", "last_name": "Lopez", "email": "", "reminders": "on"}
    html = therapist_client.post(url, data).content.decode()
    assert "Reminders go by email: add the client&#x27;s email address." in html
    assert "Email me a reminder before each session" in html
    data["email"] = "maria@example.net"
    assert therapist_client.post(url, data).status_code == 302
    client_record.refresh_from_db()
    assert client_record.reminders and client_record.email == "maria@example.net"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Give a number of hours from 1 to 168 (a week)."),
        ("500", "Give a number of hours from 1 to 168 (a week)."),
        ("abc", "Enter a whole number."),
    ],
)
def test_the_practice_form_refuses_bad_reminder_hours(owner_client, practice, hours, message):
    data = {"name": "Riverside Massage", "time_zone": "Europe/London", "reminder_hours": hours}
    html = owner_client.post("/practice/", data).content.decode()
    assert message in html
    practice.refresh_from_db()
    assert practice.reminder_hours == 24


def test_the_practice_form_saves_reminder_hours(owner_client, practice):
    data = {"name": "Riverside Massage", "time_zone": "Europe/London", "reminder_hours": "48"}
    assert owner_client.post("/practice/", data).status_code == 302
    practice.refresh_from_db()
    assert practice.reminder_hours == 48


# Two runs at once


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_overlapping_runs_send_each_reminder_once(shared_database, monkeypatch):
    therapist = MembershipFactory(role="owner").user
    practice = therapist.membership.practice
    due = []
    for n in range(6):
        client = ClientFactory(practice=practice, email=f"client{n}@example.org")
        client.reminders = True
        client.save()
        IntakeFactory(client=client)
        due.append(SessionFactory(client=client, therapist=therapist, start=START + n * HOUR))
    original_send = EmailMessage.send

    def slow_send(self, fail_silently=False):
        threading.Event().wait(0.05)  # keep both runs in their loops at the same time
        return original_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", slow_send)
    counts = [0, 0]
    barrier = threading.Barrier(2, timeout=30)

    def one_run(index):
        try:
            barrier.wait()
            counts[index] = reminders.send_due_reminders(now=START - 12 * HOUR)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == len(due) == len(mail.outbox)
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"client{n}@example.org" for n in range(6)
    ]
    assert Session.objects.filter(reminder_sent_at__isnull=True).count() == 0
