"""Public forms. Every form that anyone can send carries a honeypot field."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.forms.forms import BaseForm as WagtailFormBase
from wagtail.contrib.forms.forms import FormBuilder

from portal.core.honeypot import HONEYPOT_FIELD, HoneypotMixin

from .models import DraftComment, Question, QuestionTopic


class MultilineField(forms.CharField):
    """A textarea's text with its line breaks counted once, before any length
    check: browsers count one against `maxlength` but send it as CRLF, so text
    the browser accepted was refused as too long."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class VoteForm(forms.Form):
    option = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one of the answers before sending."),
            "invalid_choice": _("The answer you chose does not belong to this poll."),
        },
    )

    def __init__(self, poll, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.fields["option"].choices = [
            (option.pk, option.label) for option in poll.options.all()
        ]
        self.auto_id = f"poll-{poll.pk}-%s"


class QuestionForm(HoneypotMixin, forms.ModelForm):
    topic = forms.ModelChoiceField(
        label=pgettext_lazy("subject area", "Field"),
        queryset=QuestionTopic.objects.all(),
        empty_label=_("Choose a field"),
    )

    class Meta:
        model = Question
        fields = ["asker_name", "asker_email", "topic", "question", "notify_on_answer"]
        labels = {
            "asker_name": _("Full name"),
            "question": _("Your question"),
            "notify_on_answer": _("Email me when my question is answered"),
        }
        help_texts = {
            "notify_on_answer": _(
                "One email to the address above, when the answer is published."
            )
        }
        widgets = {"question": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}
        field_classes = {"question": MultilineField}

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if len(question) < 10:
            raise forms.ValidationError(_("Please write your question in full."))
        if len(question) > 5000:
            raise forms.ValidationError(
                _("The question is too long (at most 5000 characters).")
            )
        return question


class DraftCommentForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = DraftComment
        fields = [
            "name",
            "email",
            "organisation",
            "article",
            "comment",
            "notify_on_report",
        ]
        labels = {
            "name": _("Full name"),
            "comment": _("Your comment"),
            "notify_on_report": _(
                "Tell me when the report on how comments were handled is published"
            ),
        }
        help_texts = {
            "notify_on_report": _(
                "One email to the address above, after the consultation has ended."
            )
        }
        widgets = {"comment": forms.Textarea(attrs={"rows": 8, "maxlength": 10000})}
        field_classes = {"comment": MultilineField}

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if len(comment) > 10000:
            raise forms.ValidationError(
                _("The comment is too long (at most 10000 characters).")
            )
        if not comment:
            raise forms.ValidationError(_("Please write your comment."))
        return comment


class SingleLineField(forms.CharField):
    """Text on one line. A line break is refused, not removed: in a subject it
    would end up in an e-mail's headers, and the citizen should see what was
    refused rather than be told that it was sent."""

    default_error_messages = {
        "line_break": _("Write this on a single line, without line breaks."),
    }

    def validate(self, value):
        super().validate(value)
        if "\n" in value or "\r" in value:
            raise forms.ValidationError(
                self.error_messages["line_break"], code="line_break"
            )


#: How long a citizen's text in a contact form may be (a textarea's maxlength too).
MULTILINE_MAX_LENGTH = 5000


class ContactFormBase(HoneypotMixin, WagtailFormBase):
    """The contact form: the fields the editor set up, and the honeypot."""

    def __init__(self, *args, **kwargs):
        # Labels end with ":" as on the portal's other forms (Wagtail's have none).
        kwargs.setdefault("label_suffix", None)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        # Not an answer: it is neither kept nor e-mailed (is_spam reads the data).
        cleaned_data.pop(HONEYPOT_FIELD, None)
        return cleaned_data

    def submitted_data(self) -> dict:
        """The answers, by the fields' clean names."""
        return dict(self.cleaned_data)

    def save(self):
        """Keep the submission and e-mail it (what the contact page does with a
        form sent to it), as a model form saves what it was given."""
        return self.page.process_form_submission(self)

    def reply_to(self) -> list[str]:
        """The address the citizen gave in the form's first e-mail field."""
        for name, field in self.fields.items():
            if isinstance(field, forms.EmailField) and self.cleaned_data.get(name):
                return [self.cleaned_data[name]]
        return []


class ContactFormBuilder(FormBuilder):
    """Wagtail's form builder, with one-line fields that refuse line breaks and
    texts whose line breaks count once (see MultilineField)."""

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return SingleLineField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        options["error_messages"] = {
            "max_length": _("The message is too long (at most 5000 characters).")
        }
        options.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 8, "maxlength": MULTILINE_MAX_LENGTH}),
        )
        return MultilineField(**options)

    def get_form_class(self):
        return type("ContactForm", (ContactFormBase,), self.formfields)


class FeedbackForm(HoneypotMixin, forms.Form):
    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    helpful = forms.TypedChoiceField(
        label=_("Was this information helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    comment = MultilineField(
        label=_("How can we improve this page? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
