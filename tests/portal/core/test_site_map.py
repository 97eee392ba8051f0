"""Sơ đồ cổng: the site's sections as a page for people."""

from portal.legal.models import LegalDocumentPage


def test_site_map_is_a_page_of_the_sections(client, demo):
    response = client.get("/so-do-cong/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sơ đồ cổng</h1>" in html
    for url in ("/gioi-thieu/", "/van-ban/", "/tin-tuc/", "/lien-he/"):
        assert f'href="{url}"' in html, url
    # Sections, not each of their documents.
    document = LegalDocumentPage.objects.live().first()
    assert f'href="{document.url}"' not in html
    # The footer's link leads here, not to the XML for machines.
    home = client.get("/").content.decode()
    assert 'href="/so-do-cong/">Sơ đồ cổng</a>' in home
    assert client.get("/sitemap.xml").status_code == 200
