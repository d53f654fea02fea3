"""PostgreSQL: rows that leave their long values to TOAST, and an index of the
newest matches (search/query.py, past FULL_RANK_LIMIT).

A row carried its text, folded text and both text vectors inline, compressed,
whenever they fit in 2 kB: 50,000 entries made 69 MB of table pages, and a word
found in nearly every entry read all of them (facets, then the page of results).
Past 1 kB a row now stores its largest values out of line (toast_tuple_target),
keeping the titles, their vectors and the facets' columns: 24 MB. It applies to
rows written from now on; `manage.py search_rebuild` (or VACUUM FULL
search_searchentry) rewrites those already there.

The index orders matches as the ranking past the limit does for entries whose
title does not match: body text first, then the newest.
"""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 1024)",
    "CREATE INDEX search_entry_newest ON search_searchentry "
    "(has_body DESC, day DESC NULLS LAST, id)",
]
POSTGRES_REVERSE = [
    "DROP INDEX search_entry_newest",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_narrow_indexes")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
