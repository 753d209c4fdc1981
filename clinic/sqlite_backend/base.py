"""Django's SQLite backend, except that it never creates the database file by accident.

Left to itself, SQLite makes an empty database wherever it is pointed. A deleted or
moved file then turns into a fresh, empty site after a restart, while the workers that
still held the old file open kept "saving" clients into a file nobody can see any more.
So only `migrate` (clinic's own, which wraps Django's) may create the file; everything
else opens it with `mode=rw` and fails loudly, and a kept connection whose file was
deleted or replaced is dropped at the start of the next request.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

_may_create = False


@contextmanager
def creation_allowed():
    """Let connections opened inside create a missing database file (for `migrate`)."""
    global _may_create
    before, _may_create = _may_create, True
    try:
        yield
    finally:
        _may_create = before


class DatabaseWrapper(base.DatabaseWrapper):
    _file_identity: tuple[int, int] | None = None

    def _file(self) -> Path | None:
        """The database file, or None for an in-memory database or a URI given as is."""
        name = self.settings_dict["NAME"]
        if self.is_in_memory_db() or str(name).startswith("file:"):
            return None
        return Path(name).resolve()

    def get_connection_params(self):
        params = super().get_connection_params()
        path = self._file()
        if path is not None and not _may_create:
            params["database"] = f"{path.as_uri()}?mode=rw"
        return params

    def get_new_connection(self, conn_params):
        path = self._file()
        try:
            connection = super().get_new_connection(conn_params)
        except base.Database.OperationalError as error:
            if path is not None and not path.exists():
                raise OperationalError(
                    f"The SQLite database {path} does not exist. Restore it from a backup, "
                    "or run `manage.py migrate` to create a new, empty one."
                ) from error
            raise
        self._file_identity = _identity(path) if path is not None else None
        return connection

    def is_usable(self) -> bool:
        """False once the file this connection opened is gone or replaced (the health
        check runs at the first query of each request, CONN_HEALTH_CHECKS)."""
        if self._file_identity is None:
            return True
        return _identity(self._file()) == self._file_identity


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino
