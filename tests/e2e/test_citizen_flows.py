"""What a citizen does on the portal, in a real browser: search without diacritics and
follow a document's relations, filter the legal list and the procedures, read a
procedure, answer the service-quality poll, ask a question."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from portal.engagement.models import Poll, PollVote, Question
from portal.procedures.models import ProcedurePage


def _status_heading(page):
    return page.get_by_role("heading", name=re.compile("^Tình trạng hiệu lực"))


def _metadata(page, label: str):
    """The value cell of one row of a document's metadata table."""
    row = page.locator("table.legal-meta tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True)
    )
    return row.locator("td")


def test_document_pdf_is_fetched_only_when_the_reader_opens_it(make_page):
    page = make_page(width=360, height=740)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto("/van-ban/146-kh-ubnd/")
    viewer = page.locator("details.legal-pdf").first
    expect(viewer).not_to_have_attribute("open", "")
    assert not [url for url in fetched if "/documents/" in url], fetched
    viewer.locator("summary").click()
    expect(viewer.locator("object.legal-pdf__viewer")).to_have_count(1)
    assert "/documents/" in viewer.locator("object").get_attribute("data")
    # The download link stays, without opening anything.
    expect(
        page.get_by_role("link", name=re.compile("Kế hoạch|146")).first
    ).to_be_visible()
    assert not page.console_errors, page.console_errors


def test_search_on_a_phone_shows_results_first(make_page, screenshot):
    page = make_page(width=360, height=740)
    page.goto("/tim-kiem/?q=quyet+dinh&type=legal")
    panel = page.locator("details.search-facets__panel")
    # The filters are folded behind their heading; the first results show at once.
    expect(panel).not_to_have_attribute("open", "")
    assert panel.bounding_box()["height"] < 80
    # Before, the unfolded menu and filters put it 3.7 screens down.
    first_hit = page.locator(".search-hit").first
    assert first_hit.bounding_box()["y"] < 2 * 740, "the first result is far down"
    panel.locator("summary").click()
    expect(panel.get_by_role("heading", name="Loại văn bản")).to_be_visible()
    screenshot("tim-kiem-360", page)
    # A long unbroken word in the query does not push the page sideways.
    page.goto("/tim-kiem/?q=" + "01/2020/QĐ-UBND_ngay_09_01_2020_HungYen" * 3)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"page is {scroll_width}px wide at 360px"
    assert not page.console_errors, page.console_errors


