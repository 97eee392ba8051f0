"""Issuing bodies (legal) and agencies (procedures) become one public body model
without losing a link: documents, procedures and their revisions name the same bodies,
under the same slugs, after the migrations as before."""

import datetime
import itertools

import pytest
from django.db import connection

from tests.migrating import migrate_back, migrate_forward

BEFORE = [
    ("core", "0002_use_cms_blocks"),
    ("legal", "0001_initial"),
    ("procedures", "0003_taxonomy_slug_from_core"),
]

_paths = itertools.count(1)


def links_today() -> dict:
    """Every document's issuing body and every procedure's agencies, by slug."""
    from portal.legal.models import LegalDocumentPage
    from portal.procedures.models import ProcedurePage

    procedures = ProcedurePage.objects.select_related("competent_authority")
    return {
        "documents": dict(
            LegalDocumentPage.objects.values_list("pk", "issuing_body__slug")
        ),
        "procedures": {
            page.pk: (
                sorted(body.slug for body in page.implementing_agencies.all()),
                getattr(page.competent_authority, "slug", None),
                sorted(body.slug for body in page.coordinating_agencies.all()),
            )
            for page in procedures
        },
    }


class OldState:
    """Rows written with the models as they were before the migrations."""

    def __init__(self, apps):
        self.apps = apps
        locale_model = apps.get_model("wagtailcore", "Locale")
        self.locale = locale_model.objects.get_or_create(language_code="vi")[0]

    def content_type(self, app_label: str, model: str):
        model_class = self.apps.get_model("contenttypes", "ContentType")
        return model_class.objects.get_or_create(app_label=app_label, model=model)[0]

    def page(self, label: str, **fields):
        app_label, model = label.split(".")
        number = next(_paths)
        return self.apps.get_model(label).objects.create(
            title=f"Trang di trú {number}",
            slug=f"trang-di-tru-{number}",
            path=f"ZZZZ{number:04d}",
            depth=1,
            locale=self.locale,
            content_type=self.content_type(app_label, model.lower()),
            **fields,
        )

    def revision(self, page, label: str, content: dict):
        app_label, model = label.split(".")
        return self.apps.get_model("wagtailcore", "Revision").objects.create(
            content_type=self.content_type(app_label, model.lower()),
            base_content_type=self.content_type("wagtailcore", "page"),
            object_id=str(page.pk),
            created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            content=content,
        )


@pytest.mark.django_db(transaction=True)
def test_issuers_and_agencies_merge_into_public_bodies_keeping_every_link():
    from wagtail.models import Revision

    from portal.core.models import PublicBody
    from portal.legal.models import LegalDocumentPage
    from portal.procedures.models import ProcedurePage

    existing = links_today()
    try:
        old = OldState(migrate_back(BEFORE))
        issuer = old.apps.get_model("legal", "IssuingBody").objects.create
        agency = old.apps.get_model("procedures", "Agency").objects.create
        department = issuer(pk=9001, name="Sở Di trú", slug="so-di-tru")
        district = issuer(name="Ủy ban nhân dân huyện Di Trú", slug="ubnd-huyen-di-tru")
        # The same body under another slug, another body under the same slug.
        same_name = agency(name="Sở Di trú", slug="stdt")
        same_slug = agency(name="UBND huyện Di Trú (cũ)", slug="ubnd-huyen-di-tru")
        office = agency(name="Phòng Di trú", slug="phong-di-tru")
        agency(name="Cơ quan không thủ tục", slug="co-quan-khong-thu-tuc")
        doc_type = old.apps.get_model("legal", "DocumentType").objects.create(
            name="Quyết định di trú", slug="quyet-dinh-di-tru"
        )
        document_fields = {"doc_type": doc_type, "issued_date": "2024-01-02"}
        decision = old.page(
            "legal.LegalDocumentPage",
            number="1/QĐ-DT",
            number_key="1-qd-dt",
            issuing_body=department,
            **document_fields,
        )
        plan = old.page(
            "legal.LegalDocumentPage",
            number="2/KH-DT",
            number_key="2-kh-dt",
            issuing_body=district,
            **document_fields,
        )
        field = old.apps.get_model("procedures", "ProcedureField").objects.create(
            name="Di trú", slug="di-tru"
        )
        procedure = old.page(
            "procedures.ProcedurePage",
            code="9.000001",
            field=field,
            level="huyen",
            competent_authority=same_slug,
        )
        for name, agencies in [
            ("implementing_agencies", (office, same_name)),
            ("coordinating_agencies", (same_name,)),
        ]:
            through = type(procedure)._meta.get_field(name).remote_field.through
            for linked in agencies:
                through.objects.create(procedurepage_id=procedure.pk, agency=linked)
        decision_draft = old.revision(
            decision, "legal.LegalDocumentPage", {"issuing_body": department.pk}
        )
        procedure_draft = old.revision(
            procedure,
            "procedures.ProcedurePage",
            {
                # 424242: a body deleted since.
                "implementing_agencies": [office.pk, same_name.pk, 424242],
                "competent_authority": same_slug.pk,
                "coordinating_agencies": [],
            },
        )
    finally:
        # Procedures first, the harder order: the issuers then find their agencies.
        migrate_forward(first_apps=("core", "procedures"))

    department_body = PublicBody.objects.get(slug="so-di-tru")
    district_body = PublicBody.objects.get(slug="ubnd-huyen-di-tru")
    office_body = PublicBody.objects.get(slug="phong-di-tru")
    assert department_body.name == "Sở Di trú"
    assert district_body.name == "Ủy ban nhân dân huyện Di Trú"
    assert PublicBody.objects.filter(slug="co-quan-khong-thu-tuc").exists()
    assert not PublicBody.objects.filter(slug="stdt").exists()

    assert LegalDocumentPage.objects.get(pk=decision.pk).issuing_body == department_body
    assert LegalDocumentPage.objects.get(pk=plan.pk).issuing_body == district_body
    migrated = ProcedurePage.objects.get(pk=procedure.pk)
    assert set(migrated.implementing_agencies.all()) == {office_body, department_body}
    assert migrated.competent_authority == district_body
    assert list(migrated.coordinating_agencies.all()) == [department_body]

    assert Revision.objects.get(pk=decision_draft.pk).content == {
        "issuing_body": department_body.pk
    }
    assert Revision.objects.get(pk=procedure_draft.pk).content == {
        "implementing_agencies": [office_body.pk, department_body.pk],
        "competent_authority": district_body.pk,
        "coordinating_agencies": [],
    }

    # What was there before (the demo, when loaded) went back and forth intact.
    after = links_today()
    for kind in ("documents", "procedures"):
        assert {pk: after[kind][pk] for pk in existing[kind]} == existing[kind]
    tables = set(connection.introspection.table_names())
    assert {"legal_issuingbody", "procedures_agency"}.isdisjoint(tables)
