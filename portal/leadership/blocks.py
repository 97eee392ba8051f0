"""Today's schedule, a section a home page offers its editors (portal.core.home)."""

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from portal.core import routing
from portal.core.home import HomeBlock

from .models import ScheduleEntry, SchedulePage

#: The fields of an entry, its leader and its schedule that the section shows.
SHOWN_ENTRY_FIELDS = (
    "start_time",
    "end_time",
    "content",
    "place",
    "leader",
    "leader__title",
    "week__schedule__title",
    "week__schedule__url_path",
    "week__schedule__path",
)


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
        # The restrictions from the routing's cached list: no query of their own.
        schedules = routing.public(
            SchedulePage.objects.live().descendant_of(home), request
        )
        entries = list(
            ScheduleEntry.objects.filter(
                date=today, week__published=True, week__schedule__in=schedules
            )
            .select_related("leader", "week__schedule")
            # What the section shows: about a third of the columns of three pages
            # and an entry to read and turn into objects.
            .only(*SHOWN_ENTRY_FIELDS)
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


def home_blocks():
    return [("today_schedule", TodayScheduleBlock())]
