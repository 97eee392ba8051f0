"""Demo content: the province's leaders, their work schedule for this week and the
next, the spokesperson, two press releases and a press conference; a district's
leaders and schedule on its member portal.

The people are invented (plausible Vietnamese names, not the province's real
leadership): a demo must not put words in real officials' mouths. The bodies
are the demo's public bodies."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.timezone import localdate
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from portal.core.demo_utils import ensure_child, ensure_demo_image
from portal.core.models import PublicBody

from .models import (
    LeaderIndexPage,
    LeaderPage,
    PressConferenceAttachment,
    PressConferencePage,
    PressIndexPage,
    PressReleaseAttachment,
    PressReleasePage,
    ScheduleEntry,
    SchedulePage,
    ScheduleWeek,
)
from .weeks import monday_of

PROVINCE = "Ủy ban nhân dân tỉnh Hưng Yên"
HALL = "Phòng họp số 1, trụ sở Ủy ban nhân dân tỉnh"

#: (slug, name, position, order, fields in charge, phone, email)
PROVINCE_LEADERS = [
    (
        "nguyen-van-thanh",
        "Nguyễn Văn Thành",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        1,
        "Lãnh đạo, điều hành chung mọi hoạt động của Ủy ban nhân dân tỉnh; trực "
        "tiếp phụ trách công tác nội chính, quốc phòng, an ninh, tổ chức bộ máy, "
        "quy hoạch và kế hoạch phát triển kinh tế - xã hội.",
        "0221 3863 001",
        "chutich@hungyen.gov.vn",
    ),
    (
        "tran-thi-thu-ha",
        "Trần Thị Thu Hà",
        "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh",
        2,
        "Phụ trách lĩnh vực tài chính, ngân sách, đầu tư công, xây dựng cơ bản, "
        "giao thông vận tải, tài nguyên và môi trường; thay mặt Chủ tịch điều hành "
        "khi Chủ tịch đi vắng.",
        "0221 3863 002",
        "pct.thuongtruc@hungyen.gov.vn",
    ),
    (
        "le-minh-quang",
        "Lê Minh Quang",
        "Phó Chủ tịch Ủy ban nhân dân tỉnh",
        3,
        "Phụ trách lĩnh vực công nghiệp, thương mại, nông nghiệp và phát triển "
        "nông thôn, khu công nghiệp, cải cách hành chính và chuyển đổi số.",
        "0221 3863 003",
        "pct.kinhte@hungyen.gov.vn",
    ),
    (
        "pham-thi-lan-anh",
        "Phạm Thị Lan Anh",
        "Phó Chủ tịch Ủy ban nhân dân tỉnh",
        4,
        "Phụ trách lĩnh vực giáo dục và đào tạo, y tế, văn hóa, thể thao và du "
        "lịch, lao động, thương binh và xã hội, dân tộc, tôn giáo.",
        "0221 3863 004",
        "pct.vanhoaxahoi@hungyen.gov.vn",
    ),
]

#: Every week starts with it.
MONDAY_BRIEFING = (
    0,
    "08:00",
    "11:30",
    "",
    "Giao ban lãnh đạo Ủy ban nhân dân tỉnh đầu tuần",
    HALL,
    "Chánh Văn phòng, Phó Chánh Văn phòng Ủy ban nhân dân tỉnh",
    "Chủ tịch Ủy ban nhân dân tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
)

#: (weekday 0-6, start, end, leader slug or "", content, place, participants,
#: host, preparing unit): a week in the shape of the province's published ones.
PROVINCE_WEEK = [
    MONDAY_BRIEFING,
    (
        0,
        "14:00",
        "17:00",
        "tran-thi-thu-ha",
        "Họp thẩm định phương án phân bổ vốn đầu tư công năm sau",
        "Phòng họp số 2, trụ sở Ủy ban nhân dân tỉnh",
        "Sở Tài chính, Sở Kế hoạch và Đầu tư, các chủ đầu tư",
        "",
        "Sở Kế hoạch và Đầu tư",
    ),
    (
        1,
        "08:00",
        "",
        "nguyen-van-thanh",
        "Kiểm tra tiến độ giải phóng mặt bằng tuyến đường Vành đai 4 - Vùng Thủ đô "
        "đoạn qua tỉnh",
        "Huyện Văn Lâm và huyện Yên Mỹ",
        "Lãnh đạo các sở: Xây dựng, Tài nguyên và Môi trường; Ủy ban nhân dân các "
        "huyện có dự án đi qua",
        "",
        "Sở Xây dựng",
    ),
    (
        1,
        "14:00",
        "16:30",
        "le-minh-quang",
        "Làm việc với doanh nghiệp về thủ tục đầu tư vào khu công nghiệp",
        "Ban Quản lý các khu công nghiệp tỉnh",
        "Sở Kế hoạch và Đầu tư, Sở Xây dựng",
        "",
        "Ban Quản lý các khu công nghiệp tỉnh",
    ),
    (
        2,
        "08:00",
        "11:00",
        "pham-thi-lan-anh",
        "Dự lễ phát động phong trào thi đua học tập suốt đời",
        "Trung tâm Văn hóa tỉnh",
        "Sở Giáo dục và Đào tạo, Hội Khuyến học tỉnh",
        "",
        "Sở Giáo dục và Đào tạo",
    ),
    (
        2,
        "14:00",
        "17:00",
        "",
        "Phiên họp thường kỳ của Ủy ban nhân dân tỉnh",
        HALL,
        "Thành viên Ủy ban nhân dân tỉnh; đại diện Thường trực Hội đồng nhân dân tỉnh",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
    ),
    (
        3,
        "08:00",
        "11:30",
        "nguyen-van-thanh",
        "Tiếp công dân định kỳ",
        "Trụ sở Ban Tiếp công dân tỉnh",
        "Thanh tra tỉnh, Sở Tài nguyên và Môi trường, Sở Tư pháp",
        "",
        "Ban Tiếp công dân tỉnh",
    ),
    (
        3,
        "14:00",
        "",
        "le-minh-quang",
        "Họp Ban Chỉ đạo chuyển đổi số tỉnh, đánh giá việc cung cấp dịch vụ công "
        "trực tuyến toàn trình",
        HALL,
        "Thành viên Ban Chỉ đạo",
        "Phó Chủ tịch Ủy ban nhân dân tỉnh Lê Minh Quang",
        "Sở Thông tin và Truyền thông",
    ),
    (
        4,
        "08:00",
        "10:00",
        "tran-thi-thu-ha",
        "Kiểm tra công tác phòng, chống thiên tai và bảo đảm an toàn hệ thống đê",
        "Tuyến đê tả sông Hồng, huyện Văn Giang",
        "Sở Nông nghiệp và Phát triển nông thôn, Ủy ban nhân dân huyện Văn Giang",
        "",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ),
    (
        4,
        "15:00",
        "16:00",
        "",
        "Họp báo thông tin về tình hình kinh tế - xã hội trong tháng",
        "Hội trường Văn phòng Ủy ban nhân dân tỉnh",
        "Cơ quan báo chí Trung ương và địa phương",
        "Người phát ngôn của Ủy ban nhân dân tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
    ),
]

NEXT_WEEK = [
    MONDAY_BRIEFING,
    (
        1,
        "08:30",
        "",
        "pham-thi-lan-anh",
        "Kiểm tra công tác chuẩn bị phục vụ Nhân dân vui Xuân, đón Tết",
        "Các huyện Khoái Châu, Kim Động",
        "Sở Văn hóa, Thể thao và Du lịch",
        "",
        "Sở Văn hóa, Thể thao và Du lịch",
    ),
    (
        2,
        "14:00",
        "17:00",
        "tran-thi-thu-ha",
        "Họp rà soát tiến độ giải ngân vốn đầu tư công",
        HALL,
        "Sở Tài chính, Kho bạc Nhà nước tỉnh, các chủ đầu tư",
        "",
        "Sở Kế hoạch và Đầu tư",
    ),
    (
        3,
        "08:00",
        "",
        "le-minh-quang",
        "Đối thoại với doanh nghiệp về cải cách thủ tục hành chính",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Hiệp hội Doanh nghiệp tỉnh, các sở, ngành",
        "",
        "Sở Nội vụ tỉnh Hưng Yên",
    ),
]

#: A district's own leaders and a week of theirs (its member portal).
DISTRICT_LEADERS = [
    (
        "do-van-hung",
        "Đỗ Văn Hùng",
        "Chủ tịch Ủy ban nhân dân huyện",
        1,
        "Lãnh đạo, điều hành chung; phụ trách tổ chức, nội chính, quy hoạch.",
        "",
        "",
    ),
    (
        "vu-thi-mai",
        "Vũ Thị Mai",
        "Phó Chủ tịch Ủy ban nhân dân huyện",
        2,
        "Phụ trách văn hóa - xã hội, giáo dục, y tế.",
        "",
        "",
    ),
]
DISTRICT_WEEK = [
    (
        0,
        "07:30",
        "09:00",
        "",
        "Giao ban Thường trực Ủy ban nhân dân huyện",
        "Phòng họp Ủy ban nhân dân huyện",
        "Chánh Văn phòng HĐND - UBND huyện",
        "Chủ tịch Ủy ban nhân dân huyện",
        "Văn phòng HĐND - UBND huyện",
    ),
    (
        2,
        "14:00",
        "",
        "vu-thi-mai",
        "Kiểm tra cơ sở vật chất các trường mầm non",
        "Các xã trên địa bàn huyện",
        "Phòng Giáo dục và Đào tạo huyện",
        "",
        "Phòng Giáo dục và Đào tạo huyện",
    ),
]


def ensure_sections(home: Page) -> tuple[LeaderIndexPage, SchedulePage]:
    """The leaders' list and the schedule of a home page (created when missing)."""
    leaders = ensure_child(
        home,
        LeaderIndexPage,
        "lanh-dao",
        title="Lãnh đạo",
        intro="Thông tin về lãnh đạo, lĩnh vực phụ trách và cách liên hệ.",
    )
    schedule = ensure_child(
        home,
        SchedulePage,
        "lich-cong-tac",
        title="Lịch công tác",
        intro="Lịch công tác tuần của lãnh đạo, cập nhật khi có thay đổi.",
    )
    return leaders, schedule


