from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "portal.procedures"
    label = "procedures"
    verbose_name = _("Administrative procedures")
    default_auto_field = "django.db.models.BigAutoField"
