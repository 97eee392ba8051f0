"""Create a member portal (cổng thành phần) of the province, or complete one."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.core.sites import MemberSiteError, create_member_site, find_body


class Command(BaseCommand):
    help = (
        "Create a member portal (a department's, district's or commune's) with its "
        "home page, standard sections, menus, settings and editorial groups. Run "
        "again, it adds what is missing and changes nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The portal's name.")
        parser.add_argument(
            "--hostname",
            required=True,
            help="Its host name, e.g. vanlam.hungyen.gov.vn",
        )
        parser.add_argument(
            "--port",
            type=int,
            help="Its port (default: the province portal's, usually 80 or 443).",
        )
        parser.add_argument(
            "--body", help="The public body that runs it, by name or slug."
        )

    def handle(self, *args, name, hostname, port, body, **options):
        try:
            found_body = find_body(body) if body else None
            member = create_member_site(name, hostname, port=port, body=found_body)
        except MemberSiteError as error:
            raise CommandError(str(error)) from error
        if member.created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Created the member portal %(url)s") % {"url": member.url}
                )
            )
        else:
            self.stdout.write(
                _("The member portal %(url)s exists; completed what was missing.")
                % {"url": member.url}
            )
        self.stdout.write(
            _("Sections: %(sections)s")
            % {"sections": ", ".join(page.title for page in member.sections)}
        )
        self.stdout.write(
            _("Groups: %(groups)s")
            % {"groups": ", ".join(group.name for group in member.groups)}
        )
        self.stdout.write(
            _(
                "Still to do outside the portal: point %(hostname)s at this server "
                "in DNS, add it to the web server (and its TLS certificate). The "
                "portal accepts the host name already: ALLOWED_HOSTS need not change. "
                "Then add people to the groups and fill in the portal settings "
                "(emblem, colours, footer) in the admin."
            )
            % {"hostname": member.site.hostname}
        )
