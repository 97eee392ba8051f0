"""The home page's sections: the content apps' blocks, arranged by editors
(portal.core.home)."""

import json
import os
import subprocess
import sys
import uuid
from importlib import import_module
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail import hooks

from portal.core import home as home_sections
from portal.core.home import HomeBlock, SectionsBlock, default_sections
from portal.core.models import HomePage
from portal.core.sites import create_member_site
from tests.factories import (
    LegalDocumentPageFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    SectionPageFactory,
)

ROOT = Path(__file__).resolve().parents[3]

#: What each section of the default arrangement shows, in the page's HTML.
MARKERS = {
    "news_top": 'class="home-news-top"',
    "news_categories": 'class="box home-news-category"',
    "latest_documents": 'class="box legal-latest"',
    "procedure_finder": 'class="box procedure-finder"',
    "poll": 'class="box poll"',
}


def publish_sections(home: HomePage, sections: list) -> None:
    home.sections = sections
    home.save_revision().publish()


def stored(name: str, value) -> dict:
    """A block as the admin stores it, with its id."""
    return {"type": name, "value": value, "id": str(uuid.uuid4())}


def paragraph(text: str) -> dict:
    return stored("paragraph", f"<p>{text}</p>")


def columns(main=(), aside=()) -> dict:
    return stored("columns", {"main": list(main), "aside": list(aside)})


def section(name: str, **value) -> dict:
    return stored(name, value)


@pytest.fixture
def content(portal):
    """Something for each section of the default arrangement to show."""
    from tests.factories import PollFactory

    portal.news.show_on_home = True
    portal.news.save_revision().publish()
    NewsPageFactory(parent=portal.news, title="Tin nổi bật của tỉnh", featured=True)
    LegalDocumentPageFactory(parent=portal.legal)
    ProcedurePageFactory(parent=portal.procedures)
    PollFactory(show_on_home_page=True)
    return portal


def test_a_new_home_page_has_every_installed_apps_section(client, content):
    html = client.get("/").content.decode()
    positions = [html.index(marker) for marker in MARKERS.values()]
    # Today's look: the top story, the main column, then the sidebar.
    assert positions == sorted(positions)
    assert html.index('class="home-grid"') < html.index(MARKERS["news_categories"])
    aside = html.split('<aside class="home-grid__aside"')[1]
    assert MARKERS["procedure_finder"] in aside
    assert MARKERS["latest_documents"] not in aside


