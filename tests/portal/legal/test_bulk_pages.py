"""A document written by the bulk page writer is the one an editor makes in the admin.

The same document is created twice: through the Wagtail admin's add-page view
(published as an editor does), and by `portal.core.bulk.BulkPageWriter` under a
second document list; then both are compared, table by table.
"""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry as WagtailIndexEntry
from wagtail.test.utils.form_data import rich_text

from portal.core.bulk import BulkPageWriter, check_bulk_ready
from portal.legal.models import (
    DocumentRelation,
    LegalDocumentIndexPage,
    LegalDocumentPage,
)
from search import indexing
from search.models import IndexEntry, OutboxEntry
from tests.factories import (
    DocumentTypeFactory,
    LegalFieldFactory,
    PublicBodyFactory,
    SignerFactory,
    legal_document_form,
)

pytestmark = pytest.mark.usefixtures("shared_portal")

NUMBER = "300/KH-UBND"
TITLE = "Kế hoạch triển khai chuyển đổi số năm 2024"
BODY = "<p>Điều 1. Nội dung kế hoạch.</p>"
TOLERANCE = datetime.timedelta(minutes=5)


@pytest.fixture
def vocabulary():
    return {
        "doc_type": DocumentTypeFactory(name="Kế hoạch"),
        "body": PublicBodyFactory(name="Ủy ban nhân dân tỉnh Hưng Yên"),
        "signer": SignerFactory(name="Nguyễn Văn Thử", slug="nguyen-van-thu"),
        "fields": [
            LegalFieldFactory(name="Công nghệ thông tin", slug="cntt"),
            LegalFieldFactory(name="Cải cách hành chính", slug="cchc"),
        ],
    }


def admin_form(vocabulary, title=TITLE, **extra):
    return legal_document_form(
        vocabulary["doc_type"],
        vocabulary["body"],
        relation_number="147/KH-UBND",
        **{
            "title": title,
            "signer": vocabulary["signer"].pk,
            "signer_position": "Chủ tịch",
            "fields": [field.pk for field in vocabulary["fields"]],
            "effective_date": "15/02/2024",
            "body": rich_text(BODY),
            "relations-0-note": "Điều 3",
            **extra,
        },
    )


def bulk_document(vocabulary) -> LegalDocumentPage:
    """The document as an importer builds it from a row."""
    page = LegalDocumentPage(
        title=TITLE,
        slug="300-kh-ubnd",
        number=NUMBER,
        doc_type=vocabulary["doc_type"],
        issuing_body=vocabulary["body"],
        signer=vocabulary["signer"],
        signer_position="Chủ tịch",
        issued_date=datetime.date(2024, 2, 1),
        effective_date=datetime.date(2024, 2, 15),
        scope="tinh",
        group="chi-dao-dieu-hanh",
        body=BODY,
    )
    page.fields = vocabulary["fields"]
    page.relations = [
        DocumentRelation(
            kind="can_cu", target_number="147/KH-UBND", note="Điều 3", sort_order=0
        )
    ]
    return page


@pytest.fixture
def second_list(index_page):
    """A second document list beside the first, so that both copies keep the
    same slug."""
    return index_page.get_parent().add_child(
        instance=LegalDocumentIndexPage(title="Văn bản (nhập)", slug="van-ban-nhap")
    )


