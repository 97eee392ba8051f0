"""Wagtail's read-only API v2 at /api/v2/."""

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class SafeSearchMixin:
    """Answer 400, not 500, when the search backend rejects a query.

    Wagtail's SQLite full-text backend passes some input (an unbalanced quote, for
    example) to FTS5, which raises a syntax error when the results are fetched.
    """

    def listing_view(self, request):
        try:
            with transaction.atomic():
                return super().listing_view(request)
        except DatabaseError as error:
            if "search" not in request.GET:
                raise
            raise BadRequestError(
                _("The search query could not be understood.")
            ) from error


class PortalPagesAPIViewSet(SafeSearchMixin, PagesAPIViewSet):
    pass


class PortalImagesAPIViewSet(SafeSearchMixin, ImagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(SafeSearchMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
