"""Realistic Vietnamese documents the contract suite indexes directly, and the
adapters that register their kinds (the search knows no other)."""

import datetime

from search.registry import IndexedDocument, Kind, SearchAdapter


def doc(
    n,
    title,
    text="",
    *,
    summary="",
    date=None,
    number="",
    field="dat-dai",
    kind="legal",
):
    """A document made up for one test."""
    return IndexedDocument(
        key=f"{kind}:{n}",
        kind=kind,
        title=title,
        url=f"/{kind}/{n}/",
        number=number,
        summary=summary,
        text=text,
        date=date,
        facets={"field": [field], "year": [str(date.year)] if date else []},
    )


PLAN_146 = IndexedDocument(
    key="legal:146",
    kind="legal",
    title="Kế hoạch cải cách hành chính năm 2020",
    url="/van-ban/146-kh-ubnd/",
    number="146/KH-UBND",
    summary="Kế hoạch cải cách hành chính nhà nước năm 2020 trên địa bàn tỉnh Hưng Yên",
    text=(
        "Thực hiện Nghị quyết số 76/NQ-CP của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2011 - 2020, Ủy ban nhân dân tỉnh ban "
        "hành Kế hoạch cải cách hành chính năm 2020. Mục tiêu: nâng cao chỉ số hài lòng "
        "của người dân, đẩy mạnh dịch vụ công trực tuyến mức độ 3, 4."
    ),
    related_numbers=("76/NQ-CP",),
    date=datetime.date(2019, 12, 20),
    facets={
        "doc_type": ["ke-hoach"],
        "body": ["ubnd-tinh"],
        "field": ["cai-cach-hanh-chinh"],
        "year": ["2019"],
        "status": ["con-hieu-luc"],
        "signer": ["tran-quoc-van"],
    },
    extra={"signer": "Trần Quốc Văn"},
)

DECISION_01 = IndexedDocument(
    key="legal:1",
    kind="legal",
    title="Quyết định ban hành Quy định về bảng giá đất trên địa bàn tỉnh",
    url="/van-ban/01-2020-qd-ubnd/",
    number="01/2020/QĐ-UBND",
    summary="Quy định bảng giá các loại đất giai đoạn 2020 - 2024",
    text=(
        "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013; căn cứ Nghị định số "
        "44/2014/NĐ-CP quy định về giá đất. Giá đất ở tại đô thị tính bằng đồng "
        "trên mét vuông."
    ),
    related_numbers=("44/2014/NĐ-CP",),
    date=datetime.date(2020, 1, 10),
    facets={
        "doc_type": ["quyet-dinh"],
        "body": ["ubnd-tinh"],
        "field": ["dat-dai"],
        "year": ["2020"],
        "status": ["het-hieu-luc-mot-phan"],
        "signer": ["nguyen-van-phong"],
    },
)

DECISION_LAND = IndexedDocument(
    key="legal:2",
    kind="legal",
    title="Quyết định về thu hồi đất và bồi thường giải phóng mặt bằng",
    url="/van-ban/15-2021-qd-ubnd/",
    number="15/2021/QĐ-UBND",
    summary="Đất đai: quy định bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
    text="Mức hỗ trợ tính bằng đồng Việt Nam; áp dụng từ ngày ký.",
    related_numbers=("01/2020/QĐ-UBND",),
    date=datetime.date(2021, 5, 4),
    facets={
        "doc_type": ["quyet-dinh"],
        "body": ["ubnd-tinh"],
        "field": ["dat-dai"],
        "year": ["2021"],
        "status": ["con-hieu-luc"],
        "signer": ["nguyen-van-phong"],
    },
)

REPORT_146 = IndexedDocument(
    key="legal:3",
    kind="legal",
    title="Báo cáo kết quả thực hiện công tác dân vận năm 2020",
    url="/van-ban/146-bc-ubnd/",
    number="146/BC-UBND",
    summary="Báo cáo của Ủy ban nhân dân tỉnh về công tác dân vận chính quyền",
    text="Kết quả dân vận chính quyền; kiến nghị với Ban Dân vận Tỉnh ủy.",
    date=datetime.date(2020, 8, 1),
    facets={
        "doc_type": ["bao-cao"],
        "body": ["ubnd-tinh"],
        "field": ["dan-van"],
        "year": ["2020"],
        "status": ["con-hieu-luc"],
        "signer": ["tran-quoc-van"],
    },
)

