from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "portal.procedures"
    label = "procedures"
    verbose_name = _("Administrative procedures")

    def ready(self):
        from search import registry

        from .models import ProcedurePage
        from .search_adapter import procedure_search_adapter

        registry.register(ProcedurePage, procedure_search_adapter)
