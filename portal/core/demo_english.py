"""Demo content of the English section (``/en/``): the home page's translation,
the province's introduction and investment information, the portal's name and
menus in English. Content apps add theirs (news, the organisation chart) under
the English home (`portal.core.demo_utils.english_home`). Written for the demo in
our own words; the figures are those of the Vietnamese introduction."""

from __future__ import annotations

from wagtail.models import Site

from .demo_utils import english_home, english_locale, ensure_child
from .home import default_sections
from .models import (
    HomePage,
    NavigationSettings,
    NavigationTranslation,
    PortalSettings,
    PortalSettingsTranslation,
    SectionPage,
)

PORTAL_TEXTS = {
    "portal_name": "Hung Yen Province Web Portal",
    "owner_name": "Hung Yen Provincial People's Committee",
    "address": "No. 6 Chua Chuong Street, Hien Nam Ward, Hung Yen City, Viet Nam",
    "footer_text": (
        "<p>Governing body: Hung Yen Provincial People's Committee. Managed by the "
        "Office of the Provincial People's Committee. Please name the Hung Yen "
        "Province Web Portal as the source when you republish its information.</p>"
    ),
}

HOME_INTRO = (
    "Welcome to the English pages of Hung Yen province: who we are, how the "
    "provincial government is organised and how to reach it, what the province "
    "offers investors, and news from the province."
)

#: (slug of the Vietnamese page under "gioi-thieu", English slug, title, summary, body)
INTRO_TRANSLATIONS = [
    (
        "tong-quan",
        "overview",
        "The province at a glance",
        "Location, area, population and administrative units.",
        [
            ("heading", {"text": "Location", "level": "h2"}),
            (
                "paragraph",
                "<p>Hung Yen lies in the middle of the Red River Delta, about 64 km "
                "south-east of Hanoi. The land is flat, with no hills; the Red River "
                "and the Luoc River run along its western and southern edges.</p>",
            ),
            ("heading", {"text": "Area and population", "level": "h2"}),
            (
                "paragraph",
                "<p>The province covers about 930 km². The 2019 Population and "
                "Housing Census counted 1,252,731 inhabitants.</p>",
            ),
            ("heading", {"text": "Administrative units", "level": "h2"}),
            (
                "paragraph",
                "<p>Ten units at district level: Hung Yen City, My Hao Town and "
                "the districts of Van Lam, Van Giang, Yen My, An Thi, Khoai Chau, "
                "Kim Dong, Tien Lu and Phu Cu.</p>",
            ),
        ],
    ),
    (
        "lich-su-van-hoa",
        "history-and-culture",
        "History and culture",
        "Pho Hien, the old river port, and the province today.",
        [
            (
                "paragraph",
                "<p>The province in its present form dates from 1 January 1997, "
                "when Hai Hung province was divided in two. Its best-known past is "
                "Pho Hien, a busy river port of the sixteenth and seventeenth "
                "centuries where foreign merchants traded, long said to be second "
                "only to the capital.</p>",
            ),
        ],
    ),
]

INVESTMENT_BODY = [
    ("heading", {"text": "Why Hung Yen", "level": "h2"}),
    (
        "paragraph",
        "<p>The province borders Hanoi and lies on the main routes between the "
        "capital and the port of Hai Phong: National Highway 5 and the Hanoi – Hai "
        "Phong expressway cross it, and Noi Bai International Airport is about an "
        "hour away by road.</p>",
    ),
    ("heading", {"text": "Industrial parks", "level": "h2"}),
    (
        "paragraph",
        "<p>Industrial parks such as Pho Noi A and Thang Long II host manufacturers "
        "of electronics, machinery, textiles and food. The parks' management board "
        "answers investors' questions about land, infrastructure and labour.</p>",
    ),
    ("heading", {"text": "Where to start", "level": "h2"}),
    (
        "paragraph",
        "<p>The Department of Planning and Investment receives investment project "
        "applications and issues investment registration certificates. Address: "
        "No. 2 Chua Chuong Street, Hien Nam Ward, Hung Yen City. Telephone: "
        "0221 3862 369.</p>",
    ),
]


def ensure_english_section(home: HomePage) -> HomePage | None:
    """The English home page and its introduction and investment pages, and the
    portal's name in English. None when the site has no English locale."""
    locale = english_locale()
    if locale is None:
        return None
    english = english_home(home)
    if english is None:
        english = ensure_child(
            home.get_parent(),
            HomePage,
            f"{home.slug}-en",
            translation_of=home,
            locale_id=locale.pk,
            title="Home",
            intro=HOME_INTRO,
            sections=default_sections(),
        )
    vietnamese_intro = home.get_children().filter(slug="gioi-thieu").first()
    about = ensure_child(
        english,
        SectionPage,
        "about",
        translation_of=vietnamese_intro,
        title="About Hung Yen",
        intro="Where the province lies, how it came to be and how its government "
        "is organised.",
    )
    for source_slug, slug, title, summary, body in INTRO_TRANSLATIONS:
        source = (
            vietnamese_intro.get_children().filter(slug=source_slug).first()
            if vietnamese_intro
            else None
        )
        ensure_child(
            about,
            SectionPage,
            slug,
            translation_of=source,
            title=title,
            intro=summary,
            body=body,
            show_children=False,
        )
    ensure_child(
        english,
        SectionPage,
        "investment",
        title="Investing in Hung Yen",
        intro="Location, industrial parks and where investors start.",
        body=INVESTMENT_BODY,
        show_children=False,
    )
    site = Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    PortalSettingsTranslation.objects.get_or_create(
        setting=settings, locale=locale, defaults=PORTAL_TEXTS
    )
    return english


def ensure_english_menus(home: HomePage) -> None:
    """The English main and footer menus: the English home's sections."""
    english = english_home(home)
    locale = english_locale()
    if english is None or locale is None:
        return
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    if NavigationTranslation.objects.filter(setting=navigation, locale=locale).exists():
        return
    sections = list(english.get_children().live().order_by("path"))
    NavigationTranslation.objects.create(
        setting=navigation,
        locale=locale,
        main_menu=[
            ("item", {"title": "", "page": page, "url": "", "children": []})
            for page in sections
        ],
        footer_menu=[
            ("link", {"title": "", "page": page, "url": ""})
            for page in sections
            if page.slug in ("about", "investment")
        ],
    )
