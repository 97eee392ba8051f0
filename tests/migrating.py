"""Moving the test database back and forth through migrations, for the tests of data
migrations. Both ways render only the states they need: Django's executor, migrating
back, renders the state after every later migration of every app, several times
slower here."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_back(targets):
    """Migrate the test database back to `targets`; the models of that state.

    Each migration is unapplied from the state of its own ancestors."""
    executor = MigrationExecutor(connection)
    for migration, backwards in executor.migration_plan(targets):
        assert backwards
        node = (migration.app_label, migration.name)
        state = executor.loader.project_state(node, at_end=False)
        executor.unapply_migration(state, migration)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def migrate_forward(first_apps=()):
    """Migrate to the latest state, the migrations of `first_apps` first (one pass:
    the project state is rendered once)."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    if plan:
        plan.sort(key=lambda step: step[0].app_label not in first_apps)
        executor.migrate(targets, plan=plan)
