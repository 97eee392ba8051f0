"""A relevance set of real Vietnamese legal documents and the queries citizens type.

The numbers, titles (trích yếu), dates, issuing bodies and relations are public
facts that anyone can check in the national legal database; what is not certain
was left out (no provincial document but the plan the demo portal publishes). The
short texts of the first documents are written here in our own words, as a
portal's editors would abstract them. Each case names the documents a lawyer or a
civil servant typing the query means, in classes that follow issue 22: numbers,
words, phrases, metadata, abbreviations, relations and typos.
"""

from __future__ import annotations

import dataclasses
import datetime

from search.registry import IndexedDocument, SearchAdapter
from search.text import normalise_document_number
from tests.search.documents import LEGAL, LegalTestAdapter

TYPE_SLUGS = {
    "Luật": "luat",
    "Nghị định": "nghi-dinh",
    "Nghị quyết": "nghi-quyet",
    "Thông tư": "thong-tu",
    "Quyết định": "quyet-dinh",
    "Kế hoạch": "ke-hoach",
}
IN_FORCE = "con-hieu-luc"
OUT_OF_FORCE = "het-hieu-luc-toan-bo"
BODIES = {
    "quoc-hoi": "Quốc hội",
    "chinh-phu": "Chính phủ",
    "thu-tuong-chinh-phu": "Thủ tướng Chính phủ",
    "van-phong-chinh-phu": "Văn phòng Chính phủ",
    "bo-noi-vu": "Bộ Nội vụ",
    "ubnd-hung-yen": "UBND tỉnh Hưng Yên",
    "ban-chap-hanh-trung-uong": "Ban Chấp hành Trung ương",
    "bo-chinh-tri": "Bộ Chính trị",
}
#: The facets holding the numbers each document acts on, named as the portal's
#: legal adapter names them, with the relation's name there.
RELATION_FACETS = {
    "amends": ("relation_sua_doi_bo_sung", "Sửa đổi, bổ sung"),
    "replaces": ("relation_thay_the", "Thay thế"),
    "guides": ("relation_huong_dan", "Hướng dẫn"),
}

#: What each document does to others: number -> {"amends": (numbers), ...}.
RELATIONS: dict[str, dict[str, tuple[str, ...]]] = {}


def legal(
    number: str,
    doc_type: str,
    subject: str,
    date: datetime.date,
    body: str,
    text: str = "",
    related: tuple[str, ...] = (),
    *,
    amends: tuple[str, ...] = (),
    replaces: tuple[str, ...] = (),
    guides: tuple[str, ...] = (),
    status: str = "",
) -> IndexedDocument:
    """A legal document as the portal's adapter indexes it: its own number, the
    numbers it names (`related`, or what it amends, replaces or guides), its type,
    issuing body, year and, where certain, its validity."""
    slug = normalise_document_number(number)
    RELATIONS[number] = {
        name: numbers
        for name, numbers in (
            ("amends", amends),
            ("replaces", replaces),
            ("guides", guides),
        )
        if numbers
    }
    facets = {
        "doc_type": [TYPE_SLUGS[doc_type]],
        "body": [body],
        "year": [str(date.year)],
    }
    if status:
        facets["status"] = [status]
    for name, numbers in RELATIONS[number].items():
        facets[RELATION_FACETS[name][0]] = [
            normalise_document_number(target) for target in numbers
        ]
    return IndexedDocument(
        key=f"legal:{slug}",
        kind="legal",
        title=f"{doc_type} {subject}",
        url=f"/van-ban/{slug}/",
        number=number,
        summary=f"{doc_type} số {number} {subject}",
        text=text,
        related_numbers=tuple(dict.fromkeys((*related, *amends, *replaces, *guides))),
        date=date,
        facets=facets,
    )


def with_incoming_relations(documents: list[IndexedDocument]) -> list[IndexedDocument]:
    """Each document also knows the numbers of the documents that amend, replace
    or guide it, as the portal's legal adapter indexes them."""
    incoming: dict[str, list[str]] = {}
    for document in documents:
        for numbers in RELATIONS[document.number].values():
            for target in numbers:
                incoming.setdefault(target, []).append(document.number)
    return [
        dataclasses.replace(
            document,
            related_numbers=tuple(
                dict.fromkeys(
                    (*document.related_numbers, *incoming.get(document.number, ()))
                )
            ),
        )
        for document in documents
    ]


D = datetime.date

