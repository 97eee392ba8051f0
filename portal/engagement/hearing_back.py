"""Hearing back: a citizen who asked a question, or commented on a draft and asked
to be told, gets one e-mail when the answer, or the body's report on the comments
(báo cáo tiếp thu, giải trình), is published.

Mail goes through the portal's queue (`portal.core.mail.queue`) in the transaction
that publishes, and each question or comment records when it was told, so that
publishing again, or editing later, never mails twice.
"""

from __future__ import annotations

import html
import re

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from portal.core.absolute_urls import absolute_url, root_url
from portal.core.mail import OutgoingMail, queue
from portal.core.page_meta import site_name

#: Mail that a person asked for once, about one thing: no list, no unsubscribing,
#: but auto-responders must not answer it (RFC 3834).
HEADERS = {"Auto-Submitted": "auto-generated"}

_LINK = re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S | re.I)
_ROOT_RELATIVE = re.compile(r"\b(href|src)=\"/(?!/)", re.I)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
_LINE_END = re.compile(r"</(li|h[1-6]|p|div|blockquote|ul|ol)>", re.I)
_BLANK_LINES = re.compile(r"\n{3,}")


def rich_text_for_mail(rich_text: str, root: str) -> str:
    """Rich text as HTML for an e-mail: Wagtail's links expanded, and addresses on
    the site (``/van-ban/…``, documents) made absolute on ``root``."""
    expanded = expand_db_html(rich_text or "")
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{root}/', expanded)


def rich_text_as_plain(mail_html: str) -> str:
    """The text of HTML, as a plain-text e-mail shows it: a paragraph per block,
    list items with a dash, and each link's address after its text."""

    def link(match: re.Match) -> str:
        # Still escaped: the whole text is unescaped once, at the end.
        address, text = match.group(1), match.group(2)
        shown = strip_tags(text).strip()
        return shown if shown == address else f"{text} ({address})"

    text = _LINK.sub(link, mail_html)
    text = _LIST_ITEM.sub("- ", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _LINE_END.sub(lambda m: "\n" if m.group(1).lower() == "li" else "\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _render(template: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML parts of a mail (``engagement/mail/<template>``)."""
    return (
        render_to_string(f"engagement/mail/{template}.txt", context),
        render_to_string(f"engagement/mail/{template}.html", context),
    )


def _site_of(page) -> Site | None:
    site = page.get_site() if page is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def mail_answer(question) -> OutgoingMail | None:
    """Queue the mail that tells the asker their question is answered; None when
    their address is suspended. The caller records that it was sent (Question.save)."""
    page = question.answer_page()
    site = _site_of(page)
    root = root_url(site)
    # Citizens are written to in the portal's language, whatever the editor's.
    with translation.override(settings.LANGUAGE_CODE):
        answer_html = rich_text_for_mail(question.answer, root)
        text, html_part = _render(
            "answer",
            {
                "question": question,
                "answer_html": answer_html,
                "answer_text": rich_text_as_plain(answer_html),
                "url": question.get_full_url(),
                "portal_name": site_name(site),
            },
        )
        subject = gettext("Your question has been answered: %(heading)s") % {
            "heading": question.heading
        }
    return queue(
        question.asker_email, subject, text, html_part, kind="answer", headers=HEADERS
    )


def tell_commenters_of_report(draft, now=None) -> int:
    """Queue one mail per address that commented on ``draft``, asked to be told of
    the report and was not told yet (rejected comments are not told), once the
    report is public; returns how many mails were queued."""
    from .models import DraftComment

    now = now or timezone.now()
    if not draft.live or not draft.shows_report(now):
        return 0
    with transaction.atomic():
        # Locked: two publishes at once tell each commenter once.
        waiting = list(
            draft.comments_awaiting_report()
            .select_for_update()
            .values_list("pk", flat=True)
        )
        if not waiting:
            return 0
        addresses = draft.addresses_awaiting_report()
        site = _site_of(draft)
        received = draft.comments.count()
        published = draft.public_comments().count()
        with translation.override(settings.LANGUAGE_CODE):
            text, html_part = _render(
                "consultation_report",
                {
                    "draft": draft,
                    "received": received,
                    "published": published,
                    "url": absolute_url(draft),
                    "portal_name": site_name(site),
                },
            )
            subject = gettext("Report on the comments on %(title)s") % {
                "title": draft.title
            }
        queued = sum(
            queue(
                address,
                subject,
                text,
                html_part,
                kind="consultation",
                headers=HEADERS,
            )
            is not None
            for address in addresses
        )
        DraftComment.objects.filter(pk__in=waiting).update(report_notified_at=now)
    return queued


def on_page_published(sender, instance, **kwargs) -> None:
    tell_commenters_of_report(instance)


def connect_signals() -> None:
    from wagtail.signals import page_published

    from .models import DraftPage

    page_published.connect(
        on_page_published,
        sender=DraftPage,
        dispatch_uid="engagement_tell_commenters_of_report",
    )
