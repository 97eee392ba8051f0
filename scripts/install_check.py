#!/usr/bin/env python3
"""Install the kit into a new `wagtail start` project the way docs/install.md says,
and check that the site works: the scripted install check of issue 20.

It creates a virtual environment in a temporary folder, installs the kit (the built
wheels, or the source tree for development), runs `wagtail start`, applies the code
blocks of docs/install.md marked `<!-- install-check: NAME -->` (the script holds no
copy of them, so the page and the check cannot drift apart), migrates, publishes a
legal document and a page of cms_blocks blocks, renders both, finds the document by a
query without diacritics and runs `manage.py check --deploy` with the production
settings of that project. Standard library only.

    python scripts/install_check.py --wheels dist/     # what CI runs, after make dist
    python scripts/install_check.py --source .         # while developing
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import venv
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
INSTALL_DOC = REPOSITORY / "docs" / "install.md"
SITE_NAME = "mysite"

# Run in `manage.py shell` after the doc's "first-pages" block: what a user of the
# installed site would check by hand.
SITE_SCRIPT = """
import datetime
import json

from django.core.management import call_command
from django.test import Client

from portal.core.models import PublicBody, PublicBodyKind, SectionPage
from portal.legal.models import DocumentType, LegalDocumentIndexPage, LegalDocumentPage


def fail(message):
    raise SystemExit(f"FAILED: {message}")


def publish(page):
    page.save_revision().publish()
    return page


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
    title="Giới thiệu",
    slug="gioi-thieu",
    body=json.dumps([
        {"type": "heading", "value": {"text": "Lịch sử hình thành", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Tỉnh được tái lập năm 1997.</p>"},
        {"type": "callout", "value": {
            "kind": "important", "title": "Lưu ý", "text": "<p>Giờ làm việc.</p>"
        }},
    ]),
)))
print("  published", document.url, "and", article.url)

client = Client()


def get(url, *expected):
    response = client.get(url)
    if response.status_code != 200:
        fail(f"GET {url} answered {response.status_code}")
    html = response.content.decode()
    for text in expected:
        if text not in html:
            fail(f"GET {url}: {text!r} is not in the page")
    print("  GET", url, "200, has", ", ".join(map(repr, expected)))


get(document.url, "146/KH-UBND", "24/12/2019", "cải cách hành chính")
get(article.url, 'class="block-heading"', "Lịch sử hình thành",
    "block-callout--important", "Tỉnh được tái lập năm 1997.")

call_command("search_rebuild", "--no-progress")
get("/tim-kiem/?q=ke+hoach+cai+cach+hanh+chinh", document.url, "146/KH-UBND")
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
        "urls",
        "base-template",
        "first-pages",
        "production",
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


def apply_install_doc(site: Path, blocks: dict[str, str]) -> None:
    """Steps 2 to 5 of docs/install.md, as a user would do them by hand."""
    shutil.rmtree(site / "search")
    shutil.rmtree(site / "home")
    say("  deleted search/ and home/ (the apps wagtail start made)")
    urls = site / SITE_NAME / "urls.py"
    for line in blocks["urls-remove"].splitlines():
        edit(urls, line + "\n", "")
    edit(urls, "\nif settings.DEBUG:", blocks["urls"] + "\nif settings.DEBUG:")
    settings = site / SITE_NAME / "settings"
    with (settings / "base.py").open("a", encoding="utf-8") as base:
        base.write("\n" + blocks["settings"])
    with (settings / "production.py").open("a", encoding="utf-8") as production:
        production.write("\n" + blocks["production"])
    say("  appended the doc's settings to base.py and production.py")
    edit(
        site / SITE_NAME / "templates" / "base.html",
        "</head>",
        blocks["base-template"].lstrip() + "    </head>",
    )


def install(python: Path, args, work: Path, env: dict) -> None:
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if args.wheels:
        wheels = sorted(Path(args.wheels).resolve().glob("*.whl"))
        if not wheels:
            raise CheckFailed(f"no wheels in {args.wheels}: run `make dist` first")
        run([*pip, *wheels], cwd=work)
    else:
        source = Path(args.source).resolve()
        run([*pip, "-r", source / "requirements.txt"], cwd=work)
    # pip takes the newest versions the wheels allow: the top of the supported range
    # (the suite runs on the pins of requirements.txt, its bottom). Say which.
    listed = subprocess.run(  # noqa: S603 - our own command, no shell
        [str(python), "-m", "pip", "list", "--format=freeze"],
        cwd=work,
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


def check(args) -> None:
    blocks = doc_blocks(INSTALL_DOC)
    work = Path(tempfile.mkdtemp(prefix="install-check-"))
    say(f"working in {work}")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV"}
    }
    if args.source:
        env["PYTHONPATH"] = str(Path(args.source).resolve())
    try:
        step("1. a fresh virtual environment")
        venv.EnvBuilder(with_pip=True).create(work / "venv")
        python = work / "venv" / "bin" / "python"
        env["PATH"] = f"{work / 'venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"

        step("1. install the kit " + ("wheels" if args.wheels else "source tree"))
        install(python, args, work, env)

        step("wagtail start")
        run([work / "venv" / "bin" / "wagtail", "start", SITE_NAME], cwd=work, env=env)
        site = work / SITE_NAME

        step("2-5. apply docs/install.md")
        apply_install_doc(site, blocks)

        step("6. migrate")
        run([python, "manage.py", "migrate", "--no-input"], cwd=site, env=env)

        step("6-7. first pages, rendering, search index, search without diacritics")
        run(
            [python, "manage.py", "shell"],
            cwd=site,
            env=env,
            stdin=blocks["first-pages"] + SITE_SCRIPT,
        )

        step("production: manage.py check --deploy")
        production_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": f"{SITE_NAME}.settings.production",
            # A key as long and varied as `check --deploy` wants, made up here.
            "SECRET_KEY": os.urandom(48).hex(),
            "ALLOWED_HOSTS": "congthongtin.example.gov.vn",
        }
        run(
            [python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=site,
            env=production_env,
        )
    finally:
        if args.keep:
            say(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


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
        help="put the repository DIR on the new site's PYTHONPATH instead of "
        "installing wheels (for development, after `make messages`; CI uses "
        "--wheels)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder for a look"
    )
    args = parser.parse_args()
    try:
        check(args)
    except CheckFailed as failure:
        say(f"\nINSTALL CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    say("\ninstall check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