DOCUMENTS = with_incoming_relations(
    [
        legal(
            "61/2018/NĐ-CP",
            "Nghị định",
            "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
            D(2018, 4, 23),
            "chinh-phu",
            "Quy định việc tiếp nhận hồ sơ, giải quyết và trả kết quả thủ tục hành chính "
            "tại Bộ phận Một cửa của các cấp; đánh giá việc giải quyết thủ tục hành chính.",
        ),
        legal(
            "107/2021/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP về thực hiện cơ "
            "chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
            D(2021, 12, 6),
            "chinh-phu",
            "Bổ sung quy định về số hóa hồ sơ, kết quả giải quyết thủ tục hành chính và "
            "Cổng Dịch vụ công quốc gia.",
            amends=("61/2018/NĐ-CP",),
        ),
        legal(
            "01/2018/TT-VPCP",
            "Thông tư",
            "hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP",
            D(2018, 11, 23),
            "van-phong-chinh-phu",
            "Hướng dẫn mẫu phiếu, sổ theo dõi hồ sơ và việc đánh giá giải quyết thủ tục "
            "hành chính tại Bộ phận Một cửa.",
            guides=("61/2018/NĐ-CP",),
        ),
        legal(
            "42/2022/NĐ-CP",
            "Nghị định",
            "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan "
            "nhà nước trên môi trường mạng",
            D(2022, 6, 24),
            "chinh-phu",
            "Cổng thông tin điện tử của cơ quan nhà nước phải công khai thông tin về tổ "
            "chức bộ máy, văn bản, chiến lược, quy hoạch, ngân sách và dịch vụ công.",
        ),
        legal(
            "45/2020/NĐ-CP",
            "Nghị định",
            "về thực hiện thủ tục hành chính trên môi trường điện tử",
            D(2020, 4, 8),
            "chinh-phu",
            "Người dân nộp hồ sơ, thanh toán phí và nhận kết quả qua Cổng Dịch vụ công; "
            "giá trị pháp lý của hồ sơ điện tử.",
        ),
        legal(
            "31/2024/QH15",
            "Luật",
            "Đất đai",
            D(2024, 1, 18),
            "quoc-hoi",
            "Chế độ sở hữu đất đai, quyền của Nhà nước là đại diện chủ sở hữu; giá đất, "
            "bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất.",
            replaces=("45/2013/QH13",),
            status=IN_FORCE,
        ),
        legal(
            "30/2020/NĐ-CP",
            "Nghị định",
            "về công tác văn thư",
            D(2020, 3, 5),
            "chinh-phu",
            "Thể thức và kỹ thuật trình bày văn bản hành chính; quản lý văn bản đi, văn "
            "bản đến; lập hồ sơ và nộp lưu hồ sơ vào lưu trữ cơ quan.",
            replaces=("01/2011/TT-BNV",),
            status=IN_FORCE,
        ),
        legal(
            "76/NQ-CP",
            "Nghị quyết",
            "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn "
            "2021 - 2030",
            D(2021, 7, 15),
            "chinh-phu",
            "Sáu nội dung cải cách: thể chế, thủ tục hành chính, bộ máy, công vụ, tài "
            "chính công và xây dựng chính phủ điện tử, chính phủ số.",
        ),
        legal(
            "146/KH-UBND",
            "Kế hoạch",
            "cải cách hành chính nhà nước năm 2020 của tỉnh Hưng Yên",
            D(2019, 12, 24),
            "ubnd-hung-yen",
            "Ủy ban nhân dân tỉnh giao các sở, ngành và huyện nhiệm vụ cải cách hành "
            "chính năm 2020, nâng cao chỉ số hài lòng của người dân.",
        ),
        legal(
            "80/2015/QH13",
            "Luật",
            "Ban hành văn bản quy phạm pháp luật",
            D(2015, 6, 22),
            "quoc-hoi",
            "Thẩm quyền, hình thức, trình tự, thủ tục xây dựng và ban hành văn bản quy "
            "phạm pháp luật; hiệu lực của văn bản.",
            status=OUT_OF_FORCE,
        ),
        legal(
            "34/2016/NĐ-CP",
            "Nghị định",
            "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản "
            "quy phạm pháp luật",
            D(2016, 5, 14),
            "chinh-phu",
            "Đánh giá tác động của chính sách, lấy ý kiến, thẩm định dự thảo và đăng "
            "Công báo văn bản quy phạm pháp luật.",
            guides=("80/2015/QH13",),
        ),
        legal(
            "77/2015/QH13",
            "Luật",
            "Tổ chức chính quyền địa phương",
            D(2015, 6, 19),
            "quoc-hoi",
            "Đơn vị hành chính; tổ chức và hoạt động của Hội đồng nhân dân và Ủy ban nhân "
            "dân ở tỉnh, huyện, xã.",
        ),
        legal(
            "15/2020/NĐ-CP",
            "Nghị định",
            "quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông, "
            "tần số vô tuyến điện, công nghệ thông tin và giao dịch điện tử",
            D(2020, 2, 3),
            "chinh-phu",
            "Hành vi vi phạm, hình thức và mức phạt tiền đối với tổ chức, cá nhân cung "
            "cấp dịch vụ viễn thông và Internet.",
        ),
        legal(
            "100/2019/NĐ-CP",
            "Nghị định",
            "quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ và "
            "đường sắt",
            D(2019, 12, 30),
            "chinh-phu",
            "Mức phạt đối với người điều khiển xe ô tô, xe mô tô, xe gắn máy vi phạm quy "
            "tắc giao thông; tước giấy phép lái xe.",
        ),
        legal(
            "123/2020/NĐ-CP",
            "Nghị định",
            "quy định về hóa đơn, chứng từ",
            D(2020, 10, 19),
            "chinh-phu",
            "Hóa đơn điện tử có mã của cơ quan thuế; chứng từ khấu trừ thuế thu nhập cá "
            "nhân; biên lai thu phí, lệ phí.",
        ),
        legal(
            "50/2014/QH13",
            "Luật",
            "Xây dựng",
            D(2014, 6, 18),
            "quoc-hoi",
            "Quy hoạch xây dựng, dự án đầu tư xây dựng, khảo sát, thiết kế, giấy phép xây "
            "dựng và thi công xây dựng công trình.",
        ),
        legal(
            "15/2021/NĐ-CP",
            "Nghị định",
            "quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng",
            D(2021, 3, 3),
            "chinh-phu",
            "Lập, thẩm định dự án; cấp giấy phép xây dựng; điều kiện năng lực của tổ chức, "
            "cá nhân hoạt động xây dựng.",
            guides=("50/2014/QH13",),
        ),
        legal(
            "104/2016/QH13",
            "Luật",
            "Tiếp cận thông tin",
            D(2016, 4, 6),
            "quoc-hoi",
            "Quyền của công dân được yêu cầu cơ quan nhà nước cung cấp thông tin; thông "
            "tin được công khai rộng rãi trên cổng thông tin điện tử.",
        ),
        legal(
            "468/QĐ-TTg",
            "Quyết định",
            "phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông "
            "trong giải quyết thủ tục hành chính",
            D(2021, 3, 27),
            "thu-tuong-chinh-phu",
            "Lộ trình số hóa hồ sơ và tiếp nhận hồ sơ không phụ thuộc vào địa giới hành "
            "chính.",
            related=("61/2018/NĐ-CP",),
        ),
        legal(
            "83/2015/QH13",
            "Luật",
            "Ngân sách nhà nước",
            D(2015, 6, 25),
            "quoc-hoi",
            "Phân cấp nguồn thu, nhiệm vụ chi giữa ngân sách trung ương và ngân sách địa "
            "phương; lập, chấp hành, quyết toán ngân sách.",
        ),
        # National laws, with the laws they replace or amend.
        legal(
            "45/2013/QH13",
            "Luật",
            "Đất đai",
            D(2013, 11, 29),
            "quoc-hoi",
            status=OUT_OF_FORCE,
        ),
        legal(
            "62/2020/QH14",
            "Luật",
            "sửa đổi, bổ sung một số điều của Luật Xây dựng",
            D(2020, 6, 17),
            "quoc-hoi",
            amends=("50/2014/QH13",),
        ),
        legal(
            "64/2025/QH15",
            "Luật",
            "Ban hành văn bản quy phạm pháp luật",
            D(2025, 2, 19),
            "quoc-hoi",
            replaces=("80/2015/QH13",),
            status=IN_FORCE,
        ),
        legal(
            "63/2020/QH14",
            "Luật",
            "sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật",
            D(2020, 6, 18),
            "quoc-hoi",
            amends=("80/2015/QH13",),
        ),
        legal("22/2008/QH12", "Luật", "Cán bộ, công chức", D(2008, 11, 13), "quoc-hoi"),
        legal("58/2010/QH12", "Luật", "Viên chức", D(2010, 11, 15), "quoc-hoi"),
        legal(
            "52/2019/QH14",
            "Luật",
            "sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức",
            D(2019, 11, 25),
            "quoc-hoi",
            amends=("22/2008/QH12", "58/2010/QH12"),
        ),
        legal(
            "20/2023/QH15",
            "Luật",
            "Giao dịch điện tử",
            D(2023, 6, 22),
            "quoc-hoi",
            replaces=("51/2005/QH11",),
            status=IN_FORCE,
        ),
        legal(
            "51/2005/QH11",
            "Luật",
            "Giao dịch điện tử",
            D(2005, 11, 29),
            "quoc-hoi",
            status=OUT_OF_FORCE,
        ),
        legal("02/2011/QH13", "Luật", "Khiếu nại", D(2011, 11, 11), "quoc-hoi"),
        legal("25/2018/QH14", "Luật", "Tố cáo", D(2018, 6, 12), "quoc-hoi"),
        legal("76/2015/QH13", "Luật", "Tổ chức Chính phủ", D(2015, 6, 19), "quoc-hoi"),
        legal(
            "47/2019/QH14",
            "Luật",
            "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
            "chính quyền địa phương",
            D(2019, 11, 22),
            "quoc-hoi",
            amends=("76/2015/QH13", "77/2015/QH13"),
        ),
        legal("39/2019/QH14", "Luật", "Đầu tư công", D(2019, 6, 13), "quoc-hoi"),
        legal("61/2020/QH14", "Luật", "Đầu tư", D(2020, 6, 17), "quoc-hoi"),
        legal("59/2020/QH14", "Luật", "Doanh nghiệp", D(2020, 6, 17), "quoc-hoi"),
        legal("21/2017/QH14", "Luật", "Quy hoạch", D(2017, 11, 24), "quoc-hoi"),
        legal(
            "36/2018/QH14",
            "Luật",
            "Phòng, chống tham nhũng",
            D(2018, 11, 20),
            "quoc-hoi",
        ),
        legal("24/2018/QH14", "Luật", "An ninh mạng", D(2018, 6, 12), "quoc-hoi"),
        legal("72/2020/QH14", "Luật", "Bảo vệ môi trường", D(2020, 11, 17), "quoc-hoi"),
        legal(
            "10/2022/QH15",
            "Luật",
            "Thực hiện dân chủ ở cơ sở",
            D(2022, 11, 10),
            "quoc-hoi",
        ),
        legal("27/2023/QH15", "Luật", "Nhà ở", D(2023, 11, 27), "quoc-hoi"),
        legal("26/2023/QH15", "Luật", "Căn cước", D(2023, 11, 27), "quoc-hoi"),
        # Decrees of the Government: guidance, amendments, replacements.
        legal(
            "43/2014/NĐ-CP",
            "Nghị định",
            "quy định chi tiết thi hành một số điều của Luật Đất đai",
            D(2014, 5, 15),
            "chinh-phu",
            guides=("45/2013/QH13",),
            status=OUT_OF_FORCE,
        ),
        legal(
            "102/2024/NĐ-CP",
            "Nghị định",
            "quy định chi tiết thi hành một số điều của Luật Đất đai",
            D(2024, 7, 30),
            "chinh-phu",
            guides=("31/2024/QH15",),
            replaces=("43/2014/NĐ-CP",),
            status=IN_FORCE,
        ),
        legal(
            "138/2020/NĐ-CP",
            "Nghị định",
            "quy định về tuyển dụng, sử dụng và quản lý công chức",
            D(2020, 11, 27),
            "chinh-phu",
            guides=("22/2008/QH12",),
        ),
        legal(
            "115/2020/NĐ-CP",
            "Nghị định",
            "quy định về tuyển dụng, sử dụng và quản lý viên chức",
            D(2020, 9, 25),
            "chinh-phu",
            guides=("58/2010/QH12",),
        ),
        legal(
            "85/2023/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 "
            "năm 2020 của Chính phủ quy định về tuyển dụng, sử dụng và quản lý viên chức",
            D(2023, 12, 7),
            "chinh-phu",
            amends=("115/2020/NĐ-CP",),
        ),
        legal(
            "24/2014/NĐ-CP",
            "Nghị định",
            "quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thành "
            "phố trực thuộc Trung ương",
            D(2014, 4, 4),
            "chinh-phu",
        ),
        legal(
            "107/2020/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP ngày 04 tháng 4 "
            "năm 2014 của Chính phủ quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban "
            "nhân dân tỉnh, thành phố trực thuộc Trung ương",
            D(2020, 9, 14),
            "chinh-phu",
            amends=("24/2014/NĐ-CP",),
        ),
        legal(
            "63/2010/NĐ-CP",
            "Nghị định",
            "về kiểm soát thủ tục hành chính",
            D(2010, 6, 8),
            "chinh-phu",
        ),
        legal(
            "92/2017/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ "
            "tục hành chính",
            D(2017, 8, 7),
            "chinh-phu",
            amends=("63/2010/NĐ-CP",),
        ),
        legal(
            "168/2024/NĐ-CP",
            "Nghị định",
            "quy định xử phạt vi phạm hành chính về trật tự, an toàn giao thông trong "
            "lĩnh vực giao thông đường bộ; trừ điểm, phục hồi điểm giấy phép lái xe",
            D(2024, 12, 26),
            "chinh-phu",
            replaces=("100/2019/NĐ-CP",),
        ),
        legal(
            "123/2021/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của các nghị định quy định xử phạt vi phạm hành "
            "chính trong lĩnh vực hàng hải; giao thông đường bộ, đường sắt; hàng không "
            "dân dụng",
            D(2021, 12, 28),
            "chinh-phu",
            amends=("100/2019/NĐ-CP",),
        ),
        legal(
            "14/2022/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của Nghị định số 15/2020/NĐ-CP ngày 03 tháng 02 "
            "năm 2020 của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực bưu "
            "chính, viễn thông, tần số vô tuyến điện, công nghệ thông tin và giao dịch "
            "điện tử",
            D(2022, 1, 27),
            "chinh-phu",
            amends=("15/2020/NĐ-CP",),
        ),
        legal(
            "70/2025/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của Nghị định số 123/2020/NĐ-CP ngày 19 tháng 10 "
            "năm 2020 của Chính phủ quy định về hóa đơn, chứng từ",
            D(2025, 3, 20),
            "chinh-phu",
            amends=("123/2020/NĐ-CP",),
        ),
        legal(
            "09/2019/NĐ-CP",
            "Nghị định",
            "quy định về chế độ báo cáo của cơ quan hành chính nhà nước",
            D(2019, 1, 24),
            "chinh-phu",
        ),
        legal(
            "13/2023/NĐ-CP",
            "Nghị định",
            "về bảo vệ dữ liệu cá nhân",
            D(2023, 4, 17),
            "chinh-phu",
        ),
        legal(
            "47/2020/NĐ-CP",
            "Nghị định",
            "về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước",
            D(2020, 4, 9),
            "chinh-phu",
        ),
        legal(
            "59/2022/NĐ-CP",
            "Nghị định",
            "quy định về định danh và xác thực điện tử",
            D(2022, 9, 5),
            "chinh-phu",
        ),
        legal(
            "37/2019/NĐ-CP",
            "Nghị định",
            "quy định chi tiết thi hành một số điều của Luật Quy hoạch",
            D(2019, 5, 7),
            "chinh-phu",
            guides=("21/2017/QH14",),
        ),
        legal(
            "154/2020/NĐ-CP",
            "Nghị định",
            "sửa đổi, bổ sung một số điều của Nghị định số 34/2016/NĐ-CP ngày 14 tháng 5 "
            "năm 2016 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành "
            "Luật Ban hành văn bản quy phạm pháp luật",
            D(2020, 12, 31),
            "chinh-phu",
            amends=("34/2016/NĐ-CP",),
        ),
        legal(
            "31/2021/NĐ-CP",
            "Nghị định",
            "quy định chi tiết và hướng dẫn thi hành một số điều của Luật Đầu tư",
            D(2021, 3, 26),
            "chinh-phu",
            guides=("61/2020/QH14",),
        ),
        legal(
            "01/2021/NĐ-CP",
            "Nghị định",
            "về đăng ký doanh nghiệp",
            D(2021, 1, 4),
            "chinh-phu",
            guides=("59/2020/QH14",),
        ),
        legal(
            "40/2020/NĐ-CP",
            "Nghị định",
            "quy định chi tiết thi hành một số điều của Luật Đầu tư công",
            D(2020, 4, 6),
            "chinh-phu",
            guides=("39/2019/QH14",),
        ),
        legal(
            "08/2022/NĐ-CP",
            "Nghị định",
            "quy định chi tiết một số điều của Luật Bảo vệ môi trường",
            D(2022, 1, 10),
            "chinh-phu",
            guides=("72/2020/QH14",),
        ),
        # Circulars.
        legal(
            "01/2023/TT-VPCP",
            "Thông tư",
            "quy định một số nội dung và biện pháp thi hành trong số hóa hồ sơ, kết quả "
            "giải quyết thủ tục hành chính và thực hiện thủ tục hành chính trên môi "
            "trường điện tử",
            D(2023, 4, 5),
            "van-phong-chinh-phu",
            guides=("45/2020/NĐ-CP", "107/2021/NĐ-CP"),
        ),
        legal(
            "02/2017/TT-VPCP",
            "Thông tư",
            "hướng dẫn về nghiệp vụ kiểm soát thủ tục hành chính",
            D(2017, 10, 31),
            "van-phong-chinh-phu",
            guides=("63/2010/NĐ-CP",),
        ),
        legal(
            "01/2011/TT-BNV",
            "Thông tư",
            "hướng dẫn thể thức và kỹ thuật trình bày văn bản hành chính",
            D(2011, 1, 19),
            "bo-noi-vu",
            status=OUT_OF_FORCE,
        ),
        # Words that fold alike or stand apart: land tax and land lease, fees
        # and "phi nông nghiệp", online services that "use" (sử dụng) things
        # beside the decrees on recruiting (tuyển dụng), plans (kế hoạch)
        # that say "quy định" beside the law on planning (quy hoạch).
        legal(
            "48/2010/QH12",
            "Luật",
            "Thuế sử dụng đất phi nông nghiệp",
            D(2010, 6, 17),
            "quoc-hoi",
            "Đối tượng chịu thuế là đất ở, đất sản xuất, kinh doanh phi nông nghiệp; "
            "giá tính thuế và thuế suất theo bậc thang.",
        ),
        legal(
            "46/2014/NĐ-CP",
            "Nghị định",
            "quy định về thu tiền thuê đất, thuê mặt nước",
            D(2014, 5, 15),
            "chinh-phu",
            "Đơn giá thuê đất trả tiền hằng năm và trả một lần cho cả thời gian thuê; "
            "miễn, giảm tiền thuê đất.",
        ),
        legal(
            "103/2024/NĐ-CP",
            "Nghị định",
            "quy định về tiền sử dụng đất, tiền thuê đất",
            D(2024, 7, 30),
            "chinh-phu",
            "Căn cứ, cách tính tiền sử dụng đất khi Nhà nước giao đất, chuyển mục đích "
            "sử dụng đất; tiền thuê đất khi Nhà nước cho thuê đất.",
            guides=("31/2024/QH15",),
            replaces=("46/2014/NĐ-CP",),
        ),
        legal(
            "97/2015/QH13",
            "Luật",
            "Phí và lệ phí",
            D(2015, 11, 25),
            "quoc-hoi",
            "Danh mục phí, lệ phí; người nộp, tổ chức thu phí, lệ phí và thẩm quyền "
            "quy định mức thu.",
        ),
        legal(
            "10/2022/NĐ-CP",
            "Nghị định",
            "quy định về lệ phí trước bạ",
            D(2022, 1, 15),
            "chinh-phu",
            "Lệ phí trước bạ nhà, đất, ô tô, xe máy; giá tính và mức thu lệ phí trước "
            "bạ.",
            guides=("97/2015/QH13",),
        ),
        legal(
            "43/2011/NĐ-CP",
            "Nghị định",
            "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang "
            "thông tin điện tử hoặc cổng thông tin điện tử của cơ quan nhà nước",
            D(2011, 6, 13),
            "chinh-phu",
            "Người sử dụng được cung cấp thông tin và dịch vụ công trực tuyến miễn phí; "
            "cơ quan nhà nước sử dụng tên miền gov.vn.",
            status=OUT_OF_FORCE,
        ),
        legal(
            "32/2017/TT-BTTTT",
            "Thông tư",
            "quy định về việc cung cấp dịch vụ công trực tuyến và bảo đảm khả năng "
            "truy cập thuận tiện đối với trang thông tin điện tử hoặc cổng thông tin "
            "điện tử của cơ quan nhà nước",
            D(2017, 11, 15),
            "bo-thong-tin-va-truyen-thong",
            "Người sử dụng, kể cả người khuyết tật, truy cập và sử dụng dịch vụ công "
            "trực tuyến thuận tiện.",
        ),
        legal(
            "73/2019/NĐ-CP",
            "Nghị định",
            "quy định quản lý đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn "
            "ngân sách nhà nước",
            D(2019, 9, 5),
            "chinh-phu",
            "Dự án ứng dụng công nghệ thông tin, thuê dịch vụ công nghệ thông tin, kể "
            "cả phần mềm và dịch vụ trực tuyến của cơ quan nhà nước.",
        ),
        legal(
            "29/2021/QH15",
            "Nghị quyết",
            "về kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025",
            D(2021, 7, 28),
            "quoc-hoi",
            "Tổng vốn đầu tư công nguồn ngân sách nhà nước; nguyên tắc phân bổ theo quy "
            "định của Luật Đầu tư công.",
        ),
        legal(
            "16/2021/QH15",
            "Nghị quyết",
            "về kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025",
            D(2021, 7, 27),
            "quoc-hoi",
            "Các chỉ tiêu chủ yếu về kinh tế, xã hội và môi trường; quy mô nền kinh tế "
            "và thu nhập bình quân đầu người.",
        ),
        # Decisions of the Prime Minister.
        legal(
            "749/QĐ-TTg",
            "Quyết định",
            "phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến "
            "năm 2030",
            D(2020, 6, 3),
            "thu-tuong-chinh-phu",
        ),
        legal(
            "06/QĐ-TTg",
            "Quyết định",
            "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực "
            "điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến "
            "năm 2030",
            D(2022, 1, 6),
            "thu-tuong-chinh-phu",
        ),
        legal(
            "942/QĐ-TTg",
            "Quyết định",
            "phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai "
            "đoạn 2021 - 2025, định hướng đến năm 2030",
            D(2021, 6, 15),
            "thu-tuong-chinh-phu",
        ),
        legal(
            "274/QĐ-TTg",
            "Quyết định",
            "ban hành Quy chế hoạt động của Cổng Dịch vụ công quốc gia",
            D(2019, 3, 12),
            "thu-tuong-chinh-phu",
        ),
        legal(
            "28/2018/QĐ-TTg",
            "Quyết định",
            "về gửi, nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà "
            "nước",
            D(2018, 7, 12),
            "thu-tuong-chinh-phu",
        ),
        # Resolutions of the Government and of the Party.
        legal(
            "30c/NQ-CP",
            "Nghị quyết",
            "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn "
            "2011 - 2020",
            D(2011, 11, 8),
            "chinh-phu",
        ),
        legal(
            "18-NQ/TW",
            "Nghị quyết",
            "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính "
            "trị tinh gọn, hoạt động hiệu lực, hiệu quả",
            D(2017, 10, 25),
            "ban-chap-hanh-trung-uong",
        ),
        legal(
            "57-NQ/TW",
            "Nghị quyết",
            "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
            "quốc gia",
            D(2024, 12, 22),
            "bo-chinh-tri",
        ),
    ]
)

