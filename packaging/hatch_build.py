"""Hatchling hooks shared by the kit's three distributions.

- The wheels carry compiled translations: .mo files are not in git, so each .po
  catalogue of the packaged apps is compiled here, in pure Python (polib), so that
  no GNU gettext is needed to build.
- The distributions are released in lockstep from one VERSION file: "{version}" in
  the dependencies listed under ``[tool.hatch.metadata.hooks.custom]`` becomes the
  version being built, so the portal apps require the blocks and the search of
  their own release.
"""

import shutil
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface


class KitMetadataHook(MetadataHookInterface):
    def update(self, metadata: dict) -> None:
        version = metadata["version"]
        metadata["dependencies"] = [
            requirement.format(version=version)
            for requirement in self.config.get("dependencies", [])
        ]
        metadata["optional-dependencies"] = {
            extra: [requirement.format(version=version) for requirement in requirements]
            for extra, requirements in self.config.get(
                "optional-dependencies", {}
            ).items()
        }


class TranslationsBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return  # the sdist carries the .po files; its wheel compiles them
        import polib

        self.compiled = Path(tempfile.mkdtemp(prefix="kit-mo-"))
        root = Path(self.root)
        for package in self.build_config.packages:
            for po_path in sorted((root / package).rglob("locale/*/LC_MESSAGES/*.po")):
                relative = po_path.relative_to(root).with_suffix(".mo")
                mo_path = self.compiled / relative
                mo_path.parent.mkdir(parents=True, exist_ok=True)
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                build_data["force_include"][str(mo_path)] = relative.as_posix()

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self.target_name == "wheel":
            shutil.rmtree(self.compiled, ignore_errors=True)
