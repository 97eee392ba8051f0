"""Models of citizen engagement, one module per feature, re-exported here."""

from .contact import ContactFormField, ContactMessage, ContactPage
from .drafts import DraftComment, DraftIndexPage, DraftPage
from .feedback import PageFeedback
from .notices import SiteNotice
from .polls import Poll, PollOption, PollVote
from .qa import Question, QuestionIndexPage, QuestionTopic
from .visits import SiteVisits

__all__ = [
    "ContactFormField",
    "ContactMessage",
    "ContactPage",
    "DraftComment",
    "DraftIndexPage",
    "DraftPage",
    "PageFeedback",
    "Poll",
    "PollOption",
    "PollVote",
    "Question",
    "QuestionIndexPage",
    "QuestionTopic",
    "SiteNotice",
    "SiteVisits",
]
