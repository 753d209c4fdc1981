"""A portable "join these codes with spaces" aggregate for SQLite and PostgreSQL."""

from django.db.models import Aggregate, CharField


class CodeList(Aggregate):
    """The codes of a to-many relation as one space-separated string (or None)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra_context)