def ensure_leaders(index: LeaderIndexPage, rows, body: PublicBody | None) -> dict:
    found = {}
    for slug, name, position, order, fields, phone, email in rows:
        found[slug] = ensure_child(
            index,
            LeaderPage,
            slug,
            title=name,
            position=position,
            order=order,
            public_body=body,
            responsibilities=f"<p>{fields}</p>",
            phone=phone,
            email=email,
            photo=ensure_demo_image(f"Ảnh chân dung {name}", (60, 60, 70), (600, 800)),
        )
    return found


def ensure_week(schedule: SchedulePage, monday, rows, leaders: dict) -> int:
    """A week of entries, made only when the schedule does not have that week."""
    week, created = ScheduleWeek.objects.get_or_create(schedule=schedule, monday=monday)
    if not created:
        return 0
    entries = []
    for order, row in enumerate(rows):
        weekday, start, end, leader, content, place, people, host, unit = row
        entries.append(
            ScheduleEntry(
                week=week,
                sort_order=order,
                date=monday + datetime.timedelta(days=weekday),
                start_time=datetime.time.fromisoformat(start),
                end_time=datetime.time.fromisoformat(end) if end else None,
                leader=leaders.get(leader),
                content=content,
                place=place,
                participants=people,
                host=host,
                preparing_unit=unit,
            )
        )
    ScheduleEntry.objects.bulk_create(entries)
    return len(entries)


