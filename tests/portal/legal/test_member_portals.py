"""Documents live once with member portals: each on its issuing body's portal (the
province's when the body runs none), listed by the others, found by its permanent
addresses on every site."""

import copy

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from portal.core.models import PublicBody
from portal.core.sites import EDITORS_OF, MODERATORS_OF, create_member_site
from portal.legal.models import LegalDocumentPage
from tests.factories import (
    DocumentTypeFactory,
    LegalFieldFactory,
    legal_document_form,
)
from tests.portal.legal.conftest import new_document
from tests.portal.legal.test_import import HEADER

pytestmark = pytest.mark.usefixtures("shared_portal")

TIEN_LU = "Cổng thông tin điện tử huyện Tiên Lữ"
TIEN_LU_HOST = "tienlu.hungyen.gov.vn"
KIM_DONG = "Cổng thông tin điện tử huyện Kim Động"
KIM_DONG_HOST = "kimdong.hungyen.gov.vn"
SO_TAI_CHINH = "Cổng thông tin điện tử Sở Tài chính"
SO_TAI_CHINH_HOST = "stc.hungyen.gov.vn"


def body(name, kind):
    """The body of that name (the demo has some), of that kind, with the slug the
    importer looks it up by."""
    found, _created = PublicBody.objects.get_or_create(
        name=name, defaults={"slug": PublicBody.slug_for(name)}
    )
    found.kind = kind
    found.save()
    return found


def build_bodies() -> dict[str, PublicBody]:
    return {
        "tien-lu": body("Ủy ban nhân dân huyện Tiên Lữ", "cap-huyen"),
        "kim-dong": body("Ủy ban nhân dân huyện Kim Động", "cap-huyen"),
        "tai-chinh": body("Sở Tài chính", "so-ban-nganh"),
        "tinh": body("Ủy ban nhân dân tỉnh Hưng Yên", "cap-tinh"),
        "chinh-phu": body("Chính phủ", "trung-uong"),
        "xa": body("Ủy ban nhân dân xã Thử", "cap-xa"),
    }


def build_members(bodies) -> dict:
    """Three member portals beside the province's (the test's `portal`)."""
    made = {
        "tien-lu": create_member_site(TIEN_LU, TIEN_LU_HOST, body=bodies["tien-lu"]),
        "kim-dong": create_member_site(
            KIM_DONG, KIM_DONG_HOST, body=bodies["kim-dong"]
        ),
        "tai-chinh": create_member_site(
            SO_TAI_CHINH, SO_TAI_CHINH_HOST, body=bodies["tai-chinh"]
        ),
    }
    for member in made.values():
        member.documents = member.home.get_children().get(slug="van-ban").specific
    return made


@pytest.fixture(scope="module")
def shared_members(shared_portal, shared_db):
    """The bodies and the three member portals, made once for the module (a
    member portal is a dozen published pages, groups and settings: about 1.5 s)."""
    with shared_db.unblock():
        bodies = build_bodies()
        return bodies, build_members(bodies)


@pytest.fixture
def bodies(shared_members):
    return copy.deepcopy(shared_members[0])


@pytest.fixture
def members(portal, shared_members):
    return copy.deepcopy(shared_members[1])