def test_search_without_diacritics_finds_the_plan_and_its_relations(
    browser_page, screenshot
):
    page = browser_page
    page.goto("/")
    header_search = page.get_by_role("search").filter(
        has=page.get_by_label("Tìm kiếm trên cổng")
    )
    # Typed as many citizens type on a phone: no diacritics.
    header_search.get_by_label("Tìm kiếm trên cổng").press_sequentially(
        "ke hoach 146", delay=20
    )
    header_search.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=ke\+hoach\+146$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm")
    expect(page.locator("#search-results-heading")).to_contain_text("ke hoach 146")
    first_hit = page.locator(".search-hit").first
    expect(first_hit.locator(".search-hit__number")).to_have_text("146/KH-UBND")
    expect(first_hit).to_contain_text("Kế hoạch cải cách hành chính nhà nước năm 2020")
    screenshot("ket-qua-tim-kiem")

    first_hit.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/van-ban/146-kh-ubnd/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("146/KH-UBND")
    expect(_status_heading(page)).to_have_text("Tình trạng hiệu lực: Còn hiệu lực")
    expect(_metadata(page, "Loại văn bản")).to_have_text("Kế hoạch")
    expect(_metadata(page, "Cơ quan ban hành")).to_have_text(
        "Ủy ban nhân dân tỉnh Hưng Yên"
    )
    expect(_metadata(page, "Ngày ban hành")).to_have_text("24/12/2019")
    screenshot("ke-hoach-146")

    # The plan is based on Resolution 30c/NQ-CP, which has since been replaced.
    relations = page.locator("section.legal-relations")
    relations.get_by_role("link", name="30c/NQ-CP").click()
    expect(page).to_have_url(re.compile(r"/van-ban/30c-nq-cp/$"))
    expect(_status_heading(page)).to_have_text(
        "Tình trạng hiệu lực: Hết hiệu lực toàn bộ"
    )
    replaced_by = page.locator("section.legal-relations").get_by_role(
        "heading", name="Bị thay thế bởi"
    )
    expect(replaced_by).to_be_visible()
    screenshot("nghi-quyet-30c")

    page.locator("section.legal-relations ul", has=page.locator("a")).filter(
        has_text="76/NQ-CP"
    ).get_by_role("link", name="76/NQ-CP").click()
    expect(page).to_have_url(re.compile(r"/van-ban/76-nq-cp/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("76/NQ-CP")
    expect(_status_heading(page)).to_have_text("Tình trạng hiệu lực: Còn hiệu lực")
    # ...and the replacement names what it replaced.
    replaces = page.locator("section.legal-relations")
    expect(replaces.get_by_role("heading", name="Thay thế")).to_be_visible()
    expect(replaces.get_by_role("link", name="30c/NQ-CP")).to_be_visible()
    screenshot("nghi-quyet-76")
    assert not page.console_errors, page.console_errors


def test_legal_list_filtered_by_type_and_year_is_shareable(
    browser_page, make_page, screenshot
):
    page = browser_page
    page.goto("/van-ban/")
    filters = page.get_by_role("search", name="Lọc văn bản")
    filters.get_by_label("Loại văn bản").select_option("quyet-dinh")
    filters.get_by_label("Năm ban hành").select_option("2020")
    filters.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"nam=2020"))  # the filtered list, fully loaded

    query = parse_qs(urlsplit(page.url).query)
    assert query["loai"] == ["quyet-dinh"]
    assert query["nam"] == ["2020"]
    rows = page.locator("table.legal-table tbody tr")
    expect(rows.first).to_be_visible()
    numbers = rows.locator("td:nth-child(1)").all_inner_texts()
    assert numbers, "no document listed"
    for number in numbers:
        # Decisions of 2020: "01/2020/QĐ-UBND", or a number without the year.
        assert "QĐ" in number, numbers
    for row_text in rows.locator("td:nth-child(3) .meta").all_inner_texts():
        assert row_text.startswith("Quyết định"), row_text
    for issued in rows.locator("td:nth-child(2)").all_inner_texts():
        assert issued.endswith("/2020"), issued
    expect(page.locator("#legal-results-heading")).to_have_text(
        f"{len(numbers)} văn bản"
    )
    # The form shows what was chosen.
    expect(filters.get_by_label("Loại văn bản")).to_have_value("quyet-dinh")
    expect(filters.get_by_label("Năm ban hành")).to_have_value("2020")
    screenshot("van-ban-quyet-dinh-2020")

    # Someone who receives the link sees the same list.
    other = make_page()
    other.goto(page.url)
    assert (
        other.locator("table.legal-table tbody td:nth-child(1)").all_inner_texts()
        == numbers
    )
    assert not page.console_errors, page.console_errors


