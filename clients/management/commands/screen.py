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


class InputError(Exception):
    """Input that could not be read, or a database that cannot serve the library."""


def read_text(path: str, stdin: IO[Any] | None = None) -> str:
    """The input as text, from the file at `path` or from standard input for "-"."""
    source = "input" if path == STDIN else path
    try:
        data = (stdin or sys.stdin.buffer).read() if path == STDIN else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(f"{source}: not UTF-8 text (byte 0x{bad} at {exc.start})") from None


def load_library() -> list[LibraryEntry]:
    try:
        return published_library()
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
        line = " ".join(message.split())
        self.stderr.write(f"error: {line}", style_func=lambda text: text)
        raise SystemExit(BAD_INPUT_EXIT)