def demo_docx(title: str, paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ensure_document(title: str, paragraphs: list[str]):
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = model(title=title)
    document.file.save(
        f"demo-{abs(hash(title)) % 10**8}.docx",
        ContentFile(demo_docx(title, paragraphs)),
        save=False,
    )
    document.save()
    return document


def ensure_press(home: Page, leaders: dict, body: PublicBody | None) -> None:
    press = ensure_child(
        home,
        PressIndexPage,
        "hop-bao",
        title="Báo chí",
        intro="Người phát ngôn, thông cáo báo chí và họp báo của Ủy ban nhân dân tỉnh.",
        spokesperson_name="Hoàng Đức Minh",
        spokesperson_position="Chánh Văn phòng Ủy ban nhân dân tỉnh, người phát ngôn",
        spokesperson_body=body,
        spokesperson_phone="0221 3862 161",
        spokesperson_email="phatngon@hungyen.gov.vn",
        spokesperson_note=(
            "Cơ quan báo chí đề nghị cung cấp thông tin gửi văn bản về Văn phòng Ủy "
            "ban nhân dân tỉnh; thông tin được trả lời trong thời hạn theo quy định."
        ),
    )
    today = localdate()
    if not press.get_children().exists():
        _release(
            press,
            "thong-cao-ket-qua-ky-hop-hdnd",
            "Thông cáo báo chí về kết quả phiên họp thường kỳ của Ủy ban nhân dân tỉnh",
            today - datetime.timedelta(days=12),
            "15/TCBC-UBND",
            "Ủy ban nhân dân tỉnh thông tin các nội dung chính đã thảo luận và thống "
            "nhất tại phiên họp thường kỳ tháng này.",
            [
                "Phiên họp đã đánh giá tình hình kinh tế - xã hội, thu ngân sách và "
                "giải ngân vốn đầu tư công; thống nhất các giải pháp đẩy nhanh tiến "
                "độ các dự án trọng điểm.",
                "Ủy ban nhân dân tỉnh cho ý kiến vào các dự thảo nghị quyết trình Hội "
                "đồng nhân dân tỉnh tại kỳ họp cuối năm.",
            ],
        )
        _release(
            press,
            "thong-cao-dich-vu-cong-truc-tuyen",
            "Thông cáo báo chí: mở rộng thủ tục hành chính thực hiện trực tuyến toàn trình",
            today - datetime.timedelta(days=4),
            "16/TCBC-UBND",
            "Từ đầu tháng tới, thêm nhiều thủ tục hành chính của cấp tỉnh và cấp "
            "huyện được tiếp nhận và trả kết quả trực tuyến toàn trình.",
            [
                "Người dân, doanh nghiệp nộp hồ sơ trên Cổng Dịch vụ công quốc gia, "
                "theo dõi tiến độ và nhận kết quả điện tử mà không phải đến trụ sở.",
                "Trung tâm Phục vụ hành chính công tỉnh tiếp tục hướng dẫn trực tiếp "
                "cho người chưa quen thực hiện trên mạng.",
            ],
        )
        agenda = ensure_document(
            "Tài liệu họp báo thông tin kinh tế - xã hội",
            [
                "Báo cáo tóm tắt tình hình kinh tế - xã hội trong tháng.",
                "Các chỉ tiêu chủ yếu: tăng trưởng, thu ngân sách, thu hút đầu tư.",
            ],
        )
        start = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=7), datetime.time(15, 0)
            )
        )
        conference = PressConferencePage(
            slug="hop-bao-kinh-te-xa-hoi",
            title="Họp báo thông tin về tình hình kinh tế - xã hội trong tháng",
            start=start,
            place="Hội trường Văn phòng Ủy ban nhân dân tỉnh",
            chair=leaders.get("tran-thi-thu-ha"),
            intro="Ủy ban nhân dân tỉnh thông tin với báo chí tình hình kinh tế - xã "
            "hội, tiến độ các dự án trọng điểm và trả lời câu hỏi của phóng viên.",
            topics="Tình hình kinh tế - xã hội trong tháng\n"
            "Tiến độ giải phóng mặt bằng các dự án giao thông trọng điểm\n"
            "Kết quả cải cách hành chính và dịch vụ công trực tuyến",
            summary="<p>Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh cho biết thu "
            "ngân sách đạt khá so với dự toán; tỉnh tập trung tháo gỡ vướng mắc giải "
            "phóng mặt bằng và đẩy nhanh giải ngân vốn đầu tư công.</p><p>Các sở, "
            "ngành đã trả lời câu hỏi của phóng viên về giá đất bồi thường và lịch "
            "thi công các tuyến đường.</p>",
            attachments=[PressConferenceAttachment(document=agenda, sort_order=0)],
        )
        press.add_child(instance=conference)
        conference.save_revision().publish()


