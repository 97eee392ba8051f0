"""Casting votes: the rules, in one place that views and tests share."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Poll, PollOption, PollVote

COOKIE_SALT = "engagement.poll"
COOKIE_MAX_AGE = 365 * 24 * 3600


class VoteRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cast_vote(poll: Poll, option_id: int | None, now=None) -> PollVote:
    """Record one vote for `option_id` of `poll`.

    Each vote is a new row, so concurrent votes are all counted (no read-modify-write).
    """
    now = now or timezone.now()
    if poll.has_not_opened(now):
        raise VoteRefused(_("This poll has not opened yet."))
    if not poll.is_open(now):
        raise VoteRefused(_("This poll has closed; votes are no longer accepted."))
    option = PollOption.objects.filter(poll=poll, pk=option_id).first()
    if option is None:
        raise VoteRefused(_("The answer you chose does not belong to this poll."))
    return PollVote.objects.create(poll=poll, option=option, created_at=now)


def cookie_name(poll: Poll) -> str:
    return f"poll_{poll.pk}"


def has_voted(request, poll: Poll) -> bool:
    return bool(
        request.get_signed_cookie(cookie_name(poll), default="", salt=COOKIE_SALT)
    )


def remember_vote(request, response, poll: Poll) -> None:
    response.set_signed_cookie(
        cookie_name(poll),
        "1",
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
