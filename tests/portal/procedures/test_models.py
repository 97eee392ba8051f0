from portal.core.models import PublicBody
from portal.procedures.models import (
    ProcedureField,
    ProcedureIndexPage,
    ProcedurePage,
)
from tests.factories import AudienceFactory, ProcedureFieldFactory


def demo_procedure_index(demo):
    return demo.home.get_children().type(ProcedureIndexPage).get().specific


def test_demo_has_procedures_at_every_level(demo):
    # The demo is the subject: it shows procedures of every level and field.
    procedures = ProcedurePage.objects.child_of(demo_procedure_index(demo)).live()
    assert 15 <= procedures.count() <= 25
    assert set(procedures.values_list("level", flat=True)) == {"tinh", "huyen", "xa"}
    assert {"toan-trinh", "mot-phan"} <= set(
        procedures.values_list("online_level", flat=True)
    )
    fields = set(procedures.values_list("field__name", flat=True))
    assert {"Hộ tịch", "Xây dựng", "Đất đai", "Chứng thực", "Lý lịch tư pháp"} <= fields


def test_index_page_lives_at_its_standard_slug(demo):
    # The demo is the subject: load_demo puts its one procedure list at the address
    # the national portals link to.
    procedure_index = demo_procedure_index(demo)
    assert procedure_index.url == "/thu-tuc-hanh-chinh/"
    assert ProcedureIndexPage.objects.count() == 1


def test_taxonomy_slugs_are_folded_ascii(db):
    assert ProcedureField.objects.create(name="Đường bộ").slug == "duong-bo"
    assert ProcedureField.objects.create(name="Hộ tịch thử").slug == "ho-tich-thu"
    # A second name folding to the same slug gets a suffix instead of a clash.
    first = PublicBody.objects.create(name="Sở Y tế")
    second = PublicBody.objects.create(name="Sở Ý Tế")
    assert (first.slug, second.slug) == ("so-y-te", "so-y-te-2")


def test_search_text_is_folded_and_kept_current(make_procedure):
    page = make_procedure("Cấp Giấy phép Xây dựng nhà ở", code="1.234567")
    assert page.search_text.startswith("cap giay phep xay dung nha o 1.234567")
    page.title = "Đăng ký đất đai"
    page.save()
    page.refresh_from_db()
    assert page.search_text.startswith("dang ky dat dai")


def test_legal_basis_number_is_normalised(make_procedure):
    page = make_procedure(bases=[("123/2015/NĐ-CP", ""), ("146/KH-UBND", "Kế hoạch")])
    assert list(page.legal_bases.values_list("number_key", flat=True)) == [
        "123-2015-nd-cp",
        "146-kh-ubnd",
    ]


def test_admin_can_edit_a_procedure(admin_client, make_procedure):
    page = make_procedure()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trình tự và hồ sơ" in html
    assert "Căn cứ pháp lý" in html


def test_admin_lists_procedure_taxonomies(admin_client):
    ProcedureFieldFactory(name="Hộ tịch")
    AudienceFactory(name="Công dân Việt Nam")
    for model in ("procedurefield", "audience"):
        response = admin_client.get(f"/admin/snippets/procedures/{model}/")
        assert response.status_code == 200
        assert response.status_code == 200
    response = admin_client.get("/admin/snippets/procedures/procedurefield/")
    assert "Hộ tịch" in response.content.decode()
    response = admin_client.get("/admin/snippets/procedures/audience/")
    assert "Công dân Việt Nam" in response.content.decode()


def test_home_page_offers_a_procedure_finder(client, portal, make_procedure):
    make_procedure(level="xa")
    make_procedure(level="xa")
    make_procedure(level="huyen")
    html = client.get(portal.home.url).content.decode()
    finder = html.split('class="box procedure-finder"')[1].split("</section>")[0]
    index_url = portal.procedures.url
    assert f'action="{index_url}"' in finder
    assert f'href="{index_url}?cap=xa">Cấp xã: 2 thủ tục</a>' in finder
    assert f'href="{index_url}?cap=huyen">Cấp huyện: 1 thủ tục</a>' in finder
    assert "procedures/css/procedures.css" in html.split("</head>")[0]


def test_a_member_home_finds_its_own_procedures_else_the_provinces(
    client, portal, make_procedure
):
    from portal.core.sites import create_member_site
    from portal.procedures.blocks import finder_index
    from portal.procedures.models import ProcedureIndexPage
    from tests.portal.procedures.conftest import new_procedure

    make_procedure(level="xa")
    district = create_member_site("Cổng huyện Thử", "huyenthu.localhost")
    department = create_member_site("Cổng sở Thử", "sothu.localhost")

    def finder(host):
        html = client.get("/", HTTP_HOST=host).content.decode()
        return html.split('class="box procedure-finder"')[1].split("</section>")[0]

    # No list of its own: the province's list, not another member's.
    district_list = ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc")
    district.home.add_child(instance=district_list)
    district_list.save_revision().publish()
    assert finder_index(department.site).pk == portal.procedures.pk
    assert f'action="{portal.procedures.get_url()}"' in finder("sothu.localhost")
    # An empty list of its own: still the province's.
    assert finder_index(district.site).pk == portal.procedures.pk
    # With procedures of its own: its list.
    new_procedure(district_list, level="huyen")
    assert finder_index(district.site).pk == district_list.pk
    box = finder("huyenthu.localhost")
    assert 'href="/thu-tuc/?cap=huyen">Cấp huyện: 1 thủ tục</a>' in box
    assert finder_index(portal.site).pk == portal.procedures.pk
