"""Public forms. Every form that anyone can send carries a honeypot field."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ContactMessage, DraftComment, Question, QuestionTopic


class MultilineField(forms.CharField):
    """A textarea's text with its line breaks counted once, before any length
    check: browsers count one against `maxlength` but send it as CRLF, so text
    the browser accepted was refused as too long."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class HoneypotMixin(forms.Form):
    """A field people never see or fill in; robots that fill every field give
    themselves away. The template hides it (see includes/honeypot.html)."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


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
        fields = ["asker_name", "asker_email", "topic", "question"]
        labels = {"asker_name": _("Full name"), "question": _("Your question")}
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
        fields = ["name", "email", "organisation", "article", "comment"]
        labels = {"name": _("Full name"), "comment": _("Your comment")}
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


class ContactForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "phone", "subject", "message"]
        labels = {"name": _("Full name")}
        widgets = {"message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}
        field_classes = {"message": MultilineField}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) > 5000:
            raise forms.ValidationError(
                _("The message is too long (at most 5000 characters).")
            )
        return message


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
