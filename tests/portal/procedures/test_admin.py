"""Editors create, check and copy procedures in the Wagtail admin."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.procedures.models import ProcedurePage
from tests.factories import ProcedureFieldFactory, PublicBodyFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def procedure_form(field, agency, **overrides):
    data = {
        "title": "Cấp giấy phép kinh doanh karaoke",
        "slug": "cap-giay-phep-kinh-doanh-karaoke",
        "code": "1.001029",
        "intro": "",
        "field": field.pk,
        "level": "huyen",
        "implementing_agencies": [agency.pk],
        "competent_authority": "",
        "coordinating_agencies": [],
        "audiences": [],
        "online_level": "mot-phan",
        "online_url": "https://dichvucong.gov.vn/",
        "steps": inline_formset(
            [
                {"title": "Nộp hồ sơ", "description": ""},
                {"title": "Thẩm định", "description": "Kiểm tra thực tế"},
            ]
        ),
        "dossier_items": inline_formset(
            [
                {
                    "name": "Đơn đề nghị",
                    "originals": 1,
                    "copies": 0,
                    "form": "",
                    "note": "",
                }
            ]
        ),
        "dossier_count": "01 bộ",
        "requirements": "",
        "result": "Giấy phép",
        "body": nested_form_data({"count": 0}),
        "channels": inline_formset(
            [
                {
                    "channel": "truc-tiep",
                    "time_limit": "05 ngày làm việc",
                    "fee": "Phí thẩm định 2.000.000 đồng",
                    "description": "",
                }
            ]
        ),
        "legal_bases": inline_formset(
            [{"number": "54/2019/NĐ-CP", "title": "Nghị định về karaoke"}]
        ),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_a_procedure(admin_client, procedure_index):
    field = ProcedureFieldFactory(name="Hộ tịch")
    agency = PublicBodyFactory(name="Ủy ban nhân dân cấp xã")
    response = admin_client.post(
        f"/admin/pages/add/procedures/procedurepage/{procedure_index.pk}/",
        procedure_form(field, agency),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProcedurePage.objects.get(code="1.001029")
    assert page.live
    assert page.search_text.startswith("cap giay phep kinh doanh karaoke")
    assert [s.title for s in page.steps.all()] == ["Nộp hồ sơ", "Thẩm định"]
    basis = page.legal_bases.get()
    assert basis.number_key == "54-2019-nd-cp"


def test_a_code_cannot_be_used_twice(admin_client, procedure_index, birth):
    response = admin_client.post(
        f"/admin/pages/add/procedures/procedurepage/{procedure_index.pk}/",
        procedure_form(
            birth.field,
            birth.implementing_agencies.first(),
            code=birth.code,
            slug="trung-ma",
        ),
    )
    assert response.status_code == 200
    assert "Đã có thủ tục khác dùng mã này" in response.content.decode()
    assert ProcedurePage.objects.filter(code=birth.code).count() == 1


def test_a_copy_must_get_its_own_code(admin_client, procedure_index, birth):
    original = birth
    response = admin_client.post(
        f"/admin/pages/{original.pk}/copy/",
        {
            "new_title": "Đăng ký khai sinh (bản sao)",
            "new_slug": "dang-ky-khai-sinh-ban-sao",
            "new_parent_page": procedure_index.pk,
            "copy_subpages": False,
            "publish_copies": False,
            "alias": False,
        },
    )
    assert response.status_code == 302
    copy = ProcedurePage.objects.get(slug="dang-ky-khai-sinh-ban-sao")
    assert copy.import_fingerprint == ""
    assert copy.steps.count() == original.steps.count()
    # Saving the copy with the original's code is refused…
    edit = f"/admin/pages/{copy.pk}/edit/"
    response = admin_client.get(edit)
    assert response.status_code == 200
    form = procedure_form(
        original.field,
        original.implementing_agencies.first(),
        code=original.code,
        slug="dang-ky-khai-sinh-ban-sao",
        title="Đăng ký khai sinh (bản sao)",
    )
    response = admin_client.post(edit, form)
    assert "Đã có thủ tục khác dùng mã này" in response.content.decode()
    # …and a re-import still updates the original.
    from portal.procedures.importer import ProcedureImporter

    assert (
        ProcedureImporter(procedure_index, base_dir=None).existing(original.code)
        == original
    )
