"""The full-text index of library sections: an FTS5 table on SQLite; on PostgreSQL a tsvector
column with a GIN index, and a configuration for Arabic (text is folded before it is indexed:
see ``library/text.py``). Sections already there are indexed."""

from django.db import migrations


def create(apps, schema_editor):
    from entraide.library import index

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_section ADD COLUMN search tsvector")
        schema_editor.execute("CREATE INDEX library_section_search ON library_section USING GIN (search)")
        schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION entraide_arabic (COPY = arabic)")
    else:
        schema_editor.execute(index.FTS5_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, v.language, v.title, s.heading, s.text FROM library_section s "
            "JOIN library_version v ON v.id = s.version_id ORDER BY s.id"
        )
        rows = cursor.fetchall()
    index.index_rows(rows, connection)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX library_section_search")
        schema_editor.execute("ALTER TABLE library_section DROP COLUMN search")
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION entraide_arabic")
    else:
        schema_editor.execute("DROP TABLE library_search")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_documents")]

    operations = [migrations.RunPython(create, drop)]
