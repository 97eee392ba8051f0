"""The leaders' weekly work schedule (lịch công tác tuần): one page per site,
weeks entered by editors as snippets (a whole week in one form) or imported from a
spreadsheet, shown week by week with an iCalendar feed per leader and for all."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable

from portal.core.models import BasePortalPage

from ..weeks import Week, monday_of
from .leaders import LeaderPage

#: Query parameters of the week view.
WEEK_PARAM = "tuan"
LEADER_PARAM = "lanh-dao"
#: How far back the iCalendar feeds reach (calendar apps keep what they saw).
FEED_WEEKS_BACK = 8


class SchedulePage(RoutablePageMixin, BasePortalPage):
    """Lịch công tác: the leaders' schedule, one week at a time."""

    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "leadership/schedule_page.html"
    #: The section's editors enter and import the weeks (bootstrap_permissions).
    section_editor_models = ("leadership.ScheduleWeek",)

    class Meta:
        verbose_name = _("work schedule")
        verbose_name_plural = _("work schedules")

    def entries(self):
        return ScheduleEntry.objects.filter(
            week__schedule=self, week__published=True
        ).select_related("leader")

    def leaders(self) -> list[LeaderPage]:
        """The leaders who have entries in this schedule, in their order."""
        return list(
            LeaderPage.objects.live()
            .public()
            .filter(schedule_entries__week__schedule=self)
            .distinct()
            .order_by("order", "title")
        )

    def week_context(self, request) -> dict:
        today = localdate()
        week = Week.parse(request.GET.get(WEEK_PARAM), today)
        if week is None:
            raise Http404(_("There is no such week."))
        leaders = self.leaders()
        leader = None
        if slug := request.GET.get(LEADER_PARAM):
            leader = next((each for each in leaders if each.slug == slug), None)
            if leader is None:
                raise Http404(_("This leader has no schedule here."))
        entries = self.entries().filter(date__range=(week.monday, week.sunday))
        if leader is not None:
            entries = entries.filter(leader=leader)
        by_day: dict[datetime.date, list[ScheduleEntry]] = {d: [] for d in week.days}
        for entry in entries.order_by("date", "start_time", "sort_order"):
            by_day[entry.date].append(entry)
        return {
            "week": week,
            "today": today,
            "days": list(by_day.items()),
            "entry_count": sum(len(day) for day in by_day.values()),
            "leaders": leaders,
            "leader": leader,
            "previous_week": week.shifted(-1),
            "next_week": week.shifted(1),
            "this_week": Week.containing(today),
            "week_param": WEEK_PARAM,
            "leader_param": LEADER_PARAM,
        }

    @path("")
    def week_view(self, request):
        return self.render(request, context_overrides=self.week_context(request))

    @path("ban-in/", name="print")
    def print_view(self, request):
        """The week on paper: no menus, the table only."""
        context = self.get_context(request)
        context.update(self.week_context(request))
        return TemplateResponse(request, "leadership/schedule_print.html", context)

    @path("ics/", name="ics")
    def feed(self, request):
        return self.ics_response(self.entries(), "lich-cong-tac")

    @path("ics/<slug:leader>/", name="leader_ics")
    def leader_feed(self, request, leader):
        found = next((each for each in self.leaders() if each.slug == leader), None)
        if found is None:
            raise Http404(_("This leader has no schedule here."))
        return self.ics_response(
            self.entries().filter(leader=found), f"lich-cong-tac-{found.slug}", found
        )

    def ics_response(self, entries, filename: str, leader=None) -> HttpResponse:
        from ..ics import calendar

        since = monday_of(localdate()) - datetime.timedelta(weeks=FEED_WEEKS_BACK)
        name = self.title if leader is None else f"{self.title}: {leader.title}"
        site = self.get_site()
        body = calendar(
            entries.filter(date__gte=since).order_by("date", "start_time"),
            name=name,
            host=site.hostname if site else "portal",
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
        return response

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls.append({"location": base + "ics/", "lastmod": None})
        return urls


class ScheduleWeekForm(WagtailAdminModelForm):
    """A week's entries must fall within it."""

    def is_valid(self) -> bool:
        # The entries' own values are known only once their formset is cleaned,
        # after the week form's clean().
        valid = super().is_valid()
        monday = self.cleaned_data.get("monday")
        if monday is None:
            return valid
        week = Week(monday_of(monday))
        misplaced = False
        for form in self.formsets["entries"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            day = data.get("date")
            if data.get("DELETE") or day is None:
                continue
            if day not in week:
                misplaced = True
                form.add_error(
                    "date",
                    _("This day is not in the week %(start)s – %(end)s.")
                    % {
                        "start": week.monday.strftime("%d/%m/%Y"),
                        "end": week.sunday.strftime("%d/%m/%Y"),
                    },
                )
        return valid and not misplaced


class ScheduleWeek(ClusterableModel):
    """A week of a schedule, entered in one form (a snippet)."""

    schedule = models.ForeignKey(
        SchedulePage,
        verbose_name=_("schedule"),
        on_delete=models.CASCADE,
        related_name="weeks",
    )
    monday = models.DateField(
        _("week starting"),
        help_text=_("Any day of the week: it is saved as its Monday."),
    )
    note = models.TextField(_("note"), blank=True)
    #: Unticked, the week is being prepared and citizens do not see it.
    published = models.BooleanField(_("published"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("schedule"), FieldPanel("monday")]),
        FieldPanel("published"),
        FieldPanel("note"),
        InlinePanel("entries", heading=_("Entries"), label=_("Entry")),
    ]
    base_form_class = ScheduleWeekForm

    class Meta:
        verbose_name = _("schedule week")
        verbose_name_plural = _("schedule weeks")
        ordering = ["-monday"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "monday"], name="unique_schedule_week"
            )
        ]
        permissions = [("import_schedule", _("Can import work schedules"))]

    def __str__(self) -> str:
        week = Week(self.monday)
        return _("Week %(number)s: %(start)s – %(end)s") % {
            "number": week.number,
            "start": week.monday.strftime("%d/%m/%Y"),
            "end": week.sunday.strftime("%d/%m/%Y"),
        }

    def clean(self):
        super().clean()
        if self.monday:
            self.monday = monday_of(self.monday)
        if (
            self.monday
            and self.schedule_id
            and ScheduleWeek.objects.filter(schedule=self.schedule, monday=self.monday)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"monday": _("This schedule already has this week: edit that one.")}
            )

    def save(self, *args, **kwargs):
        self.monday = monday_of(self.monday)
        super().save(*args, **kwargs)


class ScheduleEntry(Orderable):
    """One engagement: when, where, what, who."""

    week = ParentalKey(ScheduleWeek, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"), null=True, blank=True)
    leader = models.ForeignKey(
        LeaderPage,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedule_entries",
        help_text=_("Empty: the whole leadership."),
    )
    content = models.TextField(_("content"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    host = models.CharField(_("chaired by"), max_length=255, blank=True)
    preparing_unit = models.CharField(_("preparing unit"), max_length=255, blank=True)

    panels = [
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]
        ),
        FieldPanel("leader"),
        FieldPanel("content"),
        FieldPanel("place"),
        FieldPanel("participants"),
        FieldRowPanel([FieldPanel("host"), FieldPanel("preparing_unit")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M} {self.content[:60]}"

    def clean(self):
        super().clean()
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end must be after the start.")})

    @property
    def who(self) -> str:
        return self.leader.title if self.leader_id else str(_("The leadership"))
