import factory

from clinic.models import Membership, Practice, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    name = factory.Sequence(lambda n: f"Practice {n}")
    email = "hello@example.com"
    phone = "01234 567890"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    practice = factory.SubFactory(PracticeFactory)
    role = "therapist"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.Client"

    practice = factory.SubFactory(PracticeFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=20, maximum_age=70)
    email = factory.LazyAttribute(lambda c: f"{c.first_name.lower()}@example.org")
    phone = "07700 900123"


class IntakeFactory(factory.django.DjangoModelFactory):
    """A signed intake; pass status="draft" (and no signed_at) for a draft."""

    class Meta:
        model = "clients.Intake"

    client = factory.SubFactory(ClientFactory)
    status = "signed"
    new_onset = False
    pain_now = 5
    consent_version = "2026-11"
    consent_name = factory.LazyAttribute(lambda i: i.client.full_name)
    consent_at = factory.LazyFunction(
        lambda: __import__("django.utils.timezone").utils.timezone.now()
    )
    signed_at = factory.LazyFunction(
        lambda: __import__("django.utils.timezone").utils.timezone.now()
    )


class SheetFactory(factory.django.DjangoModelFactory):
    """A draft self-care sheet; `clients.services.sheets` adds items and issues it."""

    class Meta:
        model = "clients.Sheet"

    client = factory.SubFactory(ClientFactory)


class SheetLinkFactory(factory.django.DjangoModelFactory):
    """An open private link to a sheet, for 30 days."""

    class Meta:
        model = "clients.SheetLink"

    sheet = factory.SubFactory(SheetFactory)
    expires = factory.LazyFunction(
        lambda: (
            __import__("django.utils.timezone").utils.timezone.now()
            + __import__("datetime").timedelta(days=30)
        )
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned 60-minute session tomorrow at 10:00 (UTC); pass therapist= (a practice member)."""

    class Meta:
        model = "clients.Session"

    client = factory.SubFactory(ClientFactory)
    therapist = factory.SubFactory(UserFactory)
    start = factory.LazyFunction(
        lambda: (
            __import__("django.utils.timezone").utils.timezone.now()
            + __import__("datetime").timedelta(days=1)
        ).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    length = 60
    status = "planned"


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.Note"

    session = factory.SubFactory(SessionFactory)
    pain_now = 5
    subjective = "Better after the last session."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.Activity"

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    position = factory.Sequence(lambda n: n % 3)
