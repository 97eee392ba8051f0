"""Demo news of the province portal: categories, a dozen articles and the publishing
workflow. Idempotent: existing pages are left as editors changed them."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal.core.demo_utils import english_home, ensure_child, ensure_demo_image

from .models import NewsCitedDocument, NewsIndexPage, NewsPage, NewsSyndication

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REVIEWERS_GROUP = "Người duyệt"
WORKFLOW_NAME = "Quy trình xuất bản tin"
REVIEW_TASK_NAME = "Duyệt tin"

CATEGORIES = [
    (
        "tin-hoat-dong",
        "Tin hoạt động",
        "Hoạt động của lãnh đạo tỉnh, các sở, ban, ngành và địa phương.",
        (165, 14, 31),
    ),
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        "Kế hoạch, kết quả và gương điển hình trong cải cách hành chính.",
        (11, 79, 156),
    ),
    (
        "kinh-te-xa-hoi",
        "Kinh tế - Xã hội",
        "Tình hình sản xuất, đầu tư, thu ngân sách và an sinh xã hội.",
        (29, 107, 50),
    ),
    (
        "van-hoa-xa-hoi",
        "Văn hóa - Xã hội",
        "Giáo dục, y tế, văn hóa, thể thao và du lịch.",
        (138, 90, 0),
    ),
    (
        "thong-bao",
        "Thông báo",
        "Thông báo của Ủy ban nhân dân tỉnh và các cơ quan nhà nước.",
        (77, 77, 77),
    ),
]


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


#: (category, slug, title, sapo, date, author, source, tags, featured, body, cited)
NEWS = [
    (
        "cai-cach-hanh-chinh",
        "ban-hanh-ke-hoach-cai-cach-hanh-chinh-nam-2020",
        "Ban hành Kế hoạch cải cách hành chính tỉnh Hưng Yên năm 2020",
        "Ngày 24/12/2019, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 146/KH-UBND về "
        "cải cách hành chính năm 2020, đặt mục tiêu nâng cao chỉ số cải cách hành "
        "chính và mức độ hài lòng của người dân, doanh nghiệp.",
        (2019, 12, 24, 16, 30),
        "Thu Hà",
        "Sở Nội vụ",
        ["cải cách hành chính", "kế hoạch", "chỉ số PAR INDEX"],
        True,
        [
            (
                "paragraph",
                p(
                    "Kế hoạch xác định cải cách hành chính là nhiệm vụ trọng tâm, "
                    "thường xuyên của cả hệ thống chính trị; người đứng đầu cơ quan, "
                    "đơn vị chịu trách nhiệm trực tiếp về kết quả cải cách hành chính "
                    "tại cơ quan, đơn vị mình.",
                ),
            ),
            ("heading", {"text": "Mục tiêu năm 2020", "level": "h2", "anchor": ""}),
            (
                "paragraph",
                "<ul><li>Cải thiện thứ hạng chỉ số cải cách hành chính (PAR INDEX) "
                "và chỉ số hài lòng về sự phục vụ hành chính (SIPAS);</li>"
                "<li>100% thủ tục hành chính được công khai đầy đủ, đúng quy định;</li>"
                "<li>Tăng tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến mức độ 3, "
                "mức độ 4;</li><li>Tiếp tục sắp xếp tổ chức bộ máy tinh gọn, hoạt động "
                "hiệu lực, hiệu quả.</li></ul>",
            ),
            (
                "heading",
                {"text": "Sáu nhóm nhiệm vụ", "level": "h2", "anchor": ""},
            ),
            (
                "paragraph",
                p(
                    "Kế hoạch giao nhiệm vụ cụ thể theo sáu lĩnh vực: cải cách thể chế, "
                    "cải cách thủ tục hành chính, cải cách tổ chức bộ máy, cải cách chế "
                    "độ công vụ, cải cách tài chính công và xây dựng chính quyền điện "
                    "tử. Mỗi nhiệm vụ có cơ quan chủ trì, cơ quan phối hợp và thời hạn "
                    "hoàn thành.",
                ),
            ),
            (
                "callout",
                {
                    "kind": "important",
                    "title": "Báo cáo định kỳ",
                    "text": p(
                        "Các sở, ngành, Ủy ban nhân dân cấp huyện gửi báo cáo cải cách "
                        "hành chính hằng quý về Sở Nội vụ trước ngày 15 của tháng cuối "
                        "quý để tổng hợp."
                    ),
                },
            ),
        ],
        [("146/KH-UBND", "Kế hoạch")],
    ),
    (
        "cai-cach-hanh-chinh",
        "trung-tam-phuc-vu-hanh-chinh-cong-tiep-nhan-hon-10-nghin-ho-so",
        "Trung tâm Phục vụ hành chính công tiếp nhận hơn 10 nghìn hồ sơ trong quý I",
        "Trong quý I/2020, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hơn 10.000 "
        "hồ sơ, trên 99% được giải quyết đúng hạn.",
        (2020, 4, 6, 9, 0),
        "Minh Anh",
        "",
        ["cải cách hành chính", "dịch vụ công trực tuyến"],
        False,
        [
            (
                "paragraph",
                p(
                    "Phần lớn hồ sơ thuộc các lĩnh vực đất đai, đăng ký doanh nghiệp, "
                    "tư pháp và giao thông vận tải. Số hồ sơ nộp trực tuyến tăng rõ "
                    "so với cùng kỳ năm trước."
                ),
            ),
            (
                "table",
                {
                    "table_caption": "Hồ sơ tiếp nhận quý I/2020 theo lĩnh vực",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [
                        ["Lĩnh vực", "Tiếp nhận", "Đúng hạn"],
                        ["Đất đai", "4.215", "98,9%"],
                        ["Đăng ký doanh nghiệp", "2.730", "100%"],
                        ["Tư pháp", "1.980", "99,7%"],
                        ["Giao thông vận tải", "1.240", "99,5%"],
                    ],
                },
            ),
        ],
        [],
    ),
    (
        "cai-cach-hanh-chinh",
        "huong-dan-nop-ho-so-truc-tuyen-tren-cong-dich-vu-cong",
        "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng Dịch vụ công",
        "Người dân, doanh nghiệp có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả "
        "thủ tục hành chính mà không cần đến cơ quan nhà nước.",
        (2020, 5, 12, 8, 15),
        "Ban biên tập",
        "",
        ["dịch vụ công trực tuyến"],
        False,
        [
            (
                "accordion",
                {
                    "title": "Câu hỏi thường gặp",
                    "items": [
                        {
                            "title": "Cần chuẩn bị gì trước khi nộp hồ sơ trực tuyến?",
                            "content": p(
                                "Một tài khoản trên Cổng Dịch vụ công và bản chụp "
                                "hoặc bản quét các giấy tờ theo yêu cầu của thủ tục."
                            ),
                        },
                        {
                            "title": "Làm sao biết hồ sơ đã được tiếp nhận?",
                            "content": p(
                                "Hệ thống gửi mã hồ sơ qua thư điện tử và tin nhắn; "
                                "dùng mã này để tra cứu tiến độ."
                            ),
                        },
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Nộp hồ sơ ngay",
                    "text": "Tiết kiệm thời gian đi lại, theo dõi kết quả mọi lúc.",
                    "link": {
                        "text": "Đến Cổng Dịch vụ công quốc gia",
                        "page": None,
                        "url": "https://dichvucong.gov.vn/",
                    },
                },
            ),
        ],
        [],
    ),
    (
        "tin-hoat-dong",
        "hoi-nghi-tong-ket-cong-tac-nam-2019",
        "Hội nghị tổng kết công tác năm 2019, triển khai nhiệm vụ năm 2020",
        "Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác chỉ đạo, điều hành "
        "năm 2019 và triển khai nhiệm vụ trọng tâm năm 2020.",
        (2019, 12, 30, 10, 0),
        "Quang Huy",
        "Văn phòng UBND tỉnh",
        ["hội nghị", "kinh tế - xã hội"],
        False,
        [
            (
                "paragraph",
                p(
                    "Năm 2019, tỉnh hoàn thành và vượt nhiều chỉ tiêu kinh tế - xã hội "
                    "chủ yếu; thu hút đầu tư tiếp tục khởi sắc; các lĩnh vực văn hóa, "
                    "giáo dục, y tế có nhiều chuyển biến.",
                ),
            ),
            (
                "quote",
                {
                    "text": "Năm 2020 phải tạo chuyển biến thực chất trong cải cách "
                    "hành chính, lấy sự hài lòng của người dân làm thước đo.",
                    "attribution": "Chủ tịch Ủy ban nhân dân tỉnh",
                    "role": "",
                },
            ),
        ],
        [("146/KH-UBND", "Kế hoạch")],
    ),
    (
        "tin-hoat-dong",
        "lanh-dao-tinh-kiem-tra-tien-do-du-an-duong-noi-hai-cao-toc",
        "Lãnh đạo tỉnh kiểm tra tiến độ dự án đường nối hai tuyến cao tốc",
        "Đoàn công tác của tỉnh kiểm tra hiện trường, yêu cầu chủ đầu tư đẩy nhanh giải "
        "phóng mặt bằng để bàn giao cho nhà thầu.",
        (2020, 3, 18, 14, 0),
        "Quang Huy",
        "",
        ["giao thông", "đầu tư công"],
        False,
        [
            (
                "paragraph",
                p(
                    "Tại các điểm kiểm tra, đại diện nhà thầu báo cáo khối lượng đã "
                    "thực hiện và những vướng mắc về mặt bằng. Lãnh đạo tỉnh giao các "
                    "huyện có dự án đi qua hoàn thành bàn giao mặt bằng trong quý II."
                ),
            ),
        ],
        [],
    ),
    (
        "tin-hoat-dong",
        "tiep-cong-dan-dinh-ky-thang-6",
        "Tiếp công dân định kỳ tháng 6",
        "Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ, trực tiếp nghe và giải "
        "quyết kiến nghị về đất đai, bồi thường giải phóng mặt bằng.",
        (2020, 6, 15, 8, 0),
        "Thu Hà",
        "Ban Tiếp công dân tỉnh",
        ["tiếp công dân"],
        False,
        [
            (
                "paragraph",
                p(
                    "Các kiến nghị được ghi nhận đầy đủ; những vụ việc thuộc thẩm quyền "
                    "được giao cơ quan chuyên môn xem xét, trả lời bằng văn bản trong "
                    "thời hạn luật định."
                ),
            ),
        ],
        [],
    ),
    (
        "kinh-te-xa-hoi",
        "thu-hut-dau-tu-6-thang-dau-nam",
        "Thu hút đầu tư 6 tháng đầu năm tăng so với cùng kỳ",
        "Sáu tháng đầu năm 2020, tỉnh cấp mới và điều chỉnh vốn cho nhiều dự án đầu tư "
        "trong nước và nước ngoài, tập trung tại các khu công nghiệp.",
        (2020, 7, 2, 9, 30),
        "Ngọc Lan",
        "Sở Kế hoạch và Đầu tư",
        ["đầu tư", "kinh tế - xã hội"],
        False,
        [
            (
                "paragraph",
                p(
                    "Các dự án mới chủ yếu thuộc lĩnh vực công nghiệp chế biến, chế tạo, "
                    "điện tử và logistics. Tỉnh tiếp tục rà soát, tháo gỡ khó khăn cho "
                    "doanh nghiệp bị ảnh hưởng bởi dịch bệnh."
                ),
            ),
        ],
        [],
    ),
    (
        "kinh-te-xa-hoi",
        "nhan-long-hung-yen-vao-vu-thu-hoach",
        "Nhãn lồng Hưng Yên vào vụ thu hoạch",
        "Nông dân các huyện Khoái Châu, Kim Động và thành phố Hưng Yên bắt đầu thu "
        "hoạch nhãn; tỉnh hỗ trợ kết nối tiêu thụ trong và ngoài nước.",
        (2020, 7, 20, 7, 45),
        "Ngọc Lan",
        "Sở Nông nghiệp và Phát triển nông thôn",
        ["nông nghiệp", "nhãn lồng"],
        False,
        [
            (
                "paragraph",
                p(
                    "Năm nay nhãn đậu quả tốt, chất lượng đồng đều. Nhiều vùng trồng "
                    "được cấp mã số để xuất khẩu; các hợp tác xã đẩy mạnh bán hàng qua "
                    "sàn thương mại điện tử."
                ),
            ),
        ],
        [],
    ),
    (
        "van-hoa-xa-hoi",
        "le-hoi-van-hoa-pho-hien",
        "Khai mạc Lễ hội văn hóa truyền thống Phố Hiến",
        "Lễ hội tái hiện không gian thương cảng Phố Hiến xưa với nhiều hoạt động văn "
        "hóa, thể thao và ẩm thực đặc sắc.",
        (2020, 1, 10, 19, 0),
        "Hải Yến",
        "Sở Văn hóa, Thể thao và Du lịch",
        ["lễ hội", "du lịch", "Phố Hiến"],
        False,
        [
            (
                "paragraph",
                p(
                    "Chương trình gồm lễ rước, trình diễn nghệ thuật dân gian, hội "
                    "thi thể thao truyền thống và không gian giới thiệu sản phẩm đặc "
                    "trưng của các huyện, thị xã, thành phố."
                ),
            ),
        ],
        [],
    ),
    (
        "van-hoa-xa-hoi",
        "ky-thi-tot-nghiep-thpt-dien-ra-an-toan",
        "Kỳ thi tốt nghiệp trung học phổ thông diễn ra an toàn, nghiêm túc",
        "Các điểm thi trên địa bàn tỉnh được bố trí đầy đủ lực lượng y tế, an ninh; "
        "thí sinh dự thi đạt tỷ lệ cao.",
        (2020, 8, 10, 11, 0),
        "Hải Yến",
        "Sở Giáo dục và Đào tạo",
        ["giáo dục"],
        False,
        [
            (
                "paragraph",
                p(
                    "Ban chỉ đạo thi của tỉnh kiểm tra các điểm thi, yêu cầu thực hiện "
                    "nghiêm quy chế và các biện pháp phòng, chống dịch bệnh."
                ),
            ),
        ],
        [],
    ),
    (
        "thong-bao",
        "thong-bao-lich-tiep-cong-dan-quy-iii",
        "Thông báo lịch tiếp công dân quý III năm 2020",
        "Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân tỉnh trong quý III "
        "năm 2020 tại Trụ sở Tiếp công dân tỉnh.",
        (2020, 6, 29, 15, 0),
        "",
        "Văn phòng UBND tỉnh",
        ["tiếp công dân", "thông báo"],
        False,
        [
            (
                "table",
                {
                    "table_caption": "Lịch tiếp công dân quý III/2020",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [
                        ["Tháng", "Ngày tiếp", "Địa điểm"],
                        ["Tháng 7", "15/7/2020", "Trụ sở Tiếp công dân tỉnh"],
                        ["Tháng 8", "17/8/2020", "Trụ sở Tiếp công dân tỉnh"],
                        ["Tháng 9", "15/9/2020", "Trụ sở Tiếp công dân tỉnh"],
                    ],
                },
            ),
            (
                "callout",
                {
                    "kind": "info",
                    "title": "",
                    "text": p(
                        "Công dân mang theo giấy tờ tùy thân và tài liệu liên quan "
                        "đến nội dung kiến nghị."
                    ),
                },
            ),
        ],
        [],
    ),
    (
        "thong-bao",
        "thong-bao-tuyen-dung-cong-chuc-nam-2020",
        "Thông báo tuyển dụng công chức năm 2020",
        "Ủy ban nhân dân tỉnh thông báo tuyển dụng công chức vào làm việc tại các sở, "
        "ban, ngành và Ủy ban nhân dân cấp huyện.",
        (2020, 8, 3, 8, 0),
        "",
        "Sở Nội vụ",
        ["tuyển dụng", "thông báo", "cải cách hành chính"],
        False,
        [
            (
                "paragraph",
                p(
                    "Người đăng ký dự tuyển nộp phiếu đăng ký theo mẫu tại Sở Nội vụ "
                    "hoặc qua Cổng Dịch vụ công của tỉnh trong thời hạn 30 ngày kể từ "
                    "ngày thông báo."
                ),
            ),
        ],
        [],
    ),
]


def ensure_news(category, spec, image):
    (
        _category,
        slug,
        title,
        sapo,
        when,
        author,
        source,
        tags,
        featured,
        body,
        cited,
    ) = spec
    existing = category.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = NewsPage(
        slug=slug,
        title=title,
        sapo=sapo,
        hero_image=image,
        hero_caption=title,
        body=body,
        author=author,
        source=source,
        featured=featured,
        publication_date=datetime.datetime(*when, tzinfo=TZ),
        cited_documents=[
            NewsCitedDocument(number=number, label=label) for number, label in cited
        ],
    )
    page.tags.add(*tags)
    category.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_workflow(news_root) -> Workflow:
    """Biên tập (draft) → duyệt (review by "Người duyệt") → xuất bản (publish)."""
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    if not WorkflowPage.objects.filter(page=news_root).exists():
        WorkflowPage.objects.create(page=news_root, workflow=workflow)
    # Reviewers publish what they approve; the site-wide permission bootstrap may
    # grant more, this is the least the workflow needs to work on its own.
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=reviewers,
            page=news_root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return workflow


def load_demo(command, home):
    news_root = ensure_child(
        home,
        NewsIndexPage,
        "tin-tuc",
        title="Tin tức - Sự kiện",
        intro="Tin tức, sự kiện nổi bật của tỉnh và thông báo của cơ quan nhà nước.",
        show_on_home=False,
    )
    categories = {}
    for slug, title, intro, colour in CATEGORIES:
        categories[slug] = (
            ensure_child(news_root, NewsIndexPage, slug, title=title, intro=intro),
            colour,
        )
    for spec in NEWS:
        category, colour = categories[spec[0]]
        image = ensure_demo_image(spec[2], colour=colour)
        ensure_news(category, spec, image)
    ensure_workflow(news_root)
    ensure_english_news(home, news_root)
    command.stdout.write(
        f"  news: {len(CATEGORIES)} chuyên mục, {len(NEWS)} tin, quy trình xuất bản"
    )


#: The English section's news: (slug, title, sapo, date, body, slug of the
#: Vietnamese article it translates or "").
ENGLISH_NEWS = [
    (
        "2020-administrative-reform-plan",
        "Hung Yen adopts its administrative reform plan for 2020",
        "On 24 December 2019 the Provincial People's Committee issued Plan No. "
        "146/KH-UBND on administrative reform in 2020, aiming at simpler procedures "
        "and greater satisfaction of citizens and businesses.",
        (2019, 12, 24, 16, 30),
        p(
            "The plan makes administrative reform a standing task of every body in "
            "the province, and holds the head of each body answerable for its "
            "results.",
            "Priorities for 2020 include reviewing and simplifying procedures, "
            "handling more applications online and through the one-stop offices, "
            "and measuring how satisfied people are with public services.",
        ),
        "ban-hanh-ke-hoach-cai-cach-hanh-chinh-nam-2020",
    ),
    (
        "online-public-services",
        "Public services online: apply from home",
        "Many of the province's administrative procedures can be started and "
        "followed online, without a visit to an office.",
        (2024, 10, 8, 9, 0),
        p(
            "Citizens and businesses can file applications through the national "
            "public service portal, follow their progress and receive the result by "
            "post. Procedures are described step by step in Vietnamese on this "
            "portal, with the forms, fees and time limits of each.",
        ),
        "",
    ),
    (
        "longan-season",
        "Longan season brings buyers to Hung Yen",
        "Hung Yen's longan, a specialty of the province, is harvested in summer "
        "and sold across the country and abroad.",
        (2024, 7, 25, 8, 0),
        p(
            "The fruit is grown across the province, with the oldest orchards near "
            "Hung Yen City. Growers' cooperatives work with traders and exporters, "
            "and the province promotes the fruit at fairs every summer.",
        ),
        "",
    ),
]


def ensure_english_news(home, news_root) -> None:
    """The English news page (the Vietnamese top news page's translation) and its
    articles, when the demo has an English section."""
    english = english_home(home)
    if english is None:
        return
    index = ensure_child(
        english,
        NewsIndexPage,
        "news",
        translation_of=news_root,
        title="News",
        intro="News from Hung Yen province in English.",
        show_on_home=False,
    )
    for slug, title, sapo, when, body, source_slug in ENGLISH_NEWS:
        source = (
            NewsPage.objects.descendant_of(news_root).filter(slug=source_slug).first()
            if source_slug
            else None
        )
        ensure_child(
            index,
            NewsPage,
            slug,
            translation_of=source,
            title=title,
            sapo=sapo,
            body=[("paragraph", body)],
            author="Editorial office",
            publication_date=datetime.datetime(*when, tzinfo=TZ),
        )


#: A district's article the province's portal lists (news syndication).
MEMBER_NEWS = (
    "vanlam.localhost",
    "van-lam-khanh-thanh-truong-mam-non-dat-chuan",
    "Huyện Văn Lâm khánh thành Trường Mầm non Lạc Đạo đạt chuẩn quốc gia",
    "Sáng 12/11/2024, Ủy ban nhân dân huyện Văn Lâm tổ chức lễ khánh thành Trường "
    "Mầm non Lạc Đạo đạt chuẩn quốc gia mức độ 1, với 12 phòng học và bếp ăn một "
    "chiều.",
    (2024, 11, 12, 10, 0),
)


def load_member_demo(command):
    """A district's article, put forward to the province's portal and accepted there
    into its top news page, so that the province's home page shows it with its
    origin."""
    from .syndication import receiving_index

    hostname, slug, title, sapo, when = MEMBER_NEWS
    member = Site.objects.filter(hostname=hostname).select_related("root_page").first()
    province = Site.objects.filter(is_default_site=True).first()
    if member is None or province is None:
        return
    news_root = NewsIndexPage.objects.descendant_of(member.root_page).first()
    if news_root is None:
        return
    page = news_root.get_children().filter(slug=slug).specific().first()
    if page is None:
        page = NewsPage(
            slug=slug,
            title=title,
            sapo=sapo,
            body=[("paragraph", p(sapo))],
            source="Ủy ban nhân dân huyện Văn Lâm",
            publication_date=datetime.datetime(*when, tzinfo=TZ),
        )
        news_root.add_child(instance=page)
        page.save_revision().publish()
    NewsSyndication.objects.get_or_create(
        news=page,
        site=province,
        defaults={
            "status": NewsSyndication.Status.ACCEPTED,
            "target_index": receiving_index(province),
            "decided_at": timezone.now(),
        },
    )
    command.stdout.write("  news: một tin của huyện Văn Lâm đăng trên cổng tỉnh")
