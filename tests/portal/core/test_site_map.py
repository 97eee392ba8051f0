"""Sơ đồ cổng: the site's sections as a page for people."""

from django.urls import reverse

from portal.core.models import NavigationSettings
from tests.factories import (
    ContactPageFactory,
    LegalDocumentPageFactory,
    NewsPageFactory,
    SectionPageFactory,
)


def test_site_map_is_a_page_of_the_sections(client, portal):
    about = SectionPageFactory(parent=portal.home, show_in_menus=True)
    overview = SectionPageFactory(parent=about)
    contact = ContactPageFactory(parent=portal.home, show_in_menus=True)
    document = LegalDocumentPageFactory(parent=portal.legal)
    NewsPageFactory(parent=portal.news)
    site_map_url = reverse("site_map")
    navigation = NavigationSettings.for_site(portal.site)
    navigation.footer_menu = [
        ("link", {"title": "Sơ đồ cổng", "page": None, "url": site_map_url})
    ]
    navigation.save()

    response = client.get(site_map_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sơ đồ cổng</h1>" in html
    for page in (about, portal.legal, portal.news, contact):
        assert f'href="{page.url}"' in html, page.url
    # Sections, not each of their documents nor pages out of the menus.
    assert f'href="{document.url}"' not in html
    assert f'href="{overview.url}"' not in html
    # The footer's link leads here, not to the XML for machines.
    home = client.get(portal.home.url).content.decode()
    assert f'href="{site_map_url}">Sơ đồ cổng</a>' in home
    assert client.get(reverse("sitemap")).status_code == 200
