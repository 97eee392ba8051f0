import pytest
from django.templatetags.static import static

from portal.core.models import HomePage, NavigationSettings, PortalSettings, SectionPage
from tests.factories import ContactPageFactory, page_link

pytestmark = pytest.mark.usefixtures("shared_portal", "shared_core_pages")


def test_home_page_renders_in_vietnamese(client, portal):
    settings = PortalSettings.for_site(portal.site)
    settings.portal_name = "Cổng thông tin điện tử tỉnh Hưng Yên"
    settings.save()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Chuyển đến nội dung chính" in html
    assert "Cổng thông tin điện tử tỉnh Hưng Yên" in html


def page_named(name, portal, intro):
    """One page of each kind the portal serves, built on the `portal` fixture."""
    if name == "contact":
        return ContactPageFactory(parent=portal.home, title="Liên hệ", slug="lien-he")
    return {
        "home": portal.home,
        "section": intro.section,
        "overview": intro.overview,
        "news": portal.news,
        "legal": portal.legal,
    }[name]


@pytest.mark.parametrize(
    ("name", "model"), [("home", HomePage), ("section", SectionPage)]
)
def test_every_page_type_renders(client, portal, intro, name, model):
    page = page_named(name, portal, intro)
    assert type(page) is model
    response = client.get(page.url)
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.parametrize("name", ["home", "overview", "news", "contact", "legal"])
def test_every_page_loads_the_blocks_stylesheet_once(client, portal, intro, name):
    """Any page may hold content blocks: their stylesheet comes with the layout,
    not with one content app."""
    html = client.get(page_named(name, portal, intro).url).content.decode()
    assert html.count(static("cms_blocks/css/blocks.css")) == 1


def test_section_page_lists_its_children(client, intro):
    response = client.get("/gioi-thieu/")
    html = response.content.decode()
    assert "Tổng quan về tỉnh" in html
    assert "Cơ cấu tổ chức" in html
    # The breadcrumb of a child page leads back through its section.
    child = client.get("/gioi-thieu/tong-quan/").content.decode()
    assert 'aria-label="Đường dẫn"' in child
    assert 'href="/gioi-thieu/"' in child


def test_menus_show_what_the_admin_set(client, portal, intro):
    contact = page_named("contact", portal, intro)
    navigation = NavigationSettings.for_site(portal.site)
    navigation.main_menu = [("item", {**page_link(contact), "children": []})]
    navigation.save()
    assert '<a href="/lien-he/">Liên hệ</a>' in client.get("/").content.decode()
    target = intro.overview
    navigation.main_menu = [
        (
            "item",
            {
                "title": "Mục thử nghiệm",
                "page": None,
                "url": "/thu-nghiem/",
                "children": [{"title": "", "page": target, "url": ""}],
            },
        ),
    ]
    navigation.footer_menu = [
        ("link", {"title": "Điều khoản sử dụng", "page": None, "url": "/dieu-khoan/"})
    ]
    navigation.save()

    html = client.get("/").content.decode()
    assert '<a href="/thu-nghiem/">Mục thử nghiệm</a>' in html
    assert '<a href="/gioi-thieu/tong-quan/">Tổng quan về tỉnh</a>' in html
    assert '<a href="/dieu-khoan/">Điều khoản sử dụng</a>' in html
    # The old menu is gone.
    assert '<a href="/lien-he/">Liên hệ</a>' not in html.split("site-footer")[0]


def test_footer_shows_site_settings(client, portal):
    settings = PortalSettings.for_site(portal.site)
    settings.hotline = "1900 1234"
    settings.email = "hotro@example.gov.vn"
    settings.save()
    html = client.get("/").content.decode()
    assert "1900 1234" in html
    assert "mailto:hotro@example.gov.vn" in html
    assert "Đường dây nóng" in html


def test_missing_page_is_a_vietnamese_404(client, portal):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_robots_sitemap_health_and_api(client, intro):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()

    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/gioi-thieu/tong-quan/" in sitemap.content.decode()

    assert client.get("/healthz/").json() == {"status": "ok", "database": "ok"}

    api = client.get("/api/v2/pages/?type=core.SectionPage&fields=title")
    assert api.status_code == 200
    titles = {item["title"] for item in api.json()["items"]}
    assert "Tổng quan về tỉnh" in titles
    for endpoint in ("/api/v2/images/", "/api/v2/documents/"):
        assert client.get(endpoint).status_code == 200


def test_dates_are_shown_day_first():
    import datetime

    from django.template import Context, Template

    rendered = Template("{{ day|date }}").render(
        Context({"day": datetime.date(2019, 12, 24)})
    )
    assert rendered == "24/12/2019"


# Its subject is the demo: the site load_demo sets up answers at the public address.
def test_demo_site_answers_at_the_public_address(demo, client):
    # WAGTAILADMIN_BASE_URL is http://testserver in the tests: canonical links,
    # feeds and the sitemap use it, not Wagtail's placeholder localhost:80.
    assert (demo.site.hostname, demo.site.port) == ("testserver", 80)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/" in sitemap
    assert "localhost" not in sitemap
