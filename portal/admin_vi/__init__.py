"""The Vietnamese translation of Wagtail's admin, as an app a host lists first.

Wagtail's own Vietnamese catalogues translate only part of the admin. This app carries
the rest (``locale/vi/LC_MESSAGES/django.po`` and ``djangojs.po``) and replaces a few
upstream strings. Django takes a message from the first app in INSTALLED_APPS that
translates it, so the app goes before Wagtail's (portal.W002 says when it does not);
the admin's JavaScript strings come from ``urls.py``, included before Wagtail's admin
URLs (portal.W003). docs/install.md, step 3 and 4.
"""