@pytest.fixture
def both(admin_client, index_page, second_list, make_document, vocabulary):
    basis = make_document(
        number="147/KH-UBND",
        doc_type=vocabulary["doc_type"],
        issuing_body=vocabulary["body"],
    )
    OutboxEntry.objects.all().delete()
    response = admin_client.post(
        f"/admin/pages/add/legal/legaldocumentpage/{index_page.pk}/",
        admin_form(vocabulary),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    edited = LegalDocumentPage.objects.get(
        path__startswith=index_page.path, number=NUMBER
    )
    edited_outbox = outbox_of(edited)
    OutboxEntry.objects.all().delete()

    with BulkPageWriter(second_list, user=edited.owner) as writer:
        writer.add(bulk_document(vocabulary))
    assert writer.created == 1
    imported = LegalDocumentPage.objects.get(path__startswith=second_list.path)
    return {
        "edited": edited,
        "imported": imported,
        "edited_outbox": edited_outbox,
        "imported_outbox": outbox_of(imported),
        "basis": basis,
        "lists": (index_page, second_list),
    }


def outbox_of(page):
    """The queued updates, with the page's own key written as "self"."""
    key = f"legal:{page.pk}"
    return {
        (row.backend, row.action, "self" if row.key == key else row.key, row.model)
        for row in OutboxEntry.objects.all()
    }


def without_block_keys(value):
    """The admin's rich text editor keys each block (data-block-key="n5v0k"), an
    import's HTML has no keys; both render the same."""
    if isinstance(value, str):
        return re.sub(r' data-block-key="[^"]*"', "", value)
    return value


def field_values(page, model, skip=()):
    return {
        field.attname: without_block_keys(getattr(page, field.attname))
        for field in model._meta.local_concrete_fields
        if field.attname not in skip
    }


PAGE_OWN = {
    "id",
    "path",
    "url_path",
    "translation_key",
    "latest_revision_id",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}


def test_page_fields_are_the_admins(both):
    edited, imported = both["edited"], both["imported"]
    assert field_values(imported, Page, PAGE_OWN) == field_values(
        edited, Page, PAGE_OWN
    )
    now = timezone.now()
    for name in (
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
    ):
        assert abs(getattr(imported, name) - now) < TOLERANCE, name
    assert (
        imported.translation_key and imported.translation_key != edited.translation_key
    )
    assert imported.live and not imported.has_unpublished_changes
    assert field_values(imported, LegalDocumentPage, {"page_ptr_id"}) == field_values(
        edited, LegalDocumentPage, {"page_ptr_id"}
    )
    assert imported.number_key == "300-kh-ubnd" and imported.title_folded


def test_tree_and_address_are_the_admins(both):
    edited, imported = both["edited"], both["imported"]
    first, second = both["lists"]
    assert imported.depth == edited.depth == first.depth + 1
    assert imported.path[: -Page.steplen] == second.path
    assert len(imported.path) == len(edited.path)
    assert imported.url_path.removeprefix(second.url_path) == (
        edited.url_path.removeprefix(first.url_path)
    )
    assert imported.get_parent().pk == second.pk
    assert Page.objects.get(pk=second.pk).numchild == 1
    assert all(not problems for problems in Page.find_problems())
    assert imported.url.endswith("/van-ban-nhap/300-kh-ubnd/")


def test_children_and_links_are_the_admins(both):
    edited, imported = both["edited"], both["imported"]

    def relations(page):
        return [
            field_values(relation, DocumentRelation, {"id", "source_id"})
            for relation in page.relations.order_by("sort_order")
        ]

    assert relations(imported) == relations(edited)
    assert imported.relations.get().target == both["basis"]
    assert set(imported.fields.all()) == set(edited.fields.all())
    assert len(imported.fields.all()) == 2


def test_revision_is_the_admins(both):
    edited, imported = both["edited"], both["imported"]
    assert imported.revisions.count() == edited.revisions.count() == 1
    revision = imported.revisions.get()
    assert imported.latest_revision == imported.live_revision == revision
    assert revision.user == edited.latest_revision.user
    assert revision.object_str == edited.latest_revision.object_str
    assert revision.content_type_id == edited.latest_revision.content_type_id
    assert revision.base_content_type_id == edited.latest_revision.base_content_type_id

    own = {"pk", "path", "url_path", "translation_key", "page_ptr"}

    def content(page):
        data = dict(page.latest_revision.content)
        for relation in data.pop("relations"):
            relation.pop("pk"), relation.pop("source")
            data.setdefault("relations_", []).append(relation)
        return {
            key: without_block_keys(value)
            for key, value in data.items()
            if key not in own
        }

    assert content(imported) == content(edited)
    as_object = revision.as_object()
    assert as_object.title == TITLE and list(as_object.relations.all())


def test_audit_log_is_the_admins(both):
    edited, imported = both["edited"], both["imported"]

    def log(page):
        entries = PageLogEntry.objects.filter(page=page).order_by("pk")
        return (
            [
                (e.action, e.label, e.user_id, e.content_type_id, e.content_changed)
                for e in entries
            ],
            {(e.revision_id == page.latest_revision_id) for e in entries},
            {e.uuid for e in entries},
        )

    edited_log, edited_revisions, edited_uuids = log(edited)
    imported_log, imported_revisions, imported_uuids = log(imported)
    assert imported_log == edited_log
    assert [entry[0] for entry in imported_log] == [
        "wagtail.create",
        "wagtail.edit",
        "wagtail.publish",
    ]
    assert imported_revisions == edited_revisions == {False, True}
    assert len(imported_uuids) == len(edited_uuids) == 1


def test_reference_index_is_the_admins(both):
    def references(page):
        # A child's content path holds its id ("relations.35.target").
        child_ids = {str(pk) for pk in page.relations.values_list("pk", flat=True)}
        return sorted(
            (
                r.content_type_id,
                r.base_content_type_id,
                r.to_content_type_id,
                r.to_object_id,
                r.model_path,
                ".".join(
                    "<child>" if part in child_ids else part
                    for part in r.content_path.split(".")
                ),
            )
            for r in ReferenceIndex.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(page.pk),
            )
        )

    edited = references(both["edited"])
    assert edited, "the admin indexes the document's references"
    assert references(both["imported"]) == edited


def test_wagtail_search_entry_is_the_admins(both):
    def entry(page):
        row = WagtailIndexEntry.objects.get(
            content_type=ContentType.objects.get_for_model(LegalDocumentPage),
            object_id=str(page.pk),
        )
        # PostgreSQL's entries also keep the plain texts, for fuzzy matching.
        texts = [getattr(row, name, None) for name in ("title_text", "body_text")]
        return row.title, row.autocomplete, row.body, *texts

    assert entry(both["imported"]) == entry(both["edited"])
    results = LegalDocumentPage.objects.search("chuyển đổi số")
    assert {page.pk for page in results} >= {both["edited"].pk, both["imported"].pk}


