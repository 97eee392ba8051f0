"""Every agency becomes a public body (portal.core), which legal documents share.

An agency maps to the public body with the same slug, else the same name, else to a
new one with its name and slug: slugs are kept, so the list filter (?co-quan=<slug>)
and the search facet answer as before. The one exception: an agency named like an
issuing body but with another slug ends with the issuing body's slug, which permanent
ELI addresses carry; `manage.py search_rebuild` then brings the search facet along.
Procedures (implementing, competent and coordinating agencies) and the revisions of
procedures are repointed.

Backwards, an agency is made again for every public body a procedure or revision
names; bodies no procedure names are not made again.
"""

from django.db import migrations
from django.utils.text import slugify

#: (old field, new field, many)
FIELDS = (
    ("implementing_agencies", "implementing_bodies", True),
    ("competent_authority", "competent_body", False),
    ("coordinating_agencies", "coordinating_bodies", True),
)


def public_body_for(PublicBody, name: str, slug: str):
    body = PublicBody.objects.filter(slug=slug).first() if slug else None
    if body is None:
        body = PublicBody.objects.filter(name=name).first()
    if body is None:
        base = slug or slugify(name) or "co-quan"
        slug, counter = base, 2
        while PublicBody.objects.filter(slug=slug).exists():
            slug, counter = f"{base[:240]}-{counter}", counter + 1
        body = PublicBody.objects.create(name=name, slug=slug)
    return body


def procedure_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="procedures", model="procedurepage"
    ).first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def map_value(value, mapping: dict):
    """A revision's value of one field with its ids mapped; an id nothing maps (a
    body deleted since) is dropped rather than left to name another body."""
    if isinstance(value, list):
        mapped = [mapping[item] for item in value if item in mapping]
        return list(dict.fromkeys(mapped))
    return mapping.get(value) if value is not None else None


def repoint_revisions(apps, mapping: dict, keys: tuple[str, ...]) -> None:
    for revision in procedure_revisions(apps).iterator():
        content = revision.content
        if not isinstance(content, dict) or not any(key in content for key in keys):
            continue
        for key in keys:
            if key in content:
                content[key] = map_value(content[key], mapping)
        revision.content = content
        revision.save(update_fields=["content"])


def copy_links(ProcedurePage, mapping: dict, *, to_public_bodies: bool) -> None:
    """Copy each procedure's agencies from the agency fields to the public-body
    fields (or back), through `mapping`."""
    for old, new, many in FIELDS:
        source, target = (old, new) if to_public_bodies else (new, old)
        if not many:
            for from_id, to_id in mapping.items():
                ProcedurePage.objects.filter(**{f"{source}_id": from_id}).update(
                    **{f"{target}_id": to_id}
                )
            continue
        source_through = ProcedurePage._meta.get_field(source).remote_field.through
        target_through = ProcedurePage._meta.get_field(target).remote_field.through
        from_column, to_column = (
            ("agency_id", "publicbody_id")
            if to_public_bodies
            else ("publicbody_id", "agency_id")
        )
        links, seen = [], set()
        for link in source_through.objects.order_by("pk"):
            # Two agencies merged into one body: the procedure names it once.
            key = (link.procedurepage_id, mapping[getattr(link, from_column)])
            if key not in seen:
                seen.add(key)
                links.append(
                    target_through(procedurepage_id=key[0], **{to_column: key[1]})
                )
        target_through.objects.bulk_create(links)


def forwards(apps, schema_editor):
    Agency = apps.get_model("procedures", "Agency")
    PublicBody = apps.get_model("core", "PublicBody")
    ProcedurePage = apps.get_model("procedures", "ProcedurePage")
    mapping = {
        agency.pk: public_body_for(PublicBody, agency.name, agency.slug).pk
        for agency in Agency.objects.order_by("pk")
    }
    copy_links(ProcedurePage, mapping, to_public_bodies=True)
    repoint_revisions(apps, mapping, tuple(old for old, _new, _many in FIELDS))


def backwards(apps, schema_editor):
    Agency = apps.get_model("procedures", "Agency")
    PublicBody = apps.get_model("core", "PublicBody")
    ProcedurePage = apps.get_model("procedures", "ProcedurePage")
    named = set()
    for _old, new, many in FIELDS:
        if many:
            through = ProcedurePage._meta.get_field(new).remote_field.through
            named.update(through.objects.values_list("publicbody_id", flat=True))
        else:
            named.update(ProcedurePage.objects.values_list(f"{new}_id", flat=True))
    keys = tuple(old for old, _new, _many in FIELDS)
    for revision in procedure_revisions(apps).values_list("content", flat=True):
        if isinstance(revision, dict):
            for key in keys:
                value = revision.get(key)
                named.update(value if isinstance(value, list) else [value])
    mapping = {}
    for body in PublicBody.objects.filter(pk__in=named - {None}).order_by("pk"):
        agency, _created = Agency.objects.get_or_create(
            slug=body.slug, defaults={"name": body.name}
        )
        mapping[body.pk] = agency.pk
    copy_links(ProcedurePage, mapping, to_public_bodies=False)
    repoint_revisions(apps, mapping, keys)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('procedures', '0004_add_public_body_agencies'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
