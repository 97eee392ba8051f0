from portal.engagement.models import DraftPage, Question
from search import registry


def test_published_questions_are_found_under_their_own_tab(demo):
    published = Question.objects.published().first()
    adapter = registry.adapter_for(published)
    assert adapter is not None and adapter.kind.name == "qa"
    assert str(adapter.kind.label) == "Hỏi đáp"
    document = adapter.to_document(published)
    assert document.key == f"qa:{published.pk}"
    assert document.url == f"/hoi-dap/{published.pk}/"
    assert document.extra["section"] == "Hỏi đáp"
    assert "<p>" not in document.text
    assert set(adapter.get_queryset()) == set(Question.objects.published())

    pending = Question.objects.get(status=Question.Status.PENDING)
    assert adapter.to_document(pending) is None


def test_the_search_page_has_a_tab_for_questions(client, demo):
    """Questions were counted among the pages; their tab says what they are."""
    published = Question.objects.published().order_by("pk").first()
    response = client.get("/tim-kiem/", {"q": published.heading})
    tabs = [str(tab["label"]) for tab in response.context["tabs"]]
    assert tabs == [
        "Tất cả",
        "Văn bản",
        "Tin tức",
        "Thủ tục hành chính",
        "Hỏi đáp",
        "Trang thông tin",
    ]
    qa_tab = response.context["tabs"][tabs.index("Hỏi đáp")]
    assert qa_tab["count"] >= 1 and qa_tab["url"].endswith("type=qa")
    only_questions = client.get("/tim-kiem/" + qa_tab["url"]).context["results"]
    assert published.get_url() in [hit.url for hit in only_questions.results]
    assert {hit.kind for hit in only_questions.results} == {"qa"}
    assert "Hỏi đáp" in client.get("/tim-kiem/" + qa_tab["url"]).content.decode()


def test_drafts_are_searchable_pages(demo):
    draft = DraftPage.objects.get(slug="du-thao-han-muc-giao-dat-o")
    adapter = registry.adapter_for(draft)
    assert adapter.kind is registry.get_kind("page")
    document = adapter.to_document(draft)
    assert document.key == f"page:{draft.pk}"
    assert document.url == draft.url
    assert "Luật Đất đai" in document.summary