def listed(client, index, host="testserver", query=""):
    response = client.get(index.get_url() + query, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


# Where a document lives ---------------------------------------------------------


def test_the_importer_puts_a_document_on_its_issuing_bodys_portal(
    portal, members, bodies, tmp_path
):
    from portal.legal.importing import LegalImporter

    rows = [
        "01/2024/QĐ-UBND,Quyết định của huyện Tiên Lữ,Quyết định,"
        "Ủy ban nhân dân huyện Tiên Lữ,,,,05/01/2024,,,,,,,\n",
        "02/2024/QĐ-UBND,Quyết định của tỉnh,Quyết định,"
        "Ủy ban nhân dân tỉnh Hưng Yên,,,,06/01/2024,,,,,,,\n",
        "03/KH-STC,Kế hoạch của Sở Tài chính,Kế hoạch,Sở Tài chính,,,,"
        "07/01/2024,,,,,,,\n",
        "04/KH-UBND,Kế hoạch của huyện Tiên Lữ,Kế hoạch,"
        "Ủy ban nhân dân huyện Tiên Lữ,,,,08/01/2024,,,,,,,\n",
    ]
    path = tmp_path / "van_ban.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    for bulk in (True, False):
        LegalDocumentPage.objects.filter(number__endswith="2024/QĐ-UBND").delete()
        LegalDocumentPage.objects.filter(
            number__in=["03/KH-STC", "04/KH-UBND"]
        ).delete()
        report = LegalImporter(portal.legal, bulk=bulk).import_file(path)
        assert (report.created, report.failed_rows) == (4, 0), report.errors

        def parent(number):
            page = LegalDocumentPage.objects.get(number=number)
            return Page.objects.get(pk=page.pk).get_parent().pk

        tien_lu = members["tien-lu"].documents.pk
        assert parent("01/2024/QĐ-UBND") == tien_lu
        assert parent("04/KH-UBND") == tien_lu
        assert parent("03/KH-STC") == members["tai-chinh"].documents.pk
        # A body without a portal of its own: the list the command was given.
        assert parent("02/2024/QĐ-UBND") == portal.legal.pk
        assert all(
            d.live for d in LegalDocumentPage.objects.filter(title__contains="của")
        )


def test_the_importer_finds_a_rows_list_without_a_query(
    portal, members, bodies, django_assert_num_queries
):
    """The importer reads the member portals' lists once, not once per row."""
    from portal.legal.importing import LegalImporter

    importer = LegalImporter(portal.legal)
    with django_assert_num_queries(0):
        tien_lu = importer.parent_for(bodies["tien-lu"])
        commune = importer.parent_for(bodies["xa"])
    assert tien_lu.pk == members["tien-lu"].documents.pk
    assert commune == portal.legal


# Lists -------------------------------------------------------------------------------


@pytest.fixture
def documents(portal, members, bodies):
    land = LegalFieldFactory(name="Đất đai thử", slug="dat-dai-thu")
    return {
        "tien-lu": new_document(
            members["tien-lu"].documents,
            number="11/QĐ-UBND-TL",
            title="Quyết định riêng của Tiên Lữ",
            issuing_body=bodies["tien-lu"],
        ),
        "kim-dong": new_document(
            members["kim-dong"].documents,
            number="12/QĐ-UBND-KĐ",
            title="Quyết định riêng của Kim Động",
            issuing_body=bodies["kim-dong"],
        ),
        "tinh": new_document(
            portal.legal,
            number="13/QĐ-UBND",
            title="Quyết định chung của tỉnh",
            issuing_body=bodies["tinh"],
        ),
        "chinh-phu": new_document(
            portal.legal,
            number="14/NĐ-CP",
            title="Nghị định của Chính phủ",
            issuing_body=bodies["chinh-phu"],
        ),
        "dat-dai": new_document(
            portal.legal,
            number="15/QĐ-UBND-XA",
            title="Quyết định đất đai của xã",
            issuing_body=bodies["xa"],
            fields=[land],
        ),
        "field": land,
    }


def test_a_member_list_shows_its_own_documents_only_by_default(
    client, members, documents
):
    html = listed(client, members["tien-lu"].documents, TIEN_LU_HOST)
    assert "Quyết định riêng của Tiên Lữ" in html
    for other in ("Kim Động", "chung của tỉnh", "Chính phủ", "đất đai của xã"):
        assert other not in html
    assert "Văn bản toàn tỉnh" not in html


def test_a_member_list_shows_the_province_wide_documents_it_chose(
    client, members, documents, bodies
):
    index = members["tien-lu"].documents
    index.show_bodies = [bodies["tinh"]]
    index.show_kinds = ["trung-uong"]
    index.show_fields = [documents["field"]]
    index.save_revision().publish()
    html = listed(client, index, TIEN_LU_HOST)
    for title in (
        "Quyết định riêng của Tiên Lữ",
        "Quyết định chung của tỉnh",
        "Nghị định của Chính phủ",
        "Quyết định đất đai của xã",
    ):
        assert title in html, title
    assert "Quyết định riêng của Kim Động" not in html
    assert html.count("Văn bản toàn tỉnh") == 3
    # Links to documents of another portal are absolute; its own are paths.
    assert f'href="{documents["tinh"].get_url()}"' in html
    assert documents["tinh"].get_url().startswith("http://testserver/")
    assert f'href="/van-ban/{documents["tien-lu"].slug}/"' in html
    # The filters count what the list shows.
    html = listed(client, index, TIEN_LU_HOST, f"?co-quan={bodies['chinh-phu'].slug}")
    assert "Nghị định của Chính phủ" in html
    assert "Quyết định riêng của Tiên Lữ" not in html


def test_the_provinces_list_shows_every_portals_documents_with_a_body_filter(
    client, portal, documents, bodies
):
    html = listed(client, portal.legal)
    for title in (
        "Quyết định riêng của Tiên Lữ",
        "Quyết định riêng của Kim Động",
        "Quyết định chung của tỉnh",
        "Nghị định của Chính phủ",
    ):
        assert title in html, title
    assert "Văn bản toàn tỉnh" not in html
    tien_lu = bodies["tien-lu"].slug
    assert f'value="{tien_lu}"' in html
    html = listed(client, portal.legal, query=f"?co-quan={tien_lu}")
    assert "Quyết định riêng của Tiên Lữ" in html
    assert "Quyết định riêng của Kim Động" not in html
    assert "Quyết định chung của tỉnh" not in html


def test_the_provinces_list_reads_every_member_portal_in_one_condition(
    client, portal, documents
):
    """Hundreds of member portals: the province's list finds their documents
    with the same SQL as with three (no condition per portal)."""
    from portal.legal.listing import DocumentListing

    def where() -> str:
        shown = DocumentListing(portal.legal, {}).shown_from_elsewhere()
        return str(LegalDocumentPage.objects.filter(shown).query)

    before = where()
    root = Page.get_first_root_node()
    for n in range(30):
        home = root.add_child(instance=Page(title=f"Cổng {n}", slug=f"cong-thu-{n}"))
        Site.objects.create(hostname=f"cong{n}.localhost", root_page=home)
    assert where() == before
    assert "LIKE" not in before.upper().split("WHERE", 1)[1]
    html = listed(client, portal.legal)
    assert "Quyết định riêng của Tiên Lữ" in html
    assert "Quyết định riêng của Kim Động" in html


def test_the_demo_portals_pages_outside_every_site_stay_out_of_the_list(
    client, portal, documents
):
    """The test database keeps the demo's documents out of every site: the
    province's list adds member portals' documents, not every document."""
    assert LegalDocumentPage.objects.live().count() > 5
    html = listed(client, portal.legal)
    assert "5 văn bản" in html


# Permanent addresses ----------------------------------------------------------------


def test_a_permanent_address_redirects_to_the_document_from_every_site(
    client, members, documents
):
    document = documents["tien-lu"]
    canonical = document.get_url()
    path = f"/van-ban/{document.slug}/"
    assert canonical == f"http://{TIEN_LU_HOST}{path}"
    for address in (document.short_url, document.eli_url):
        for host in (KIM_DONG_HOST, SO_TAI_CHINH_HOST, "testserver"):
            response = client.get(address, HTTP_HOST=host)
            assert response.status_code == 302, (address, host)
            assert response["Location"] == canonical
        own = client.get(address, HTTP_HOST=TIEN_LU_HOST)
        assert own["Location"] == path
    assert client.get(canonical, HTTP_HOST=TIEN_LU_HOST).status_code == 200
    # It is not copied to the site the address was asked on.
    assert LegalDocumentPage.objects.filter(number=document.number).count() == 1


# The admin -----------------------------------------------------------------------------


@pytest.fixture
def member_users(django_user_model, members):
    def make(name: str, role: str):
        user = django_user_model.objects.create_user(
            username=f"u{abs(hash((name, role)))}", password="x-123456789"
        )
        user.groups.add(Group.objects.get(name=name + role))
        return user

    return make


def test_a_member_editor_publishes_a_document_seen_on_every_portal(
    client, portal, members, bodies, member_users
):
    index = members["tien-lu"].documents
    doc_type = DocumentTypeFactory(name="Kế hoạch")
    client.force_login(member_users(TIEN_LU, EDITORS_OF))
    response = client.post(
        f"/admin/pages/add/legal/legaldocumentpage/{index.pk}/",
        legal_document_form(doc_type, bodies["tien-lu"], **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = LegalDocumentPage.objects.get(number="300/KH-UBND")
    assert not page.live  # the editor submits, the portal's moderator approves
    client.force_login(member_users(TIEN_LU, MODERATORS_OF))
    task_state = page.current_workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert "Kế hoạch tạo trong trang quản trị" in listed(client, index, TIEN_LU_HOST)
    assert "Kế hoạch tạo trong trang quản trị" in listed(client, portal.legal)
    assert "Kế hoạch tạo trong trang quản trị" not in listed(
        client, members["kim-dong"].documents, KIM_DONG_HOST
    )
    response = client.get(page.short_url, HTTP_HOST=KIM_DONG_HOST)
    assert response["Location"] == f"http://{TIEN_LU_HOST}/van-ban/300-kh-ubnd/"

    # Another member portal's editor can neither edit it nor add one to Tiên Lữ.
    client.force_login(member_users(KIM_DONG, EDITORS_OF))
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        legal_document_form(
            doc_type, bodies["tien-lu"], title="Sửa trái phép", **{"action-submit": "1"}
        ),
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "Kế hoạch tạo trong trang quản trị"
    assert not page.has_unpublished_changes


def test_the_admin_refuses_a_copy_on_another_portal(
    admin_client, portal, members, bodies
):
    """A document of Tiên Lữ added to Kim Động's or the province's list is refused,
    with where it belongs; on Tiên Lữ's it is accepted."""
    doc_type = DocumentTypeFactory(name="Kế hoạch")
    for index in (members["kim-dong"].documents, portal.legal):
        response = admin_client.post(
            f"/admin/pages/add/legal/legaldocumentpage/{index.pk}/",
            legal_document_form(doc_type, bodies["tien-lu"]),
        )
        assert response.status_code == 200
        assert TIEN_LU in response.content.decode()
        assert not LegalDocumentPage.objects.filter(number="300/KH-UBND").exists()
    # A body without a portal: the province's list, not a member's.
    response = admin_client.post(
        f"/admin/pages/add/legal/legaldocumentpage/{members['kim-dong'].documents.pk}/",
        legal_document_form(doc_type, bodies["xa"]),
    )
    assert response.status_code == 200
    response = admin_client.post(
        f"/admin/pages/add/legal/legaldocumentpage/{members['tien-lu'].documents.pk}/",
        legal_document_form(doc_type, bodies["tien-lu"]),
    )
    assert response.status_code == 302
    assert LegalDocumentPage.objects.get(number="300/KH-UBND").live


def test_a_member_list_page_has_its_choices_in_vietnamese(admin_client, members):
    index = members["tien-lu"].documents
    html = admin_client.get(f"/admin/pages/{index.pk}/edit/").content.decode()
    for label in (
        "Văn bản của các cơ quan này",
        "Cơ quan cấp tỉnh",
        "Cơ quan Trung ương",
        "Văn bản toàn tỉnh hiển thị trên cổng thành phần",
    ):
        assert label in html, label


# Home pages -------------------------------------------------------------------------


def home_documents(client, host) -> str:
    html = client.get("/", HTTP_HOST=host).content.decode()
    if 'class="box legal-latest"' not in html:
        return ""
    return html.split('class="box legal-latest"')[1].split("</section>")[0]


def test_a_member_home_shows_what_its_document_list_shows(
    client, members, documents, bodies
):
    index = members["tien-lu"].documents
    index.show_bodies = [bodies["tinh"]]
    index.save_revision().publish()
    box = home_documents(client, TIEN_LU_HOST)
    assert "Quyết định riêng của Tiên Lữ" in box
    assert "Quyết định chung của tỉnh" in box
    assert box.count("Văn bản toàn tỉnh") == 1
    for other in ("Kim Động", "Chính phủ", "đất đai của xã"):
        assert other not in box
    assert 'href="/van-ban/"' in box  # its own list, on its own host
    # Another member that chose nothing: its own documents, nothing marked.
    box = home_documents(client, KIM_DONG_HOST)
    assert "Quyết định riêng của Kim Động" in box
    assert "Tiên Lữ" not in box and "Văn bản toàn tỉnh" not in box
    # A member without documents of its own or chosen: no box.
    assert home_documents(client, SO_TAI_CHINH_HOST) == ""
