"""Demo content: the heads, hours and telephones of a few demo bodies (invented,
in the demo's style), officials' public contacts, the province's organisation
chart and directory, and a member portal's own. Idempotent: what exists is kept."""

from __future__ import annotations

from wagtail.models import Page

from portal.core.demo_utils import english_home, english_locale, ensure_child
from portal.core.models import PublicBody, PublicBodyTranslation, SectionPage

from .models import DirectoryPage, OrganisationChartPage, PublicContact

WORKING_HOURS = (
    "Thứ Hai đến Thứ Sáu: sáng 7h30 - 11h30, chiều 13h30 - 17h00 (trừ ngày lễ, Tết)."
)

#: name -> fields filled where the body has none (phones in the demo's style).
BODY_DETAILS = {
    "Hội đồng nhân dân tỉnh Hưng Yên": {
        "sort_order": 1,
        "head_title": "Chủ tịch",
        "head_name": "Trần Quang Minh",
        "phone": "0221 3862 100",
        "functions": "Cơ quan quyền lực nhà nước ở địa phương, do cử tri trong tỉnh "
        "bầu ra; quyết định các vấn đề quan trọng của tỉnh và giám sát việc thi "
        "hành pháp luật.",
    },
    "Ủy ban nhân dân tỉnh Hưng Yên": {
        "sort_order": 2,
        "head_title": "Chủ tịch",
        "head_name": "Nguyễn Văn Hòa",
        "fax": "0221 3862 162",
        "opening_hours": WORKING_HOURS,
        "functions": "Cơ quan hành chính nhà nước ở địa phương, chấp hành nghị quyết "
        "của Hội đồng nhân dân tỉnh; tổ chức thi hành pháp luật trên địa bàn tỉnh.",
    },
    "Sở Nội vụ tỉnh Hưng Yên": {
        "sort_order": 1,
        "head_title": "Giám đốc",
        "head_name": "Lê Thị Thanh Hương",
        "address": "Số 10 đường Chùa Chuông, phường Hiến Nam, thành phố Hưng Yên",
        "phone": "0221 3862 207",
        "opening_hours": WORKING_HOURS,
        "functions": "Tham mưu về tổ chức bộ máy, biên chế, cán bộ, công chức, viên "
        "chức, chính quyền địa phương, thi đua, khen thưởng, văn thư, lưu trữ.",
    },
    "Sở Tư pháp": {
        "sort_order": 2,
        "head_title": "Giám đốc",
        "head_name": "Phạm Đức Thắng",
        "address": "Số 12 đường Lê Lai, phường Hiến Nam, thành phố Hưng Yên",
        "phone": "0221 3863 226",
        "fax": "0221 3863 227",
        "opening_hours": WORKING_HOURS,
        "functions": "Tham mưu về xây dựng và thi hành pháp luật, kiểm tra văn bản, "
        "phổ biến pháp luật, hộ tịch, quốc tịch, lý lịch tư pháp, bổ trợ tư pháp.",
    },
    "Sở Kế hoạch và Đầu tư": {
        "sort_order": 3,
        "head_title": "Giám đốc",
        "head_name": "Đỗ Minh Tuấn",
        "address": "Số 2 đường Chùa Chuông, phường Hiến Nam, thành phố Hưng Yên",
        "phone": "0221 3862 369",
        "opening_hours": WORKING_HOURS,
        "functions": "Tham mưu về quy hoạch, kế hoạch phát triển kinh tế - xã hội, "
        "đầu tư công, đầu tư trong nước và nước ngoài, đăng ký doanh nghiệp.",
    },
    "Sở Tài nguyên và Môi trường": {
        "sort_order": 4,
        "head_title": "Giám đốc",
        "head_name": "Vũ Văn Khánh",
        "phone": "0221 3863 688",
        "opening_hours": WORKING_HOURS,
    },
    "Sở Xây dựng": {
        "sort_order": 5,
        "head_title": "Giám đốc",
        "head_name": "Hoàng Thị Lan",
        "phone": "0221 3862 495",
        "opening_hours": WORKING_HOURS,
    },
    "Ủy ban nhân dân huyện Văn Lâm": {
        "sort_order": 10,
        "head_title": "Chủ tịch",
        "head_name": "Bùi Văn Sơn",
        "address": "Thị trấn Như Quỳnh, huyện Văn Lâm",
        "phone": "0221 3985 100",
        "email": "ubnd.vanlam@hungyen.gov.vn",
        "opening_hours": WORKING_HOURS,
    },
    "Ủy ban nhân dân huyện Văn Giang": {
        "sort_order": 11,
        "head_title": "Chủ tịch",
        "head_name": "Ngô Thị Mai",
        "address": "Thị trấn Văn Giang, huyện Văn Giang",
        "phone": "0221 3931 100",
        "email": "ubnd.vangiang@hungyen.gov.vn",
        "opening_hours": WORKING_HOURS,
    },
    "Công an tỉnh": {"sort_order": 3, "phone": "0221 3862 040"},
    "Cục Thuế tỉnh": {"sort_order": 4, "phone": "0221 3863 560"},
    "Ủy ban nhân dân cấp huyện": {"sort_order": 20},
}

