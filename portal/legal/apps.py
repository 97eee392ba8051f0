from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "portal.legal"
    label = "legal"
    verbose_name = _("Legal documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .datasets import register_datasets
        from .signals import reindex_requested

        register_datasets()
        reindex_requested.connect(
            queue_for_search, dispatch_uid="legal_reindex_requested_outbox"
        )

    def member_site_sections(self, home):
        """A member portal's document list (portal.core.sites)."""
        from portal.core.demo_utils import ensure_child

        from .models import LegalDocumentIndexPage

        return [ensure_child(home, LegalDocumentIndexPage, "van-ban", title="Văn bản")]


def queue_for_search(sender, pages, **kwargs):
    """Documents whose status changed with time go through the search outbox, in
    the caller's transaction, like any edit."""
    from search import indexing

    indexing.enqueue_many(pages)