def test_portal_search_outbox_and_entry_are_the_admins(both):
    edited, imported = both["edited"], both["imported"]
    assert both["imported_outbox"] == both["edited_outbox"]
    assert (
        "default",
        "index",
        f"legal:{both['basis'].pk}",
        "legal.legaldocumentpage",
    ) in (both["imported_outbox"]), (
        "the related document shows the new one: indexed again"
    )
    OutboxEntry.objects.all().delete()
    indexing.enqueue(edited)
    indexing.enqueue(imported)
    indexing.drain(retries=0)

    def entry(page):
        row = IndexEntry.objects.get(key=f"legal:{page.pk}")
        return {
            name: getattr(row, name)
            for name in ("kind", "title", "number", "number_norm", "summary", "body")
        } | {"facets": row.facets, "extra": row.extra, "date": row.date}

    assert entry(imported) == entry(edited)
    assert IndexEntry.objects.get(key=f"legal:{imported.pk}").url.endswith(
        "/van-ban-nhap/300-kh-ubnd/"
    )


def test_imported_document_is_editable_and_publishable(both, admin_client, vocabulary):
    imported = both["imported"]
    response = admin_client.get(f"/admin/pages/{imported.pk}/edit/")
    assert response.status_code == 200
    relation = imported.relations.get()
    data = admin_form(
        vocabulary,
        title="Kế hoạch đã sửa sau khi nhập",
        **{
            "relations-INITIAL_FORMS": "1",
            "relations-0-id": str(relation.pk),
            "relations-0-target": str(relation.target_id),
        },
    )
    response = admin_client.post(f"/admin/pages/{imported.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    imported.refresh_from_db()
    assert imported.title == "Kế hoạch đã sửa sau khi nhập"
    assert imported.live and not imported.has_unpublished_changes
    assert Revision.page_revisions.filter(object_id=str(imported.pk)).count() == 2
    assert imported.live_revision == imported.latest_revision
    actions = list(
        PageLogEntry.objects.filter(page=imported)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[:3] == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    assert "wagtail.edit" in actions[3:] and actions[-1] == "wagtail.publish"
    assert imported.relations.get().pk == relation.pk


def test_batches_place_pages_one_after_another(admin_user, second_list, vocabulary):
    """Several batches under one parent: consecutive paths, numchild right, slugs
    kept unique, every page with its own revision."""
    pages = []
    for index in range(7):
        page = bulk_document(vocabulary)
        page.number = f"{index + 1}/KH-UBND"
        page.slug = "trung-nhau" if index < 3 else ""
        page.title = f"Kế hoạch số {index + 1}"
        pages.append(page)
    batches = []
    with BulkPageWriter(
        second_list, user=admin_user, batch_size=3, on_batch=batches.append
    ) as writer:
        writer.add_many(pages)
    assert [len(batch) for batch in batches] == [3, 3, 1]
    children = list(second_list.get_children().specific().order_by("path"))
    assert [child.title for child in children] == [p.title for p in pages]
    assert [child.slug for child in children[:4]] == [
        "trung-nhau",
        "trung-nhau-2",
        "trung-nhau-3",
        "ke-hoach-so-4",
    ]
    assert Page.objects.get(pk=second_list.pk).numchild == 7
    assert all(not problems for problems in Page.find_problems())
    assert (
        Revision.page_revisions.filter(
            object_id__in=[str(c.pk) for c in children]
        ).count()
        == 7
    )
    # Each later relation names an earlier document: linked both ways.
    assert all(child.relations.get().target is None for child in children)


def test_a_relation_to_a_later_document_is_linked_when_it_arrives(
    admin_user, second_list, vocabulary
):
    first = bulk_document(vocabulary)
    first.number, first.slug = "1/KH-UBND", "mot"
    first.relations = [DocumentRelation(kind="can_cu", target_number="2/KH-UBND")]
    second = bulk_document(vocabulary)
    second.number, second.slug = "2/KH-UBND", "hai"
    second.relations = []
    writer = BulkPageWriter(second_list, user=admin_user)
    writer.write_batch([first])
    writer.write_batch([second])
    assert DocumentRelation.objects.get(source=first).target_id == second.pk
    assert ("default", "index", f"legal:{first.pk}") in {
        (row.backend, row.action, row.key) for row in OutboxEntry.objects.all()
    }


def test_a_model_whose_save_computes_something_needs_the_hooks():
    class Computed(Page):
        def save(self, *args, **kwargs):
            return super().save(*args, **kwargs)

        class Meta:
            app_label = "legal"
            abstract = True

    with pytest.raises(ImproperlyConfigured):
        check_bulk_ready(Computed)
    check_bulk_ready(LegalDocumentPage)
    check_bulk_ready(DocumentRelation)
