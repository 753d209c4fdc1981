"""The `screen` management command (SCREENING.md, section 3).

Most tests run the command as a real subprocess against a throwaway SQLite database that
`migrate` fills with the shipped library, because the contract is about exit codes,
standard output and standard error. The agreement with `clients.screening` on generated
answers runs in-process against the test database.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings

from clients.library import published_library
from clients.screening import LibraryEntry, parse_answers_json, screen
from techniques.models import Contraindication, Entry
from tests.clients.test_screening import (
    SHIPPED_LIBRARY,
    WORKED_EXAMPLE_ANSWERS,
    WORKED_EXAMPLE_RESULT,
    answer_dicts,
)

PROJECT = Path(__file__).resolve().parents[2]


def run_manage(database: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        input=stdin,
        capture_output=True,
        cwd=PROJECT,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="session")
def library_db(tmp_path_factory) -> Path:
    """A database migrated once per session: the schema plus the shipped library."""
    database = tmp_path_factory.mktemp("screen") / "db.sqlite3"
    migrated = run_manage(database, "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr.decode()
    return database


@pytest.fixture
def empty_db(tmp_path) -> Path:
    database = tmp_path / "empty.sqlite3"
    database.touch()
    return database


def screen_cli(database: Path, *args: str, stdin: bytes | str = b"") -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return run_manage(database, "screen", *args, stdin=data)


def accepted(proc: subprocess.CompletedProcess):
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    return json.loads(proc.stdout)


def assert_rejected(proc: subprocess.CompletedProcess, error: str) -> None:
    stderr = proc.stderr.decode()
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert stderr.startswith("error: "), stderr
    assert error in stderr
    assert "Traceback" not in stderr


def without_messages(result: dict) -> dict:
    assert result["messages"] and all(isinstance(line, str) for line in result["messages"])
    return {key: value for key, value in result.items() if key != "messages"}


def database_dump(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()


# --- Good input ---------------------------------------------------------------------------


def test_worked_example_from_stdin_gives_the_documented_result(library_db):
    proc = screen_cli(library_db, stdin=json.dumps(WORKED_EXAMPLE_ANSWERS))
    assert without_messages(accepted(proc)) == WORKED_EXAMPLE_RESULT


def test_worked_example_from_a_file_and_from_dash_give_the_same_result(library_db, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(WORKED_EXAMPLE_ANSWERS), encoding="utf-8")
    from_file = accepted(screen_cli(library_db, str(answers)))
    from_dash = accepted(screen_cli(library_db, "-", stdin=answers.read_bytes()))
    assert from_file == from_dash
    assert without_messages(from_file) == WORKED_EXAMPLE_RESULT


def test_a_site_code_on_either_region_of_the_swedish_warm_up_blocks_it(library_db):
    answers = [{"contraindications": ["CI15:GLUT"]}, {"contraindications": ["CI15:LUMB"]}]
    on_buttocks, on_low_back = accepted(screen_cli(library_db, stdin=json.dumps(answers)))
    for result in (on_buttocks, on_low_back):
        assert result["decision"] == "treat_with_precautions"
        assert result["library"]["blocked"]["swedish-warmup-lumbar-gluteal"] == ["CI15"]
        assert "swedish-warmup-lumbar-gluteal" not in result["library"]["eligible"]
    assert on_buttocks["library"]["blocked"]["glute-foam-roll"] == ["CI15"]
    assert "lumbar-ql-deep-tissue" in on_buttocks["library"]["eligible"]
    assert on_low_back["library"]["blocked"]["heat-pack"] == ["CI15"]
    assert "glute-foam-roll" in on_low_back["library"]["eligible"]


def test_an_empty_array_gives_an_empty_array(library_db):
    assert accepted(screen_cli(library_db, stdin="[]")) == []


def test_an_array_gives_results_in_order(library_db):
    answers = [{}, WORKED_EXAMPLE_ANSWERS, {"contraindications": ["CI13"]}]
    results = accepted(screen_cli(library_db, stdin=json.dumps(answers)))
    assert [r["decision"] for r in results] == ["treat", "do_not_treat", "treat_with_precautions"]
    assert results == [screen(one, SHIPPED_LIBRARY) for one in answers]


def test_a_utf8_byte_order_mark_is_accepted(library_db):
    assert accepted(screen_cli(library_db, stdin=b"\xef\xbb\xbf{}"))["decision"] == "treat"


def test_screening_writes_nothing_to_the_database(library_db):
    before = database_dump(library_db)
    accepted(screen_cli(library_db, stdin=json.dumps([WORKED_EXAMPLE_ANSWERS, {}])))
    assert database_dump(library_db) == before


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stdin", "error"),
    [
        ("", "error: input: not valid JSON"),
        ("{age: 5}", "error: input: not valid JSON"),
        ("42", "error: input: 42 is not an answers object"),
        ('[{}, "x"]', 'error: [1]: "x" is not an answers object'),
        ('{"weight": 80}', "error: weight: unknown key"),
        ('{"symptoms": ["PS99"]}', 'error: symptoms[0]: "PS99" is not a symptom code'),
        ('{"red_flags": ["SC01"]}', 'error: red_flags[0]: "SC01" is a symptom code'),
        ('{"age": 130}', "error: age: 130 is out of range 0-120"),
        ('{"pain_now": -1}', "error: pain_now: -1 is out of range 0-10"),
        ('{"age": true}', "error: age: true is not a number"),
        ('[{}, {}, {}, {"age": 54.0}]', "error: [3].age: 54.0 is not a whole number"),
        ('{"pain_regions": "calf_left"}', 'error: pain_regions: "calf_left" is not a list'),
        ('{"new_onset": "no"}', 'error: new_onset: "no" is not true or false'),
        ('{"contraindications": ["CI19"]}', 'error: contraindications[0]: "CI19" needs its site'),
        ('{"contraindications": ["CI13:ABD"]}', '"CI13:ABD" takes no site'),
        ('{"contraindications": ["CI15:glut"]}', '"CI15:glut": the site must be one of'),
        ('{"contraindications": ["CI01"]}', '"CI01" is derived'),
        ('{"cleared": ["RF01"]}', 'error: cleared[0]: "RF01" is not among the red flags present'),
        ('{"symptoms": null}', "error: symptoms: null is not allowed"),
        ('{"age": 40, "age": 41}', "error: age: key given more than once"),
        ('{"age": NaN}', "error: age: NaN is not a number"),
        ('[{}, {"pain_now": Infinity}]', "error: [1].pain_now: Infinity is not a number"),
        ('[{}, {"red_flags": ["XX"]}, 5]', "error: [1].red_flags[0]"),
    ],
)
def test_bad_input_gives_one_error_line_and_exit_2(library_db, stdin, error):
    assert_rejected(screen_cli(library_db, stdin=stdin), error)


def test_a_missing_file_is_an_error_naming_the_path(library_db, tmp_path):
    missing = tmp_path / "nope.json"
    assert_rejected(screen_cli(library_db, str(missing)), f"error: {missing}: cannot read")


def test_a_directory_is_an_error_naming_the_path(library_db, tmp_path):
    assert_rejected(screen_cli(library_db, str(tmp_path)), f"error: {tmp_path}: cannot read")


def test_undecodable_bytes_in_a_file_are_an_error(library_db, tmp_path):
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"symptoms": ["PS01é"]}'.encode("latin-1"))
    assert_rejected(screen_cli(library_db, str(latin)), f"error: {latin}: not UTF-8 text")


def test_undecodable_bytes_on_stdin_are_an_error(library_db):
    assert_rejected(screen_cli(library_db, stdin=b"\xff\xfe{}"), "error: input: not UTF-8 text")


def test_more_than_one_path_is_a_one_line_error(library_db, tmp_path):
    proc = screen_cli(library_db, str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert_rejected(proc, "error: unrecognized arguments")


def test_a_database_that_has_not_been_migrated_is_an_error(empty_db):
    proc = screen_cli(empty_db, stdin="{}")
    assert_rejected(proc, "error: database: not migrated")
    assert "techniques_entry" in proc.stderr.decode()


def test_bad_input_is_reported_even_before_the_database_is_checked(empty_db):
    assert_rejected(screen_cli(empty_db, stdin='{"age": -3}'), "error: age: -3 is out of range")


# --- In-process: the command and the module agree -----------------------------------------


def call_screen(stdin: str) -> str:
    out = io.StringIO()
    call_command("screen", "-", stdin=io.BytesIO(stdin.encode()), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_published_library_is_the_shipped_library_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        library = published_library()
    entries = [item.library_entry for item in library]
    assert all(entry.slug == item.slug for entry, item in zip(entries, library, strict=True))
    assert sorted(entries, key=lambda e: e.slug) == sorted(SHIPPED_LIBRARY, key=lambda e: e.slug)


@pytest.mark.django_db
def test_unpublished_entries_are_left_out_and_extras_come_from_the_database():
    Entry.objects.filter(slug="glute-foam-roll").update(published=False)
    Entry.objects.get(slug="heat-pack").extra_contraindications.add(
        Contraindication.objects.get(code="CI13")
    )
    result = json.loads(call_screen('{"contraindications": ["CI13"]}'))
    slugs = [*result["library"]["eligible"], *result["library"]["blocked"]]
    assert "glute-foam-roll" not in slugs
    assert result["library"]["blocked"]["heat-pack"] == ["CI13"]
    heat_pack = LibraryEntry("heat-pack", frozenset({"LUMB"}), "ADVICE", frozenset({"CI13"}))
    assert heat_pack in [item.library_entry for item in published_library()]


@pytest.mark.django_db
def test_bad_input_in_process_exits_2_with_one_error_line():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("screen", stdin=io.BytesIO(b'{"age": 54.0}'), stdout=out, stderr=err)
    assert exited.value.code == 2
    assert out.getvalue() == ""
    assert err.getvalue() == "error: age: 54.0 is not a whole number\n"


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(answer_dicts())
def test_command_and_module_agree_on_generated_answers(answers):
    text = json.dumps(answers)
    assert json.loads(call_screen(text)) == screen(parse_answers_json(text), SHIPPED_LIBRARY)
    assert (
        json.loads(call_screen(f"[{text}, {text}]"))
        == [screen(parse_answers_json(text), SHIPPED_LIBRARY)] * 2
    )


@pytest.mark.django_db
def test_an_entry_with_two_extra_contraindications_keeps_both():
    entry = Entry.objects.get(slug="daily-walking")
    entry.extra_contraindications.add(*Contraindication.objects.filter(code__in=["CI03", "CI13"]))
    walking = next(e for e in published_library() if e.slug == "daily-walking")
    assert walking.extra_contraindications == frozenset({"CI03", "CI13"})
    assert walking.library_entry.extra_contraindications == frozenset({"CI03", "CI13"})


def screen_in_process(stdin: bytes, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("screen", *args, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return exited.value.code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_more_than_4_mb_on_stdin_is_refused_before_it_is_all_read():
    padded = b"{}" + b" " * (4 * 1024 * 1024)  # valid JSON, one byte over
    code, out, err = screen_in_process(padded)
    assert (code, out) == (2, "")
    assert err == "error: input: larger than 4 MB; split the answers\n"


@pytest.mark.django_db
def test_a_file_over_4_mb_is_refused_naming_it(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * (4 * 1024 * 1024) + b"]")
    code, out, err = screen_in_process(b"", str(big))
    assert (code, out) == (2, "")
    assert err == f"error: {big}: larger than 4 MB; split the answers\n"


@pytest.mark.django_db
def test_4_mb_exactly_is_still_read():
    out = io.StringIO()
    call_command("screen", stdin=io.BytesIO(b"{}" + b" " * (4 * 1024 * 1024 - 2)), stdout=out)
    assert "triage" in json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stdin", "args"),
    [
        (b'{"' + b"a" * 100_000 + b'": 1}', ()),  # an unknown key, a plain name
        (b'{"age": "' + b"9" * 100_000 + b'"}', ()),  # a value
        (b"{}", ("/nowhere/\x1b[2J" + "x" * 100_000,)),  # a path, with an escape
    ],
    ids=["key", "value", "path"],
)
def test_the_error_line_repeats_at_most_a_short_printable_part_of_what_was_given(stdin, args):
    code, out, err = screen_in_process(stdin, *args)
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1
    assert len(err) < 400
    assert "\x1b" not in err


def test_an_extra_argument_is_repeated_short_and_printable(library_db):
    proc = screen_cli(library_db, "-", "\x1b[2J" + "y" * 100_000)
    assert_rejected(proc, "error: unrecognized arguments")
    assert len(proc.stderr) < 400 and b"\x1b" not in proc.stderr
