"""Every issuing body becomes a public body (portal.core), which procedures share.

An issuing body maps to the public body with the same slug, else the same name, else
to a new one with its name and slug: slugs are kept, so the ELI addresses
(/eli/vn/<body>/...) and the list filter (?co-quan=<slug>) answer as before,
whichever app migrates first. Documents and the revisions of documents (drafts,
history) are repointed.

Backwards, an issuing body is made again for every public body a document or revision
names; bodies no document names are not made again.
"""

from django.db import migrations
from django.utils.text import slugify

DOCUMENT_FIELDS = ("issuing_body",)


def public_body_for(PublicBody, name: str, slug: str):
    """The public body for an issuer. Where an agency of the same slug or name came
    first (procedures migrated before), the issuer's name and slug win: the slug is
    part of permanent ELI addresses, and the result is the same in either order."""
    body = PublicBody.objects.filter(slug=slug).first() if slug else None
    if body is not None and body.name != name:
        if not PublicBody.objects.filter(name=name).exists():
            body.name = name
            body.save(update_fields=["name"])
    if body is None:
        body = PublicBody.objects.filter(name=name).first()
        if body is not None and slug:
            body.slug = slug
            body.save(update_fields=["slug"])
    if body is None:
        base = slug or slugify(name) or "co-quan"
        slug, counter = base, 2
        while PublicBody.objects.filter(slug=slug).exists():
            slug, counter = f"{base[:240]}-{counter}", counter + 1
        body = PublicBody.objects.create(name=name, slug=slug)
    return body


def repoint_revisions(apps, mapping: dict) -> None:
    """Rewrite the body ids in the revisions of legal documents."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="legal", model="legaldocumentpage"
    ).first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content
        if not isinstance(content, dict):
            continue
        changed = False
        for field in DOCUMENT_FIELDS:
            if content.get(field) is not None:
                # An id nothing maps (a body deleted since) would now name another
                # body: better none, which the editor is asked to choose again.
                content[field] = mapping.get(content[field])
                changed = True
        if changed:
            revision.content = content
            revision.save(update_fields=["content"])


def revision_body_ids(apps) -> set:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="legal", model="legaldocumentpage"
    ).first()
    if content_type is None:
        return set()
    ids = set()
    for content in Revision.objects.filter(content_type=content_type).values_list(
        "content", flat=True
    ):
        if isinstance(content, dict):
            ids.update(content.get(field) for field in DOCUMENT_FIELDS)
    return ids - {None}


def forwards(apps, schema_editor):
    IssuingBody = apps.get_model("legal", "IssuingBody")
    PublicBody = apps.get_model("core", "PublicBody")
    LegalDocumentPage = apps.get_model("legal", "LegalDocumentPage")
    mapping = {}
    for issuer in IssuingBody.objects.order_by("pk"):
        body = public_body_for(PublicBody, issuer.name, issuer.slug)
        mapping[issuer.pk] = body.pk
        LegalDocumentPage.objects.filter(issuing_body_id=issuer.pk).update(
            issuing_public_body_id=body.pk
        )
    repoint_revisions(apps, mapping)


def backwards(apps, schema_editor):
    IssuingBody = apps.get_model("legal", "IssuingBody")
    PublicBody = apps.get_model("core", "PublicBody")
    LegalDocumentPage = apps.get_model("legal", "LegalDocumentPage")
    named = set(
        LegalDocumentPage.objects.values_list("issuing_public_body_id", flat=True)
    ) | revision_body_ids(apps)
    mapping = {}
    for body in PublicBody.objects.filter(pk__in=named - {None}).order_by("pk"):
        issuer, _created = IssuingBody.objects.get_or_create(
            slug=body.slug, defaults={"name": body.name}
        )
        mapping[body.pk] = issuer.pk
        LegalDocumentPage.objects.filter(issuing_public_body_id=body.pk).update(
            issuing_body_id=issuer.pk
        )
    repoint_revisions(apps, mapping)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('legal', '0002_add_public_issuing_body'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