KEY = {document.number: document.key for document in DOCUMENTS}


class RelevanceAdapter(SearchAdapter):
    """The legal adapter's vocabularies for these documents, in the portal's
    names: their types, issuing bodies, validities and years, and the relations
    (portal.legal.search_adapters)."""

    kind = LEGAL
    facets = LegalTestAdapter.facets
    VOCABULARIES = {
        "doc_type": {slug: [name] for name, slug in TYPE_SLUGS.items()},
        "body": {slug: [name] for slug, name in BODIES.items()},
        "status": {
            IN_FORCE: ["Còn hiệu lực"],
            OUT_OF_FORCE: ["Hết hiệu lực toàn bộ"],
        },
        "year": {
            year: [year]
            for year in sorted({str(document.date.year) for document in DOCUMENTS})
        },
    }

    def vocabulary(self, facet):
        return self.VOCABULARIES.get(facet)

    def relation_vocabulary(self):
        return {facet: [name] for facet, name in RELATION_FACETS.values()}


NUMBER = "number"
WORDS = "words"
PHRASE = "phrase"
METADATA = "metadata"
ABBREVIATION = "abbreviation"
RELATION = "relation"
TYPO = "typo"
#: The classes in the order the report prints them, with the item of issue 22
#: each one measures.
CLASSES = {
    NUMBER: "item 1, numbers in every form",
    WORDS: "words of a title or subject",
    PHRASE: "item 2, phrases and closeness",
    METADATA: "item 3, metadata as words",
    ABBREVIATION: "item 4, abbreviations of the trade",
    RELATION: "item 5, relations as intent",
    TYPO: "item 6, typos",
}


