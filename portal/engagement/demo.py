"""Demo content of the engagement app. Idempotent: a second run changes nothing."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from portal.core.demo_utils import ensure_child

from .models import (
    ContactPage,
    DraftComment,
    DraftIndexPage,
    DraftPage,
    Poll,
    PollOption,
    PollVote,
    Question,
    QuestionIndexPage,
    QuestionTopic,
    SiteNotice,
)
from .models.contact import standard_form_fields

SERVICE_POLL = "Đánh giá của bạn về chất lượng của dịch vụ công trực tuyến"
POLL_OPTIONS = [
    ("Rất hài lòng", 128),
    ("Hài lòng", 86),
    ("Bình thường", 31),
    ("Không hài lòng", 12),
]

TOPICS = [
    ("dat-dai", "Đất đai"),
    ("xay-dung", "Xây dựng"),
    ("ho-tich", "Hộ tịch"),
    ("lao-dong-viec-lam", "Lao động - Việc làm"),
    ("thue-phi", "Thuế - Phí - Lệ phí"),
    ("giao-duc", "Giáo dục - Đào tạo"),
    ("y-te", "Y tế - Bảo hiểm"),
]

QUESTIONS = [
    {
        "topic": "dat-dai",
        "asker_name": "Nguyễn Văn Hùng",
        "asker_email": "hung.nv@example.vn",
        "title": "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu cần những giấy tờ gì?",
        "question": (
            "Gia đình tôi sử dụng thửa đất ở từ năm 1995 tại xã Dị Sử, thị xã Mỹ Hào, "
            "không có tranh chấp nhưng chưa được cấp Giấy chứng nhận. Xin hỏi hồ sơ đề "
            "nghị cấp Giấy chứng nhận quyền sử dụng đất lần đầu gồm những giấy tờ gì và "
            "nộp ở đâu?"
        ),
        "answer": (
            "<p>Hồ sơ gồm: đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK); "
            "giấy tờ về quyền sử dụng đất (nếu có); chứng từ thực hiện nghĩa vụ tài chính "
            "hoặc giấy tờ miễn, giảm (nếu có).</p><p>Ông nộp hồ sơ tại Bộ phận một cửa "
            "của Ủy ban nhân dân cấp xã nơi có đất hoặc tại Trung tâm Phục vụ hành chính "
            "công tỉnh; có thể nộp trực tuyến trên Cổng Dịch vụ công.</p>"
        ),
        "answered_by": "Sở Tài nguyên và Môi trường",
        "status": Question.Status.PUBLISHED,
    },
    {
        "topic": "xay-dung",
        "asker_name": "Trần Thị Mai",
        "asker_email": "mai.tt@example.vn",
        "title": "Xây nhà ở riêng lẻ ở nông thôn có phải xin giấy phép xây dựng không?",
        "question": (
            "Tôi định xây nhà 2 tầng trên đất ở của gia đình tại huyện Khoái Châu, khu "
            "vực chưa có quy hoạch chi tiết. Tôi có phải xin giấy phép xây dựng không?"
        ),
        "answer": (
            "<p>Theo khoản 2 Điều 89 Luật Xây dựng (sửa đổi năm 2020), nhà ở riêng lẻ ở "
            "nông thôn có quy mô dưới 7 tầng thuộc khu vực không có quy hoạch đô thị, "
            "quy hoạch xây dựng khu chức năng hoặc quy hoạch chi tiết xây dựng điểm dân "
            "cư nông thôn đã được phê duyệt thì được miễn giấy phép xây dựng.</p>"
        ),
        "answered_by": "Sở Xây dựng",
        "status": Question.Status.PUBLISHED,
    },
    {
        "topic": "ho-tich",
        "asker_name": "Lê Minh Tuấn",
        "asker_email": "tuan.lm@example.vn",
        "title": "Đăng ký khai sinh trực tuyến cho con",
        "question": (
            "Tôi có thể đăng ký khai sinh cho con qua mạng không, và khi nào thì nhận "
            "được giấy khai sinh bản chính?"
        ),
        "answer": (
            "<p>Được. Anh đăng ký trên Cổng Dịch vụ công quốc gia (thủ tục liên thông "
            "đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới "
            "6 tuổi). Sau khi hồ sơ được giải quyết, anh nhận bản điện tử và có thể nhận "
            "bản chính tại Ủy ban nhân dân cấp xã hoặc qua dịch vụ bưu chính.</p>"
        ),
        "answered_by": "Sở Tư pháp",
        "status": Question.Status.PUBLISHED,
    },
    {
        "topic": "lao-dong-viec-lam",
        "asker_name": "Phạm Thị Hoa",
        "asker_email": "hoa.pt@example.vn",
        "title": "Thời hạn nộp hồ sơ hưởng trợ cấp thất nghiệp",
        "question": (
            "Tôi nghỉ việc ở công ty trong khu công nghiệp Phố Nối A từ đầu tháng. Tôi "
            "phải nộp hồ sơ hưởng trợ cấp thất nghiệp trong thời hạn bao lâu?"
        ),
        "answer": (
            "<p>Trong thời hạn 03 tháng kể từ ngày chấm dứt hợp đồng lao động, chị nộp "
            "hồ sơ đề nghị hưởng trợ cấp thất nghiệp tại Trung tâm Dịch vụ việc làm "
            "tỉnh hoặc nộp trực tuyến.</p>"
        ),
        "answered_by": "Sở Lao động - Thương binh và Xã hội",
        "status": Question.Status.PUBLISHED,
    },
    {
        "topic": "dat-dai",
        "asker_name": "Đỗ Văn Nam",
        "asker_email": "nam.dv@example.vn",
        "title": "",
        "question": (
            "Hồ sơ chuyển nhượng quyền sử dụng đất của tôi nộp đã 20 ngày mà chưa có "
            "kết quả. Thời hạn giải quyết theo quy định là bao nhiêu ngày?"
        ),
        "answer": "",
        "answered_by": "",
        "status": Question.Status.PENDING,
    },
]


#: The closed consultation's report on the comments (báo cáo tiếp thu, giải trình).
FEE_DRAFT_REPORT = (
    "<p>Sau 60 ngày lấy ý kiến, Sở Văn hóa, Thể thao và Du lịch nhận được 2 ý kiến "
    "góp ý của Nhân dân và doanh nghiệp. Kết quả tiếp thu, giải trình như sau:</p>"
    "<ul><li><b>Về đối tượng miễn phí (Điều 4):</b> tiếp thu, bổ sung người cao tuổi "
    "và người khuyết tật vào đối tượng được miễn phí tham quan.</li>"
    "<li><b>Về giảm mức thu cho đoàn khách (Điều 3):</b> chưa tiếp thu, vì mức thu "
    "20.000 đồng/lượt đã tương đương các di tích cùng cấp trong vùng.</li></ul>"
)
FEE_DRAFT_COMMENTS = [
    (
        "Trần Thị Hương",
        "",
        "Điều 4",
        "Đề nghị miễn phí tham quan cho người cao tuổi và người khuyết tật.",
    ),
    (
        "Công ty CP Du lịch Phố Hiến",
        "Công ty CP Du lịch Phố Hiến",
        "Điều 3",
        "Đề nghị giảm mức thu đối với đoàn khách từ 20 người trở lên.",
    ),
]


def _demo_comment(draft, name, organisation, article, comment, **fields):
    return DraftComment.objects.create(
        draft=draft,
        name=name,
        email="gopy@example.vn",
        organisation=organisation,
        article=article,
        comment=comment,
        **fields,
    )


def _draft_document(title: str, paragraphs: list[str]):
    """The draft as a .docx built with python-docx, so that no binary lives in git."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing:
        return existing
    from docx import Document as DocxDocument

    docx = DocxDocument()
    docx.add_heading(title, level=1)
    for paragraph in paragraphs:
        docx.add_paragraph(paragraph)
    buffer = io.BytesIO()
    docx.save(buffer)
    document = document_model(title=title)
    document.file.save("du-thao-han-muc-giao-dat.docx", ContentFile(buffer.getvalue()))
    document.save()
    return document