#: (body, name, position, phone, e-mail): invented officials' public contacts.
CONTACTS = [
    (
        "Ủy ban nhân dân tỉnh Hưng Yên",
        "Nguyễn Văn Hòa",
        "Chủ tịch",
        "0221 3862 161",
        "",
    ),
    (
        "Ủy ban nhân dân tỉnh Hưng Yên",
        "Trần Thị Thu",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "0221 3862 170",
        "vanphong@hungyen.gov.vn",
    ),
    (
        "Sở Nội vụ tỉnh Hưng Yên",
        "Lê Thị Thanh Hương",
        "Giám đốc",
        "0221 3862 207",
        "sonv@hungyen.gov.vn",
    ),
    (
        "Sở Nội vụ tỉnh Hưng Yên",
        "Đinh Công Bằng",
        "Phó Giám đốc",
        "0221 3862 208",
        "",
    ),
    (
        "Sở Tư pháp",
        "Phạm Đức Thắng",
        "Giám đốc",
        "0221 3863 226",
        "stp@hungyen.gov.vn",
    ),
    (
        "Sở Tư pháp",
        "Nguyễn Thị Ngọc Ánh",
        "Chánh Văn phòng Sở",
        "0221 3863 229",
        "vanphong.stp@hungyen.gov.vn",
    ),
    (
        "Sở Kế hoạch và Đầu tư",
        "Đỗ Minh Tuấn",
        "Giám đốc",
        "0221 3862 369",
        "skhdt@hungyen.gov.vn",
    ),
    (
        "Ủy ban nhân dân huyện Văn Lâm",
        "Bùi Văn Sơn",
        "Chủ tịch",
        "0221 3985 100",
        "ubnd.vanlam@hungyen.gov.vn",
    ),
    (
        "Ủy ban nhân dân huyện Văn Lâm",
        "Phan Thị Hạnh",
        "Chánh Văn phòng HĐND và UBND huyện",
        "0221 3985 102",
        "",
    ),
]

#: The province portal's chart and directory start from these bodies.
PROVINCE_TOPS = [
    "Hội đồng nhân dân tỉnh Hưng Yên",
    "Ủy ban nhân dân tỉnh Hưng Yên",
    "Công an tỉnh",
    "Cục Thuế tỉnh",
]


def ensure_body_details() -> None:
    for name, details in BODY_DETAILS.items():
        body = PublicBody.objects.filter(name=name).first()
        if body is None:
            continue
        changed = [
            field
            for field, value in details.items()
            if not getattr(body, field) and value
        ]
        for field in changed:
            setattr(body, field, details[field])
        if changed:
            body.save(update_fields=changed)


def ensure_contacts() -> int:
    created = 0
    for order, (body_name, name, position, phone, email) in enumerate(CONTACTS):
        body = PublicBody.objects.filter(name=body_name).first()
        if body is None:
            continue
        _contact, new = PublicContact.objects.get_or_create(
            body=body,
            name=name,
            position=position,
            defaults={"phone": phone, "email": email, "sort_order": order},
        )
        created += new
    return created


def ensure_chart(parent: Page, tops: list[PublicBody] = ()) -> OrganisationChartPage:
    """The chart page `co-cau-to-chuc` under `parent`; a plain section of that
    slug (the demo's list of names before there were charts) makes way for it."""
    existing = parent.get_children().filter(slug="co-cau-to-chuc").specific().first()
    if existing is not None and not isinstance(existing, OrganisationChartPage):
        if isinstance(existing, SectionPage) and not existing.get_children().exists():
            existing.delete()
    chart = ensure_child(
        parent,
        OrganisationChartPage,
        "co-cau-to-chuc",
        title="Cơ cấu tổ chức",
        intro="Các cơ quan, đơn vị và mối quan hệ trực thuộc; chọn một cơ quan để "
        "xem địa chỉ, người đứng đầu, giờ làm việc, văn bản và tin tức của cơ quan.",
    )
    _set_tops(chart, tops)
    return chart


def ensure_directory(parent: Page, tops: list[PublicBody] = ()) -> DirectoryPage:
    directory = ensure_child(
        parent,
        DirectoryPage,
        "danh-ba",
        title="Danh bạ",
        intro="Địa chỉ, điện thoại, thư điện tử của các cơ quan, đơn vị và cán bộ "
        "lãnh đạo. Gõ tên cơ quan hoặc người cần tìm, có dấu hay không dấu đều được.",
    )
    _set_tops(directory, tops)
    return directory


