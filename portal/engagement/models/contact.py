"""The contact page (liên hệ): a form editors build with Wagtail's form builder
(``wagtail.contrib.forms``), whose submissions are kept and e-mailed to the portal.

What Wagtail's form pages do not do and this one adds: a honeypot field and a rate
limit per address (`portal.engagement.ratelimit`), line breaks refused in one-line
fields (they would end up in the e-mail's headers), the submission kept even when
the e-mail cannot be sent (``emailed`` says whether it was), the address in the site
settings as the default recipient, and post/redirect/get with a message.

Submissions are listed and exported (CSV, XLSX) under Forms in the admin.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractFormField,
    AbstractFormSubmission,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.utils import get_field_clean_name

from portal.core.absolute_urls import absolute_url
from search.text import fold

from .base import EngagementPage

logger = logging.getLogger(__name__)

#: The clean name of the field whose answer ends the e-mail's subject. Contact pages
#: are created with it (and with "name", "email", "phone", "message").
SUBJECT_FIELD = "subject"


class ContactFormField(AbstractFormField):
    """A field of the contact form, as the editor set it up."""

    page = ParentalKey(
        "engagement.ContactPage", on_delete=models.CASCADE, related_name="form_fields"
    )

    def get_field_clean_name(self):
        # "Địa chỉ" -> "dia_chi": Wagtail's own would escape "Đ" as "u0110".
        return get_field_clean_name(fold(self.label))


def standard_form_fields() -> list[ContactFormField]:
    """The fields of a new portal's contact form (unsaved): who writes, how to
    answer them, the subject (SUBJECT_FIELD, which the e-mail reads) and the
    message. Labels in Vietnamese: editors change them as content."""
    fields = [
        ("name", "Họ và tên", "singleline", True),
        ("email", "Thư điện tử", "email", True),
        ("phone", "Điện thoại", "singleline", False),
        (SUBJECT_FIELD, "Tiêu đề", "singleline", True),
        ("message", "Nội dung", "multiline", True),
    ]
    return [
        ContactFormField(
            clean_name=clean_name,
            label=label,
            field_type=field_type,
            required=required,
            sort_order=order,
        )
        for order, (clean_name, label, field_type, required) in enumerate(fields)
    ]


class ContactPage(EmailFormMixin, FormMixin, EngagementPage):
    """Contact details from the site settings and a form that emails the portal."""

    template = "engagement/contact_page.html"
    subpage_types: list[str] = []
    # A sent form redirects back with a message: there is no landing page to preview.
    preview_modes = FormMixin.preview_modes[:1]

    content_panels = [
        *EngagementPage.content_panels,
        InlinePanel("form_fields", label=_("Form fields")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("to_address"), FieldPanel("from_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
            help_text=_(
                "Leave the recipients empty to send to the email in the portal "
                "settings."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    @property
    def form_builder(self):
        from portal.engagement.forms import ContactFormBuilder

        return ContactFormBuilder

    def get_submission_class(self):
        return ContactMessage

    def get_data_fields(self):
        return [*super().get_data_fields(), ("emailed", _("Emailed"))]

    # Serving ---------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        from portal.engagement.views import accept_submission

        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        # As the portal's other forms: the rate limit, the honeypot, and
        # post/redirect/get with a message (form.save() keeps and e-mails it).
        accepted = accept_submission(
            request,
            form,
            limit="contact",
            thanks=gettext(
                "Thank you. Your message has been sent to the portal's editors."
            ),
            page=self,
            anchor="contact-form",
        )
        if accepted:
            return accepted
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def get_submissions_list_view_class(self):
        from portal.engagement.admin_views import ContactSubmissionsListView

        return ContactSubmissionsListView

    # Keeping and sending ---------------------------------------------------------

    def process_form_submission(self, form):
        """Keep the submission, then e-mail it; it stays in the admin (with
        ``emailed`` unset) when the e-mail cannot be sent."""
        submission = self.get_submission_class().objects.create(
            form_data=form.submitted_data(), page=self
        )
        if self.send_mail(form, submission):
            type(submission).objects.filter(pk=submission.pk).update(emailed=True)
            submission.emailed = True
        return submission

    def recipients(self) -> list[str]:
        """The page's own recipients, else the email in the portal settings."""
        addresses = [a.strip() for a in self.to_address.split(",") if a.strip()]
        if addresses:
            return addresses
        from portal.core.models import PortalSettings

        site = self.get_site()
        email = PortalSettings.for_site(site).email if site is not None else ""
        return [email] if email else []

    def send_mail(self, form, submission=None) -> bool:
        recipients = self.recipients()
        if not recipients:
            logger.error(
                "Contact message %s not emailed: no recipient on the page or in the "
                "portal settings",
                getattr(submission, "pk", None),
            )
            return False
        subject = " ".join(
            part
            for part in (
                f"[{self.subject or gettext('Contact')}]",
                str(form.cleaned_data.get(SUBJECT_FIELD) or ""),
            )
            if part
        )
        email = EmailMessage(
            subject=subject,
            body=self.render_email(form),
            from_email=self.from_address or None,
            to=recipients,
            reply_to=form.reply_to(),
        )
        try:
            email.send()
        except Exception:  # noqa: BLE001 - the message is kept; editors see it in the admin
            logger.exception(
                "Contact message %s could not be emailed",
                getattr(submission, "pk", None),
            )
            return False
        return True

    def render_email(self, form):
        """Each answer under its label, then where it was sent from."""
        return "\n".join(
            [
                super().render_email(form),
                "",
                gettext("Sent from %(address)s") % {"address": absolute_url(self)},
            ]
        )


class ContactMessage(AbstractFormSubmission):
    """A submission of a contact page: kept even when e-mailing it fails."""

    emailed = models.BooleanField(_("emailed"), default=False)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-submit_time"]

    def __str__(self) -> str:
        return str(self.form_data.get(SUBJECT_FIELD) or self.submit_time)

    def get_data(self):
        return {
            **super().get_data(),
            "emailed": gettext("Yes") if self.emailed else gettext("No"),
        }
