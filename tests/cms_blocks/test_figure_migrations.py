"""The image block moved onto Wagtail's ImageBlock: each app's data migration turns
the bodies (and their revisions) of the old block into the new shape, and the alt
text editors wrote reaches the page."""

import json

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from wagtail.blocks import StreamValue

from tests.factories import (
    ContactPageFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    SectionPageFactory,
)

#: A page of each model with an image block, and the index of the portal it goes in.
PAGES = {
    "section": (SectionPageFactory, "home"),
    "news": (NewsPageFactory, "news"),
    "procedure": (ProcedurePageFactory, "procedures"),
    "contact": (ContactPageFactory, "home"),
}

MIGRATION_NAME = "figure_block_on_wagtail_image_block"


def old_image(photo, alt_text="", caption=""):
    """An image block's value as the block before ImageBlock stored it."""
    return {"image": photo.pk, "alt_text": alt_text, "caption": caption, "credit": ""}


def migrate_bodies(app_label):
    loader = MigrationLoader(connection)
    [migration] = [
        migration
        for (label, name), migration in loader.disk_migrations.items()
        if label == app_label and name.endswith(MIGRATION_NAME)
    ]
    operations = [op for op in migration.operations if hasattr(op, "field_name")]
    assert operations, "the migration rewrites no body"
    for operation in operations:
        # A data migration: it reads and writes rows, and alters no table.
        operation.migrate_stream_data_forward(apps, schema_editor=None)


@pytest.mark.parametrize("kind", list(PAGES))
def test_old_image_blocks_keep_their_alt_text(admin_client, portal, photo, kind):
    factory, parent = PAGES[kind]
    page = factory(parent=getattr(portal, parent))
    model = type(page)
    raw = [
        {"type": "image", "value": old_image(photo, "Lễ khai mạc", "Khai mạc")},
        {
            "type": "two_columns",
            "value": {
                "ratio": "1-1",
                "left": [{"type": "image", "value": old_image(photo)}],
                "right": [
                    {"type": "image", "value": old_image(photo, "Hội trường tỉnh")}
                ],
            },
        },
    ]
    page.body = StreamValue(page.body.stream_block, raw, is_lazy=True)
    page.save_revision().publish()

    migrate_bodies(model._meta.app_label)

    page = model.objects.get(pk=page.pk)
    first = page.body.raw_data[0]["value"]
    assert first["image"] == {
        "image": photo.pk,
        "alt_text": "Lễ khai mạc",
        "decorative": False,
    }
    assert "alt_text" not in first
    revision_body = page.latest_revision.as_object().body
    assert revision_body.raw_data[0]["value"]["image"]["alt_text"] == "Lễ khai mạc"
    html = admin_client.get(page.url).content.decode()
    assert 'alt="Lễ khai mạc"' in html
    assert "Khai mạc</figcaption>" in html
    assert 'alt="Hội trường tỉnh"' in html
    # An image left without alt text still says what the library calls it.
    assert f'alt="{photo.title}"' in html

    # Editors open the page with the alt text in Wagtail's own image field.
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    # (in the stream's JSON state, non-ASCII escaped)
    assert json.dumps("Lễ khai mạc")[1:-1] in edit.content.decode()

    # Run again (a re-applied migration): nothing changes.
    stored = model.objects.filter(pk=page.pk).values_list("body", flat=True)
    before = list(stored)
    migrate_bodies(model._meta.app_label)
    assert list(stored) == before
