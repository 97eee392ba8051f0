"""Imports run one way (docs/architecture.md): the libraries know no portal, the core
knows no content app, content apps know only the core and the libraries, and no app
knows the reference site (its settings, URLs, WSGI module and API router stay out of
the wheels, docs/install.md), so that a host project uses the apps as the portal does.

A content app that needs another's content goes through URL names or
`apps.get_model`, so that each one can be installed without the others.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT_APPS = ("legal", "news", "procedures", "engagement")
APPS = ("cms_blocks", "search", "portal/core", *(f"portal/{a}" for a in CONTENT_APPS))
REFERENCE_SITE = ("portal.settings", "portal.urls", "portal.wsgi", "portal.api")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            # `from portal import settings` imports the module portal.settings.
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def python_files(package: str):
    return sorted(
        path
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in python_files(package):
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


@pytest.mark.parametrize("library", ["search", "cms_blocks"])
def test_libraries_import_no_portal(library):
    assert offending(library, ("portal",)) == []


def test_core_imports_no_content_app():
    assert offending("portal/core", tuple(f"portal.{a}" for a in CONTENT_APPS)) == []


@pytest.mark.parametrize("app", CONTENT_APPS)
def test_content_apps_import_only_the_core(app):
    others = tuple(f"portal.{other}" for other in CONTENT_APPS if other != app)
    assert offending(f"portal/{app}", others) == []


@pytest.mark.parametrize("app", APPS)
def test_apps_import_nothing_of_the_reference_site(app):
    assert offending(app, REFERENCE_SITE) == []


def test_the_check_reads_real_imports(tmp_path):
    """The parser sees both import forms, so the tests above can fail."""
    module = tmp_path / "m.py"
    module.write_text(
        "import portal.legal.models\n"
        "from portal.news import feeds\n"
        "from portal import settings\n"
    )
    assert imported_modules(module) == {
        "portal.legal.models",
        "portal.news",
        "portal.news.feeds",
        "portal",
        "portal.settings",
    }
