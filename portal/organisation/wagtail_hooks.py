from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PublicContact


class PublicContactViewSet(SnippetViewSet):
    """Officials' public contacts, which the directory lists under their bodies."""

    model = PublicContact
    icon = "user"
    menu_label = _("Public contacts")
    menu_order = 241
    add_to_admin_menu = True
    list_display = ["name", "position", "body", "phone", "email"]
    list_filter = ["body"]
    search_fields = ["name", "position"]
    #: The database's own matching: contacts are not in Wagtail's search index.
    search_backend_name = None
    ordering = ["body__name", "sort_order", "name"]


register_snippet(PublicContactViewSet)
