"""What Decree 42/2022/NĐ-CP asks a portal to disclose in figures: the budget
(công khai ngân sách), statistics (thống kê) and open data (dữ liệu mở).

Budget reports and statistical indicators are pages, in the page tree of the
section that publishes them (a member portal has its own budget page); the
figures are ordered rows of their page, entered with it and published with it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, StreamingHttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.search import index

from portal.core.datasets import csv_chunks, datasets, get_dataset, json_chunks
from portal.core.models import AbstractAttachment, BasePortalPage
from search.text import vietnamese_slug

#: Years editors may enter.
YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


def year_field(verbose_name=None, **options) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name or _("year"), validators=YEAR_VALIDATORS, **options
    )


class AmountField(models.DecimalField):
    """A decimal number editors may type the Vietnamese way (12345,6) or with a
    dot (12345.6); the admin shows it with a comma."""

    def formfield(self, **kwargs):
        kwargs.setdefault("localize", True)
        return super().formfield(**kwargs)


def csv_response(filename: str, chunks) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UniqueRowsForm(WagtailAdminPageForm):
    """Refuses two rows of one inline panel for the same period (a year, or a
    year and quarter): a chart cannot show two values for one bar."""

    #: The inline panel's relation name and the fields that make a row's period.
    unique_rows: tuple[str, tuple[str, ...]] = ("", ())

    def is_valid(self) -> bool:
        # The rows are cleaned after the page's own fields (ClusterForm.is_valid).
        valid = super().is_valid()
        relation, fields = self.unique_rows
        formset = self.formsets.get(relation)
        if formset is None:
            return valid
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            key = tuple(data.get(field) for field in fields)
            if key in seen:
                form.add_error(fields[0], _("This period is entered twice."))
                valid = False
            seen.add(key)
        return valid


# --------------------------------------------------------------------------------------
# Budget disclosure


class BudgetPeriod(models.TextChoices):
    """Kỳ báo cáo of a budget disclosure report, in the order of a budget year."""

    ESTIMATE = "du-toan", _("Budget estimate")
    QUARTER_1 = "quy-1", _("Implementation, first quarter")
    QUARTER_2 = "quy-2", _("Implementation, second quarter")
    SIX_MONTHS = "6-thang", _("Implementation, six months")
    QUARTER_3 = "quy-3", _("Implementation, third quarter")
    QUARTER_4 = "quy-4", _("Implementation, fourth quarter")
    YEAR = "ca-nam", _("Implementation, whole year")
    FINAL = "quyet-toan", _("Final accounts")


_PERIOD_ORDER = {value: position for position, value in enumerate(BudgetPeriod.values)}


class BudgetIndexFormBase(UniqueRowsForm):
    unique_rows = ("figures", ("year",))


class BudgetIndexPage(BasePortalPage):
    """Công khai ngân sách: the reports by year and period, and a chart of the
    headline figures per year."""

    subpage_types = ["disclosure.BudgetReportPage"]
    max_count_per_parent = 1
    template = "disclosure/budget_index_page.html"
    base_form_class = BudgetIndexFormBase

    content_panels = [
        *BasePortalPage.content_panels,
        InlinePanel(
            "figures",
            heading=_("Headline figures per year"),
            label=_("Year"),
            help_text=_("In billions of đồng (tỷ đồng), e.g. 12345,6."),
        ),
    ]
    api_fields = [*BasePortalPage.api_fields, APIField("figures")]

    class Meta:
        verbose_name = _("budget disclosure")
        verbose_name_plural = _("budget disclosures")

    def reports(self):
        """Its published reports, newest year first, in the order of a budget year."""
        reports = list(
            BudgetReportPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-year", "-first_published_at")
        )
        return sorted(
            reports,
            key=lambda report: (-report.year, _PERIOD_ORDER.get(report.period, 99)),
        )

    @cached_property
    def ordered_figures(self) -> list[BudgetFigure]:
        return sorted(self.figures.all(), key=lambda figure: figure.year)

    def chart(self):
        from .charts import Series, bar_chart

        figures = self.ordered_figures
        if not figures:
            return ""
        years = [str(figure.year) for figure in figures]
        return bar_chart(
            title=_("Budget revenue and expenditure by year (billion đồng)"),
            description=_(
                "Bar chart of total revenue, total expenditure and investment "
                "expenditure for the years %(first)s to %(last)s; the same figures "
                "are in the table below."
            )
            % {"first": years[0], "last": years[-1]},
            x_labels=years,
            series=[
                Series(label, [getattr(figure, field) for figure in figures])
                for field, label in BudgetFigure.AMOUNTS
            ],
        )

    def get_context(self, request, *args, **kwargs):
        from .structured_data import budget_dataset

        context = super().get_context(request, *args, **kwargs)
        reports = self.reports()
        years = sorted({report.year for report in reports}, reverse=True)
        year = request.GET.get("nam", "")
        period = request.GET.get("ky", "")
        chosen = reports
        if year.isdigit():
            chosen = [report for report in chosen if report.year == int(year)]
        if period in BudgetPeriod.values:
            chosen = [report for report in chosen if report.period == period]
        by_year = defaultdict(list)
        for report in chosen:
            by_year[report.year].append(report)
        context.update(
            reports_by_year=sorted(by_year.items(), reverse=True),
            years=years,
            periods=BudgetPeriod.choices,
            chosen_year=year,
            chosen_period=period,
            filtered=bool(year or period),
            figures=self.ordered_figures,
            amounts=BudgetFigure.AMOUNTS,
            chart=self.chart(),
            structured_data=budget_dataset(self),
        )
        return context


class BudgetFigure(Orderable):
    """The headline figures of one budget year, in billions of đồng."""

    page = ParentalKey(
        BudgetIndexPage, on_delete=models.CASCADE, related_name="figures"
    )
    year = year_field()
    revenue = AmountField(
        _("total state budget revenue"), max_digits=14, decimal_places=1
    )
    expenditure = AmountField(
        _("total local budget expenditure"), max_digits=14, decimal_places=1
    )
    investment = AmountField(
        _("development investment expenditure"),
        max_digits=14,
        decimal_places=1,
        null=True,
        blank=True,
    )
    note = models.CharField(
        pgettext_lazy("budget figure", "note"),
        max_length=255,
        blank=True,
        help_text=_("For example: estimate, or final accounts approved on 10/12/2025."),
    )

    #: The amounts the chart and the table show, with their headings.
    AMOUNTS = [
        ("revenue", _("Total revenue")),
        ("expenditure", _("Total expenditure")),
        ("investment", _("Investment expenditure")),
    ]

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("note")]),
        FieldRowPanel(
            [
                FieldPanel("revenue"),
                FieldPanel("expenditure"),
                FieldPanel("investment"),
            ]
        ),
    ]
    api_fields = [
        APIField("year"),
        APIField("revenue"),
        APIField("expenditure"),
        APIField("investment"),
        APIField("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("budget figures of a year")
        verbose_name_plural = _("budget figures")

    def __str__(self) -> str:
        return str(self.year)

    def amounts(self) -> list[Decimal | None]:
        return [getattr(self, field) for field, _label in self.AMOUNTS]


class BudgetReportPage(BasePortalPage):
    """One budget disclosure report: a period of a year, with its tables attached
    (biểu mẫu công khai) and the decision that publishes them."""

    year = year_field()
    period = models.CharField(_("period"), max_length=12, choices=BudgetPeriod.choices)
    #: Số, ký hiệu of the decision or report that discloses it, e.g. 12/QĐ-UBND.
    decision_number = models.CharField(
        _("decision number"),
        max_length=100,
        blank=True,
        help_text=_("The number of the decision that publishes it, e.g. 12/QĐ-UBND."),
    )
    disclosed_on = models.DateField(_("date of disclosure"), null=True, blank=True)

    parent_page_types = ["disclosure.BudgetIndexPage"]
    subpage_types: list[str] = []
    template = "disclosure/budget_report_page.html"

    content_panels = [
        *BasePortalPage.content_panels[:1],
        FieldRowPanel([FieldPanel("year"), FieldPanel("period")]),
        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("disclosed_on")]),
        *BasePortalPage.content_panels[1:],
        InlinePanel(
            "attachments",
            heading=_("Tables"),
            label=pgettext_lazy("budget report", "Table"),
        ),
    ]
    search_fields = [
        *BasePortalPage.search_fields,
        index.FilterField("year"),
        index.FilterField("period"),
    ]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("year"),
        APIField("period"),
        APIField("decision_number"),
        APIField("disclosed_on"),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("budget report")
        verbose_name_plural = _("budget reports")

    def meta_summary(self) -> str:
        lead = _("%(period)s of the budget year %(year)s.") % {
            "period": self.get_period_display(),
            "year": self.year,
        }
        return f"{lead} {self.intro}".strip()

    def get_context(self, request, *args, **kwargs):
        from .structured_data import budget_report

        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = list(self.attachments.select_related("document").all())
        context["structured_data"] = budget_report(self)
        return context


class BudgetReportAttachment(AbstractAttachment):
    """A table of the report (biểu), an attachment like any other page's."""

    page = ParentalKey(
        BudgetReportPage, on_delete=models.CASCADE, related_name="attachments"
    )


