import pytest
from django.core.management import CommandError, call_command

from clinic.models import Practice, User

pytestmark = pytest.mark.django_db
GOOD = "plum-orchard-lantern-42"


def test_createpractice_with_flags_makes_practice_and_owner():
    call_command(
        "createpractice",
        "--name",
        "Oak Clinic",
        "--owner",
        "olga",
        "--password",
        GOOD,
        "--no-input",
    )
    olga = User.objects.get(username="olga")
    assert olga.check_password(GOOD)
    assert olga.membership.practice == Practice.objects.get(name="Oak Clinic")
    assert olga.membership.is_owner


def test_createpractice_asks_for_missing_values(monkeypatch):
    answers = iter(["Birch Clinic", "bea"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: GOOD)
    call_command("createpractice")
    assert User.objects.get(username="bea").membership.practice.name == "Birch Clinic"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "X", "--owner", "o", "--password", "short", "--no-input"], "Password refused"),
        (["--name", "X", "--no-input"], "required"),
        (
            [
                "--name",
                "X",
                "--owner",
                "o",
                "--password",
                GOOD,
                "--time-zone",
                "Mars/Base",
                "--no-input",
            ],
            "Unknown time zone",
        ),
    ],
)
def test_createpractice_refuses_bad_input_with_a_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("createpractice", *args)
    assert not Practice.objects.exists()


def test_createpractice_refuses_a_taken_login_name(owner):
    with pytest.raises(CommandError, match="taken"):
        call_command(
            "createpractice",
            "--name",
            "X",
            "--owner",
            owner.username,
            "--password",
            GOOD,
            "--no-input",
        )


def test_demo_command_is_repeatable_and_refused_in_production(settings):
    call_command("demo")
    call_command("demo")
    assert User.objects.get(username="demo-therapist").membership.is_owner
    assert User.objects.get(username="demo-admin").is_staff
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