def test_procedures_filtered_by_commune_level_and_fully_online(
    browser_page, screenshot
):
    page = browser_page
    page.goto("/thu-tuc-hanh-chinh/")
    filters = page.locator("form", has=page.get_by_role("group", name="Cấp thực hiện"))
    filters.get_by_role("group", name="Cấp thực hiện").get_by_label(
        re.compile("^Cấp xã")
    ).check()
    filters.get_by_role("button", name="Áp dụng bộ lọc").click()
    page.wait_for_url(re.compile(r"[?&]cap=xa"))

    commune = ProcedurePage.objects.live().filter(level="xa")
    titles = page.locator(".procedure-card__title").all_inner_texts()
    assert sorted(titles) == sorted(commune.values_list("title", flat=True))
    for meta in page.locator(".procedure-card__meta").all_inner_texts():
        assert "Cấp xã" in meta, meta
    screenshot("thu-tuc-cap-xa")

    filters = page.locator("form", has=page.get_by_role("group", name="Cấp thực hiện"))
    expect(
        filters.get_by_role("group", name="Cấp thực hiện").get_by_label(
            re.compile("^Cấp xã")
        )
    ).to_be_checked()
    filters.get_by_role("group", name="Mức độ dịch vụ công trực tuyến").get_by_label(
        re.compile("^Toàn trình")
    ).check()
    filters.get_by_role("button", name="Áp dụng bộ lọc").click()
    page.wait_for_url(re.compile(r"muc-do=toan-trinh"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["cap"] == ["xa"] and query["muc-do"] == ["toan-trinh"]

    expected = commune.filter(online_level="toan-trinh")
    assert expected.exists(), "the demo has fully online commune procedures"
    titles = page.locator(".procedure-card__title").all_inner_texts()
    assert sorted(titles) == sorted(expected.values_list("title", flat=True))
    for meta in page.locator(".procedure-card__meta").all_inner_texts():
        assert "Cấp xã" in meta and "Toàn trình" in meta, meta
    screenshot("thu-tuc-cap-xa-toan-trinh")
    assert not page.console_errors, page.console_errors


def test_procedure_page_shows_steps_dossier_fees_and_legal_basis(
    browser_page, screenshot
):
    page = browser_page
    page.goto("/thu-tuc-hanh-chinh/?cap=xa&muc-do=toan-trinh")
    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page.locator(".procedure-facts")).to_contain_text("1.001193")

    steps = page.locator("section", has=page.get_by_role("heading", name="Trình tự"))
    expect(steps.locator("ol > li")).to_have_count(4)
    expect(steps.locator("ol > li").first).to_contain_text("Nộp hồ sơ")

    fees = page.locator("table.procedure-channels")
    for channel in ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính công ích"):
        row = fees.locator("tbody tr", has=page.get_by_role("rowheader", name=channel))
        expect(row.locator("td[data-label='Phí, lệ phí']")).not_to_be_empty()
        expect(row.locator("td[data-label='Thời hạn giải quyết']")).not_to_be_empty()

    dossier = page.locator(
        "section", has=page.get_by_role("heading", name="Thành phần hồ sơ")
    )
    checklist_item = dossier.get_by_label("Tờ khai đăng ký khai sinh")
    checklist_item.check()  # the citizen ticks what is ready
    expect(checklist_item).to_be_checked()
    form_link = dossier.get_by_role("link", name=re.compile("^Tải mẫu: Tờ khai"))
    with page.expect_download() as download_info:
        form_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(2) == b"PK", "a DOCX file is a zip archive"

    basis = page.locator("ul.legal-bases")
    expect(basis.locator("li")).to_have_count(6)
    screenshot("dang-ky-khai-sinh")
    basis.get_by_role("link", name="Nghị định 61/2018/NĐ-CP").click()
    expect(page).to_have_url(re.compile(r"/van-ban/61-2018-nd-cp/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("61/2018/NĐ-CP")
    assert not page.console_errors, page.console_errors


def _home_poll(page):
    return page.locator("section.poll")


def test_citizen_answers_the_poll_once(make_page, screenshot):
    poll = Poll.objects.get(pk=int(_poll_id_on_home(make_page)))
    option = poll.options.get(label="Hài lòng")
    before = PollVote.objects.filter(option=option).count()
    total_before = PollVote.objects.filter(poll=poll).count()

    page = make_page()
    page.goto("/")
    # A second tab of the same browser, opened before the vote, keeps the form.
    second_tab = page.context.new_page()
    second_tab.goto("/")

    poll_box = _home_poll(page)
    poll_box.get_by_label("Hài lòng", exact=True).check()
    screenshot("chon-dap-an", page)
    poll_box.get_by_role("button", name="Gửi đánh giá").click()

    expect(page).to_have_url(re.compile(rf"/danh-gia/{poll.pk}/ket-qua/$"))
    expect(page.locator(".messages")).to_contain_text("Cảm ơn")
    satisfied = page.get_by_role("rowheader", name="Hài lòng", exact=True)
    table = page.locator("table", has=satisfied)
    row = table.locator("tr", has=satisfied)
    expect(row.locator("td").first).to_have_text(f"{before + 1}")
    expect(table.locator("tfoot td").first).to_have_text(f"{total_before + 1}")
    screenshot("ket-qua", page)

    # The home page now thanks the visitor instead of asking again.
    page.goto("/")
    expect(_home_poll(page)).to_contain_text("Bạn đã")
    expect(_home_poll(page).get_by_role("button", name="Gửi đánh giá")).to_have_count(0)

    # The stale form in the other tab is refused politely, and nothing is counted.
    stale = _home_poll(second_tab)
    stale.get_by_label("Rất hài lòng", exact=True).check()
    stale.get_by_role("button", name="Gửi đánh giá").click()
    expect(second_tab).to_have_url(re.compile(rf"/danh-gia/{poll.pk}/ket-qua/$"))
    expect(second_tab.locator("main")).to_contain_text(
        "mỗi trình duyệt chỉ được đánh giá một lần"
    )
    screenshot("lan-thu-hai", second_tab)
    assert PollVote.objects.filter(poll=poll).count() == total_before + 1
    assert not page.console_errors, page.console_errors


def _poll_id_on_home(make_page) -> str:
    page = make_page()
    page.goto("/")
    action = _home_poll(page).locator("form").get_attribute("action")
    page.close()
    return re.search(r"/danh-gia/(\d+)/", action).group(1)


def test_question_appears_only_once_answered_and_published(
    make_page, admin_user, screenshot, unique
):
    from tests.e2e.conftest import admin_login

    citizen = make_page()
    citizen.goto("/hoi-dap/")
    ask = citizen.locator("form", has=citizen.get_by_role("button", name="Gửi câu hỏi"))
    ask.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    ask.get_by_label("Thư điện tử").fill("lan@example.vn")
    ask.get_by_label(re.compile("^Lĩnh vực")).select_option(index=1)
    question_text = (
        f"Tôi muốn hỏi thủ tục cấp đổi giấy phép lái xe quá hạn ({unique}) "
        "thì nộp ở đâu?"
    )
    ask.get_by_label("Nội dung câu hỏi").fill(question_text)
    screenshot("gui-cau-hoi", citizen)
    ask.get_by_role("button", name="Gửi câu hỏi").click()
    expect(citizen.locator("main")).to_contain_text("đã được gửi")

    question = Question.objects.get(question=question_text)
    assert question.status == Question.Status.PENDING
    # Not shown, nor found, while it waits for an answer.
    citizen.goto("/hoi-dap/")
    expect(citizen.locator("main")).not_to_contain_text(unique)
    citizen.goto(f"/hoi-dap/?q={unique}")
    expect(citizen.locator("main")).not_to_contain_text(question_text)
    assert citizen.request.get(f"/hoi-dap/{question.pk}/").status == 404

    # A moderator answers and publishes it in the admin.
    editor = make_page()
    admin_login(editor, admin_user)
    editor.goto(f"/admin/snippets/engagement/question/edit/{question.pk}/")
    answer = editor.locator("[data-contentpath='answer'] [contenteditable='true']")
    answer.click()
    answer.type("Công dân nộp hồ sơ tại Sở Giao thông vận tải hoặc trực tuyến.")
    # Draftail copies its content into the form's hidden input a moment later:
    # wait for the last words.
    expect(editor.locator("input[name='answer']")).to_have_value(
        re.compile("hoặc trực tuyến")
    )
    editor.locator("#id_answered_by").fill("Sở Giao thông vận tải")
    editor.locator("#id_status").select_option("published")
    screenshot("tra-loi", editor)
    editor.get_by_role("button", name=re.compile("^(Lưu|Save)")).first.click()
    expect(editor.locator(".messages")).to_be_visible()
    screenshot("da-luu", editor)

    citizen.goto("/hoi-dap/")
    item = citizen.get_by_role("link", name=re.compile(unique))
    expect(item).to_be_visible()
    item.click()
    expect(citizen.locator("main")).to_contain_text("Sở Giao thông vận tải")
    screenshot("cau-hoi-da-tra-loi", citizen)
    assert not citizen.console_errors, citizen.console_errors
