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
CONTENT_APPS = (
    "legal",
    "news",
    "procedures",
    "engagement",
    "alerts",
    "disclosure",
    "leadership",
    "organisation",
    "planning",
)
APPS = (
    "cms_blocks",
    "search",
    "portal/admin_vi",
    "portal/core",
    *(f"portal/{a}" for a in CONTENT_APPS),
)
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


def test_admin_translation_imports_no_other_portal_app():
    """portal.admin_vi carries a catalogue a host lists first; it stands alone."""
    assert offending("portal/admin_vi", ("portal.core", "search", "cms_blocks")) == []
    assert (
        offending("portal/admin_vi", tuple(f"portal.{a}" for a in CONTENT_APPS)) == []
    )


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


#: What the wheels ship of `portal`: the apps and the modules they use at run time.
SHIPPED = ("portal/admin_vi", "portal/core", *(f"portal/{app}" for app in CONTENT_APPS))
SHIPPED_MODULES = ("portal/__init__.py", "portal/api.py", "portal/formats")
#: The reference site, which stays in the repository (docs/releases.md).
SITE = ("portal.settings", "portal.urls", "portal.wsgi")


def site_references(path: Path) -> list[str]:
    """Imports of the site, in both forms, and its dotted paths in strings (such as
    a DJANGO_SETTINGS_MODULE default or an import_string argument)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        found += [
            name
            for name in names
            if any(name == site or name.startswith(site + ".") for site in SITE)
        ]
    return found


@pytest.mark.parametrize("package", [*SHIPPED, *SHIPPED_MODULES])
def test_shipped_code_never_names_the_reference_site(package):
    """A host site installs the apps with settings and URLs of its own."""
    target = ROOT / package
    paths = [target] if target.is_file() else sorted(target.rglob("*.py"))
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in paths
        for name in site_references(path)
    ]
    assert found == []


def test_the_site_check_sees_every_form(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import portal.urls\nfrom portal import settings\n"
        "from portal.settings.base import DEBUG\n"
        "NAME = 'portal.settings.production'\n"
    )
    assert site_references(module) == [
        "portal.urls",
        "portal.settings",
        "portal.settings.base",
        "portal.settings.base.DEBUG",
        "portal.settings.production",
    ]
