from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from portal.core.models import BasePortalPage

from ..blocks import ENGAGEMENT_STREAM_BLOCKS


class EngagementPage(BasePortalPage):
    """The portal's content page, whose body may also hold a poll."""

    body = StreamField(ENGAGEMENT_STREAM_BLOCKS, verbose_name=_("content"), blank=True)

    class Meta:
        abstract = True
