"""Admin panels of the legal app."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ExtractionReportPanel(Panel):
    """Tells the editor what text extraction made of each attachment, problems first."""

    @property
    def clean_name(self):
        return super().clean_name or "extraction_report"

    class BoundPanel(Panel.BoundPanel):
        template_name = "legal/admin/extraction_report_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .models import AttachmentText

            context = super().get_context_data(parent_context)
            documents = [
                attachment.document_id
                for attachment in self.instance.attachments.all()
                if attachment.document_id
            ]
            reports = (
                AttachmentText.objects.filter(document_id__in=documents)
                .select_related("document")
                .order_by("document__title")
            )
            context["reports"] = sorted(reports, key=lambda r: not r.is_problem)
            context["empty_message"] = _("No attachment has been read yet.")
            return context


class StatusReportPanel(Panel):
    """Shows the editor the computed status, why, and what other documents do to
    this one (relations entered on those documents)."""

    @property
    def clean_name(self):
        return super().clean_name or "status_report"

    class BoundPanel(Panel.BoundPanel):
        template_name = "legal/admin/status_report_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .models import LegalDocumentPage

            context = super().get_context_data(parent_context)
            page = LegalDocumentPage.objects.get(pk=self.instance.pk)
            context["status"] = page.status
            context["causes"] = page.status_causes()
            context["incoming"] = page.incoming_relations_live
            return context
