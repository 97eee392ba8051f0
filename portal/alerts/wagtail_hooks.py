from django.urls import path, reverse
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_alerts_admin_urls():
    return [
        path("alerts/", admin_views.dashboard, name="alerts_dashboard"),
        path(
            "alerts/pause/",
            admin_views.pause,
            {"paused": True},
            name="alerts_pause",
        ),
        path(
            "alerts/resume/",
            admin_views.pause,
            {"paused": False},
            name="alerts_resume",
        ),
        path("alerts/retry/", admin_views.retry_failed, name="alerts_retry"),
        path(
            "alerts/unsuspend/<int:pk>/",
            admin_views.unsuspend,
            name="alerts_unsuspend",
        ),
        path("alerts/erase/", admin_views.erase, name="alerts_erase"),
    ]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view(request.user)


@hooks.register("register_settings_menu_item")
def register_alerts_menu_item():
    return AlertsMenuItem(
        pgettext_lazy("admin", "E-mail alerts"),
        reverse("alerts_dashboard"),
        name="email-alerts",
        icon_name="mail",
        order=900,
    )
