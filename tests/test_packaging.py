"""The three distributions (`make dist`): what their wheels carry and leave out,
the dependencies and extras they declare, and builds that repeat byte for byte.

The wheels are built once for the module, with the backend installed here
(`--no-isolation`), so no test needs the network.
"""

import email.parser
import gettext
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import polib
import pytest

pytest.importorskip("build", reason="the `build` package (requirements-dev.txt)")
pytest.importorskip("hatchling", reason="the hatchling backend (requirements-dev.txt)")

ROOT = Path(__file__).resolve().parent.parent
VERSION = (ROOT / "VERSION").read_text().strip()
PORTAL_APPS = (
    "core",
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
#: The reference site: in the repository, never in a wheel.
SITE_FILES = ("portal/settings/", "portal/urls.py", "portal/wsgi.py")


def build_into(outdir: Path) -> dict[str, Path]:
    subprocess.run(
        [
            sys.executable,
            "scripts/build_dists.py",
            "--no-isolation",
            "--outdir",
            outdir,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return {path.name: path for path in sorted(outdir.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_into(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def wheels(built):
    def names(distribution):
        return zipfile.ZipFile(built[f"{distribution}-{VERSION}-py3-none-any.whl"])

    return {
        "portal-kit": names("portal_kit"),
        "portal-kit-cms-blocks": names("portal_kit_cms_blocks"),
        "portal-kit-search": names("portal_kit_search"),
    }


def tracked_files(*paths: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *paths],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [name for name in listed.splitlines() if (ROOT / name).is_file()]


def metadata(wheel: zipfile.ZipFile):
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    return email.parser.Parser().parsestr(wheel.read(name).decode())


def test_each_distribution_gives_a_wheel_and_an_sdist(built):
    assert sorted(built) == sorted(
        f"{name}-{VERSION}{suffix}"
        for name in ("portal_kit", "portal_kit_cms_blocks", "portal_kit_search")
        for suffix in ("-py3-none-any.whl", ".tar.gz")
    )


@pytest.mark.parametrize(
    "distribution, package",
    [
        ("portal-kit-cms-blocks", "cms_blocks"),
        ("portal-kit-search", "search"),
        ("portal-kit", "portal"),
    ],
)
def test_wheel_carries_every_file_of_its_apps(wheels, distribution, package):
    """Templates, static files, migrations, commands, demo data: all a wheel's apps
    have in git, and nothing of another distribution."""
    names = set(wheels[distribution].namelist())
    expected = {
        name for name in tracked_files(package) if not name.startswith(SITE_FILES)
    }
    assert expected - names == set()
    packaged = {name for name in names if ".dist-info/" not in name}
    assert {name.split("/")[0] for name in packaged} == {package}


def test_portal_wheel_has_each_app_whole(wheels):
    names = set(wheels["portal-kit"].namelist())
    for app in PORTAL_APPS:
        assert f"portal/{app}/apps.py" in names
        assert f"portal/{app}/locale/vi/LC_MESSAGES/django.mo" in names
        assert any(n.startswith(f"portal/{app}/templates/") for n in names), app
        assert any(n.startswith(f"portal/{app}/static/") for n in names), app
        assert f"portal/{app}/migrations/0001_initial.py" in names
    assert "portal/legal/management/commands/import_legal.py" in names
    assert "portal/legal/demo_data/van_ban_mau.csv" in names
    assert "portal/api.py" in names
    assert "portal/formats/vi/formats.py" in names


def test_portal_wheel_carries_the_vietnamese_admin(wheels):
    """The admin catalogue travels in the wheel (no LOCALE_PATHS on a host site),
    compiled, both its Python and its JavaScript halves."""
    wheel = wheels["portal-kit"]
    names = set(wheel.namelist())
    assert {
        "portal/admin_vi/apps.py",
        "portal/admin_vi/urls.py",
        "portal/admin_vi/locale/vi/LC_MESSAGES/django.po",
        "portal/admin_vi/locale/vi/LC_MESSAGES/djangojs.po",
    } <= names
    for domain, english, vietnamese in [
        ("django", "Sign in to Wagtail", "Đăng nhập trang quản trị"),
        ("djangojs", "Page explorer", "Cây trang"),
    ]:
        mo = wheel.read(f"portal/admin_vi/locale/vi/LC_MESSAGES/{domain}.mo")
        assert gettext.GNUTranslations(io.BytesIO(mo)).gettext(english) == vietnamese


def test_search_wheel_has_engines_views_and_migrations(wheels):
    names = set(wheels["portal-kit-search"].namelist())
    for name in (
        "search/engines/database/engine.py",
        "search/engines/elasticsearch.py",
        "search/views.py",
        "search/api.py",
        "search/migrations/0001_initial.py",
        "search/management/commands/search_rebuild.py",
        "search/locale/vi/LC_MESSAGES/django.mo",
    ):
        assert name in names
    assert any(n.startswith("search/templates/search/") for n in names)
    assert any(n.startswith("search/static/search/") for n in names)


def test_reference_site_tests_and_local_files_stay_out(wheels):
    for wheel in wheels.values():
        for name in wheel.namelist():
            assert not name.startswith(SITE_FILES), name
            assert not name.startswith(("tests/", "benchmarks/", "var/")), name
            assert "/tests/" not in name and "__pycache__" not in name, name
            assert not name.endswith((".pyc", ".sqlite3")), name


@pytest.mark.parametrize(
    "distribution, package",
    [
        ("portal-kit-cms-blocks", "cms_blocks"),
        ("portal-kit-search", "search"),
        ("portal-kit", "portal"),
    ],
)
def test_compiled_translations_match_the_catalogues(wheels, distribution, package):
    """Each .po in git is compiled into the wheel and translates as it says."""
    wheel = wheels[distribution]
    catalogues = [n for n in tracked_files(package) if n.endswith(".po")]
    assert catalogues
    for po_name in catalogues:
        mo_name = po_name.removesuffix(".po") + ".mo"
        translations = gettext.GNUTranslations(io.BytesIO(wheel.read(mo_name)))
        entries = [
            e
            for e in polib.pofile(str(ROOT / po_name)).translated_entries()
            if not e.msgid_plural
        ]
        assert entries, po_name
        for entry in entries:
            found = (
                translations.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translations.gettext(entry.msgid)
            )
            assert found == entry.msgstr, (po_name, entry.msgid)


def test_metadata_names_dependencies_and_extras(wheels):
    blocks = metadata(wheels["portal-kit-cms-blocks"])
    assert blocks["Version"] == VERSION
    assert sorted(blocks.get_all("Requires-Dist")) == [
        "django<6.0,>=5.2",
        "wagtail<9,>=8.0",
    ]

    search = metadata(wheels["portal-kit-search"])
    requires = search.get_all("Requires-Dist")
    assert "numpy>=2.0" in requires
    assert sorted(search.get_all("Provides-Extra")) == ["elasticsearch", "postgres"]
    assert "elasticsearch<9,>=8.18; extra == 'elasticsearch'" in requires
    assert "psycopg[binary]>=3.2; extra == 'postgres'" in requires

    portal = metadata(wheels["portal-kit"])
    requires = portal.get_all("Requires-Dist")
    # Released in lockstep: the apps need the blocks and the search of their release.
    assert f"portal-kit-cms-blocks=={VERSION}" in requires
    assert f"portal-kit-search=={VERSION}" in requires
    assert {"pypdf>=5.0", "python-docx>=1.1", "django-axes>=8.0"} <= set(requires)
    # The importers' progress bar is a dependency, not an extra.
    assert "tqdm>=4.66" in requires
    # The disclosure charts are drawn on the server.
    assert "pygal>=3.0" in requires
    assert sorted(portal.get_all("Provides-Extra")) == [
        "elasticsearch",
        "imports",
        "postgres",
        "redis",
    ]
    # Excel files only: CSV and JSON imports need no extra.
    assert "openpyxl>=3.1; extra == 'imports'" in requires
    assert (
        f"portal-kit-search[elasticsearch]=={VERSION}; extra == 'elasticsearch'"
        in requires
    )
    assert "redis>=5.0; extra == 'redis'" in requires


@pytest.mark.parametrize(
    "distribution", ["portal-kit", "portal-kit-cms-blocks", "portal-kit-search"]
)
def test_wheel_carries_the_licence(wheels, distribution):
    """BSD-3-Clause, Django's and Wagtail's licence: the text travels in each wheel
    and the metadata names it, so a host's licence review finds both."""
    wheel = wheels[distribution]
    assert metadata(wheel)["License-Expression"] == "BSD-3-Clause"
    [licence] = [
        n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE")
    ]
    assert wheel.read(licence) == (ROOT / "LICENSE").read_bytes()
    assert b"Copyright (c) 2026, the portal-kit contributors" in wheel.read(licence)


def test_sdist_builds_its_wheel_alone(built):
    """The sdist holds what its wheel is built from (the hook, VERSION, the .po
    files), and no compiled file."""
    with tarfile.open(built[f"portal_kit_search-{VERSION}.tar.gz"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {
        "pyproject.toml",
        "VERSION",
        "LICENSE",
        "packaging/hatch_build.py",
        "search/locale/vi/LC_MESSAGES/django.po",
    } <= names
    assert not any(name.endswith(".mo") for name in names)


def test_two_builds_of_one_commit_are_identical(built, tmp_path):
    again = build_into(tmp_path)
    assert sorted(again) == sorted(built)
    for name, path in built.items():
        assert again[name].read_bytes() == path.read_bytes(), name


def test_apps_import_without_the_optional_extras():
    """What the extras bring (psycopg, Elasticsearch, Redis, openpyxl) is imported
    only by the code that needs it: every shipped module but the Elasticsearch
    engine's imports on a site that installed none of them."""
    script = """
import importlib, importlib.abc, pkgutil, sys

class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"psycopg", "elasticsearch", "elastic_transport", "redis", "openpyxl"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, Missing())
import django
django.setup()
skipped = ("search.documents", "search.engines.elasticsearch",
           "search.engines.transport", "portal.settings", "portal.urls", "portal.wsgi")
count = 0
for package in ("cms_blocks", "search", "portal"):
    for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        if not info.name.startswith(skipped):
            importlib.import_module(info.name)
            count += 1
print(count)
"""
    # Such a site runs on SQLite with the local cache and the database engine.
    services = {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}
    env = {name: value for name, value in os.environ.items() if name not in services}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) > 100
