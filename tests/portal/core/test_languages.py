"""The English section (/en/) beside the Vietnamese portal (portal.core.locales).

A crawl of the demo in each language: no Vietnamese on English pages and no English
on Vietnamese ones (outside elements marked with their own ``lang``, such as a
person's name or the language switch), the switch leading to the page's
counterpart, and the language never taken from the browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import polib
import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from portal.core.models import (
    HomePage,
    PortalSettings,
    PortalSettingsTranslation,
    PublicBody,
    PublicBodyTranslation,
    SectionPage,
)

#: Letters only Vietnamese uses among the languages of the site: the vowels with
#: tone marks (U+1EA0-U+1EF9) and ă, đ, ơ, ư.
VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")

#: Addresses a crawl does not follow: files, feeds, the admin, the API.
NOT_PAGES = re.compile(
    r"^/(admin|api|documents|media|static|images)/|\.(xml|ics|csv|json|pdf|rss)$|/feed/"
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


class _LanguageText(HTMLParser):
    """What a reader sees or hears, with the language each part is marked in, and
    the page's links."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._languages = ["?"]
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = attrs.get("lang") or self._languages[-1]
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        for name in self.ATTRIBUTES:
            if attrs.get(name, "").strip():
                self.texts.append((language, " ".join(attrs[name].split())))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag not in VOID:
            self._languages.append(language)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._hidden -= 1
        if tag not in VOID and len(self._languages) > 1:
            self._languages.pop()

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append((self._languages[-1], " ".join(data.split())))


def read(client, url: str) -> _LanguageText:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _LanguageText()
    parser.feed(response.content.decode())
    return parser


def crawl(client, start: str, limit: int = 60) -> dict[str, _LanguageText]:
    """The pages reached from ``start`` by links that stay in its language's part
    of the site (breadth first, without query strings)."""
    english = start.startswith("/en/")
    seen, queue, pages = {start}, [start], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        pages[url] = parsed = read(client, url)
        for href in parsed.links:
            parts = urlsplit(urljoin(url, href))
            path = parts.path
            if parts.netloc not in ("", "testserver") or parts.query:
                continue
            if path.startswith("/en/") != english or NOT_PAGES.search(path):
                continue
            if path not in seen:
                seen.add(path)
                queue.append(path)
    return pages


def english_msgids() -> set[str]:
    """The English wording of every catalogue of the kit: labels of two words or
    more, which a Vietnamese page shows only when one was left untranslated."""
    found = set()
    for catalogue in Path(settings.BASE_DIR).glob("*/**/locale/vi/LC_MESSAGES/*.po"):
        for entry in polib.pofile(str(catalogue)):
            text = entry.msgid
            if entry.msgstr and text != entry.msgstr and len(text.split()) > 1:
                if "%" not in text and "{" not in text:
                    found.add(text)
    return found


@pytest.fixture
def english(demo):
    return HomePage.objects.get(
        translation_key=demo.home.translation_key, locale__language_code="en"
    )


def test_english_pages_have_no_vietnamese(client, demo, english):
    pages = crawl(client, "/en/")
    # The home page, the introduction, the chart, its bodies and the news at least.
    assert len(pages) >= 10, sorted(pages)
    assert "/en/about/organisation/" in pages
    assert "/en/news/2020-administrative-reform-plan/" in pages
    found = {
        url: [
            text
            for language, text in page.texts
            if language == "en" and VIETNAMESE.search(text)
        ]
        for url, page in pages.items()
    }
    assert not {url: texts for url, texts in found.items() if texts}


def test_vietnamese_pages_have_no_english(client, demo):
    wording = english_msgids()
    pages = crawl(client, "/", limit=40)
    assert len(pages) >= 20
    found = {
        url: [
            text
            for language, text in page.texts
            if language == "vi" and text in wording
        ]
        for url, page in pages.items()
    }
    assert not {url: texts for url, texts in found.items() if texts}


def test_the_switch_leads_to_the_counterpart_or_the_home_page(client, demo, english):
    switch = [
        text for language, text in read(client, "/en/about/").texts if language == "vi"
    ]
    assert switch == ["Tiếng Việt"]
    html = client.get("/en/about/").content.decode()
    assert 'href="/gioi-thieu/" lang="vi" hreflang="vi" rel="alternate"' in html
    html = client.get("/gioi-thieu/").content.decode()
    assert 'href="/en/about/" lang="en" hreflang="en" rel="alternate"' in html
    # A page without an English version leads to the English home page.
    html = client.get("/van-ban/").content.decode()
    assert 'href="/en/" lang="en" hreflang="en">English</a>' in html
    # An unpublished translation is no counterpart.
    about = Page.objects.get(url_path__endswith="/about/", locale=english.locale)
    about.unpublish()
    html = client.get("/gioi-thieu/").content.decode()
    assert 'href="/en/" lang="en"' in html
    assert client.get("/en/about/").status_code == 404


def test_the_path_alone_decides_the_language(client, demo, english):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="vi">' in client.get("/gioi-thieu/").content.decode()
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    # Vietnamese addresses have no English twin, nor English ones a Vietnamese one.
    assert client.get("/en/gioi-thieu/").status_code == 404
    assert client.get("/about/").status_code == 404


def test_english_pages_have_english_addresses(demo, english):
    about = SectionPage.objects.get(locale=english.locale, slug="about")
    assert about.url == "/en/about/"
    assert english.url == "/en/"
    assert demo.home.url == "/"


