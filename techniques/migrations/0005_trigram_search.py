"""The library search forgives typos with pg_trgm's word_similarity on PostgreSQL.

TrigramExtension creates the extension on PostgreSQL only (it does nothing on other
databases); SQLite measures similarity in Python instead (techniques/search.py).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("techniques", "0004_names_are_one_line"),
    ]

    operations = [
        TrigramExtension(),
    ]
