#!/usr/bin/env python3
"""Install the kit into new `wagtail start` projects the way docs/install.md says,
and check that each site works: the scripted install check of issue 20.

Three paths, each in a virtual environment and a `wagtail start` project of its own
(`--only` picks some; all three by default):

- portal: the three wheels; migrates, publishes a legal document and a page of
  cms_blocks blocks, renders both, finds the document by a query without diacritics,
  and finds the admin's login page and JavaScript strings in the kit's Vietnamese;
- cms_blocks: only portal-kit-cms-blocks; the project's own home page gets a body of
  blocks and renders them;
- search: only portal-kit-search; the project's own home pages are registered with
  the search and found by a query without diacritics.

Each applies the code blocks of docs/install.md marked `<!-- install-check: NAME -->`
(the script holds no copy of them, so the page and the check cannot drift apart) and
ends with `manage.py check --deploy` under the production settings of its project.
The packages are downloaded once into a wheelhouse that every path installs from.
`--oldest` installs the lowest Wagtail and Django the wheels allow instead of the
newest. Standard library only.

    python scripts/install_check.py --wheels dist/                  # what CI runs
    python scripts/install_check.py --wheels dist/ --oldest --only portal
    python scripts/install_check.py --source . --only cms_blocks    # while developing
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
import venv
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
INSTALL_DOC = REPOSITORY / "docs" / "install.md"
SITE_NAME = "mysite"

#: The ways to install the kit (docs/install.md's table), in the order they run.
PATHS = ("portal", "cms_blocks", "search")
#: The wheels each path installs, by the start of their file names.
PATH_WHEELS = {
    "portal": ("portal_kit-", "portal_kit_cms_blocks-", "portal_kit_search-"),
    "cms_blocks": ("portal_kit_cms_blocks-",),
    "search": ("portal_kit_search-",),
}
#: The frameworks whose supported range the wheels declare; `--oldest` pins their
#: lower ends (from the root pyproject.toml, which the other two agree with).
FRAMEWORKS = ("wagtail", "Django")

# Run in `manage.py shell` before each path's script: what a user of the installed
# site would check by hand.
SHELL_HELPERS = """
import json

from django.core.management import call_command
from django.test import Client


def fail(message):
    raise SystemExit(f"FAILED: {message}")


def publish(page):
    page.save_revision().publish()
    return page


client = Client()


def get(url, *expected, absent=()):
    response = client.get(url)
    if response.status_code != 200:
        fail(f"GET {url} answered {response.status_code}")
    html = response.content.decode()
    for text in expected:
        if text not in html:
            fail(f"GET {url}: {text!r} is not in the page")
    for text in absent:
        if text in html:
            fail(f"GET {url}: {text!r} should not be in the page")
    found = ", has " + ", ".join(map(repr, expected)) if expected else ""
    print(f"  GET {url} 200{found}")
    return html


BLOCKS = json.dumps([
    {"type": "heading", "value": {"text": "Lịch sử hình thành", "level": "h2"}},
    {"type": "paragraph", "value": "<p>Tỉnh được tái lập năm 1997.</p>"},
    {"type": "callout", "value": {
        "kind": "important", "title": "Lưu ý", "text": "<p>Giờ làm việc.</p>"
    }},
])
BLOCKS_HTML = ('class="block-heading"', "Lịch sử hình thành",
               "block-callout--important", "Tỉnh được tái lập năm 1997.")
"""

# The whole portal, after the doc's "first-pages" block.
PORTAL_SCRIPT = """
import datetime

from portal.core.models import PublicBody, PublicBodyKind, SectionPage
from portal.legal.models import DocumentType, LegalDocumentIndexPage, LegalDocumentPage

legal_index = publish(home.add_child(instance=LegalDocumentIndexPage(
    title="Văn bản quy phạm pháp luật", slug="van-ban"
)))
document = publish(legal_index.add_child(instance=LegalDocumentPage(
    title="Kế hoạch cải cách hành chính năm 2020 của Ủy ban nhân dân tỉnh",
    slug="ke-hoach-146-kh-ubnd",
    number="146/KH-UBND",
    doc_type=DocumentType.objects.create(name="Kế hoạch"),
    issuing_body=PublicBody.objects.create(
        name="Ủy ban nhân dân tỉnh", kind=PublicBodyKind.PROVINCIAL
    ),
    issued_date=datetime.date(2019, 12, 24),
)))
article = publish(home.add_child(instance=SectionPage(
    title="Giới thiệu", slug="gioi-thieu", body=BLOCKS
)))
print("  published", document.url, "and", article.url)

get(document.url, "146/KH-UBND", "24/12/2019", "cải cách hành chính")
get(article.url, *BLOCKS_HTML)

