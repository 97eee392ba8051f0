"""The contact page (liên hệ) and the messages citizens send through it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

from .base import EngagementPage


class ContactPage(EngagementPage):
    """Contact details from the site settings and a form that emails the portal."""

    template = "engagement/contact_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def serve(self, request, *args, **kwargs):
        from portal.engagement.views import contact_page

        return contact_page(request, self)


class ContactMessage(models.Model):
    """Kept so that nothing is lost when sending the email fails."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=255)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    subject = models.CharField(
        pgettext_lazy("contact message", "subject"), max_length=255
    )
    message = models.TextField(_("message"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    emailed = models.BooleanField(_("emailed"), default=False)

    panels = [
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("phone", read_only=True),
        FieldPanel("subject", read_only=True),
        FieldPanel("message", read_only=True),
    ]

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.subject
