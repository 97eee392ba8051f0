from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "portal.alerts"
    label = "alerts"
    verbose_name = _("E-mail alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.template.loader import render_to_string
        from wagtail import hooks

        from search.registry import add_results_part

        from .follow import SEARCH_PART, follow_form

        # The "follow by e-mail" form on the pages and the search (follow.py).
        hooks.register("portal_follow", follow_form)
        hooks.register(
            "portal_head",
            lambda context: render_to_string("alerts/includes/head.html"),
        )
        add_results_part(SEARCH_PART)
