"""Wagtail's read-only API v2 at /api/v2/: pages (with each content type's
``api_fields``), images and documents.

Whatever a client sends, the answer is JSON: a malformed or out-of-range parameter
is a 400 with a message, never a server error.
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, DataError, models, transaction
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from portal.core.absolute_urls import absolute_url

#: The largest offset or id a query may name: the range of a signed 64-bit integer,
#: which SQLite and PostgreSQL store (beyond it, SQLite raises OverflowError and
#: PostgreSQL "bigint out of range").
MAX_INTEGER = 2**63 - 1


class BoundedPagination(WagtailPagination):
    """Wagtail's offset and limit, with the offset kept within what a database can
    compare (Wagtail lets ?offset=99999999999999999999 through to the query)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_INTEGER:
            raise BadRequestError(
                _("offset cannot be higher than %(maximum)d") % {"maximum": MAX_INTEGER}
            )
        return super().paginate_queryset(queryset, request, view)


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?issued_date=2020-01-01``), with every value
    checked against its field first: Wagtail converts only booleans, integers and
    foreign keys, so a bad date or an id too large for the database failed in the
    query."""

    def filter_queryset(self, request, queryset, view):
        filterable = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name in filterable:
                check_filter_value(queryset.model._meta.get_field(name), name, value)
        return super().filter_queryset(request, queryset, view)


def check_filter_value(field, name: str, value: str) -> None:
    if isinstance(field, models.BooleanField) or not hasattr(field, "to_python"):
        return  # Wagtail parses booleans itself; tags are names
    target = field.target_field if field.is_relation else field
    try:
        python_value = target.to_python(value)
    except ValidationError as error:
        raise BadRequestError(
            _("%(value)s is not a valid value for %(field)s")
            % {"value": value, "field": name}
        ) from error
    if isinstance(python_value, int) and abs(python_value) > MAX_INTEGER:
        raise BadRequestError(
            _("%(field)s cannot be higher than %(maximum)d")
            % {"field": name, "maximum": MAX_INTEGER}
        )


class SafeQueryMixin:
    """Answer 400, not 500, to a query the database refuses.

    An empty ``?search=`` is refused before it reaches Wagtail's SQLite full-text
    backend, which fails on it. A search the backend cannot parse (an unbalanced
    quote, for FTS5), or any parameter the database finds out of range (DataError),
    is a 400 as well.
    """

    pagination_class = BoundedPagination

    def listing_view(self, request):
        if "search" in request.GET and not request.GET["search"].strip():
            raise BadRequestError(_("The search query is empty."))
        try:
            with transaction.atomic():
                return super().listing_view(request)
        except (DataError, OverflowError) as error:
            raise BadRequestError(_("A value in the query is out of range.")) from error
        except DatabaseError as error:
            if "search" not in request.GET:
                raise
            raise BadRequestError(
                _("The search query could not be understood.")
            ) from error


def _checked(filter_backends):
    return [
        CheckedFieldsFilter if backend is FieldsFilter else backend
        for backend in filter_backends
    ]


class PortalPagesAPIViewSet(SafeQueryMixin, PagesAPIViewSet):
    filter_backends = _checked(PagesAPIViewSet.filter_backends)

    def get_queryset(self):
        queryset = super().get_queryset()
        # A page type whose queryset knows what its api_fields read (legal documents:
        # their validity status and vocabularies) fetches it with the rows.
        if hasattr(queryset, "for_api"):
            queryset = queryset.for_api()
        return queryset


class PortalImagesAPIViewSet(SafeQueryMixin, ImagesAPIViewSet):
    filter_backends = _checked(ImagesAPIViewSet.filter_backends)


class PortalDocumentsAPIViewSet(SafeQueryMixin, DocumentsAPIViewSet):
    filter_backends = _checked(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)


@require_safe
def api_root(request):
    """/api/v2/: where each endpoint is, on the request's site."""
    site = Site.find_for_request(request)
    return JsonResponse(
        {
            name: absolute_url(reverse(f"wagtailapi:{name}:listing"), site=site)
            for name in ("pages", "images", "documents")
        },
        json_dumps_params={"ensure_ascii": False},
    )