def _release(press, slug, title, date, number, intro, paragraphs) -> None:
    document = ensure_document(f"{title} (bản đầy đủ)", [intro, *paragraphs])
    page = PressReleasePage(
        slug=slug,
        title=title,
        date=date,
        number=number,
        intro=intro,
        body=[("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))],
        attachments=[PressReleaseAttachment(document=document, sort_order=0)],
    )
    press.add_child(instance=page)
    page.save_revision().publish()


def load_demo(command, home: Page) -> None:
    body = PublicBody.objects.filter(name=PROVINCE).first()
    index, schedule = ensure_sections(home)
    leaders = ensure_leaders(index, PROVINCE_LEADERS, body)
    monday = monday_of(localdate())
    entries = ensure_week(schedule, monday, PROVINCE_WEEK, leaders)
    entries += ensure_week(
        schedule, monday + datetime.timedelta(weeks=1), NEXT_WEEK, leaders
    )
    ensure_press(home, leaders, body)
    command.stdout.write(
        f"  leadership: {len(leaders)} lãnh đạo, {entries} mục lịch công tác mới, "
        "người phát ngôn, thông cáo và họp báo"
    )


def load_member_demo(command) -> None:
    """Văn Lâm's portal: its own leaders and this week's schedule."""
    member = Site.objects.filter(hostname__startswith="vanlam.").first()
    if member is None:
        return
    index, schedule = ensure_sections(member.root_page)
    body = PublicBody.objects.filter(name="Ủy ban nhân dân huyện Văn Lâm").first()
    leaders = ensure_leaders(index, DISTRICT_LEADERS, body)
    ensure_week(schedule, monday_of(localdate()), DISTRICT_WEEK, leaders)
