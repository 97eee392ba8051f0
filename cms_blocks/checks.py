"""System check: the Wagtail apps the blocks build on are installed (cms_blocks.E001)."""

from django.apps import apps
from django.core.checks import Error, Tags, register

REQUIRED_APPS = (
    "wagtail",
    "wagtail.contrib.table_block",
    "wagtail.documents",
    "wagtail.embeds",
    "wagtail.images",
)


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    missing = [app for app in REQUIRED_APPS if not apps.is_installed(app)]
    if not missing:
        return []
    return [
        Error(
            "cms_blocks needs apps missing from INSTALLED_APPS: "
            + ", ".join(missing)
            + ".",
            hint="Add them to INSTALLED_APPS (docs/install.md, step 3).",
            id="cms_blocks.E001",
        )
    ]
