"""The index version token, and PostgreSQL storage for searching large indexes.

On PostgreSQL, a search for a common word visits the heap row of every match.
With the texts and the large body vector inline those rows fill the table's
pages (1.4 kB each at 100,000 documents); moved to TOAST (toast_tuple_target),
the rows that matching reads are a few hundred bytes, and rank_vector, which
ranking reads, stays inline (STORAGE MAIN). A GIN index on rank_vector (title,
summary, own number) finds title matches without reading body vectors.
"""

from django.db import migrations, models


def tune_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # parallel_workers = 0: on the few cores a portal runs on, a parallel scan
        # to match a common word was slower (38 ms against 27 ms at 100,000
        # documents) and takes cores from the other requests.
        cursor.execute(
            "ALTER TABLE search_entry SET (toast_tuple_target = 128, parallel_workers = 0)"
        )
        cursor.execute(
            "ALTER TABLE search_entry ALTER COLUMN rank_vector SET STORAGE MAIN"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS search_entry_rank ON search_entry "
            "USING gin (rank_vector)"
        )


def untune_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_entry_rank")
        cursor.execute(
            "ALTER TABLE search_entry RESET (toast_tuple_target, parallel_workers)"
        )
        cursor.execute(
            "ALTER TABLE search_entry ALTER COLUMN rank_vector SET STORAGE EXTENDED"
        )


def first_token(apps, schema_editor):
    apps.get_model("search", "IndexState").objects.get_or_create(
        id=1, defaults={"token": "initial"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, primary_key=True, serialize=False
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "db_table": "search_state",
            },
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
        migrations.RunPython(tune_postgresql, untune_postgresql),
    ]