call_command("search_rebuild", "--no-progress")
get("/tim-kiem/?q=ke+hoach+cai+cach+hanh+chinh", document.url, "146/KH-UBND")

# The admin in the kit's Vietnamese (portal.admin_vi): strings Wagtail's own
# catalogues leave in English, so only the kit's catalogue can show them.
get("/admin/login/", "Đăng nhập trang quản trị", "Quên mật khẩu?",
    absent=("Sign in to Wagtail", "Forgotten password?"))
catalogue = get("/admin/jsi18n/")
# "Page explorer" Wagtail leaves English; "Settings" it translates "Tùy chỉnh".
for english, vietnamese in [("Page explorer", "Cây trang"), ("Settings", "Thiết lập")]:
    if f"{json.dumps(english)}: {json.dumps(vietnamese)}" not in catalogue:
        fail(f"/admin/jsi18n/ does not give {english!r} as {vietnamese!r}")
print("  /admin/jsi18n/ has the kit's Vietnamese")
"""

# Only the blocks, on the project's own home page (the doc's cms-blocks-model).
CMS_BLOCKS_SCRIPT = """
from wagtail.models import Site

home = Site.objects.get(is_default_site=True).root_page.specific
home.title = "Giới thiệu"
home.body = BLOCKS
publish(home)
get(home.url, "<h1>Giới thiệu</h1>", *BLOCKS_HTML, "cms_blocks/css/blocks.css")
"""

# Only the search, over the project's own home pages (the doc's search-adapter).
SEARCH_SCRIPT = """
from wagtail.models import Site

from home.models import HomePage

home = Site.objects.get(is_default_site=True).root_page.specific
home.title = "Quyết định công bố thủ tục hành chính"
publish(home)
page = publish(home.add_child(instance=HomePage(
    title="Đồng hồ nước và đồng bộ dữ liệu", slug="dong-ho-nuoc"
)))
print("  published", home.url, "and", page.url)

call_command("search_rebuild", "--no-progress")
# The words found are highlighted (<mark>) in the titles: look at the links.
def hit(url):
    return f'search-hit__title"><a href="{url}">'

get("/tim-kiem/?q=quyet+dinh+cong+bo", hit(home.url), "thủ tục hành chính",
    absent=(hit(page.url),))
get("/tim-kiem/?q=dong+ho+nuoc", hit(page.url), "dữ liệu", absent=(hit(home.url),))

# The search API answers the same, for other sites and apps.
response = client.get("/api/v1/search/", {"q": "dong ho nuoc"})
if response.status_code != 200:
    fail(f"/api/v1/search/ answered {response.status_code}")
answer = response.json()
if [result["url"] for result in answer["results"]][:1] != [page.url]:
    fail(f"/api/v1/search/?q=dong+ho+nuoc did not put {page.url} first: {answer}")
print("  /api/v1/search/?q=dong+ho+nuoc:", answer["count"], "result(s), first", page.url)
"""


class CheckFailed(Exception):
    pass


def say(*parts, **kwargs) -> None:
    """This script's output is its report, step by step."""
    print(*parts, flush=True, **kwargs)  # noqa: T201


def step(title: str) -> None:
    say(f"\n== {title}")


