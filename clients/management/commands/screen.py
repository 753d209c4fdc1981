"""`python manage.py screen [PATH|-]`: screen intake answers given as JSON.

The contract is SCREENING.md, section 3: results as JSON on standard output and exit 0;
any bad input gives one `error:` line on standard error, nothing on standard output and
exit 2. The command only reads the database (the published library).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, NoReturn

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from clients.library import published_library
from clients.screening import AnswerError, LibraryEntry, parse_answers_json, screen

STDIN = "-"
BAD_INPUT_EXIT = 2
# Far more than any batch of answers (one is well under a kilobyte), and little enough to
# hold in memory: larger input is refused before it is all read.
MAX_INPUT_BYTES = 4 * 1024 * 1024
# Characters of a path or argument repeated in an error line: a long path still shows,
# a megabyte pasted as an argument doesn't. (Answer values are cut at 60, by screening.)
ECHO_LIMIT = 200


class InputError(Exception):
    """Input that could not be read, or a database that cannot serve the library."""


def echo(text: str) -> str:
    """A value the user gave, as an error line repeats it: printable and short."""
    printable = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)
    return printable if len(printable) <= ECHO_LIMIT else printable[: ECHO_LIMIT - 3] + "..."


def read_text(path: str, stdin: IO[Any] | None = None) -> str:
    """The input as text, from the file at `path` or from standard input for "-"."""
    source = "input" if path == STDIN else echo(path)
    try:
        if path == STDIN:
            data = (stdin or sys.stdin.buffer).read(MAX_INPUT_BYTES + 1)
        else:
            with Path(path).open("rb") as file:
                data = file.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{source}: larger than {MAX_INPUT_BYTES // 2**20} MB; split the answers")
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(f"{source}: not UTF-8 text (byte 0x{bad} at {exc.start})") from None


def load_library() -> list[LibraryEntry]:
    try:
        return [item.library_entry for item in published_library()]
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f'database: not migrated or not reachable ({reason}); run "manage.py migrate"'
        ) from None


class Command(BaseCommand):
    help = "Screen intake answers (JSON from a file, or standard input) and print the result."
    # System-check warnings would add lines to standard error; the contract allows one.
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self.fail  # a usage error is bad input too: one line, exit 2
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=STDIN,
            help='JSON answers file, or "-" (the default) for standard input.',
        )

    def handle(self, *args, path: str, **options) -> None:
        try:
            answers = parse_answers_json(read_text(path, options.get("stdin")))
            library = load_library()
        except (AnswerError, InputError) as exc:
            self.fail(str(exc))
        if isinstance(answers, list):
            output: Any = [screen(one, library) for one in answers]
        else:
            output = screen(answers, library)
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=True))

    def fail(self, message: str) -> NoReturn:
        # Values are shortened where they are named; usage errors from argparse name the
        # arguments given, so each word is shortened here too.
        line = " ".join(echo(word) for word in message.split())
        self.stderr.write(f"error: {line}", style_func=lambda text: text)
        raise SystemExit(BAD_INPUT_EXIT)
