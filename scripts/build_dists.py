"""Build the kit's three distributions (wheel and sdist each) into one folder.

    python scripts/build_dists.py [--outdir dist] [--no-isolation]

The portal apps are described by the root pyproject.toml, the blocks and the search
by packaging/<name>/pyproject.toml. Each is built in a staging folder holding only
its pyproject.toml, the shared build hook, VERSION, LICENSE and its package's files
(those git tracks or would track: ignored files such as .mo, __pycache__ and var/ stay
out), so no distribution can pick up another's files.

SOURCE_DATE_EPOCH defaults to the last commit's time, so that two builds of the same
commit give byte-identical files.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ["VERSION", "LICENSE", "packaging/hatch_build.py"]
#: distribution: (its pyproject.toml, the paths it is built from)
DISTRIBUTIONS = {
    "portal-kit": ("pyproject.toml", ["portal", "README.md", "CHANGELOG.md"]),
    "portal-kit-cms-blocks": ("packaging/cms-blocks/pyproject.toml", ["cms_blocks"]),
    "portal-kit-search": ("packaging/search/pyproject.toml", ["search"]),
}


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def source_files(paths: list[str]) -> list[str]:
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "--", *paths)
    return sorted(name for name in listed.splitlines() if (ROOT / name).is_file())


def stage(pyproject: str, paths: list[str], folder: Path) -> None:
    shutil.copyfile(ROOT / pyproject, folder / "pyproject.toml")
    for name in SHARED + source_files(paths):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, target)


def build(outdir: Path, isolation: bool = True) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", git("log", "-1", "--format=%ct").strip())
    before = set(outdir.iterdir())
    for name, (pyproject, paths) in DISTRIBUTIONS.items():
        with tempfile.TemporaryDirectory(prefix=f"{name}-") as folder:
            stage(pyproject, paths, Path(folder))
            command = [sys.executable, "-m", "build", "--outdir", str(outdir)]
            if not isolation:
                command.append("--no-isolation")
            subprocess.run([*command, folder], check=True, env=env)
    return sorted(set(outdir.iterdir()) - before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outdir", type=Path, default=ROOT / "dist")
    parser.add_argument(
        "--no-isolation",
        action="store_true",
        help="use the build backend installed here instead of downloading it",
    )
    options = parser.parse_args()
    for path in build(options.outdir.resolve(), isolation=not options.no_isolation):
        print(path.name)  # noqa: T201 - the command's output


if __name__ == "__main__":
    main()