def test_the_sections_render_in_the_editors_order(client, content):
    publish_sections(
        content.home,
        [
            section("procedure_finder"),
            paragraph("Chào mừng bạn đến với cổng thông tin"),
            columns(
                main=[section("latest_documents", count=5), paragraph("Cột chính")],
                aside=[section("news_top", count=2), paragraph("Cột bên")],
            ),
        ],
    )
    html = client.get("/").content.decode()
    order = [
        MARKERS["procedure_finder"],
        "Chào mừng bạn đến với cổng thông tin",
        MARKERS["latest_documents"],
        "Cột chính",
        MARKERS["news_top"],
        "Cột bên",
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert MARKERS["poll"] not in html


def test_the_default_arrangement_passes_the_editors_form_as_it_is(portal):
    """An editor who only moves a block publishes it without filling anything."""
    HomePage._meta.get_field("sections").stream_block.clean(portal.home.sections)


def test_removing_a_section_removes_it_from_the_page(client, content):
    sections = default_sections()
    aside = sections[-1]["value"]["aside"]
    sections[-1]["value"]["aside"] = [b for b in aside if b["type"] != "poll"]
    publish_sections(content.home, sections)
    html = client.get("/").content.decode()
    assert MARKERS["poll"] not in html
    assert MARKERS["procedure_finder"] in html


def test_a_section_with_nothing_to_show_leaves_no_trace(client, portal):
    # No work schedule under this home page.
    publish_sections(portal.home, [section("today_schedule"), paragraph("Chào")])
    html = client.get("/").content.decode()
    assert "today-schedule" not in html
    assert 'class="block-today_schedule"' not in html
    assert 'class="block-paragraph"' in html and "<p>Chào</p>" in html


def test_links_to_sections(client, portal):
    target = SectionPageFactory(parent=portal.home, title="Giới thiệu chung")
    publish_sections(
        portal.home,
        [
            section(
                "section_links",
                title="Chuyên mục",
                links=[
                    {
                        "page": target.pk,
                        "text": "",
                        "url": "",
                        "description": "Về tỉnh",
                    },
                ],
            )
        ],
    )
    html = client.get("/").content.decode()
    assert f'<a href="{target.url}">Giới thiệu chung</a>' in html
    assert "Về tỉnh" in html


def without_app(monkeypatch, module: str) -> None:
    """The home block hooks as on a site that does not install ``module``'s app."""
    registered = hooks.get_hooks(home_sections.HOOK)
    monkeypatch.setattr(
        home_sections.hooks,
        "get_hooks",
        lambda name: (
            [fn for fn in registered if not fn.__module__.startswith(module)]
            if name == home_sections.HOOK
            else hooks.get_hooks(name)
        ),
    )


def test_a_stored_block_of_an_app_no_longer_installed_is_skipped(
    monkeypatch, rf, content
):
    without_app(monkeypatch, "portal.legal")
    block = SectionsBlock()
    assert "latest_documents" not in block.child_blocks
    stored = [
        section("latest_documents", count=5),
        paragraph("Vẫn hiển thị"),
        columns(main=[section("latest_documents", count=3)], aside=[]),
    ]
    value = block.to_python(stored)
    request = rf.get("/")
    html = block.render(value, {"page": content.home, "request": request})
    assert "Vẫn hiển thị" in html
    assert "legal-latest" not in html
    assert [child.block_type for child in value] == ["paragraph", "columns"]
    # Nor does a new home page get it.
    assert "latest_documents" not in str(default_sections())


def test_the_migrations_do_not_depend_on_the_installed_apps():
    """A site without portal.legal gets no migration of the home page's field."""
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]
        + ["--skip-checks"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.portal.core.settings_without_legal",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_two_apps_may_not_register_one_name():
    with hooks.register_temporarily(
        home_sections.HOOK, lambda: [("poll", HomeBlock())]
    ):
        with pytest.raises(Exception, match="poll"):
            home_sections.registered_blocks()


def test_a_member_portal_arranges_its_own_home(client, content):
    member = create_member_site("Sở Thử Nghiệm", "sothu.localhost")
    own_news = NewsPageFactory(
        parent=member.home, title="Tin riêng của sở", featured=True
    )
    # Its default arrangement: the same sections, of its own content.
    html = client.get("/", HTTP_HOST="sothu.localhost").content.decode()
    assert "Tin riêng của sở" in html
    assert "Tin nổi bật của tỉnh" not in html
    # Its editors rearrange it; the province's home stays as it was.
    publish_sections(member.home, [paragraph("Trang chủ của sở")])
    html = client.get("/", HTTP_HOST="sothu.localhost").content.decode()
    assert "Trang chủ của sở" in html
    assert own_news.title not in html
    province = client.get("/").content.decode()
    assert "Trang chủ của sở" not in province
    assert MARKERS["news_top"] in province


def test_every_block_has_a_label_icon_description_and_preview(admin_client, content):
    block = SectionsBlock()
    names = {*MARKERS, "today_schedule", "section_links", "columns"}
    assert names <= set(block.child_blocks)
    for name in names:
        child = block.child_blocks[name]
        assert str(child.label) and child.meta.icon != "placeholder", name
        assert str(child.meta.description), name
        assert child.is_previewable, name
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": child.definition_prefix}
        )
        assert response.status_code == 200, name
        assert "Traceback" not in response.content.decode()
    # A preview shows the site's real content, with the home page's stylesheets.
    finder = block.child_blocks["procedure_finder"]
    html = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": finder.definition_prefix}
    ).content.decode()
    assert MARKERS["procedure_finder"] in html
    assert "procedures/css/procedures.css" in html