# --------------------------------------------------------------------------------------
# Statistics


class StatisticsIndexPage(RoutablePageMixin, BasePortalPage):
    """Thống kê: the indicators by field, each with its latest value, and all of
    their values as one CSV file."""

    subpage_types = ["disclosure.IndicatorPage"]
    max_count_per_parent = 1
    template = "disclosure/statistics_index_page.html"

    class Meta:
        verbose_name = _("statistics")
        verbose_name_plural = _("statistics pages")

    def indicators(self):
        return list(
            IndicatorPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("values")
            .order_by("field", "title")
        )

    def value_rows(self, indicators=None):
        """Every value of its indicators, as the CSV file has them."""
        for indicator in indicators or self.indicators():
            yield from indicator.value_rows()

    @path("")
    def index_view(self, request):
        return self.render(request)

    @path("csv/", name="csv")
    def csv_view(self, request):
        if request.method not in {"GET", "HEAD"}:
            raise Http404
        return csv_response(
            "thong-ke.csv", csv_chunks(IndicatorPage.VALUE_COLUMNS, self.value_rows())
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        indicators = self.indicators()
        fields = sorted({indicator.field for indicator in indicators})
        chosen = request.GET.get("linh-vuc", "")
        by_slug = {vietnamese_slug(field) or field: field for field in fields}
        if chosen in by_slug:
            indicators = [i for i in indicators if i.field == by_slug[chosen]]
        groups = defaultdict(list)
        for indicator in indicators:
            groups[indicator.field].append(indicator)
        context.update(
            groups=sorted(groups.items()),
            field_choices=sorted(by_slug.items(), key=lambda item: item[1]),
            chosen_field=chosen if chosen in by_slug else "",
        )
        return context


class IndicatorFormBase(UniqueRowsForm):
    unique_rows = ("values", ("year", "quarter"))


class Quarter(models.IntegerChoices):
    FIRST = 1, _("Quarter I")
    SECOND = 2, _("Quarter II")
    THIRD = 3, _("Quarter III")
    FOURTH = 4, _("Quarter IV")


class IndicatorPage(RoutablePageMixin, BasePortalPage):
    """Chỉ tiêu thống kê: one indicator (its name is the title), its unit, source
    and field, and its values by year or by quarter."""

    unit = models.CharField(
        _("unit"), max_length=100, help_text=_("For example: người, %, tỷ đồng.")
    )
    source = models.CharField(
        pgettext_lazy("statistics", "source"),
        max_length=255,
        blank=True,
        help_text=_("For example: Cục Thống kê tỉnh."),
    )
    field = models.CharField(
        pgettext_lazy("statistics", "field"),
        max_length=100,
        help_text=_("For example: Dân số, Kinh tế, Giáo dục."),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"), default=1, validators=[MaxValueValidator(3)]
    )

    parent_page_types = ["disclosure.StatisticsIndexPage"]
    subpage_types: list[str] = []
    template = "disclosure/indicator_page.html"
    base_form_class = IndicatorFormBase

    content_panels = [
        *BasePortalPage.content_panels[:1],
        FieldRowPanel([FieldPanel("field"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("decimals")]),
        *BasePortalPage.content_panels[1:],
        InlinePanel("values", heading=_("Values"), label=_("Value")),
    ]
    search_fields = [
        *BasePortalPage.search_fields,
        index.SearchField("field"),
        index.SearchField("source"),
    ]
    api_fields = [
        *BasePortalPage.api_fields,
        APIField("unit"),
        APIField("source"),
        APIField("field"),
        APIField("values"),
    ]

    #: The columns of the CSV files of statistics.
    VALUE_COLUMNS = [
        ("indicator", _("Indicator")),
        ("field", pgettext_lazy("statistics", "Field")),
        ("unit", _("Unit")),
        ("period", _("Period")),
        ("year", _("Year")),
        ("quarter", _("Quarter")),
        ("value", _("Value")),
        ("source", _("Source")),
    ]

    class Meta:
        verbose_name = _("statistical indicator")
        verbose_name_plural = _("statistical indicators")

    def ordered_values(self) -> list[IndicatorValue]:
        return sorted(self.values.all(), key=lambda value: value.sort_key)

    def latest_value(self) -> IndicatorValue | None:
        values = self.ordered_values()
        return values[-1] if values else None

    def value_rows(self):
        for value in self.ordered_values():
            yield {
                "indicator": self.title,
                "field": self.field,
                "unit": self.unit,
                "period": value.label,
                "year": value.year,
                "quarter": value.quarter,
                "value": value.value,
                "source": self.source,
            }

    def chart(self):
        from .charts import Series, bar_chart

        values = self.ordered_values()
        if not values:
            return ""
        return bar_chart(
            title=f"{self.title} ({self.unit})",
            description=_(
                "Bar chart of %(indicator)s from %(first)s to %(last)s; the same "
                "values are in the table below."
            )
            % {
                "indicator": self.title,
                "first": values[0].label,
                "last": values[-1].label,
            },
            x_labels=[value.label for value in values],
            series=[Series(self.title, [value.value for value in values])],
            decimals=self.decimals,
        )

    def meta_summary(self) -> str:
        latest = self.latest_value()
        if latest is None:
            return self.intro
        from .numbers import vietnamese_number

        lead = _("%(indicator)s, %(period)s: %(value)s %(unit)s.") % {
            "indicator": self.title,
            "period": latest.label,
            "value": vietnamese_number(latest.value, self.decimals),
            "unit": self.unit,
        }
        return f"{lead} {self.intro}".strip()

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("csv/", name="csv")
    def csv_view(self, request):
        if request.method not in {"GET", "HEAD"}:
            raise Http404
        return csv_response(
            f"{self.slug}.csv", csv_chunks(self.VALUE_COLUMNS, self.value_rows())
        )

    def get_context(self, request, *args, **kwargs):
        from .structured_data import indicator_dataset

        context = super().get_context(request, *args, **kwargs)
        context["values"] = self.ordered_values()
        context["chart"] = self.chart()
        context["structured_data"] = indicator_dataset(self)
        return context


class IndicatorValue(Orderable):
    """The value of an indicator for a year, or for a quarter of a year."""

    page = ParentalKey(IndicatorPage, on_delete=models.CASCADE, related_name="values")
    year = year_field()
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        choices=Quarter.choices,
        null=True,
        blank=True,
        help_text=_("Empty for a whole year."),
    )
    value = AmountField(_("value"), max_digits=20, decimal_places=3)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("quarter"), FieldPanel("value")])
    ]
    api_fields = [APIField("year"), APIField("quarter"), APIField("value")]

    class Meta(Orderable.Meta):
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return self.label

    @property
    def sort_key(self) -> tuple[int, int]:
        # A whole year after its quarters.
        return (self.year, self.quarter or 5)

    @property
    def label(self) -> str:
        if self.quarter:
            return _("%(quarter)s/%(year)s") % {
                "quarter": self.get_quarter_display(),
                "year": self.year,
            }
        return str(self.year)