NEWS_REFORM = IndexedDocument(
    key="news:10",
    kind="news",
    title="Hưng Yên đẩy mạnh cải cách hành chính, nâng cao sự hài lòng của người dân",
    url="/tin-tuc/cai-cach-hanh-chinh/",
    summary="Tỉnh triển khai nhiều giải pháp cải cách hành chính năm 2020.",
    text="Theo Kế hoạch 146/KH-UBND, các sở, ngành rà soát thủ tục hành chính.",
    related_numbers=("146/KH-UBND",),
    date=datetime.date(2020, 3, 2),
    facets={"category": ["thoi-su"], "tag": ["cai-cach-hanh-chinh"], "year": ["2020"]},
)

NEWS_FESTIVAL = IndexedDocument(
    key="news:11",
    kind="news",
    title="Lễ hội Phố Hiến thu hút đông đảo du khách",
    url="/tin-tuc/le-hoi-pho-hien/",
    summary="Lễ hội văn hóa du lịch Phố Hiến năm 2023 khai mạc tại thành phố Hưng Yên.",
    text="Hàng nghìn du khách đến tham quan; vé vào cửa 20.000 đồng.",
    date=datetime.date(2023, 9, 15),
    facets={"category": ["van-hoa"], "tag": ["du-lich"], "year": ["2023"]},
)

PROCEDURE_LAND = IndexedDocument(
    key="procedure:5",
    kind="procedure",
    title="Đăng ký đất đai, tài sản gắn liền với đất lần đầu",
    url="/thu-tuc-hanh-chinh/dang-ky-dat-dai-lan-dau/",
    number="1.004227",
    summary="Thủ tục hành chính lĩnh vực đất đai cấp huyện",
    text="Hồ sơ nộp tại Bộ phận một cửa; lệ phí theo quy định.",
    date=datetime.date(2022, 6, 1),
    facets={
        "field": ["dat-dai"],
        "level": ["cap-huyen"],
        "agency": ["ubnd-huyen"],
        "online_level": ["mot-phan"],
        "channel": ["truc-tuyen", "truc-tiep"],
    },
)

PAGE_INTRO = IndexedDocument(
    key="page:7",
    kind="page",
    title="Giới thiệu chung về tỉnh Hưng Yên",
    url="/gioi-thieu/",
    summary="Vị trí địa lý, lịch sử và văn hóa của tỉnh",
    text="Hưng Yên là tỉnh thuộc đồng bằng sông Hồng, giáp Hà Nội.",
    date=datetime.date(2018, 1, 1),
)

ALL = [
    PLAN_146,
    DECISION_01,
    DECISION_LAND,
    REPORT_146,
    NEWS_REFORM,
    NEWS_FESTIVAL,
    PROCEDURE_LAND,
    PAGE_INTRO,
]


LEGAL = Kind("legal", "Văn bản", order=10)
NEWS = Kind("news", "Tin tức", order=20)
PROCEDURES = Kind("procedure", "Thủ tục hành chính", order=30)
PAGES = Kind("page", "Trang thông tin", order=90)


class LegalTestAdapter(SearchAdapter):
    """A stand-in for the legal app's adapter: facets and their labels, the
    document types' from a vocabulary."""

    kind = LEGAL
    facets = {
        "doc_type": "Loại văn bản",
        "body": "Cơ quan ban hành",
        "field": "Lĩnh vực",
        "year": "Năm",
        "status": "Tình trạng hiệu lực",
        "signer": "Người ký",
    }
    DOC_TYPES = {
        "ke-hoach": ["Kế hoạch"],
        "quyet-dinh": ["Quyết định"],
        "bao-cao": ["Báo cáo"],
    }
    STATUSES = {"con-hieu-luc": "Còn hiệu lực"}

    def vocabulary(self, facet):
        return self.DOC_TYPES if facet == "doc_type" else None

    def facet_labels(self, facet, values):
        labels = self.STATUSES if facet == "status" else {}
        return {v: labels.get(v, v) for v in values}


class KindTestAdapter(SearchAdapter):
    """Registers one kind of the sample documents, without facets."""

    def __init__(self, kind):
        self.kind = kind


def sample_adapters() -> list[SearchAdapter]:
    """One adapter per kind of the sample documents."""
    return [
        LegalTestAdapter(),
        *(KindTestAdapter(kind) for kind in (PAGES, NEWS, PROCEDURES)),
    ]
