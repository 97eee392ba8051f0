"""Demo content of the core app: the site, its settings, the introduction pages and
the menus. Other apps add their own content between `load_demo` and `finalize_demo`."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from .demo_english import ensure_english_menus, ensure_english_section
from .demo_utils import ensure_child
from .home import default_sections
from .models import (
    HomePage,
    NavigationSettings,
    PortalSettings,
    PublicBody,
    SectionPage,
)

#: The province's bodies and those whose documents it publishes, parents first, by the
#: names the sample documents and procedures use.
PUBLIC_BODIES_FILE = (
    Path(__file__).resolve().parent / "demo_data" / "public_bodies.json"
)

#: Standard sections every Vietnamese state portal must publish, by slug. Content apps
#: create their own index page under these slugs; the rest become plain sections.
STANDARD_SECTIONS = [
    ("gioi-thieu", "Giới thiệu"),
    ("tin-tuc", "Tin tức - Sự kiện"),
    ("van-ban", "Văn bản"),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính"),
    ("lay-y-kien-du-thao", "Lấy ý kiến dự thảo"),
    ("hoi-dap", "Hỏi đáp"),
    ("lien-he", "Liên hệ"),
]

INTRO_PAGES = [
    (
        "tong-quan",
        "Tổng quan về tỉnh",
        "Vị trí địa lý, diện tích, dân số và đơn vị hành chính của tỉnh.",
        [
            ("heading", {"text": "Vị trí địa lý", "level": "h2"}),
            (
                "paragraph",
                "<p>Tỉnh nằm ở trung tâm đồng bằng Bắc Bộ, cách Thủ đô Hà Nội "
                "khoảng 64 km về phía đông nam. Địa hình bằng phẳng, không có đồi núi; hệ "
                "thống sông Hồng, sông Luộc bao quanh phía tây và phía nam.</p>",
            ),
            ("heading", {"text": "Diện tích và dân số", "level": "h2"}),
            (
                "paragraph",
                "<p>Diện tích tự nhiên khoảng 930 km². Theo kết quả Tổng điều "
                "tra dân số và nhà ở năm 2019, dân số toàn tỉnh là 1.252.731 người.</p>",
            ),
            ("heading", {"text": "Đơn vị hành chính", "level": "h2"}),
            (
                "paragraph",
                "<p>Tỉnh có 10 đơn vị hành chính cấp huyện: thành phố Hưng Yên, "
                "thị xã Mỹ Hào và các huyện Văn Lâm, Văn Giang, Yên Mỹ, Ân Thi, Khoái Châu, "
                "Kim Động, Tiên Lữ, Phù Cừ.</p>",
            ),
        ],
    ),
    (
        "lich-su-van-hoa",
        "Lịch sử - Văn hóa",
        "Vùng đất Phố Hiến và những di tích, lễ hội tiêu biểu.",
        [
            (
                "paragraph",
                "<p>Tỉnh được tái lập từ ngày 01/01/1997 khi tỉnh Hải Hưng được "
                "chia thành hai tỉnh. Vùng đất này gắn với thương cảng Phố Hiến sầm uất thế kỷ "
                'XVI - XVII, với câu ca "Thứ nhất kinh kỳ, thứ nhì Phố Hiến".</p>',
            ),
        ],
    ),
]


def ensure_home_page() -> HomePage:
    """The home page under the tree root, served by the default site."""
    root = Page.get_first_root_node()
    default_site = Site.objects.filter(is_default_site=True).first()
    home = (
        HomePage.objects.filter(pk=default_site.root_page_id).first()
        if default_site
        else None
    ) or (
        # Not a member portal's home page.
        HomePage.objects.filter(depth=2, sites_rooted_here__isnull=True).first()
    )
    if home is None:
        home = HomePage(
            title="Trang chủ",
            slug="trang-chu",
            intro="",
            seo_title="Cổng thông tin điện tử tỉnh Hưng Yên",
            sections=default_sections(),
            search_description=(
                "Cổng thông tin điện tử tỉnh Hưng Yên: tin tức, văn bản, thủ tục hành "
                "chính và dịch vụ công trực tuyến."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = _public_address()
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Cổng thông tin điện tử tỉnh Hưng Yên",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Cổng thông tin điện tử tỉnh Hưng Yên"
        site.save()
        # Wagtail's placeholder "Welcome" page is of no use to a portal.
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    if (site.hostname, site.port) == ("localhost", 80) != (hostname, port):
        # Wagtail's placeholder address (and earlier demos'): canonical links,
        # feeds and the sitemap would point at http://localhost/.
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return home


def _public_address() -> tuple[str, int]:
    """Host and port of WAGTAILADMIN_BASE_URL (http://127.0.0.1:8000 for
    `make run`): the site's absolute links (canonical, feeds, sitemap) use them."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (
        443 if url.scheme == "https" else 80
    )


