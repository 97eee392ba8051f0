"""docs/install.md is what scripts/install_check.py runs: every block it applies is
there and is valid code, and `--oldest` pins the lower ends the wheels declare.

The check itself installs wheels in new `wagtail start` sites (minutes, the network):
CI and `make install-check` run it, not this suite.
"""

import ast
import importlib.util
from pathlib import Path

import pytest
from django.template import Engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def install_check():
    spec = importlib.util.spec_from_file_location(
        "install_check", ROOT / "scripts" / "install_check.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def blocks(install_check):
    return install_check.doc_blocks(install_check.INSTALL_DOC)


PYTHON_BLOCKS = [
    "settings",
    "first-pages",
    "production",
    "settings-cms-blocks",
    "cms-blocks-model",
    "settings-search",
    "urls-search",
    "search-adapter",
]


@pytest.mark.parametrize("name", PYTHON_BLOCKS)
def test_python_blocks_parse(blocks, name):
    ast.parse(blocks[name], filename=f"docs/install.md: {name}")


def test_the_portal_settings_put_the_admin_translation_first(blocks):
    """The rule portal.W002 enforces, in the code a host copies."""
    installed = ["home", "search", "wagtail.admin", "wagtail", "taggit"]
    namespace = {"INSTALLED_APPS": installed, "TEMPLATES": [{"OPTIONS": {}}]}
    namespace["TEMPLATES"][0]["OPTIONS"]["context_processors"] = []
    namespace["MIDDLEWARE"] = ["django.contrib.sessions.middleware.SessionMiddleware"]
    exec(blocks["settings"], namespace)  # noqa: S102 - the doc's own settings

    assert namespace["INSTALLED_APPS"][0] == "portal.admin_vi"
    assert "home" not in namespace["INSTALLED_APPS"]


def test_the_admin_urls_open_the_urlpatterns_list(blocks):
    """The script puts the block where `urlpatterns = [` was, ahead of the admin."""
    assert blocks["admin-urls"].startswith("urlpatterns = [\n")
    ast.parse(blocks["admin-urls"] + "]\n")


def test_the_blocks_template_compiles(blocks):
    engine = Engine(
        libraries={
            "wagtailcore_tags": "wagtail.templatetags.wagtailcore_tags",
            "cms_blocks_tags": "cms_blocks.templatetags.cms_blocks_tags",
        }
    )
    source = blocks["cms-blocks-template"].replace('{% extends "base.html" %}', "")
    engine.from_string(source)


def test_oldest_pins_the_lower_ends_of_the_range(install_check):
    assert install_check.framework_lower_ends() == ["wagtail==8.0", "Django==5.2"]