def test_the_editor_form_offers_the_sections(admin_client, portal):
    response = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[portal.home.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bố cục trang chủ" in html
    # The block picker's labels, in the blocks' definitions (JSON).
    for label in ("Tin nổi bật và tin mới", "Tra cứu thủ tục", "Cột chính và cột bên"):
        assert json.dumps(label)[1:-1] in html or label in html


def test_the_migration_moves_the_body_into_the_main_column():
    migration = import_module("portal.core.migrations.0011_home_page_default_sections")
    body = [paragraph("Nội dung cũ") | {"id": "b1"}]
    sections = migration.arrangement(body)
    assert [block["type"] for block in sections] == ["news_top", "columns"]
    main = sections[-1]["value"]["main"]
    assert [block["type"] for block in main] == [
        "news_categories",
        "latest_documents",
        "paragraph",
    ]
    assert [b["type"] for b in sections[-1]["value"]["aside"]] == [
        "procedure_finder",
        "poll",
        "today_schedule",
    ]
    # And back.
    assert migration.body_of(sections) == body
    # The names it wrote are those the apps register today.
    assert {b["type"] for b in default_sections()} | {
        b["type"] for b in default_sections()[-1]["value"]["main"]
    } | {b["type"] for b in default_sections()[-1]["value"]["aside"]} == {
        *migration.SECTION_TYPES,
        "columns",
    }


def test_the_migration_rewrites_pages_and_their_revisions(portal):
    from django.apps import apps

    migration = import_module("portal.core.migrations.0011_home_page_default_sections")
    home = portal.home
    home.body = [paragraph("Lời chào của tỉnh")]
    home.sections = []
    home.save_revision().publish()
    home.body = [paragraph("Bản nháp mới")]
    home.save_revision()  # a draft after the live version

    migration.forwards(apps, None)

    home = HomePage.objects.get(pk=home.pk)
    assert not home.body
    main = home.sections[-1].value["main"]
    assert [child.block_type for child in main][-1] == "paragraph"
    assert "Lời chào của tỉnh" in str(main[-1].value)
    # The editor finds the arrangement in the draft, with the draft's own body.
    draft = home.get_latest_revision_as_object()
    assert not draft.body
    assert "Bản nháp mới" in str(draft.sections[-1].value["main"][-1].value)
    live = home.live_revision.as_object()
    assert "Lời chào của tỉnh" in str(live.sections[-1].value["main"][-1].value)

    migration.backwards(apps, None)
    home = HomePage.objects.get(pk=home.pk)
    assert not home.sections
    assert "Lời chào của tỉnh" in str(home.body[0].value)


def test_the_english_home_shows_its_own_content_only(client, demo):
    """/en/ is the root's English translation, beside it in the tree: its sections
    show the English news, and no Vietnamese procedure list or poll."""
    english = HomePage.objects.get(
        translation_key=demo.home.translation_key, locale__language_code="en"
    )
    assert english.sections
    html = client.get("/en/").content.decode()
    top = html.split(MARKERS["news_top"])[1].split("</section>")[0]
    assert "/en/news/" in top
    assert "/tin-tuc/" not in top
    assert MARKERS["procedure_finder"] not in html
    assert MARKERS["poll"] not in html


def test_a_member_portals_english_home_has_its_own_arrangement(client, demo):
    from wagtail.models import Locale, Page

    member = create_member_site("Cổng huyện Thử", "thu.localhost")
    english = HomePage(
        title="Home",
        slug="thu-en",
        locale=Locale.objects.get(language_code="en"),
        translation_key=member.home.translation_key,
        sections=[paragraph("The district in English"), section("news_top")],
    )
    Page.get_first_root_node().add_child(instance=english)
    english.save_revision().publish()
    NewsPageFactory(parent=english, title="District news in English")
    html = client.get("/en/", HTTP_HOST="thu.localhost").content.decode()
    assert html.index("The district in English") < html.index(
        "District news in English"
    )
    # Neither the province's English news nor the district's Vietnamese home.
    assert "/en/news/" not in html.split(MARKERS["news_top"])[1].split("</section>")[0]
    assert "home-grid" not in html


def test_warm_sections_cost_no_query_even_with_chosen_pages(
    client, content, commit, django_assert_max_num_queries
):
    """The sections are found in the fragment cache by their ids: the pages an
    editor chose in them (here a category, in a column) are not read again."""
    from django.core.cache import cache

    from portal.engagement.models import Poll

    Poll.objects.update(show_on_home_page=False)  # the poll's read is its own
    publish_sections(
        content.home,
        [
            columns(
                main=[section("news_top", count=2, index=content.news.pk)],
                aside=[section("news_categories", categories=[content.news.pk])],
            )
        ],
    )
    cache.clear()
    commit()
    client.get("/")  # Wagtail's own caches (site root paths, content types)
    cold = client.get("/").content.decode()
    assert "Tin nổi bật của tỉnh" in cold
    with django_assert_max_num_queries(0):
        warm = client.get("/").content.decode()
    assert "Tin nổi bật của tỉnh" in warm


#: The home page cold (issue 27): a publish has emptied every fragment, and the
#: default arrangement is rendered afresh. The shared parts (site, routing, view
#: restrictions, settings, menus, footer, language switch) take 9 of them, the
#: sections and the news feed links 11 (30 in all before issue 27); the news by
#: category is two queries however many categories it shows.
HOME_COLD_QUERIES = 20


def test_the_home_page_cold_meets_its_query_count(
    client, content, commit, django_assert_max_num_queries
):
    from portal.core.caching import version
    from tests.factories import NewsIndexPageFactory

    for number in range(3):
        category = NewsIndexPageFactory(
            parent=content.news, title=f"Chuyên mục {number}", show_on_home=True
        )
        NewsPageFactory(parent=category, title=f"Tin của chuyên mục {number}")
    commit()
    client.get("/")  # Wagtail's own caches (site root paths, content types)
    version._set_new_versions()  # as after a publish: every fragment is cold
    with django_assert_max_num_queries(HOME_COLD_QUERIES):
        html = client.get("/").content.decode()
    for marker in MARKERS.values():
        assert marker in html
    for number in range(3):
        assert f"Tin của chuyên mục {number}" in html