def _set_tops(page, tops) -> None:
    if tops and not page.top_bodies.exists():
        page.top_bodies.set(tops)
        page.save_revision().publish()


ENGLISH_HOURS = (
    "Monday to Friday, 7:30 - 11:30 and 13:30 - 17:00 (closed on public holidays)."
)

#: The English names, titles and duties of the bodies the English chart shows
#: (name -> texts); the others stay out of it.
ENGLISH_BODIES = {
    "Hội đồng nhân dân tỉnh Hưng Yên": {
        "name": "Hung Yen Provincial People's Council",
        "head_title": "Chair",
        "functions": "The local body of state power, elected by the province's "
        "voters: it decides the province's main matters and oversees how the law "
        "is applied.",
    },
    "Ủy ban nhân dân tỉnh Hưng Yên": {
        "name": "Hung Yen Provincial People's Committee",
        "head_title": "Chairman",
        "address": "No. 6 Chua Chuong Street, Hien Nam Ward, Hung Yen City",
        "opening_hours": ENGLISH_HOURS,
        "functions": "The province's executive body: it carries out the Council's "
        "resolutions and runs the state administration in the province.",
    },
    "Sở Nội vụ tỉnh Hưng Yên": {
        "name": "Department of Home Affairs",
        "head_title": "Director",
        "address": "No. 10 Chua Chuong Street, Hien Nam Ward, Hung Yen City",
        "opening_hours": ENGLISH_HOURS,
        "functions": "Organisation of government bodies, civil servants, local "
        "government, emulation and awards, archives.",
    },
    "Sở Tư pháp": {
        "name": "Department of Justice",
        "head_title": "Director",
        "address": "No. 12 Le Lai Street, Hien Nam Ward, Hung Yen City",
        "opening_hours": ENGLISH_HOURS,
        "functions": "Law-making and review, legal education, civil status, "
        "nationality, judicial records and legal services.",
    },
    "Sở Kế hoạch và Đầu tư": {
        "name": "Department of Planning and Investment",
        "head_title": "Director",
        "address": "No. 2 Chua Chuong Street, Hien Nam Ward, Hung Yen City",
        "opening_hours": ENGLISH_HOURS,
        "functions": "Socio-economic planning, public investment, domestic and "
        "foreign investment projects, business registration.",
    },
    "Sở Tài nguyên và Môi trường": {
        "name": "Department of Natural Resources and Environment",
        "head_title": "Director",
    },
    "Sở Xây dựng": {"name": "Department of Construction", "head_title": "Director"},
    "Công an tỉnh": {"name": "Provincial Police"},
    "Cục Thuế tỉnh": {"name": "Provincial Tax Department"},
}


def ensure_english_chart(home, tops) -> None:
    """The bodies' English texts, and the English chart (the Vietnamese chart's
    translation) in the English introduction, when the demo has an English
    section."""
    english, locale = english_home(home), english_locale()
    about = english.get_children().filter(slug="about").first() if english else None
    if about is None or locale is None:
        return
    for name, texts in ENGLISH_BODIES.items():
        body = PublicBody.objects.filter(name=name).first()
        if body is not None:
            PublicBodyTranslation.objects.get_or_create(
                body=body, locale=locale, defaults=texts
            )
    chart = (
        home.get_children()
        .filter(slug="gioi-thieu")
        .first()
        .get_children()
        .filter(slug="co-cau-to-chuc")
        .first()
    )
    english_chart = ensure_child(
        about,
        OrganisationChartPage,
        "organisation",
        translation_of=chart,
        title="Organisation and contacts",
        intro="The provincial bodies, who leads them and how to reach them; choose "
        "a body for its address, telephone, e-mail and opening hours.",
    )
    _set_tops(english_chart, tops)


def load_demo(command, home) -> None:
    ensure_body_details()
    contacts = ensure_contacts()
    tops = list(PublicBody.objects.filter(name__in=PROVINCE_TOPS))
    tops.sort(key=lambda body: PROVINCE_TOPS.index(body.name))
    intro = ensure_child(home, SectionPage, "gioi-thieu", title="Giới thiệu")
    ensure_chart(intro, tops)
    ensure_directory(home, tops)
    ensure_english_chart(home, tops)
    command.stdout.write(
        f"  organisation: cơ cấu tổ chức, danh bạ, {contacts} liên hệ mới"
    )


def ensure_member_pages(home) -> list[Page]:
    """A member portal's chart (in its introduction) and directory, both of the
    portal's own body (its settings): the directory is a section of its own."""
    intro = home.get_children().filter(slug="gioi-thieu").first()
    if intro is not None:
        ensure_chart(intro)
    return [ensure_directory(home)]