def run(command: list, *, cwd: Path, env: dict | None = None, stdin: str = "") -> str:
    say("$", " ".join(str(part) for part in command))
    result = subprocess.run(  # noqa: S603 - our own commands, no shell
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if output.strip():
        say(textwrap.indent(output.rstrip(), "  "))
    if result.returncode != 0:
        raise CheckFailed(f"`{command[0]} …{command[-1]}` exited {result.returncode}")
    return output


def doc_blocks(path: Path) -> dict[str, str]:
    """The code blocks of docs/install.md marked for this script, by name."""
    blocks = dict(
        re.findall(
            r"<!-- install-check: ([\w-]+) -->\n```\w*\n(.*?)```",
            path.read_text(encoding="utf-8"),
            re.DOTALL,
        )
    )
    expected = {
        "urls-remove",
        "settings",
        "admin-urls",
        "urls",
        "base-template",
        "first-pages",
        "production",
        "settings-cms-blocks",
        "cms-blocks-model",
        "cms-blocks-template",
        "settings-search",
        "urls-search",
        "search-adapter",
    }
    if missing := expected - blocks.keys():
        raise CheckFailed(f"{path} has no install-check block {sorted(missing)}")
    return blocks


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise CheckFailed(f"{path.name} has no {old.strip()!r}: wagtail start changed?")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    say(f"  edited {path}")


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    say(f"  wrote {path}")


def append_settings(site: Path, name: str, text: str) -> None:
    with (site / SITE_NAME / "settings" / name).open("a", encoding="utf-8") as file:
        file.write("\n" + text)
    say(f"  appended the doc's settings to {name}")


def remove_search_app(site: Path, blocks: dict[str, str]) -> Path:
    """Step 2: the `search` app of wagtail start goes, and its URL."""
    shutil.rmtree(site / "search")
    say("  deleted search/ (the app wagtail start made)")
    urls = site / SITE_NAME / "urls.py"
    for line in blocks["urls-remove"].splitlines():
        edit(urls, line + "\n", "")
    return urls


def add_head_blocks(site: Path, blocks: dict[str, str]) -> None:
    """Step 5: the blocks the kit's pages fill in <head>."""
    edit(
        site / SITE_NAME / "templates" / "base.html",
        "</head>",
        blocks["base-template"].lstrip() + "    </head>",
    )


def apply_portal_doc(site: Path, blocks: dict[str, str]) -> None:
    """Steps 2 to 5 of docs/install.md for the whole portal."""
    urls = remove_search_app(site, blocks)
    shutil.rmtree(site / "home")
    say("  deleted home/ (the portal's core.HomePage replaces it)")
    edit(urls, "urlpatterns = [\n", blocks["admin-urls"])
    edit(urls, "\nif settings.DEBUG:", blocks["urls"] + "\nif settings.DEBUG:")
    append_settings(site, "base.py", blocks["settings"])
    add_head_blocks(site, blocks)


def apply_cms_blocks_doc(site: Path, blocks: dict[str, str]) -> None:
    """Steps 3 and 6 of docs/install.md, their "only the blocks" parts."""
    append_settings(site, "base.py", blocks["settings-cms-blocks"])
    write(site / "home" / "models.py", blocks["cms-blocks-model"])
    write(
        site / "home" / "templates" / "home" / "home_page.html",
        blocks["cms-blocks-template"],
    )


def apply_search_doc(site: Path, blocks: dict[str, str]) -> None:
    """Steps 2 to 5 and 7 of docs/install.md, their "only the search" parts."""
    urls = remove_search_app(site, blocks)
    edit(urls, "\nif settings.DEBUG:", blocks["urls-search"] + "\nif settings.DEBUG:")
    append_settings(site, "base.py", blocks["settings-search"])
    add_head_blocks(site, blocks)
    write(site / "home" / "search_adapters.py", blocks["search-adapter"])


def framework_lower_ends() -> list[str]:
    """`wagtail==8.0`, `Django==5.2`: the lowest versions the wheels allow."""
    pyproject = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))
    hook = pyproject["tool"]["hatch"]["metadata"]["hooks"]["custom"]
    pins = []
    for requirement in hook["dependencies"]:
        name, _, specifiers = requirement.partition(">=")
        if name in FRAMEWORKS:
            pins.append(f"{name}=={specifiers.split(',')[0]}")
    if len(pins) != len(FRAMEWORKS):
        raise CheckFailed(f"pyproject.toml names no lower bound of {FRAMEWORKS}")
    return pins


def kit_requirements(args, path: str | None = None) -> list:
    """What pip installs for a path (all of the kit when `path` is None)."""
    if args.source:
        return ["-r", Path(args.source).resolve() / "requirements.txt"]
    wheels = sorted(Path(args.wheels).resolve().glob("*.whl"))
    if not wheels:
        raise CheckFailed(f"no wheels in {args.wheels}: run `make dist` first")
    prefixes = PATH_WHEELS[path] if path else ("",)
    return [wheel for wheel in wheels if wheel.name.startswith(prefixes)]


def fill_wheelhouse(python: Path, args, work: Path, env: dict) -> list:
    """Download the kit's dependencies once (for the whole portal, which needs the
    most); every path then installs from this folder without the network. Gives
    the pip options that select those files."""
    wheelhouse = work / "wheelhouse"
    options = []
    if args.oldest:
        constraints = work / "constraints.txt"
        constraints.write_text("\n".join(framework_lower_ends()) + "\n")
        say("  constraints:", ", ".join(framework_lower_ends()))
        options = ["--constraint", constraints]
    run(
        [
            *(python, "-m", "pip", "download", "--disable-pip-version-check"),
            *("--quiet", "--dest", wheelhouse, *options, *kit_requirements(args)),
        ],
        cwd=work,
        env=env,
    )
    return ["--no-index", "--find-links", wheelhouse, *options]


