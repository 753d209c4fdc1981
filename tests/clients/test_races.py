"""Races: two requests at the same instant can't both pass the plan's checks, nor the
activities' "up to three" (SCREENING.md and issue 17). Threads on a database every thread
reaches (a file on SQLite, the test database on PostgreSQL), many rounds each."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from clients.models import Activity, Clearance, PlanItem, Session
from clients.services import intakes, notes, plans
from clients.services.screening import current_screening
from tests.factories import ClientFactory, IntakeFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROUNDS = 50


def together(*calls):
    """Run the calls in threads released at the same moment; their errors, in order."""
    barrier = threading.Barrier(len(calls), timeout=30)
    errors: list[Exception | None] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001  # a refusal is an answer here
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def world(shared_database):
    therapist = MembershipFactory(role="owner").user
    client = ClientFactory(practice=therapist.membership.practice)
    IntakeFactory(client=client, symptoms=["PS01", "PS02", "PS04", "SC07", "SC09"])
    return therapist, client


def test_two_adds_of_one_technique_at_once_store_it_once(world):
    therapist, client = world
    found = current_screening(client)
    for round_ in range(ROUNDS):
        session = Session.objects.create(
            client=client, therapist=therapist, start=timezone.now() + timedelta(days=round_)
        )

        def add(session=session):
            plans.plan_add(session=session, found=found, slug="lumbar-ql-deep-tissue", minutes=10)

        errors = together(add, add)
        assert PlanItem.objects.filter(session=session).count() == 1, f"round {round_}"
        assert sum(isinstance(e, plans.PlanError) for e in errors) == 1, errors


def test_two_adds_at_once_never_overfill_a_session(world):
    therapist, client = world
    found = current_screening(client)
    for round_ in range(ROUNDS):
        session = Session.objects.create(
            client=client,
            therapist=therapist,
            start=timezone.now() + timedelta(days=round_),
            length=30,
        )

        def add(slug, session=session):
            return lambda: plans.plan_add(session=session, found=found, slug=slug, minutes=20)

        together(add("lumbar-ql-deep-tissue"), add("piriformis-trigger-point"))
        minutes = PlanItem.objects.filter(session=session).values_list("minutes", flat=True)
        assert sum(minutes) <= 30, f"round {round_}: {list(minutes)}"


def test_two_saves_of_activities_at_once_keep_at_most_three(world):
    _therapist, client = world
    for round_ in range(ROUNDS):
        Activity.objects.filter(client=client).delete()
        together(
            lambda: notes.activities_save(client=client, names=["Sitting", "Walking", "Lifting"]),
            lambda: notes.activities_save(client=client, names=["Driving", "Stairs", "Bending"]),
        )
        stored = Activity.objects.filter(client=client)
        assert stored.count() <= 3, (
            f"round {round_}: {list(stored.values_list('name', 'position'))}"
        )
        assert len(set(stored.values_list("position", flat=True))) == stored.count()


def test_two_clearances_of_one_flag_at_once_store_it_once(shared_database):
    therapist = MembershipFactory(role="owner").user
    for round_ in range(10):
        client = ClientFactory(practice=therapist.membership.practice)
        IntakeFactory(client=client, red_flags=["RF09"], signed_at=timezone.now())

        def clear(client=client):
            intakes.clearance_record(
                client=client,
                clearance=Clearance(
                    code="RF09", cleared_by="Dr Priya Shah, GP", cleared_on=timezone.localdate()
                ),
                by=therapist,
            )

        errors = together(clear, clear)
        assert Clearance.objects.filter(client=client).count() == 1, f"round {round_}"
        refused = [e for e in errors if isinstance(e, intakes.IntakeRefused)]
        assert len(refused) == 1 and "already been cleared" in str(refused[0]), errors
