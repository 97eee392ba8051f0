from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsBlocksConfig(AppConfig):
    name = "cms_blocks"
    label = "cms_blocks"
    verbose_name = _("Content blocks")
