"""Public views. Each one validates, calls the model or service, and redirects with a
message (post/redirect/get), so that everything works without JavaScript and no bad
input ends in a server error."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from portal.core.page_meta import view_meta
from portal.core.pagination import paginate

from . import ratelimit
from .forms import DraftCommentForm, FeedbackForm, QuestionForm, VoteForm
from .models import DraftComment, PageFeedback, Poll, Question, QuestionTopic
from .polls import (
    AlreadyVoted,
    VoteRefused,
    already_voted_message,
    cast_vote,
    has_voted,
    remember_vote,
    voter_key,
)

QUESTIONS_PER_PAGE = 10
FEEDBACK_COOKIE = "page_feedback"
FEEDBACK_SALT = "engagement.feedback"
FEEDBACK_COOKIE_PAGES = 100


def rate_limited_message() -> str:
    return _(
        "Too many attempts from your network in a short time. Please try again later."
    )


# Polls -------------------------------------------------------------------------------


@require_GET
def poll_detail(request, pk: int):
    poll = get_object_or_404(Poll.objects.prefetch_related("options"), pk=pk)
    return render(
        request,
        "engagement/poll_detail.html",
        {
            "poll": poll,
            "page_meta": _poll_meta(request, poll, poll_detail_url(poll)),
            "form": VoteForm(poll),
            "is_open": poll.is_open(),
            "has_voted": has_voted(request, poll),
        },
    )


@require_GET
def poll_results(request, pk: int):
    poll = get_object_or_404(Poll, pk=pk)
    results = poll.results()
    return render(
        request,
        "engagement/poll_results.html",
        {
            "poll": poll,
            "page_meta": _poll_meta(
                request,
                poll,
                poll_results_url(poll),
                title=f"{_('Results')}: {poll.question}",
            ),
            "results": results,
            "total": sum(result.votes for result in results),
            "is_open": poll.is_open(),
            "has_voted": has_voted(request, poll),
        },
    )


@require_POST
def poll_vote(request, pk: int):
    poll = get_object_or_404(Poll, pk=pk)
    results_url = poll_results_url(poll)
    if not ratelimit.hit(request, "vote"):
        messages.error(request, rate_limited_message())
        return HttpResponseRedirect(results_url)
    if has_voted(request, poll):
        messages.info(request, already_voted_message())
        return HttpResponseRedirect(results_url)
    option_id = None
    if poll.is_open():
        form = VoteForm(poll, request.POST)
        if not form.is_valid():
            for error in form.errors.get("option", []):
                messages.error(request, error)
            return HttpResponseRedirect(poll_detail_url(poll))
        option_id = form.cleaned_data["option"]
    try:
        # A closed poll is refused here, whatever was posted.
        cast_vote(poll, option_id, voter=voter_key(request))
    except AlreadyVoted as refusal:
        messages.info(request, refusal.message)
        response = HttpResponseRedirect(results_url)
        remember_vote(request, response, poll)
        return response
    except VoteRefused as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(results_url)
    messages.success(request, _("Thank you. Your answer has been recorded."))
    response = HttpResponseRedirect(results_url)
    remember_vote(request, response, poll)
    return response


def _poll_meta(request, poll, path: str, title: str = ""):
    return view_meta(
        request,
        title=title or poll.question,
        description=poll.description or poll.question,
        path=path,
    )


def poll_detail_url(poll) -> str:
    return reverse("engagement:poll_detail", args=[poll.pk])


def poll_results_url(poll) -> str:
    return reverse("engagement:poll_results", args=[poll.pk])


# Shared by the page views ------------------------------------------------------------


def _page_response(request, page, **extra):
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context)


def _redirect_to(page, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(page.url + (f"#{anchor}" if anchor else ""))


def accept_submission(request, form, *, limit: str, thanks: str, page, anchor: str):
    """Save what a citizen sent and thank them (post/redirect/get); None when the
    form is to be shown again, with its errors.

    Only well-formed submissions count against the rate limit ``limit``, and a
    refused one keeps what the citizen typed. Spam (a filled honeypot) is thanked
    like anything else, and dropped.
    """
    if not form.is_valid():
        return None
    if not ratelimit.hit(request, limit):
        form.add_error(None, rate_limited_message())
        return None
    if not form.is_spam():
        form.save()
    messages.success(request, thanks)
    return _redirect_to(page, anchor)


# Questions and answers ---------------------------------------------------------------


def question_index(request, page, question_id: int | None = None):
    if question_id is not None:
        if request.method != "GET":
            raise Http404
        question = get_object_or_404(
            Question.objects.published().select_related("topic"), pk=question_id
        )
        context = page.get_context(request)
        context["question"] = question
        context["page_meta"] = view_meta(
            request,
            title=question.heading,
            description=question.question,
            path=page.question_full_url(question.pk),
        )
        return TemplateResponse(request, "engagement/question_detail.html", context)

    form = QuestionForm()
    if request.method == "POST":
        form = QuestionForm(request.POST, instance=Question(index_page=page))
        accepted = accept_submission(
            request,
            form,
            limit="question",
            thanks=_(
                "Thank you. Your question has been received; it will be published "
                "here with the answer once the responsible agency has answered."
            ),
            page=page,
            anchor="ask",
        )
        if accepted:
            return accepted

    questions = Question.objects.published().select_related("topic")
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    if query:
        questions = questions.matching(query)
    topic_slug = request.GET.get("linh-vuc", "").strip()[:100]
    topics = list(
        QuestionTopic.objects.annotate(
            published_count=Count(
                "questions", filter=Q(questions__status=Question.Status.PUBLISHED)
            )
        )
    )
    current_topic = next((t for t in topics if t.slug == topic_slug), None)
    if current_topic:
        questions = questions.filter(topic=current_topic)
    questions = paginate(
        questions.order_by("-published_at", "-pk"), request.GET, QUESTIONS_PER_PAGE
    )
    return _page_response(
        request,
        page,
        form=form,
        questions=questions,
        query=query,
        topics=topics,
        current_topic=current_topic,
    )


# Consultation on drafts --------------------------------------------------------------


def draft_page(request, page):
    now = timezone.now()
    form = DraftCommentForm()
    if request.method == "POST":
        form = DraftCommentForm(request.POST, instance=DraftComment(draft=page))
        if not page.is_open(now):
            messages.error(request, _consultation_closed_message(page, now))
            return _redirect_to(page, "comment")
        accepted = accept_submission(
            request,
            form,
            limit="comment",
            thanks=_(
                "Thank you. Your comment has been received and will be "
                "published after moderation."
            ),
            page=page,
            anchor="comment",
        )
        if accepted:
            return accepted
    return _page_response(
        request,
        page,
        form=form,
        is_open=page.is_open(now),
        not_started=page.has_not_started(now),
        shows_report=page.shows_report(now),
        approved_comments=page.public_comments(),
    )


def _consultation_closed_message(page, now) -> str:
    if page.has_not_started(now):
        return _("The consultation on this draft has not started yet.")
    return _(
        "The consultation on this draft closed on %(deadline)s; comments are no "
        "longer accepted."
    ) % {"deadline": _format_datetime(page.consultation_deadline)}


def _format_datetime(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


# Page feedback -----------------------------------------------------------------------


def feedback_given_for(request) -> set[int]:
    raw = request.get_signed_cookie(FEEDBACK_COOKIE, default="", salt=FEEDBACK_SALT)
    return {int(part) for part in raw.split(".") if part.isdigit()}


@require_POST
def page_feedback(request):
    form = FeedbackForm(request.POST)
    page = None
    if form.is_valid():
        page = Page.objects.live().public().filter(pk=form.cleaned_data["page"]).first()
    if page is None:
        messages.error(request, _("Your feedback could not be recorded."))
        return HttpResponseRedirect(_safe_back_url(request))
    anchor_url = (page.url or "/") + "#page-feedback"
    if not ratelimit.hit(request, "feedback"):
        messages.error(request, rate_limited_message())
        return HttpResponseRedirect(anchor_url)
    given = feedback_given_for(request)
    response = HttpResponseRedirect(anchor_url)
    if page.pk not in given and not form.is_spam():
        with transaction.atomic():
            PageFeedback.objects.create(
                page=page,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"].strip(),
            )
        given_list = [*sorted(given), page.pk][-FEEDBACK_COOKIE_PAGES:]
        response.set_signed_cookie(
            FEEDBACK_COOKIE,
            ".".join(str(pk) for pk in given_list),
            salt=FEEDBACK_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _safe_back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"
