"""The admin of what every content app shares: public bodies."""

from wagtail.snippets.models import register_snippet

from .viewsets import PublicBodyViewSet

register_snippet(PublicBodyViewSet)
