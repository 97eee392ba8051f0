"""Pages of the province's portal once member portals exist.

With a second site, Wagtail's ``page.url`` turns absolute for every page; what a
page links to on its own site must stay a path, and what it prints as absolute
(canonical, og:url, feeds) must be its own site's address, once."""

import copy
import re

import pytest
from wagtail.models import Site

from portal.core.sites import create_member_site
from tests.portal.core.test_page_meta import PAGES, SITE

pytestmark = pytest.mark.usefixtures("shared_portal")

MEMBER = "vanlam.hungyen.gov.vn"


@pytest.fixture(scope="module")
def shared_member(shared_portal, shared_db):
    """The member portal, made once for the module: every test here has it."""
    with shared_db.unblock():
        return create_member_site("Cổng thông tin điện tử huyện Văn Lâm", MEMBER).site


@pytest.fixture
def member(portal, shared_member):
    return copy.deepcopy(shared_member)


@pytest.mark.parametrize("kind", PAGES)
def test_a_province_page_links_to_its_own_site_by_path(client, portal, member, kind):
    built = PAGES[kind](portal)
    if isinstance(built, str):
        path = built.removeprefix(SITE)  # a view's path, or built from page.url
    else:
        path = built.get_url(current_site=portal.site)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{SITE}{SITE}" not in html and "http://testserverhttp" not in html
    head, body = html.split("</head>", 1)
    assert re.findall(r'<link rel="canonical" href="([^"]*)">', head) == [
        f"{SITE}{path}"
    ]
    absolute = sorted(set(re.findall(rf'href="({re.escape(SITE)}[^"]*)"', body)))
    assert absolute == [], "links to the page's own site should be paths"


def test_the_member_portal_links_to_its_own_pages_by_path(client, member):
    html = client.get("/", HTTP_HOST=MEMBER).content.decode()
    body = html.split("</head>", 1)[1]
    for slug in ("gioi-thieu", "van-ban", "tin-tuc", "lien-he"):
        assert f'href="/{slug}/"' in body
    # The footer's link to the province's portal is absolute: another site.
    province = Site.objects.get(is_default_site=True)
    assert f'href="{province.root_url}/"' in body
