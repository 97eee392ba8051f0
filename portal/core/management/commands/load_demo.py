"""Build the demo province portal. Idempotent: a second run changes nothing."""

from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.core import demo as core_demo


def content_app_demos():
    """The `demo` modules of the portal's content apps, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("portal.") or config.name == "portal.core":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        yield config.label, module


class Command(BaseCommand):
    help = "Load the demo province portal (home page, sections, content of every app)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-member-sites",
            action="store_true",
            help="Only the province's portal, without the districts' and the "
            "department's member portals.",
        )

    def handle(self, *args, no_member_sites=False, **options):
        self.stdout.write("Đang tạo nội dung mẫu…")
        with transaction.atomic():
            home = core_demo.load_demo(self)
            for _label, module in content_app_demos():
                module.load_demo(self, home)
            core_demo.finalize_demo(self, home)
            # Groups per section can only be made once every section exists.
            call_command("bootstrap_permissions", stdout=self.stdout)
            if not no_member_sites:
                core_demo.ensure_member_sites(self)
                # What the apps show across portals needs the member portals.
                for _label, module in content_app_demos():
                    if hasattr(module, "load_member_demo"):
                        module.load_member_demo(self)
            core_demo.localise_wagtail_defaults()
        self.stdout.write(self.style.SUCCESS("Đã tạo xong cổng thông tin mẫu."))