def ensure_public_bodies() -> int:
    """The organisation tree with kinds and contacts; an existing body is left as it
    is. Returns how many were created."""
    created = 0
    for entry in json.loads(PUBLIC_BODIES_FILE.read_text(encoding="utf-8")):
        fields = dict(entry)
        name = fields.pop("name")
        parent = fields.pop("parent", None)
        if parent:
            fields["parent"] = PublicBody.objects.get(name=parent)
        _body, new = PublicBody.objects.get_or_create(name=name, defaults=fields)
        created += new
    return created


def load_demo(command) -> HomePage:
    home = ensure_home_page()
    bodies = ensure_public_bodies()
    site = Site.objects.get(is_default_site=True)
    portal = PortalSettings.for_site(site)
    if not portal.owner_name:
        portal.portal_name = "Cổng thông tin điện tử tỉnh Hưng Yên"
        portal.owner_name = "Ủy ban nhân dân tỉnh Hưng Yên"
        portal.address = "Số 6 đường Chùa Chuông, phường Hiến Nam, thành phố Hưng Yên"
        portal.phone = "0221 3862 161"
        portal.hotline = "0221 3525 555"
        portal.email = "congthongtin@hungyen.gov.vn"
        portal.footer_text = (
            "<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Hưng Yên. Đơn vị quản lý: Văn "
            'phòng Ủy ban nhân dân tỉnh. Ghi rõ nguồn "Cổng thông tin điện tử tỉnh Hưng '
            'Yên" khi phát hành lại thông tin từ cổng.</p>'
        )
        portal.facebook_url = "https://www.facebook.com/"
        portal.save()

    intro = ensure_child(
        home,
        SectionPage,
        "gioi-thieu",
        title="Giới thiệu",
        intro="Thông tin chung về tỉnh: vị trí, lịch sử, tổ chức bộ máy.",
    )
    for slug, title, summary, body in INTRO_PAGES:
        ensure_child(
            intro,
            SectionPage,
            slug,
            title=title,
            intro=summary,
            body=body,
            show_children=False,
        )
    ensure_english_section(home)
    command.stdout.write(
        f"  core: trang chủ, thiết lập cổng, chuyên mục Giới thiệu, {bodies} cơ quan "
        "mới, phần tiếng Anh (/en/)"
    )
    return home


#: What Decree 42/2022/NĐ-CP asks a portal to publish, as the content apps that
#: are installed made it: (menu item, its children), by slug under the home page.
DISCLOSURE_MENU = [
    ("lanh-dao", ("lich-cong-tac", "hop-bao", "danh-ba")),
    (
        "cong-khai-ngan-sach",
        ("quy-hoach-ke-hoach", "du-an-dau-tu", "thong-ke", "du-lieu-mo"),
    ),
]


def disclosure_menu(home: HomePage) -> list:
    """Main menu items for the pages of the leadership, directory, planning and
    disclosure apps, those of them that are installed and in the demo."""
    pages = {page.slug: page for page in home.get_children().live()}
    items = []
    for slug, children in DISCLOSURE_MENU:
        if slug not in pages:
            continue
        items.append(
            (
                "item",
                {
                    "title": "",
                    "page": pages[slug],
                    "url": "",
                    "children": [
                        {"title": "", "page": pages[child], "url": ""}
                        for child in children
                        if child in pages
                    ],
                },
            )
        )
    return items


