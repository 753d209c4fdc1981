"""`manage.py backup FILE`: a consistent copy of the database, whichever engine it is.

SQLite is copied page by page with its online backup API, so the copy is consistent even
while the site keeps writing (a plain `cp` of a WAL database is not). PostgreSQL is
dumped with `pg_dump --format=custom`, which reads one snapshot and is restored with
`pg_restore`. docs/backup.md says how to restore, how often to run this, and what else
(uploaded pictures) to keep.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # runs pg_dump with an argument list, never a shell
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = "Write a consistent backup of the database to FILE (SQLite file or pg_dump archive)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the backup")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--pg-dump",
            default=os.environ.get("PG_DUMP") or shutil.which("pg_dump") or "pg_dump",
            help="the pg_dump program (default: $PG_DUMP, or pg_dump on the PATH)",
        )

    def handle(self, *args, file: Path, database: str, pg_dump: str, **options):
        connection = connections[database]
        if file.exists():
            raise CommandError(f"{file} already exists: choose a new name for each backup.")
        if not file.parent.is_dir():
            raise CommandError(f"{file.parent} is not a folder.")
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"No backup recipe for {connection.vendor} databases.")
        # The whole health record: readable by this account only, never by other users of
        # the machine. The file is made empty and private first; the backup fills it.
        file.touch(mode=0o600, exist_ok=False)
        try:
            if connection.vendor == "sqlite":
                backup_sqlite(connection, file)
            else:
                backup_postgresql(connection.settings_dict, file, pg_dump)
        except BaseException:
            file.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Backed up the {connection.vendor} database to {file}.")


def backup_sqlite(connection, file: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(file)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


def backup_postgresql(settings_dict: dict, file: Path, pg_dump: str) -> None:
    env = {**os.environ, **libpq_environment(settings_dict)}
    command = [pg_dump, "--format=custom", "--no-owner", "--file", str(file)]
    try:
        result = subprocess.run(  # nosec B603  # fixed program and arguments, no shell
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise CommandError(f"{pg_dump} not found: install the PostgreSQL client.") from exc
    if result.returncode != 0:
        file.unlink(missing_ok=True)
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")


LIBPQ_OPTIONS = ("host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "passfile")


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The connection as libpq variables, so no password appears on a command line.

    DATABASE_URL may put the host in OPTIONS (`?host=/run/postgresql`); HOST wins.
    """
    options = settings_dict.get("OPTIONS") or {}
    env = {f"PG{key.upper()}": str(options[key]) for key in LIBPQ_OPTIONS if options.get(key)}
    # Django's setting, then libpq's variable for it (PASSWORD goes to PGPASSWORD).
    for key, variable in (("NAME", "DATABASE"), ("HOST", "HOST"), ("PORT", "PORT")):
        if settings_dict.get(key):
            env[f"PG{variable}"] = str(settings_dict[key])
    for key in ("USER", "PASSWORD"):
        if settings_dict.get(key):
            env[f"PG{key}"] = str(settings_dict[key])
    return env
