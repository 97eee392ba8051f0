"""Casting votes: the rules, in one place that views and tests share."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Poll, PollOption, PollVote

COOKIE_SALT = "engagement.poll"
COOKIE_MAX_AGE = 365 * 24 * 3600


class VoteRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyVoted(VoteRefused):
    pass


def already_voted_message() -> str:
    return _(
        "You have already answered this poll from this browser. Thank you; "
        "each browser can answer once."
    )


def voter_key(request) -> str:
    """What identifies the browser to the database: a keyed hash of the secret
    of its CSRF cookie, which every accepted vote carries (the vote form is
    protected by it) and which stays the same across its requests. Empty when
    the request has none (then only the signed cookie guards)."""
    secret = request.META.get("CSRF_COOKIE") or ""
    if not secret:
        return ""
    key = f"{COOKIE_SALT}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def cast_vote(poll: Poll, option_id: int | None, now=None, voter: str = "") -> PollVote:
    """Record one vote for `option_id` of `poll`, from the browser `voter`
    (voter_key).

    Each vote is a new row, so concurrent votes are all counted (no
    read-modify-write); a second row for the same poll and browser is refused by
    a unique constraint, so ten identical requests sent at once store one vote.
    """
    now = now or timezone.now()
    if poll.has_not_opened(now):
        raise VoteRefused(_("This poll has not opened yet."))
    if not poll.is_open(now):
        raise VoteRefused(_("This poll has closed; votes are no longer accepted."))
    option = PollOption.objects.filter(poll=poll, pk=option_id).first()
    if option is None:
        raise VoteRefused(_("The answer you chose does not belong to this poll."))
    try:
        with transaction.atomic():
            return PollVote.objects.create(
                poll=poll, option=option, created_at=now, voter=voter
            )
    except IntegrityError:
        if voter and PollVote.objects.filter(poll=poll, voter=voter).exists():
            raise AlreadyVoted(already_voted_message()) from None
        raise


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
