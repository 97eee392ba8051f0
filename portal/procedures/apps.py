from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "portal.procedures"
    label = "procedures"
    verbose_name = _("Administrative procedures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core.changes import register_topic

        from .datasets import register_datasets
        from .models import FIELD_TOPIC, ProcedureField

        def describe(pk: int) -> str | None:
            return (
                ProcedureField.objects.filter(pk=pk)
                .values_list("name", flat=True)
                .first()
            )

        register_topic(FIELD_TOPIC, describe)
        register_datasets()