def test_portal_name_and_menus_follow_the_language(client, demo, english):
    english_home = client.get("/en/").content.decode()
    assert "<title>Home | Hung Yen Province Web Portal</title>" in english_home
    assert 'href="/en/about/"' in english_home
    # The Vietnamese menus stay on the Vietnamese pages.
    assert 'href="/van-ban/"' not in english_home
    vietnamese_home = client.get("/").content.decode()
    assert "Hung Yen Province Web Portal" not in vietnamese_home
    assert PortalSettings.for_site(demo.site).portal_name in vietnamese_home


@pytest.fixture
def fresh_caches():
    """For tests that commit: the caches then hold the test's content under the
    current version, so it is replaced after the test (as conftest's `commit`)."""
    from portal.core.caching.version import bump_version

    yield
    bump_version()


def test_a_changed_translation_shows_at_once(
    client, demo, english, fresh_caches, django_capture_on_commit_callbacks
):
    client.get("/en/")  # cached
    row = PortalSettingsTranslation.objects.get(locale=english.locale)
    row.portal_name = "Hung Yen Portal"
    with django_capture_on_commit_callbacks(execute=True):
        row.save()
    assert (
        "<title>Home | Hung Yen Portal</title>" in client.get("/en/").content.decode()
    )


def test_the_english_chart_shows_the_bodies_translated(client, demo, english):
    page = client.get("/en/about/organisation/").content.decode()
    assert "Department of Justice" in page
    assert "Sở Tư pháp" not in page
    justice = PublicBody.objects.get(name="Sở Tư pháp")
    untranslated = PublicBody.objects.get(name="Sở Xây dựng")
    PublicBodyTranslation.objects.filter(body=untranslated).delete()
    page = client.get("/en/about/organisation/").content.decode()
    assert "Department of Construction" not in page
    body = client.get(f"/en/about/organisation/co-quan/{justice.slug}/").content
    assert "No. 12 Le Lai Street" in body.decode()


def test_a_member_portal_has_an_english_section(client, demo):
    from portal.core.sites import create_member_site

    member = create_member_site(
        "Cổng thông tin điện tử huyện Thử", "thu.localhost", body=None
    )
    member_home = member.home
    locale = Locale.objects.get(language_code="en")
    english_home = HomePage(
        title="Home",
        slug="thu-en",
        locale=locale,
        translation_key=member_home.translation_key,
        intro="The district's pages in English.",
    )
    Page.get_first_root_node().add_child(instance=english_home)
    english_home.save_revision().publish()
    response = client.get("/en/", HTTP_HOST="thu.localhost")
    assert response.status_code == 200
    assert "The district&#x27;s pages in English." in response.content.decode()
    # The province's English home is not the district's.
    assert HOME_INTRO_START not in response.content.decode()


HOME_INTRO_START = "Welcome to the English pages of Hung Yen province"


def test_the_sitemap_lists_both_languages(client, demo, english):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert (
        "<loc>http://testserver/en/about/</loc>" in sitemap
        or "/en/about/</loc>" in sitemap
    )
    assert "/gioi-thieu/</loc>" in sitemap


def test_the_search_serves_the_sites_own_language(client, demo, english):
    from search.indexing import all_documents, in_another_language

    investment = SectionPage.objects.get(locale=english.locale, slug="investment")
    introduction = SectionPage.objects.get(locale=demo.home.locale, slug="gioi-thieu")
    assert in_another_language(investment)
    assert not in_another_language(introduction)
    urls = {document.url for document in all_documents()}
    assert not [url for url in urls if "/en/" in url or url.endswith("/investment/")]
    assert any(url.endswith("/gioi-thieu/") for url in urls)


def test_an_editor_translates_a_page_in_the_admin(admin_client, client, demo, english):
    """The page's "Translate" action (wagtail.contrib.simple_translation) copies
    it into the English tree, under its parent's translation; once the editor
    has put it in English and published it, /en/ serves it and the switch leads
    there."""
    contact = Page.objects.get(locale=demo.home.locale, slug="lien-he", depth=3)
    response = admin_client.post(
        f"/admin/translation/submit/page/{contact.pk}/",
        {"locales": [english.locale.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    translated = contact.get_translation(english.locale).specific
    assert translated.get_parent().pk == english.pk
    translated.title = "Contact us"
    translated.slug = "contact"
    translated.intro = "How to reach the portal's editors."
    translated.save_revision().publish()
    assert client.get("/en/contact/").status_code == 200
    switch = client.get("/lien-he/").content.decode()
    assert 'href="/en/contact/" lang="en" hreflang="en" rel="alternate"' in switch


def test_webmasters_may_translate(demo):
    from portal.core.permissions import webmaster_model_permissions

    codenames = {permission.codename for permission in webmaster_model_permissions()}
    assert "submit_translation" in codenames


def test_news_accepted_from_a_member_portal_stays_in_its_language(demo, english):
    """A member portal's Vietnamese article the province accepted shows on the
    Vietnamese home page's lists, never on the English one's."""
    from portal.news.models import NewsPage, NewsSyndication, news_under

    article = NewsPage.objects.filter(locale=demo.home.locale).first()
    NewsSyndication.objects.create(
        news=article, site=demo.site, status=NewsSyndication.Status.ACCEPTED
    )
    outside = HomePage.objects.get(pk=demo.home.pk)
    outside.path = "9999"  # as if the article lived under another portal's root
    assert article in news_under(outside, demo.site)
    assert article not in news_under(english, demo.site)
