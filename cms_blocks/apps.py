from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsBlocksConfig(AppConfig):
    name = "cms_blocks"
    label = "cms_blocks"
    verbose_name = _("Content blocks")

    def ready(self):
        from cms_blocks import checks  # noqa: F401 - registers the checks
