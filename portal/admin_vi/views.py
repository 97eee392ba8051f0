from django.views.i18n import JavaScriptCatalog
from wagtail.admin.localization import get_localized_response

# Wagtail's own catalogue view reads wagtail.admin's djangojs catalogue (and
# LOCALE_PATHS) only; this one adds the app's, which wins as the later package.
_catalogue = JavaScriptCatalog.as_view(packages=["wagtail.admin", "portal.admin_vi"])


def javascript_catalog(request, *args, **kwargs):
    """The admin's JavaScript strings, in the editor's admin language, as Wagtail's
    `wagtailadmin_javascript_catalog` view serves them."""
    return get_localized_response(_catalogue, request, *args, **kwargs)
