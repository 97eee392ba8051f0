"""Section pages in the site-wide search (kind "page")."""

from django.utils.html import strip_tags
from django.utils.timezone import localdate

from search import registry

from .models import SectionPage


def stream_text(value) -> str:
    """Plain text of a StreamField's raw data (headings, paragraphs, tables)."""
    parts: list[str] = []

    def walk(data):
        if isinstance(data, str):
            text = strip_tags(data).strip()
            if text and not text.startswith(("http://", "https://")):
                parts.append(text)
        elif isinstance(data, dict):
            for key, item in data.items():
                if key not in {"type", "id"}:
                    walk(item)
        elif isinstance(data, list | tuple):
            for item in data:
                walk(item)

    walk(list(getattr(value, "raw_data", []) or []))
    return "\n".join(parts)


class SectionPageAdapter(registry.SearchAdapter):
    kind = "page"

    def get_queryset(self):
        return SectionPage.objects.live().public().specific()

    def to_document(self, page):
        url = page.get_url()
        if not url:
            return None
        published = page.last_published_at or page.first_published_at
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind,
            title=page.title,
            url=url,
            summary=page.search_description or page.intro,
            text=stream_text(page.body),
            date=localdate(published) if published else None,
        )


def register():
    registry.register(SectionPage, SectionPageAdapter())
