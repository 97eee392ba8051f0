"""Admin forms the portal swaps into Wagtail through its WAGTAILADMIN_*_FORM settings."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class PortalLoginForm(LoginForm):
    """Wagtail's login form with a translatable label on the password field.

    Wagtail redeclares the password field without a label, so Django falls back to the
    untranslated field name and the login page says "Password" in every language.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
