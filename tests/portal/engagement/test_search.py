import pytest
from django.urls import reverse

from portal.engagement.models import Question
from search import registry
from search.addresses import resolve
from tests.factories import (
    DraftIndexPageFactory,
    DraftPageFactory,
    QuestionFactory,
    run_commit_callbacks,
)

pytestmark = pytest.mark.usefixtures("shared_portal")


def test_published_questions_are_found_under_their_own_tab(qa_page):
    published = QuestionFactory(
        index_page=qa_page, answer="<p>Hồ sơ nộp tại <b>Sở Tư pháp</b>.</p>"
    )
    pending = QuestionFactory(index_page=qa_page, pending=True)
    adapter = registry.adapter_for(published)
    assert adapter is not None and adapter.kind.name == "qa"
    assert str(adapter.kind.label) == "Hỏi đáp"
    document = adapter.to_document(published)
    assert document.key == f"qa:{published.pk}"
    assert resolve(document.url) == f"{qa_page.url}{published.pk}/"
    assert document.extra["section"] == "Hỏi đáp"
    assert "<p>" not in document.text
    assert set(adapter.get_queryset()) == set(Question.objects.published())
    assert published in adapter.get_queryset()
    assert pending not in adapter.get_queryset()
    assert adapter.to_document(pending) is None


def test_the_search_page_has_a_tab_for_questions(client, qa_page):
    """Questions were counted among the pages; their tab says what they are."""
    published = QuestionFactory(
        index_page=qa_page, title="Đăng ký khai sinh trực tuyến cho con"
    )
    run_commit_callbacks()  # indexed, as once the editor's change is committed
    search_url = reverse("search")
    response = client.get(search_url, {"q": published.heading})
    tabs = [str(tab["label"]) for tab in response.context["tabs"]]
    assert tabs == [
        "Tất cả",
        "Văn bản",
        "Tin tức",
        "Thủ tục hành chính",
        "Hỏi đáp",
        "Ngân sách",
        "Thống kê",
        "Lãnh đạo",
        "Báo chí",
        "Quy hoạch, kế hoạch",
        "Dự án, đấu thầu",
        "Cơ quan, đơn vị",
        "Trang thông tin",
    ]
    qa_tab = response.context["tabs"][tabs.index("Hỏi đáp")]
    assert qa_tab["count"] >= 1 and qa_tab["url"].endswith("type=qa")
    only_questions = client.get(search_url + qa_tab["url"]).context["results"]
    assert published.get_url() in [hit.url for hit in only_questions.results]
    assert {hit.kind for hit in only_questions.results} == {"qa"}
    assert "Hỏi đáp" in client.get(search_url + qa_tab["url"]).content.decode()


def test_drafts_are_searchable_pages(portal):
    draft = DraftPageFactory(
        parent=DraftIndexPageFactory(parent=portal.home),
        summary="Dự thảo quy định hạn mức giao đất ở, thực hiện Luật Đất đai năm 2024.",
    )
    adapter = registry.adapter_for(draft)
    assert adapter.kind is registry.get_kind("page")
    document = adapter.to_document(draft)
    assert document.key == f"page:{draft.pk}"
    assert resolve(document.url) == draft.url
    assert "Luật Đất đai" in document.summary
