from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from search import checks, signals  # noqa: F401 - registers the checks
        from search.indexing import forget_locales

        signals.connect()
        post_save.connect(forget_locales, sender=Locale)
        post_delete.connect(forget_locales, sender=Locale)
        # Each app describes its searchable models in `search_adapters.py`, as
        # the admin finds `admin.py` (see search.registry).
        autodiscover_modules("search_adapters")