# --------------------------------------------------------------------------------------
# Open data


class OpenDataPage(RoutablePageMixin, BasePortalPage):
    """Dữ liệu mở: the catalogue of the datasets apps register (portal.core.datasets),
    each generated from the live data as CSV and JSON."""

    licence_name = models.CharField(
        _("licence"),
        max_length=255,
        default="Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
    )
    licence_url = models.URLField(
        _("licence address"),
        blank=True,
        default="https://creativecommons.org/licenses/by/4.0/deed.vi",
    )

    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "disclosure/open_data_page.html"

    content_panels = [
        *BasePortalPage.content_panels,
        FieldRowPanel([FieldPanel("licence_name"), FieldPanel("licence_url")]),
    ]

    class Meta:
        verbose_name = _("open data catalogue")
        verbose_name_plural = _("open data catalogues")

    def catalogue(self) -> list[dict]:
        """Each dataset with its download addresses and update date."""
        base = self.url or ""
        return [
            {
                "dataset": dataset,
                "updated": dataset.updated(),
                "csv_url": f"{base}{dataset.name}/csv/",
                "json_url": f"{base}{dataset.name}/json/",
            }
            for dataset in datasets()
        ]

    def _dataset_or_404(self, request, name: str):
        dataset = get_dataset(name)
        if dataset is None or request.method not in {"GET", "HEAD"}:
            raise Http404
        return dataset

    @path("")
    def catalogue_view(self, request):
        return self.render(request)

    @path("<slug:name>/csv/", name="csv")
    def csv_view(self, request, name):
        dataset = self._dataset_or_404(request, name)
        return csv_response(
            f"{dataset.name}.csv", csv_chunks(dataset.columns, dataset.rows())
        )

    @path("<slug:name>/json/", name="json")
    def json_view(self, request, name):
        dataset = self._dataset_or_404(request, name)
        updated = dataset.updated()
        head = {
            "name": dataset.name,
            "title": str(dataset.title),
            "description": str(dataset.description),
            "license": self.licence_url or self.licence_name,
            "modified": updated.isoformat() if updated else None,
            "columns": [
                {"name": column, "title": str(label)}
                for column, label in dataset.columns
            ],
        }
        return StreamingHttpResponse(
            json_chunks(head, dataset.column_names, dataset.rows()),
            content_type="application/json; charset=utf-8",
        )

    def get_context(self, request, *args, **kwargs):
        from .structured_data import data_catalogue

        context = super().get_context(request, *args, **kwargs)
        catalogue = self.catalogue()
        context["catalogue"] = catalogue
        context["structured_data"] = data_catalogue(self, catalogue)
        return context
