"""The public forms of the alerts: follow something, ask for one's management link,
change a subscription. Everything anyone can send carries a honeypot field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.honeypot import HoneypotMixin

from .models import Frequency, Subscription

#: Longest query string kept for a search or a list (a real one is far shorter).
MAX_QUERY_LENGTH = 2000
#: Longest address a mail server accepts (RFC 5321: 254 characters in a path).
MAX_EMAIL_LENGTH = 254


def email_field() -> forms.EmailField:
    return forms.EmailField(
        label=pgettext_lazy("alerts", "Your e-mail address"),
        max_length=MAX_EMAIL_LENGTH,
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _(
                "This is not a valid e-mail address; check it, for example "
                "ten@example.vn."
            ),
            "max_length": _("This e-mail address is too long."),
        },
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "inputmode": "email",
                "maxlength": MAX_EMAIL_LENGTH,
                "spellcheck": "false",
            }
        ),
    )


def frequency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        error_messages={"invalid_choice": _("Choose how often you want e-mails.")},
    )


class SubscribeForm(HoneypotMixin):
    email = email_field()
    frequency = frequency_field()
    #: What is followed, from the page the form is on (hidden fields).
    kind = forms.ChoiceField(
        choices=Subscription.Kind.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This cannot be followed.")},
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    query = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.HiddenInput,
        error_messages={
            "max_length": _(
                "This search is too long to follow (at most %(limit_value)d "
                "characters)."
            )
        },
    )
    topic = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "alerts-%s")
        super().__init__(*args, **kwargs)


class ManageLinkForm(HoneypotMixin):
    email = email_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "alerts-link-%s")
        super().__init__(*args, **kwargs)


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    frequency = frequency_field()
