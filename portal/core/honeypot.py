"""The honeypot every public form carries: a field people never see or fill in."""

from django import forms
from django.utils.translation import gettext_lazy as _

#: The honeypot's name: the templates hide the field by it.
HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people never see or fill in; robots that fill every field give
    themselves away. Templates hide it (engagement/includes/honeypot.html,
    alerts/includes/honeypot.html); spam is answered like anything else, and
    dropped."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())
