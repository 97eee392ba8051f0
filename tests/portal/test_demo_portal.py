"""The demo portal that `load_demo` builds (`make run` serves it): these tests have
the demo itself as their subject. Everything else builds the pages it asserts on,
and most modules share one small portal (`shared_portal`) that replaces the demo as
the default site's root for their duration, so these live apart."""

import io

from django.core.management import call_command
from wagtail.models import Page, Site, Workflow

from portal.core.models import HomePage, PortalSettings
from portal.legal.importing import LegalImporter
from portal.legal.models import LegalDocumentIndexPage, LegalDocumentPage
from portal.news.demo import REVIEWERS_GROUP, WORKFLOW_NAME
from portal.news.models import NewsSyndication


def test_load_demo_is_idempotent(demo):
    pages_before = Page.objects.count()
    call_command("load_demo", "--no-member-sites", stdout=io.StringIO())
    assert Page.objects.count() == pages_before
    # The province's home page and its English translation.
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == [
        "en",
        "vi",
    ]


def test_the_demo_serves_the_province_and_its_member_portals(demo, client):
    """`make run`'s demo: the province and, on ``*.localhost``, two districts and a
    department, each with its own home page; a second run changes nothing."""
    call_command("load_demo", stdout=io.StringIO())
    counts = (Page.objects.count(), Site.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Page.objects.count(), Site.objects.count()) == counts
    members = Site.objects.filter(hostname__endswith=".localhost")
    assert sorted(site.hostname for site in members) == [
        "sotuphap.localhost",
        "vangiang.localhost",
        "vanlam.localhost",
    ]
    for site in members:
        response = client.get("/", HTTP_HOST=site.hostname)
        assert response.status_code == 200
        assert (
            f"<title>Trang chủ | {site.site_name}</title>" in response.content.decode()
        )
        assert PortalSettings.for_site(site).body is not None
    # A district's article is accepted on the province's portal, once.
    syndication = NewsSyndication.objects.get()
    assert syndication.status == NewsSyndication.Status.ACCEPTED
    home = client.get("/").content.decode()
    assert syndication.news.title in home
    assert "Nguồn: Cổng thông tin điện tử huyện Văn Lâm" in home


def test_demo_sample_of_legal_documents_is_imported_once(demo):
    from portal.legal.demo import SAMPLE_FILE

    index = LegalDocumentIndexPage.objects.get(slug="van-ban")
    before = LegalDocumentPage.objects.count()
    report = LegalImporter(index, skip_existing=True).import_file(SAMPLE_FILE)
    assert report.ok and not report.created and report.skipped >= 20
    assert LegalDocumentPage.objects.count() == before
    call_command("load_demo", stdout=io.StringIO())
    assert LegalDocumentPage.objects.count() == before


def test_demo_redirect_leads_to_introduction(client, demo):
    response = client.get("/gioi-thieu-chung/")
    assert response.status_code == 301
    assert response["Location"].endswith("/gioi-thieu/")


def test_demo_assigns_the_news_workflow_to_the_news_section(demo):
    news_root = demo.home.get_children().get(slug="tin-tuc").specific
    category = news_root.get_children().first().specific
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert news_root.get_workflow() == workflow
    assert category.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]


def test_every_demo_document_renders(client, demo):
    for page in LegalDocumentPage.objects.live():
        assert client.get(page.url).status_code == 200, page.number


def test_the_main_menu_leads_to_what_a_portal_must_publish(client, demo):
    """Leaders, schedule, press, directory, budget, planning, statistics and open
    data are each one click from the menu, not only reachable by address."""
    home = client.get("/").content.decode()
    for path in (
        "/lanh-dao/",
        "/lich-cong-tac/",
        "/hop-bao/",
        "/danh-ba/",
        "/cong-khai-ngan-sach/",
        "/thong-ke/",
        "/du-lieu-mo/",
    ):
        assert f'href="{path}"' in home, path
