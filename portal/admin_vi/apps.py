from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdminVietnameseConfig(AppConfig):
    name = "portal.admin_vi"
    label = "admin_vi"
    verbose_name = _("Vietnamese admin")
