"""Admin menus and listings of the engagement app, and what it adds to the layout."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from portal.core.caching import STRUCTURE, cached_fragment
from portal.core.exports import (
    ExportingSnippetViewSet,
)
from portal.core.locales import active_language, default_language

from . import admin_views
from .models import (
    DraftComment,
    PageFeedback,
    Poll,
    Question,
    QuestionTopic,
    SiteNotice,
)
from .online import get_counter
from .visits import host_of

# Admin -------------------------------------------------------------------------------


class PollIndexView(IndexView):
    results_csv_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                _("Results (CSV)"),
                url=reverse(self.results_csv_url_name, args=[instance.pk]),
                icon_name="download",
                priority=40,
            )
        )
        return buttons


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    index_view_class = PollIndexView
    list_display = [
        "question",
        "opens_at",
        "closes_at",
        Column("vote_total", label=_("Votes")),
    ]
    search_fields = ["question"]

    def get_queryset(self, request):
        return Poll.objects.annotate(vote_total=Count("votes"))

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            results_csv_url_name=self.get_url_name("results_csv"), **kwargs
        )

    def results_csv_view(self, request, pk):
        return admin_views.poll_results_csv(request, pk, self.permission_policy)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("results/<int:pk>/csv/", self.results_csv_view, name="results_csv"),
        ]


class QuestionViewSet(ExportingSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = [
        Column("heading", label=_("Heading")),
        "topic",
        "asker_name",
        "status",
        "submitted_at",
    ]
    list_filter = ["status", "topic"]
    search_fields = ["title", "question", "asker_name", "asker_email"]
    ordering = ["-submitted_at"]
    list_export = [
        "pk",
        "submitted_at",
        "asker_name",
        "asker_email",
        "topic",
        "question",
        "status",
        "answered_by",
        "published_at",
    ]
    export_filename = "hoi-dap"


class QuestionTopicViewSet(SnippetViewSet):
    model = QuestionTopic
    icon = "tag"
    menu_label = _("Question fields")
    list_display = ["name", "slug", "sort_order"]


class DraftCommentViewSet(ExportingSnippetViewSet):
    model = DraftComment
    icon = "comment"
    menu_label = _("Comments on drafts")
    list_display = ["name", "draft", "article", "status", "submitted_at"]
    list_filter = ["status", "draft"]
    search_fields = ["name", "email", "organisation", "comment"]
    list_export = [
        "draft",
        "submitted_at",
        "name",
        "email",
        "organisation",
        "article",
        "comment",
        "status",
    ]
    export_filename = "gop-y-du-thao"
    add_to_admin_menu = False


class PageFeedbackViewSet(ExportingSnippetViewSet):
    model = PageFeedback
    icon = "help"
    menu_label = _("Page feedback (each answer)")
    list_display = ["page", BooleanColumn("helpful"), "comment", "submitted_at"]
    list_filter = ["helpful"]
    list_export = ["page", "helpful", "comment", "submitted_at"]
    export_filename = "phan-hoi-trang-chi-tiet"


class SiteNoticeViewSet(SnippetViewSet):
    model = SiteNotice
    icon = "warning"
    menu_label = _("Site notices")
    list_display = ["title", "level", "starts_at", "ends_at"]


class EngagementViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Citizen engagement")
    menu_icon = "group"
    menu_order = 250
    items = (
        PollViewSet,
        QuestionViewSet,
        QuestionTopicViewSet,
        DraftCommentViewSet,
        PageFeedbackViewSet,
        SiteNoticeViewSet,
    )


register_snippet(EngagementViewSetGroup)


@hooks.register("register_admin_urls")
def register_feedback_report_urls():
    view = admin_views.FeedbackReportView
    return [
        path(
            "engagement/page-feedback/",
            view.as_view(),
            name="engagement_feedback_report",
        ),
        path(
            "engagement/page-feedback/results/",
            view.as_view(results_only=True),
            name="engagement_feedback_report_results",
        ),
    ]


class FeedbackReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("engagement.view_pagefeedback") or (
            request.user.has_perm("engagement.change_pagefeedback")
        )


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return FeedbackReportMenuItem(
        _("Page feedback"),
        reverse("engagement_feedback_report"),
        name="page-feedback",
        icon_name="help",
        order=1500,
    )


class ModerationPanel(Component):
    """On the admin dashboard: what citizens sent that waits for an editor."""

    name = "engagement_moderation"
    order = 150
    template_name = "engagement/admin/moderation_panel.html"

    def get_context_data(self, parent_context):
        return {
            "pending_questions": Question.objects.filter(
                status=Question.Status.PENDING
            ).count(),
            "pending_comments": DraftComment.objects.filter(
                status=DraftComment.Status.PENDING
            ).count(),
            "questions_url": reverse("wagtailsnippets_engagement_question:list"),
            "comments_url": reverse("wagtailsnippets_engagement_draftcomment:list"),
        }


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    user = request.user
    if user.has_perm("engagement.change_question") or user.has_perm(
        "engagement.change_draftcomment"
    ):
        panels.append(ModerationPanel())


# Layout slots ------------------------------------------------------------------------


@hooks.register("portal_head")
def engagement_stylesheet(context):
    return render_to_string("engagement/includes/head.html")


@hooks.register("portal_before_header")
def site_notices(context):
    if active_language() != default_language():
        return ""  # Notices are written in the portal's own language only.
    request = context.get("request")
    notices = SiteNotice.shown_at(
        site=Site.find_for_request(request) if request is not None else None
    )
    if not notices:
        return ""
    return render_to_string(
        "engagement/includes/site_notices.html", {"notices": notices}
    )


@hooks.register("register_portal_home_blocks")
def register_home_blocks():
    from .blocks import home_blocks

    return home_blocks()


@hooks.register("portal_footer")
def online_counter(context):
    request = context.get("request")
    stats = get_counter().stats(host=host_of(request) if request else None)
    if stats is None:
        return ""
    return render_to_string("engagement/includes/online_counter.html", {"stats": stats})


@hooks.register("portal_page_end")
def page_feedback_form(context):
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or request is None or page.depth <= 2:
        return ""
    from .forms import FeedbackForm
    from .views import feedback_given_for

    given = page.pk in feedback_given_for(request)
    fields = ""
    if not given:
        # The same on every page: rendered once per content version, not per page
        # view (the CSRF token and the page stay outside).
        fields = cached_fragment(
            "engagement:feedback_fields",
            lambda: render_to_string(
                "engagement/includes/page_feedback_fields.html",
                {"form": FeedbackForm(auto_id="feedback-%s")},
            ),
            request=request,
            depends=STRUCTURE,
        )
    return render_to_string(
        "engagement/includes/page_feedback.html",
        {"feedback_page": page, "feedback_given": given, "fields": fields},
        request=request,
    )