def load_demo(command, home) -> None:
    now = timezone.now()

    # Poll with votes.
    poll, created = Poll.objects.get_or_create(
        question=SERVICE_POLL,
        defaults={
            "description": (
                "Ý kiến của bạn giúp các cơ quan nâng cao chất lượng giải quyết thủ tục "
                "hành chính trên Cổng Dịch vụ công của tỉnh."
            ),
            "opens_at": now - datetime.timedelta(days=30),
            "closes_at": None,
            # The province's: each portal runs polls of its own.
            "site": Site.objects.filter(root_page=home).first(),
        },
    )
    if created or not poll.options.exists():
        for order, (label, _votes) in enumerate(POLL_OPTIONS):
            PollOption.objects.create(poll=poll, label=label, sort_order=order)
    if not poll.votes.exists():
        options = {option.label: option for option in poll.options.all()}
        PollVote.objects.bulk_create(
            PollVote(poll=poll, option=options[label], created_at=now)
            for label, votes in POLL_OPTIONS
            if label in options
            for _ in range(votes)
        )

    # Questions and answers.
    qa_page = ensure_child(
        home,
        QuestionIndexPage,
        "hoi-dap",
        title="Hỏi đáp",
        intro=(
            "Công dân, doanh nghiệp gửi câu hỏi về chính sách, pháp luật và thủ tục "
            "hành chính; các sở, ngành trả lời và công khai tại đây."
        ),
    )
    topics = {}
    for order, (slug, name) in enumerate(TOPICS):
        topics[slug], _created = QuestionTopic.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    for item in QUESTIONS:
        if Question.objects.filter(
            asker_email=item["asker_email"], question=item["question"]
        ).exists():
            continue
        data = {**item, "topic": topics[item["topic"]]}
        Question.objects.create(
            index_page=qa_page if isinstance(qa_page, QuestionIndexPage) else None,
            submitted_at=now - datetime.timedelta(days=10),
            **data,
        )

    # Consultation on drafts.
    drafts = ensure_child(
        home,
        DraftIndexPage,
        "lay-y-kien-du-thao",
        title="Lấy ý kiến dự thảo",
        intro=(
            "Các dự thảo văn bản quy phạm pháp luật, chính sách của tỉnh được công khai "
            "để lấy ý kiến Nhân dân, doanh nghiệp trước khi ban hành."
        ),
    )
    if isinstance(drafts, DraftIndexPage):
        title = (
            "Dự thảo Quyết định quy định hạn mức giao đất ở, hạn mức công nhận đất ở "
            "trên địa bàn tỉnh"
        )
        document = _draft_document(
            title,
            [
                "Điều 1. Phạm vi điều chỉnh: Quyết định này quy định hạn mức giao đất ở "
                "cho mỗi hộ gia đình, cá nhân và hạn mức công nhận đất ở.",
                "Điều 2. Hạn mức giao đất ở tại các phường không quá 100 m²; tại các xã "
                "không quá 200 m².",
                "Điều 3. Hiệu lực thi hành.",
            ],
        )
        open_draft = ensure_child(
            drafts,
            DraftPage,
            "du-thao-han-muc-giao-dat-o",
            title=title,
            summary=(
                "Dự thảo quy định hạn mức giao đất ở cho hộ gia đình, cá nhân tại các "
                "phường, xã và hạn mức công nhận đất ở đối với thửa đất có vườn, ao, "
                "thực hiện Luật Đất đai năm 2024."
            ),
            drafting_agency="Sở Tài nguyên và Môi trường",
            document=document,
            consultation_start=now - datetime.timedelta(days=5),
            consultation_deadline=now + datetime.timedelta(days=55),
            contact_email="stnmt@example.gov.vn",
        )
        if not open_draft.comments.exists():
            for name, organisation, article, comment, status in [
                (
                    "Vũ Đức Thắng",
                    "",
                    "Điều 2",
                    "Đề nghị quy định rõ hạn mức đối với các xã ven đô đang chuyển "
                    "thành phường trong giai đoạn 2025 - 2030.",
                    DraftComment.Status.APPROVED,
                ),
                (
                    "Công ty TNHH Đầu tư Phố Hiến",
                    "Công ty TNHH Đầu tư Phố Hiến",
                    "Điều 3",
                    "Đề nghị bổ sung quy định chuyển tiếp cho hồ sơ đã nộp trước ngày "
                    "Quyết định có hiệu lực.",
                    DraftComment.Status.APPROVED,
                ),
                (
                    "Nguyễn Thị Lan",
                    "",
                    "",
                    "Tôi đồng ý với dự thảo.",
                    DraftComment.Status.PENDING,
                ),
            ]:
                _demo_comment(
                    open_draft,
                    name,
                    organisation,
                    article,
                    comment,
                    status=status,
                    submitted_at=now - datetime.timedelta(days=2),
                )
        closed_draft = ensure_child(
            drafts,
            DraftPage,
            "du-thao-quy-dinh-phi-tham-quan",
            title="Dự thảo Nghị quyết quy định mức thu phí tham quan di tích Phố Hiến",
            summary="Dự thảo quy định mức thu, chế độ thu, nộp phí tham quan di tích.",
            drafting_agency="Sở Văn hóa, Thể thao và Du lịch",
            consultation_start=now - datetime.timedelta(days=90),
            consultation_deadline=now - datetime.timedelta(days=30),
            report=FEE_DRAFT_REPORT,
        )
        if not closed_draft.comments.exists():
            for name, organisation, article, comment in FEE_DRAFT_COMMENTS:
                _demo_comment(
                    closed_draft,
                    name,
                    organisation,
                    article,
                    comment,
                    status=DraftComment.Status.APPROVED,
                    submitted_at=now - datetime.timedelta(days=45),
                )

    # Contact page: a form built with Wagtail's form builder. The clean names are the
    # ones the page's e-mail reads (SUBJECT_FIELD) and the old form's.
    ensure_child(
        home,
        ContactPage,
        "lien-he",
        title="Liên hệ",
        intro=(
            "Mọi ý kiến góp ý về nội dung của Cổng thông tin, xin gửi cho Ban biên tập "
            "theo mẫu dưới đây hoặc theo địa chỉ liên hệ."
        ),
        subject="Liên hệ",
        form_fields=standard_form_fields(),
    )

    # A scheduled maintenance notice, shown from now until the work is over.
    if not SiteNotice.objects.exists():
        maintenance = timezone.localtime(now + datetime.timedelta(days=3)).replace(
            hour=22, minute=0, second=0, microsecond=0
        )
        SiteNotice.objects.create(
            title="Thông báo bảo trì hệ thống.",
            message=(
                f"Cổng thông tin tạm dừng hoạt động từ 22h00 ngày "
                f"{maintenance:%d/%m/%Y} đến 02h00 ngày "
                f"{maintenance + datetime.timedelta(days=1):%d/%m/%Y} để nâng cấp. "
                "Mong bạn đọc thông cảm."
            ),
            level=SiteNotice.Level.WARNING,
            starts_at=now,
            ends_at=maintenance + datetime.timedelta(hours=4),
        )
    command.stdout.write(
        "  engagement: đánh giá dịch vụ công, hỏi đáp, lấy ý kiến dự thảo, liên hệ, "
        "thông báo"
    )
