"""Today's schedule, a section a home page offers its editors (portal.core.home)."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from portal.core.home import HomeBlock

from .models import ScheduleEntry, SchedulePage


class TodayScheduleBlock(HomeBlock):
    """The leaders' engagements of the day, from the work schedule under the home
    page; nothing on a day without any."""

    class Meta:
        icon = "date"
        label = _("Today's schedule")
        description = _(
            "The leaders' engagements of the day from the work schedule; shown "
            "only on days that have some."
        )
        template = "leadership/blocks/today_schedule.html"
        home_place = "aside"
        home_order = 30

    def cache_vary(self) -> tuple:
        return (localdate().isoformat(),)

    def section_context(self, value, home, request):
        today = localdate()
        schedules = public_pages(SchedulePage.objects.live().descendant_of(home))
        entries = list(
            ScheduleEntry.objects.filter(
                date=today, week__published=True, week__schedule__in=schedules
            )
            .select_related("leader", "week__schedule")
            .order_by("week__schedule__path", "start_time", "sort_order")
        )
        if not entries:
            return None
        # The first schedule under the home page, as its menu would lead to.
        schedule = entries[0].week.schedule
        return {
            "schedule": schedule,
            "entries": [each for each in entries if each.week.schedule == schedule],
            "today": today,
        }


def public_pages(pages):
    """`pages` without those a view restriction hides, as `.public()` but in the
    query itself (`.public()` reads every restriction first: one query more)."""
    restricted = PageViewRestriction.objects.annotate(
        restricted_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(restricted_path__startswith=F("page__path"))
    return pages.exclude(Exists(restricted))


def home_blocks():
    return [("today_schedule", TodayScheduleBlock())]
