"""The database's own full-text index over SearchEntry.

SQLite: an FTS5 table kept in step by triggers. PostgreSQL: generated tsvector
columns (folded for matching, exact for ranking) with GIN indexes. Both see
folded text as plain ASCII words, so matching never depends on the tokenizer's
or the database locale's idea of Vietnamese letters.
"""

from django.db import migrations

FTS_COLUMNS = "title_folded, text_folded, title, text"

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    f"{FTS_COLUMNS}, content='search_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.title_folded, new.text_folded, new.title, new.text); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.title_folded, old.text_folded, old.title, old.text); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.title_folded, old.text_folded, old.title, old.text); "
    f"INSERT INTO search_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.title_folded, new.text_folded, new.title, new.text); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]

POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN folded_tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_folded), 'A') || "
    "setweight(to_tsvector('simple', text_folded), 'B')) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN exact_tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', regexp_replace(title, '[^[:alnum:]_]+', ' ', 'g')), 'A') || "
    "setweight(to_tsvector('simple', regexp_replace(text, '[^[:alnum:]_]+', ' ', 'g')), 'B')"
    ") STORED",
    # Titles alone: the ranking of very common words looks at these (search/query.py).
    "ALTER TABLE search_searchentry ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', title_folded)) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN title_exact_tsv tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', regexp_replace(title, '[^[:alnum:]_]+', ' ', 'g'))) STORED",
    "CREATE INDEX search_entry_folded ON search_searchentry USING gin (folded_tsv)",
    "CREATE INDEX search_entry_title ON search_searchentry USING gin (title_tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX search_entry_title",
    "DROP INDEX search_entry_folded",
    "ALTER TABLE search_searchentry DROP COLUMN title_exact_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN title_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN exact_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN folded_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
