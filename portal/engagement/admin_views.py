"""Admin views beyond the snippet listings: poll results as CSV, page feedback report."""

import csv

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from portal.core.exports import FormulaSafeExportMixin, neutralise

from .models import PageFeedback, Poll


def poll_results_csv(request, pk: int, permission_policy) -> HttpResponse:
    """Votes per option of one poll, as CSV (UTF-8 with BOM, so Excel reads the
    Vietnamese correctly)."""
    if not permission_policy.user_has_any_permission(request.user, ["view", "change"]):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    poll = get_object_or_404(Poll, pk=pk)
    results = poll.results()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-danh-gia-{poll.pk}-{stamp}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([gettext("Question"), neutralise(poll.question)])
    writer.writerow([])
    writer.writerow([gettext("Option"), gettext("Votes"), gettext("Percent")])
    for result in results:
        writer.writerow(
            [neutralise(result.option.label), result.votes, f"{result.percent:.1f}"]
        )
    writer.writerow([gettext("Total"), sum(r.votes for r in results), "100.0"])
    return response


class FeedbackReportView(FormulaSafeExportMixin, ReportView):
    """Pages by how many readers found them unhelpful, worst first."""

    page_title = _("Page feedback")
    header_icon = "help"
    index_url_name = "engagement_feedback_report"
    index_results_url_name = "engagement_feedback_report_results"
    any_permission_required = ["view", "change"]
    list_export = ["title", "url_path", "helpful_count", "unhelpful_count"]
    export_headings = {
        "title": _("Page"),
        "url_path": _("Address"),
        "helpful_count": _("Helpful"),
        "unhelpful_count": _("Not helpful"),
    }
    export_filename = "phan-hoi-trang"
    paginate_by = 50

    @cached_property
    def permission_policy(self):
        return ModelPermissionPolicy(PageFeedback)

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
            Column("helpful_count", label=_("Helpful")),
            Column("unhelpful_count", label=_("Not helpful")),
            Column("comment_count", label=pgettext_lazy("public comment", "Comments")),
        ]

    def get_queryset(self):
        return (
            Page.objects.annotate(
                helpful_count=Count(
                    "engagement_feedback", filter=Q(engagement_feedback__helpful=True)
                ),
                unhelpful_count=Count(
                    "engagement_feedback", filter=Q(engagement_feedback__helpful=False)
                ),
                comment_count=Count(
                    "engagement_feedback",
                    filter=~Q(engagement_feedback__comment=""),
                ),
            )
            .filter(Q(helpful_count__gt=0) | Q(unhelpful_count__gt=0))
            .order_by("-unhelpful_count", "helpful_count", "title")
        )


class ContactSubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    """The contact page's submissions under Forms: what citizens typed is exported
    so that no spreadsheet runs it as a formula (portal.core.exports)."""
