"""Every home page gets the arrangement its hooks drew before (issue 26): the top
story, then the main column (news by category, newest documents, then what the
page's body held) and the sidebar (procedure finder, poll, today's schedule). The
names are those the content apps register; a block of an app a site does not install
is dropped when the page is read, as the hook it replaces drew nothing. The body,
moved into the main column, is emptied; its latest and live revisions get the same
sections, so that the editor finds them.

Backwards, the free content of the main column goes back to the body.
"""

import json
import uuid

from django.db import migrations

TOP = [("news_top", {"count": 4, "index": None})]
MAIN = [("news_categories", {"categories": []}), ("latest_documents", {"count": 5})]
ASIDE = [("procedure_finder", {}), ("poll", {"poll": None}), ("today_schedule", {})]
#: The blocks of the arrangement that are not free content.
SECTION_TYPES = {name for name, _value in TOP + MAIN + ASIDE}


def stored(blocks: list) -> list:
    return [
        {"type": name, "value": value, "id": str(uuid.uuid4())}
        for name, value in blocks
    ]


def as_list(value) -> list:
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value or [])


def arrangement(body: list) -> list:
    columns = {"main": stored(MAIN) + body, "aside": stored(ASIDE)}
    return [*stored(TOP), {"type": "columns", "value": columns, "id": str(uuid.uuid4())}]


def body_of(sections: list) -> list:
    body = []
    for block in sections:
        if block.get("type") == "columns":
            body += [
                child
                for child in block["value"].get("main", [])
                if child.get("type") not in SECTION_TYPES
            ]
    return body


def home_revisions(apps, page):
    Revision = apps.get_model("wagtailcore", "Revision")
    ids = {page.latest_revision_id, page.live_revision_id} - {None}
    return Revision.objects.filter(pk__in=ids)


def rewrite(apps, schema_editor, change) -> None:
    HomePage = apps.get_model("core", "HomePage")
    for page in HomePage.objects.all():
        body, sections = change(
            as_list(page.body.raw_data if page.body else []),
            as_list(page.sections.raw_data if page.sections else []),
        )
        HomePage.objects.filter(pk=page.pk).update(body=body, sections=sections)
        for revision in home_revisions(apps, page):
            content = revision.content
            if not isinstance(content, dict):
                continue
            revision_body, revision_sections = change(
                as_list(content.get("body")), as_list(content.get("sections"))
            )
            # Revisions keep a stream as JSON text.
            content["body"] = json.dumps(revision_body)
            content["sections"] = json.dumps(revision_sections)
            revision.content = content
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    rewrite(apps, schema_editor, lambda body, sections: ([], arrangement(body)))


def backwards(apps, schema_editor):
    rewrite(apps, schema_editor, lambda body, sections: (body_of(sections), []))


class Migration(migrations.Migration):
    dependencies = [("core", "0010_home_page_sections")]

    operations = [migrations.RunPython(forwards, backwards)]