@dataclasses.dataclass(frozen=True)
class Case:
    """A query and the numbers of the documents it means: found when one of them
    is among the first `within` results."""

    q: str
    expected: tuple[str, ...]
    within: int
    query_class: str


def number_cases(number: str, *queries: str) -> list[Case]:
    """Spellings of one document's number: it must come first for each."""
    return [Case(q, (number,), 1, NUMBER) for q in queries]


def word_cases(*pairs: tuple[str, ...]) -> list[Case]:
    """(query, the numbers meant...) of the words class, each meant first."""
    return [Case(q, tuple(numbers), 1, WORDS) for q, *numbers in pairs]


#: What a citizen types, by class: a number in any form must bring its document
#: first; every other class counts a case found when one of the documents it
#: names is within the first `within` results.
CASES = [
    # Numbers, in every form a person types.
    *number_cases(
        "61/2018/NĐ-CP",
        "61/2018",
        "nghi dinh 61",
        "Nghị định 61",
        "NĐ 61/2018",
        "nd 61 2018",
        "61/2018/ND-CP",
        "61/2018/nđ-cp",
        "61.2018.NĐ.CP",
        "61 2018 nd cp",
    ),
    *number_cases("107/2021/NĐ-CP", "107/2021", "nghị định 107/2021"),
    *number_cases("01/2018/TT-VPCP", "tt 01 2018", "thong tu 01/2018", "TT 01/2018"),
    *number_cases("01/2023/TT-VPCP", "thông tư 01/2023", "01/2023/tt-vpcp"),
    *number_cases("02/2017/TT-VPCP", "tt 02 2017"),
    *number_cases("42/2022/NĐ-CP", "Nghị định 42/2022", "42/2022"),
    *number_cases("08/2022/NĐ-CP", "08/2022", "nđ 08/2022"),
    Case("nghị định 15", ("15/2020/NĐ-CP", "15/2021/NĐ-CP"), 1, NUMBER),
    Case("NĐ 15", ("15/2020/NĐ-CP", "15/2021/NĐ-CP"), 1, NUMBER),
    *number_cases("15/2020/NĐ-CP", "NĐ 15 2020", "15/2020"),
    *number_cases("15/2021/NĐ-CP", "nghi dinh 15 2021", "15/2021"),
    *number_cases("123/2020/NĐ-CP", "nghị định 123/2020", "123/2020/NĐ-CP"),
    *number_cases("123/2021/NĐ-CP", "123/2021"),
    *number_cases("100/2019/NĐ-CP", "100/2019", "nd 100"),
    *number_cases("102/2024/NĐ-CP", "nd 102 2024"),
    *number_cases("168/2024/NĐ-CP", "nghi dinh 168"),
    *number_cases("138/2020/NĐ-CP", "138/2020/NĐ-CP", "ND 138"),
    *number_cases("468/QĐ-TTg", "quyet dinh 468", "QĐ 468", "468/qd-ttg"),
    *number_cases("749/QĐ-TTg", "quyết định 749", "qd 749"),
    *number_cases("06/QĐ-TTg", "QĐ 06/QĐ-TTg"),
    *number_cases("28/2018/QĐ-TTg", "qd 28 2018"),
    *number_cases(
        "146/KH-UBND",
        "146/KH-UBND",
        "146 kh ubnd",
        "146KH-UBND",
        "146kh-ubnd",
        "146.KH.UBND",
        "kh 146",
        "ke hoach 146",
    ),
    *number_cases("76/NQ-CP", "nghi quyet 76", "NQ 76", "76/nq-cp"),
    *number_cases("30c/NQ-CP", "30c/NQ-CP", "nq 30c"),
    *number_cases("18-NQ/TW", "18-NQ/TW", "nghị quyết 18-NQ/TW"),
    *number_cases("57-NQ/TW", "57-NQ/TW"),
    *number_cases("45/2013/QH13", "45/2013/QH13", "luat 45/2013"),
    *number_cases("31/2024/QH15", "31/2024/qh15"),
    *number_cases("80/2015/QH13", "luật số 80/2015"),
    *number_cases("61/2020/QH14", "61/2020", "luat 61/2020"),
    # Words of a title or of a subject, with or without diacritics.
    *word_cases(
        ("dich vu cong truc tuyen", "42/2022/NĐ-CP"),
        ("thu tuc hanh chinh tren moi truong dien tu", "45/2020/NĐ-CP"),
        ("luat dat dai", "31/2024/QH15", "45/2013/QH13"),
        ("cong tac van thu", "30/2020/NĐ-CP"),
        ("van thu", "30/2020/NĐ-CP"),
        ("chuong trinh tong the cai cach hanh chinh 2021 2030", "76/NQ-CP"),
        ("ke hoach cai cach hanh chinh 2020", "146/KH-UBND"),
        ("luat ban hanh van ban quy pham phap luat", "64/2025/QH15", "80/2015/QH13"),
        ("chinh quyen dia phuong", "77/2015/QH13"),
        ("xu phat vien thong", "15/2020/NĐ-CP"),
        ("xu phat giao thong duong bo", "168/2024/NĐ-CP", "100/2019/NĐ-CP"),
        ("hoa don chung tu", "123/2020/NĐ-CP"),
        ("hóa đơn điện tử", "123/2020/NĐ-CP"),
        ("luat xay dung", "50/2014/QH13"),
        ("quan ly du an dau tu xay dung", "15/2021/NĐ-CP"),
        ("tiep can thong tin", "104/2016/QH13"),
        ("de an mot cua", "468/QĐ-TTg"),
        ("ngan sach nha nuoc", "83/2015/QH13"),
        ("luat ngan sach", "83/2015/QH13"),
        ("luat can cuoc", "26/2023/QH15"),
        ("chien luoc chinh phu so", "942/QĐ-TTg"),
        ("gui nhan van ban dien tu", "28/2018/QĐ-TTg"),
        ("tinh gon bo may", "18-NQ/TW"),
    ),
    # Two-word terms: the words side by side rank above the words apart.
    Case("quy hoạch", ("21/2017/QH14",), 1, PHRASE),
    Case("quy hoach", ("21/2017/QH14",), 1, PHRASE),
    Case("tuyển dụng", ("138/2020/NĐ-CP", "115/2020/NĐ-CP"), 1, PHRASE),
    Case("tuyen dung cong chuc", ("138/2020/NĐ-CP",), 1, PHRASE),
    Case("tuyển dụng viên chức", ("115/2020/NĐ-CP",), 1, PHRASE),
    Case("an ninh mạng", ("24/2018/QH14",), 1, PHRASE),
    Case("dữ liệu cá nhân", ("13/2023/NĐ-CP",), 1, PHRASE),
    Case("dan chu o co so", ("10/2022/QH15",), 1, PHRASE),
    Case("nhà ở", ("27/2023/QH15",), 1, PHRASE),
    Case("khiếu nại", ("02/2011/QH13",), 1, PHRASE),
    Case("tố cáo", ("25/2018/QH14",), 1, PHRASE),
    Case("đăng ký doanh nghiệp", ("01/2021/NĐ-CP",), 1, PHRASE),
    Case("chế độ báo cáo", ("09/2019/NĐ-CP",), 1, PHRASE),
    Case("định danh điện tử", ("59/2022/NĐ-CP", "06/QĐ-TTg"), 3, PHRASE),
    # Diacritics as typed: the words spelled so first, those that only fold
    # alike after; the words side by side before the same words apart.
    Case("thuế đất", ("48/2010/QH12",), 1, PHRASE),
    Case("thuê đất", ("46/2014/NĐ-CP", "103/2024/NĐ-CP"), 1, PHRASE),
    Case("tiền thuê đất", ("46/2014/NĐ-CP", "103/2024/NĐ-CP"), 1, PHRASE),
    Case("thuế sử dụng đất", ("48/2010/QH12",), 1, PHRASE),
    Case("tiền sử dụng đất", ("103/2024/NĐ-CP",), 1, PHRASE),
    Case("phí", ("97/2015/QH13", "10/2022/NĐ-CP"), 1, PHRASE),
    Case("thuế", ("48/2010/QH12", "123/2020/NĐ-CP"), 1, PHRASE),
    Case(
        "phạt",
        ("100/2019/NĐ-CP", "168/2024/NĐ-CP", "15/2020/NĐ-CP", "123/2021/NĐ-CP"),
        1,
        PHRASE,
    ),
    Case("lệ phí trước bạ", ("10/2022/NĐ-CP",), 1, PHRASE),
    Case("tuyển dụng công chức", ("138/2020/NĐ-CP",), 1, PHRASE),
    Case("dịch vụ công trực tuyến", ("42/2022/NĐ-CP", "43/2011/NĐ-CP"), 1, PHRASE),
    Case("kế hoạch đầu tư công", ("29/2021/QH15",), 1, PHRASE),
    # Metadata as words: a year, an issuing body, a type, a validity.
    Case("luat dat dai 2013", ("45/2013/QH13",), 1, METADATA),
    Case("Luật Đất đai 2024", ("31/2024/QH15",), 1, METADATA),
    Case("luật giao dịch điện tử 2005", ("51/2005/QH11",), 1, METADATA),
    Case("luat giao dich dien tu 2023", ("20/2023/QH15",), 1, METADATA),
    Case("luật đất đai còn hiệu lực", ("31/2024/QH15",), 1, METADATA),
    Case("luat dat dai het hieu luc", ("45/2013/QH13",), 1, METADATA),
    Case("luat giao dich dien tu con hieu luc", ("20/2023/QH15",), 1, METADATA),
    Case("thủ tướng chuyển đổi số", ("749/QĐ-TTg", "06/QĐ-TTg"), 1, METADATA),
    Case("quốc hội đầu tư công", ("39/2019/QH14",), 1, METADATA),
    Case(
        "chính phủ xử phạt giao thông",
        ("168/2024/NĐ-CP", "100/2019/NĐ-CP"),
        1,
        METADATA,
    ),
    Case("nghị định đất đai", ("102/2024/NĐ-CP", "43/2014/NĐ-CP"), 1, METADATA),
    Case("thông tư thể thức văn bản", ("01/2011/TT-BNV",), 1, METADATA),
    Case("ubnd tỉnh cải cách hành chính", ("146/KH-UBND",), 1, METADATA),
    Case("bộ chính trị chuyển đổi số", ("57-NQ/TW",), 1, METADATA),
    Case(
        "luật ban hành văn bản quy phạm pháp luật còn hiệu lực",
        ("64/2025/QH15",),
        1,
        METADATA,
    ),
    Case(
        "luat ban hanh van ban quy pham phap luat 2015", ("80/2015/QH13",), 1, METADATA
    ),
    Case("nghị định đất đai 2024", ("102/2024/NĐ-CP",), 1, METADATA),
    Case("nghi dinh dat dai het hieu luc", ("43/2014/NĐ-CP",), 1, METADATA),
    Case("luật giao dịch điện tử hết hiệu lực", ("51/2005/QH11",), 1, METADATA),
    Case("quyết định 2020 chuyển đổi số", ("749/QĐ-TTg",), 1, METADATA),
    Case("bộ nội vụ thể thức văn bản", ("01/2011/TT-BNV",), 1, METADATA),
    Case(
        "văn phòng chính phủ kiểm soát thủ tục hành chính",
        ("02/2017/TT-VPCP",),
        1,
        METADATA,
    ),
    # Abbreviations of the trade.
    Case("CCHC 2020", ("146/KH-UBND",), 1, ABBREVIATION),
    Case("chuong trinh tong the CCHC", ("76/NQ-CP", "30c/NQ-CP"), 1, ABBREVIATION),
    Case(
        "kiểm soát TTHC",
        ("63/2010/NĐ-CP", "92/2017/NĐ-CP", "02/2017/TT-VPCP"),
        1,
        ABBREVIATION,
    ),
    Case("số hóa hồ sơ TTHC", ("01/2023/TT-VPCP",), 1, ABBREVIATION),
    Case("luat ban hanh VBQPPL", ("64/2025/QH15", "80/2015/QH13"), 1, ABBREVIATION),
    Case("sua doi luat VBQPPL", ("63/2020/QH14",), 3, ABBREVIATION),
    Case("cổng DVC quốc gia", ("274/QĐ-TTg",), 1, ABBREVIATION),
    Case("DVC truc tuyen", ("42/2022/NĐ-CP",), 3, ABBREVIATION),
    Case("chương trình CĐS quốc gia", ("749/QĐ-TTg",), 1, ABBREVIATION),
    Case("CDS quoc gia khoa hoc cong nghe", ("57-NQ/TW",), 1, ABBREVIATION),
    Case(
        "co quan chuyen mon thuoc UBND tinh",
        ("24/2014/NĐ-CP", "107/2020/NĐ-CP"),
        1,
        ABBREVIATION,
    ),
    Case(
        "HĐND UBND chính quyền địa phương",
        ("77/2015/QH13", "47/2019/QH14"),
        3,
        ABBREVIATION,
    ),
    Case("KH CCHC 2020", ("146/KH-UBND",), 1, ABBREVIATION),
    Case("NĐ văn thư", ("30/2020/NĐ-CP",), 1, ABBREVIATION),
    Case("QĐ chuyển đổi số", ("749/QĐ-TTg", "06/QĐ-TTg"), 1, ABBREVIATION),
    Case("NQ cải cách hành chính 2021 2030", ("76/NQ-CP",), 1, ABBREVIATION),
    # Relations as intent.
    Case("sửa đổi nghị định 61", ("107/2021/NĐ-CP",), 1, RELATION),
    Case("sua doi nghi dinh 115/2020", ("85/2023/NĐ-CP",), 1, RELATION),
    Case("sửa đổi luật xây dựng", ("62/2020/QH14",), 1, RELATION),
    Case("sửa đổi nghị định 15/2020", ("14/2022/NĐ-CP",), 1, RELATION),
    Case("sua doi nghi dinh 123/2020", ("70/2025/NĐ-CP",), 1, RELATION),
    Case("sửa đổi nghị định 24/2014", ("107/2020/NĐ-CP",), 1, RELATION),
    Case("sua doi nghi dinh 100/2019", ("123/2021/NĐ-CP",), 1, RELATION),
    Case("sửa đổi nghị định 34/2016", ("154/2020/NĐ-CP",), 1, RELATION),
    Case("sửa đổi luật cán bộ công chức", ("52/2019/QH14",), 1, RELATION),
    Case("hướng dẫn luật đất đai 2024", ("102/2024/NĐ-CP",), 1, RELATION),
    Case("huong dan luat dat dai 2013", ("43/2014/NĐ-CP",), 1, RELATION),
    Case("hướng dẫn nghị định 61/2018", ("01/2018/TT-VPCP",), 1, RELATION),
    Case("huong dan luat quy hoach", ("37/2019/NĐ-CP",), 1, RELATION),
    Case("hướng dẫn luật đầu tư", ("31/2021/NĐ-CP",), 1, RELATION),
    Case("văn bản thay thế luật đất đai 2013", ("31/2024/QH15",), 1, RELATION),
    Case("thay the thong tu 01/2011/TT-BNV", ("30/2020/NĐ-CP",), 1, RELATION),
    Case("văn bản thay thế nghị định 100/2019", ("168/2024/NĐ-CP",), 1, RELATION),
    Case("văn bản thay thế nghị định 43/2014", ("102/2024/NĐ-CP",), 1, RELATION),
    Case("thay thế luật giao dịch điện tử 2005", ("20/2023/QH15",), 1, RELATION),
    Case("sửa đổi luật tổ chức chính phủ", ("47/2019/QH14",), 1, RELATION),
    Case("sua doi nghi dinh 63/2010", ("92/2017/NĐ-CP",), 1, RELATION),
    Case("thông tư hướng dẫn nghị định 63/2010", ("02/2017/TT-VPCP",), 1, RELATION),
    Case("hướng dẫn nghị định 45/2020", ("01/2023/TT-VPCP",), 1, RELATION),
    Case("hướng dẫn luật xây dựng", ("15/2021/NĐ-CP",), 1, RELATION),
    Case("huong dan luat bao ve moi truong", ("08/2022/NĐ-CP",), 1, RELATION),
    Case("hướng dẫn luật doanh nghiệp", ("01/2021/NĐ-CP",), 1, RELATION),
    # One wrong, missing or swapped letter in a word of five letters or more,
    # in the word that says what is meant (the others match many documents).
    Case("quy hoahc", ("21/2017/QH14",), 1, TYPO),
    Case("tuyne dung", ("138/2020/NĐ-CP", "115/2020/NĐ-CP"), 1, TYPO),
    Case("chuyn doi so", ("749/QĐ-TTg", "57-NQ/TW", "06/QĐ-TTg"), 1, TYPO),
    Case("doanh ngiep", ("59/2020/QH14", "01/2021/NĐ-CP"), 1, TYPO),
    Case("moi truog", ("72/2020/QH14", "08/2022/NĐ-CP"), 1, TYPO),
    Case("tiep can thogn tin", ("104/2016/QH13",), 1, TYPO),
    Case("khiue nai", ("02/2011/QH13",), 1, TYPO),
    Case("tham nhugn", ("36/2018/QH14",), 1, TYPO),
    Case("dia phuogn", ("77/2015/QH13", "47/2019/QH14"), 1, TYPO),
    Case("phong chogn tham nhung", ("36/2018/QH14",), 1, TYPO),
    Case("bao ve moi truonng", ("72/2020/QH14", "08/2022/NĐ-CP"), 1, TYPO),
    Case("luat doanh nghep", ("59/2020/QH14",), 1, TYPO),
    Case("chinh quyen dia phuonh", ("77/2015/QH13", "47/2019/QH14"), 1, TYPO),
    Case("xu phat giao thong duogn bo", ("168/2024/NĐ-CP", "100/2019/NĐ-CP"), 1, TYPO),
    Case("hoa don chugn tu", ("123/2020/NĐ-CP", "70/2025/NĐ-CP"), 1, TYPO),
    Case(
        "kiem soat thu tuc hanh chihn",
        ("63/2010/NĐ-CP", "92/2017/NĐ-CP", "02/2017/TT-VPCP"),
        1,
        TYPO,
    ),
    Case("ngheip vu kiem soat", ("02/2017/TT-VPCP",), 1, TYPO),
    Case("le phi truco ba", ("10/2022/NĐ-CP",), 1, TYPO),
    Case("giay phep lai xe tru diem", ("168/2024/NĐ-CP",), 1, WORDS),
]