def install(python: Path, args, path: str, wheelhouse: list, cwd: Path, env: dict):
    run(
        [
            *(python, "-m", "pip", "install", "--disable-pip-version-check"),
            *("--quiet", *wheelhouse, *kit_requirements(args, path)),
        ],
        cwd=cwd,
        env=env,
    )
    listed = subprocess.run(  # noqa: S603 - our own command, no shell
        [str(python), "-m", "pip", "list", "--format=freeze"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    versions = [
        line
        for line in listed.splitlines()
        if line.split("==")[0].strip().lower() in {"django", "wagtail"}
    ]
    say("installed:", ", ".join(versions))
    return ", ".join(versions)


def new_environment(folder: Path, env: dict) -> tuple[Path, dict]:
    venv.EnvBuilder(with_pip=True).create(folder / "venv")
    bin_dir = folder / "venv" / "bin"
    return bin_dir / "python", {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"}


def check_path(path: str, args, blocks, work: Path, env: dict, wheelhouse) -> str:
    """One path of docs/install.md, from a fresh environment to `check --deploy`."""
    folder = work / path
    folder.mkdir()
    step(f"[{path}] 1. a fresh virtual environment, the kit installed")
    python, env = new_environment(folder, env)
    versions = install(python, args, path, wheelhouse, folder, env)

    step(f"[{path}] wagtail start")
    run([python.parent / "wagtail", "start", SITE_NAME], cwd=folder, env=env)
    site = folder / SITE_NAME

    step(f"[{path}] apply docs/install.md")
    {"portal": apply_portal_doc, "cms_blocks": apply_cms_blocks_doc}.get(
        path, apply_search_doc
    )(site, blocks)
    append_settings(site, "production.py", blocks["production"])
    manage = [python, "manage.py"]
    if path == "cms_blocks":
        run([*manage, "makemigrations", "home"], cwd=site, env=env)

    step(f"[{path}] migrate")
    run([*manage, "migrate", "--no-input"], cwd=site, env=env)

    step(f"[{path}] pages, rendering" + ("" if path == "cms_blocks" else ", search"))
    script = {
        "portal": blocks["first-pages"] + PORTAL_SCRIPT,
        "cms_blocks": CMS_BLOCKS_SCRIPT,
        "search": SEARCH_SCRIPT,
    }[path]
    run([*manage, "shell"], cwd=site, env=env, stdin=SHELL_HELPERS + script)

    step(f"[{path}] production: manage.py check --deploy")
    production_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": f"{SITE_NAME}.settings.production",
        # A key as long and varied as `check --deploy` wants, made up here.
        "SECRET_KEY": os.urandom(48).hex(),
        "ALLOWED_HOSTS": "congthongtin.example.gov.vn",
    }
    run(
        [*manage, "check", "--deploy", "--fail-level", "WARNING"],
        cwd=site,
        env=production_env,
    )
    return versions


def check(args) -> list[tuple[str, str, float]]:
    blocks = doc_blocks(INSTALL_DOC)
    work = Path(tempfile.mkdtemp(prefix="install-check-"))
    say(f"working in {work}")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV"}
    }
    env.setdefault("PATH", os.defpath)
    if args.source:
        env["PYTHONPATH"] = str(Path(args.source).resolve())
    timings = []
    try:
        started = time.monotonic()
        step("the wheelhouse: the kit's dependencies, downloaded once")
        python, download_env = new_environment(work / "download", env)
        wheelhouse = fill_wheelhouse(python, args, work, download_env)
        timings.append(("download", "", time.monotonic() - started))
        for path in args.only or PATHS:
            started = time.monotonic()
            versions = check_path(path, args, blocks, work, env, wheelhouse)
            timings.append((path, versions, time.monotonic() - started))
    finally:
        if args.keep:
            say(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    kit = parser.add_mutually_exclusive_group(required=True)
    kit.add_argument(
        "--wheels",
        metavar="DIR",
        help="install the wheels in DIR (built by `make dist`); what CI runs",
    )
    kit.add_argument(
        "--source",
        metavar="DIR",
        help="put the repository DIR on the new sites' PYTHONPATH instead of "
        "installing wheels (for development, after `make messages`; CI uses "
        "--wheels)",
    )
    parser.add_argument(
        "--only",
        choices=PATHS,
        action="append",
        help="check this path of docs/install.md (repeatable); all three by default",
    )
    parser.add_argument(
        "--oldest",
        action="store_true",
        help="install the lowest Wagtail and Django the wheels allow "
        "(pyproject.toml), not the newest",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder for a look"
    )
    args = parser.parse_args()
    if args.oldest and args.source:
        parser.error("--oldest needs --wheels: requirements.txt pins its own versions")
    try:
        timings = check(args)
    except CheckFailed as failure:
        say(f"\nINSTALL CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    say("\ninstall check passed")
    for name, versions, seconds in timings:
        say(f"  {name:<10} {seconds:6.0f} s  {versions}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
