"""Published answers (their own tab) and drafts (among the pages) in the
site-wide search."""

from django.utils.html import strip_tags
from django.utils.timezone import localdate
from django.utils.translation import pgettext_lazy

from portal.core.search_adapters import PAGES
from search import registry
from search.addresses import page_address

from .models import DraftPage, Question

#: Keys "qa:<id>": questions are not pages, their ids are their own.
QUESTIONS = registry.Kind(
    "qa", pgettext_lazy("search result kind", "Questions and answers"), order=40
)


class QuestionAdapter(registry.SearchAdapter):
    """A published question with its answer, under the Q&A tab."""

    kind = QUESTIONS

    def get_queryset(self):
        return Question.objects.published().select_related("topic", "index_page")

    def tree_path(self, question):
        """A question is shown on its index page: it is on that page's site."""
        return question.index_page.path if question.index_page_id else ""

    def to_document(self, question):
        if question.status != Question.Status.PUBLISHED:
            return None
        index_page = question.answer_page()
        url = page_address(index_page, f"{question.pk}/") if index_page else ""
        if not url:
            return None
        return registry.IndexedDocument(
            key=self.key_for(question),
            kind=self.kind.name,
            title=question.heading,
            url=url,
            summary=question.question,
            text=strip_tags(question.answer or ""),
            date=localdate(question.published_at) if question.published_at else None,
            extra={"section": "Hỏi đáp", "field": question.topic.name},
        )


class DraftPageAdapter(registry.SearchAdapter):
    kind = PAGES

    def get_queryset(self):
        return DraftPage.objects.live().public()

    def to_document(self, page):
        url = page_address(page)
        if not url or not page.live:
            return None
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=url,
            summary=page.summary or page.intro,
            text=page.drafting_agency,
            date=localdate(page.consultation_start),
            extra={"section": "Lấy ý kiến dự thảo"},
        )


registry.register(Question, QuestionAdapter())
registry.register(DraftPage, DraftPageAdapter())
