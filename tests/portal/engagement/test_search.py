from portal.engagement.models import DraftPage, Question
from search import registry


def test_published_questions_are_searchable_pages(demo):
    published = Question.objects.published().first()
    adapter = registry.adapter_for(published)
    assert adapter is not None and adapter.kind == "page"
    document = adapter.to_document(published)
    assert document.key == f"qa:{published.pk}"
    assert document.url == f"/hoi-dap/{published.pk}/"
    assert document.extra["section"] == "Hỏi đáp"
    assert "<p>" not in document.text
    assert set(adapter.get_queryset()) == set(Question.objects.published())

    pending = Question.objects.get(status=Question.Status.PENDING)
    assert adapter.to_document(pending) is None


def test_drafts_are_searchable_pages(demo):
    draft = DraftPage.objects.get(slug="du-thao-han-muc-giao-dat-o")
    document = registry.adapter_for(draft).to_document(draft)
    assert document.key == f"page:{draft.pk}"
    assert document.url == draft.url
    assert "Luật Đất đai" in document.summary
