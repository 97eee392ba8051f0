"""Build a fresh search index from the database and switch to it."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.engines import aliases
from search.engines.base import SearchEngineError


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every engine (or --backend): a new index is "
        "filled, then swapped in; search keeps answering meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=aliases(), help="Only this engine.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        total = indexing.count_indexable()
        for alias in [options["backend"]] if options["backend"] else aliases():
            with tqdm(
                total=total,
                desc=alias,
                unit="doc",
                disable=options["no_progress"],
                file=self.stderr,
            ) as bar:
                try:
                    stored = indexing.rebuild(alias, progress=bar.update)
                except SearchEngineError as error:
                    raise CommandError(
                        f"Không thể dựng lại chỉ mục '{alias}': {error}"
                    ) from error
            self.stdout.write(
                self.style.SUCCESS(f"{alias}: đã lập chỉ mục {stored} tài liệu.")
            )
