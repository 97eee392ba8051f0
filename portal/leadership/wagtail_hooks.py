from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import ScheduleWeek


class ScheduleWeekViewSet(SnippetViewSet):
    """A whole week of the schedule in one form."""

    model = ScheduleWeek
    icon = "date"
    menu_label = _("Work schedule")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["__str__", "schedule", "published"]
    list_filter = ["schedule"]


register_snippet(ScheduleWeekViewSet)


@hooks.register("register_admin_urls")
def register_schedule_import_url():
    return [
        path(
            "lich-cong-tac/nhap/",
            admin_views.import_schedule,
            name="leadership_import_schedule",
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_schedule_import_menu_item():
    return ImportMenuItem(
        _("Import a work schedule"),
        reverse("leadership_import_schedule"),
        name="import-schedule",
        icon_name="upload",
        order=331,
    )


@hooks.register("register_portal_home_blocks")
def register_home_blocks():
    from .blocks import home_blocks

    return home_blocks()