def finalize_demo(command, home: HomePage) -> None:
    """Plain sections for whatever no content app created, then the menus."""
    sections = {}
    for slug, title in STANDARD_SECTIONS:
        sections[slug] = ensure_child(home, SectionPage, slug, title=title)

    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    if not navigation.main_menu:
        intro = sections["gioi-thieu"]
        navigation.main_menu = [
            (
                "item",
                {
                    "title": "",
                    "page": intro,
                    "url": "",
                    "children": [
                        {"title": "", "page": child, "url": ""}
                        for child in intro.get_children().live()
                    ],
                },
            )
        ] + [
            ("item", {"title": "", "page": sections[slug], "url": "", "children": []})
            for slug, _title in STANDARD_SECTIONS[1:]
        ]
        navigation.main_menu += disclosure_menu(home)
        navigation.footer_menu = [
            (
                "link",
                {"title": "Giới thiệu", "page": sections["gioi-thieu"], "url": ""},
            ),
            ("link", {"title": "Liên hệ", "page": sections["lien-he"], "url": ""}),
            ("link", {"title": "Sơ đồ cổng", "page": None, "url": "/so-do-cong/"}),
            (
                "link",
                {
                    "title": "Cổng Dịch vụ công quốc gia",
                    "page": None,
                    "url": "https://dichvucong.gov.vn/",
                },
            ),
        ]
        navigation.save()
    ensure_english_menus(home)
    ensure_demo_redirects_and_promotions(sections)
    command.stdout.write("  core: chuyên mục chuẩn, trình đơn, chuyển hướng")


#: The demo's member portals: (name, host name's first label, body).
DEMO_MEMBER_SITES = [
    (
        "Cổng thông tin điện tử huyện Văn Lâm",
        "vanlam",
        "Ủy ban nhân dân huyện Văn Lâm",
    ),
    (
        "Cổng thông tin điện tử huyện Văn Giang",
        "vangiang",
        "Ủy ban nhân dân huyện Văn Giang",
    ),
    ("Trang thông tin điện tử Sở Tư pháp", "sotuphap", "Sở Tư pháp"),
]


def ensure_member_sites(command) -> None:
    """Two districts' and one department's portals on ``*.localhost`` (which
    browsers resolve to this machine), at the province portal's port."""
    from .sites import create_member_site

    for name, label, body in DEMO_MEMBER_SITES:
        member = create_member_site(
            name, f"{label}.localhost", body=PublicBody.objects.get(name=body)
        )
        command.stdout.write(f"  cổng thành phần: {name} – {member.url}")


def ensure_demo_redirects_and_promotions(sections: dict[str, Page]) -> None:
    """An old address that webmasters redirected, and a promoted search result."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    Redirect.objects.get_or_create(
        old_path=Redirect.normalise_path("/gioi-thieu-chung/"),
        site=None,
        defaults={"redirect_page": sections["gioi-thieu"], "is_permanent": True},
    )
    query = Query.get("dich vu cong")
    SearchPromotion.objects.get_or_create(
        query=query,
        page=sections["thu-tuc-hanh-chinh"],
        defaults={
            "sort_order": 0,
            "description": "Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến.",
        },
    )


def localise_wagtail_defaults() -> None:
    """Give the records Wagtail's own migrations create Vietnamese names, and drop its
    default groups once the portal's groups have taken over their work.

    Editors read these names in the admin ("Gửi duyệt theo Quy trình duyệt chung"),
    where no translation catalogue can reach them.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    Page.objects.filter(depth=1, title="Root").update(title="Gốc")
    Workflow.objects.filter(name="Moderators approval").update(
        name="Quy trình duyệt chung"
    )
    Task.objects.filter(name="Moderators approval").update(name="Người duyệt phê duyệt")
    # bootstrap_permissions has made "Người duyệt" an approver wherever Wagtail's
    # "Moderators" approved; unused default groups would only confuse webmasters.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
