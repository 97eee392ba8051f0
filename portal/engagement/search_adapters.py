"""Published answers and drafts in the site-wide search (kind "page")."""

from django.utils.html import strip_tags
from django.utils.timezone import localdate

from search import registry

from .models import DraftPage, Question


class QuestionAdapter(registry.SearchAdapter):
    """A published question with its answer, found like a page of the Q&A section."""

    kind = "page"

    def get_queryset(self):
        return Question.objects.published().select_related("topic", "index_page")

    def key_for(self, obj) -> str:
        # Questions are not pages: keep their keys apart from page ids.
        return f"qa:{obj.pk}"

    def to_document(self, question):
        if question.status != Question.Status.PUBLISHED:
            return None
        url = question.get_url()
        if not url:
            return None
        return registry.IndexedDocument(
            key=self.key_for(question),
            kind=self.kind,
            title=question.heading,
            url=url,
            summary=question.question,
            text=strip_tags(question.answer or ""),
            date=localdate(question.published_at) if question.published_at else None,
            extra={"section": "Hỏi đáp", "field": question.topic.name},
        )


class DraftPageAdapter(registry.SearchAdapter):
    kind = "page"

    def get_queryset(self):
        return DraftPage.objects.live().public()

    def to_document(self, page):
        url = page.get_url()
        if not url or not page.live:
            return None
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind,
            title=page.title,
            url=url,
            summary=page.summary or page.intro,
            text=page.drafting_agency,
            date=localdate(page.consultation_start),
            extra={"section": "Lấy ý kiến dự thảo"},
        )


registry.register(Question, QuestionAdapter())
registry.register(DraftPage, DraftPageAdapter())
