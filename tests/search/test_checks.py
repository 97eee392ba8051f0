"""search.W002: the host's base.html must have the blocks the kit's pages fill."""

import pytest

from search.checks import check_base_template

# The head and body of the base.html that `wagtail start` (Wagtail 8) writes.
WAGTAIL_START_BASE = """{% load static wagtailcore_tags wagtailuserbar %}
<!DOCTYPE html>
<html lang="en">
    <head>
        <title>{% block title %}{{ page.title }}{% endblock %}</title>
        {% block extra_css %}{% endblock %}
    </head>
    <body class="{% block body_class %}{% endblock %}">
        {% block content %}{% endblock %}
        {% block extra_js %}{% endblock %}
    </body>
</html>
"""
# docs/install.md, step 5.
INSTALL_DOC_CHANGE = """        {% block meta %}{% endblock %}
        {% block extra_head %}{% endblock %}
    </head>"""


@pytest.fixture
def host_templates(settings, tmp_path):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [tmp_path],
        }
    ]
    return tmp_path


def test_the_reference_portal_passes():
    assert check_base_template() == []


def test_the_wagtail_start_base_template_is_told_what_to_add(host_templates):
    (host_templates / "base.html").write_text(WAGTAIL_START_BASE)

    [warning] = check_base_template()

    assert warning.id == "search.W002"
    assert "has no block meta, extra_head" in warning.msg
    assert "{% block meta %}{% endblock %}" in warning.hint
    assert "docs/install.md" in warning.hint


def test_the_documented_change_is_enough(host_templates):
    (host_templates / "base.html").write_text(
        WAGTAIL_START_BASE.replace("    </head>", INSTALL_DOC_CHANGE)
    )
    assert check_base_template() == []


def test_blocks_of_the_templates_it_extends_count(host_templates):
    (host_templates / "layout.html").write_text(
        WAGTAIL_START_BASE.replace("    </head>", INSTALL_DOC_CHANGE)
    )
    (host_templates / "base.html").write_text(
        '{% extends "layout.html" %}{% block title %}Cổng{% endblock %}'
    )
    assert check_base_template() == []


def test_a_base_template_that_does_not_parse_is_reported(host_templates):
    (host_templates / "base.html").write_text("{% block content %}")

    [warning] = check_base_template()

    assert "cannot be read" in warning.msg
