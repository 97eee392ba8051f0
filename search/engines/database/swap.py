"""PostgreSQL: rebuild the database engine's index beside the live one, then swap.

Refilling `search_entry` in one transaction kept searches on the old index until
the commit, but allowed one writer only, and every index (two GIN, eight btree)
was updated row by row. Here the new index is written into `search_entry_next`
and `search_facet_next` by several connections at once, each chunk committed
(searches never read those tables); the secondary indexes and the foreign key
are built once, after the load, and one short transaction swaps the tables and
gives every index, constraint and sequence its usual name back. Searches answer
from the old index until the swap and wait only for the swap itself.

If anything fails before the swap, the new tables are dropped and the live index
is untouched. The writers are other connections: inside a transaction that has
already swapped (or altered) the tables, a second rebuild waits for locks that
transaction holds, and fails after LOCK_TIMEOUT instead of waiting for ever.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from search.engines.base import Progress, SearchEngineError

logger = logging.getLogger(__name__)

#: The live tables, the referenced one first.
TABLES = ("search_entry", "search_facet")
SUFFIX = "_next"
#: What one connection may use to sort while it builds an index.
MAINTENANCE_WORK_MEM = "256MB"
#: How long the swap waits for running searches and writes.
LOCK_TIMEOUT = "30s"
_INDEX_NAME = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (\S+) ")


@dataclass
class _Schema:
    """What the live tables carry besides their columns, as SQL for the new
    tables under temporary names, and the renames that restore the names."""

    #: Constraints backed by a unique index, added before the load (the writes
    #: find rows by key; a foreign key needs the primary key).
    unique: list[str] = field(default_factory=list)
    #: Indexes, built once after the load (several at a time).
    indexes: list[str] = field(default_factory=list)
    #: Foreign keys, added once the indexes are built.
    foreign_keys: list[str] = field(default_factory=list)
    #: Run in the swap's transaction, once the new tables have the live names.
    renames: list[str] = field(default_factory=list)


def _next(table: str) -> str:
    return table + SUFFIX


def read_schema(cursor) -> _Schema:
    schema = _Schema()
    serial = 0

    def temporary() -> str:
        nonlocal serial
        serial += 1
        return f"search_swap_{serial}"

    for table in TABLES:
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') "
            "ORDER BY contype DESC, conname",
            [table],
        )
        for name, kind, definition in cursor.fetchall():
            temp = temporary()
            for other in TABLES:
                definition = definition.replace(
                    f"REFERENCES {other}(", f"REFERENCES {_next(other)}("
                )
            sql = f"ALTER TABLE {_next(table)} ADD CONSTRAINT {temp} {definition}"
            (schema.foreign_keys if kind == "f" else schema.unique).append(sql)
            schema.renames.append(
                f"ALTER TABLE {table} RENAME CONSTRAINT {temp} TO {name}"
            )
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT EXISTS (SELECT 1 "
            "FROM pg_constraint c WHERE c.conindid = x.indexrelid "
            "AND c.conrelid = x.indrelid) ORDER BY i.relname",
            [table],
        )
        for name, definition in cursor.fetchall():
            temp = temporary()
            sql, replaced = _INDEX_NAME.subn(
                lambda m, temp=temp, table=table: (
                    f"CREATE {m.group(1) or ''}INDEX {temp} ON {_next(table)} "
                ),
                definition,
            )
            if not replaced:
                raise SearchEngineError(f"Unexpected index definition: {definition}")
            schema.indexes.append(sql)
            schema.renames.append(f"ALTER INDEX {temp} RENAME TO {name}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        if sequence:
            # The new table's identity sequence, named after search_entry_next.
            live_name = sequence.rpartition(".")[2]
            schema.renames.append(
                f"ALTER SEQUENCE {live_name.replace(table, _next(table), 1)} "
                f"RENAME TO {live_name}"
            )
    return schema


def _create_tables(cursor, schema: _Schema) -> None:
    drop_tables(cursor)
    for table in TABLES:
        cursor.execute(
            "SELECT array_to_string(reloptions, ', ') FROM pg_class "
            "WHERE oid = %s::regclass",
            [table],
        )
        options = cursor.fetchone()[0]
        cursor.execute(
            f"CREATE TABLE {_next(table)} (LIKE {table} INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMPRESSION)"
            + (f" WITH ({options})" if options else "")
        )
        # LIKE does not copy the columns' statistics targets (migration 0003).
        cursor.execute(
            "SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = "
            "%s::regclass AND attnum > 0 AND NOT attisdropped AND attstattarget >= 0",
            [table],
        )
        for column, target in cursor.fetchall():
            cursor.execute(
                f'ALTER TABLE {_next(table)} ALTER COLUMN "{column}" '
                f"SET STATISTICS {int(target)}"
            )
        # New ids follow the old ones: a search that read the old index's
        # version just before the swap and matches in the new tables finds ids
        # its columns lack (and leaves them out) rather than other documents'.
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        if sequence:
            cursor.execute(
                "SELECT COALESCE(pg_sequence_last_value(%s::regclass), 0)",
                [sequence],
            )
            following = int(cursor.fetchone()[0]) + 1
            cursor.execute(
                f"ALTER TABLE {_next(table)} ALTER COLUMN id RESTART WITH {following}"
            )
    for sql in schema.unique:
        cursor.execute(sql)


def drop_tables(cursor) -> None:
    for table in reversed(TABLES):
        cursor.execute(f"DROP TABLE IF EXISTS {_next(table)}")


class _Writers:
    """`count` threads, each with its own connection, writing the chunks the
    caller's thread prepares (psycopg waits on the server without the GIL)."""

    def __init__(self, engine, count: int):
        self.engine = engine
        self.chunks: queue.Queue = queue.Queue(maxsize=count * 2)
        self.errors: list[BaseException] = []
        self.written = 0
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, name=f"search-rebuild-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        connection = None
        try:
            connection = self.engine.new_connection()
            while (chunk := self.chunks.get()) is not None:
                if self.errors:
                    continue  # drain the queue so that the caller never blocks
                self.engine.dialect.write_tables(
                    connection,
                    chunk,
                    entries=_next(TABLES[0]),
                    facets=_next(TABLES[1]),
                    token=False,
                )
                connection.commit()
                with self.lock:
                    self.written += len(chunk.rows)
        except BaseException as error:  # noqa: BLE001 - reported to the caller
            self.errors.append(error)
            while self.chunks.get() is not None:
                pass
        finally:
            if connection is not None:
                connection.close()

    def put(self, chunk) -> None:
        if self.errors:
            raise self.errors[0]
        self.chunks.put(chunk)

    def finish(self) -> None:
        for _thread in self.threads:
            self.chunks.put(None)
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]


def _run_in_parallel(engine, statements: list[str], count: int) -> None:
    """The statements (index builds), shared among `count` connections."""
    pending: queue.SimpleQueue = queue.SimpleQueue()
    for sql in statements:
        pending.put(sql)

    def work() -> None:
        connection = engine.new_connection(autocommit=True)
        try:
            connection.execute(f"SET maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            while True:
                try:
                    sql = pending.get_nowait()
                except queue.Empty:
                    return
                connection.execute(sql)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        for future in [pool.submit(work) for _ in range(count)]:
            future.result()


def rebuild(
    engine,
    chunks: Iterable,
    progress: Progress | None,
    writers: int,
    touch_sql: str,
    token: str,
) -> int:
    """Write `chunks` (prepared in the caller's thread) into new tables with
    `writers` connections, index, vacuum and analyze them, and swap them in
    with the version `token` (`touch_sql` writes it)."""
    import psycopg  # PostgreSQL only: the engine imports without it on SQLite

    setup = engine.new_connection(autocommit=True)
    try:
        with setup.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            schema = read_schema(cursor)
            _create_tables(cursor, schema)
        try:
            pool = _Writers(engine, writers)
            reported = 0
            try:
                for chunk in chunks:
                    pool.put(chunk)
                    if progress and pool.written > reported:
                        progress(pool.written - reported)
                        reported = pool.written
            finally:
                pool.finish()
            if progress and pool.written > reported:
                progress(pool.written - reported)
            _run_in_parallel(engine, schema.indexes, writers)
            with setup.cursor() as cursor:
                for sql in schema.foreign_keys:
                    cursor.execute(sql)
                cursor.execute(
                    "VACUUM (ANALYZE) " + ", ".join(_next(table) for table in TABLES)
                )
            _swap(engine, schema, touch_sql, token)
        except BaseException:
            try:
                with setup.cursor() as cursor:
                    drop_tables(cursor)
            except psycopg.Error:
                logger.exception("Could not drop the tables of a failed rebuild")
            raise
    except (DatabaseError, psycopg.Error) as error:
        raise SearchEngineError(str(error)) from error
    finally:
        setup.close()
    return pool.written


def _swap(engine, schema: _Schema, touch_sql: str, token: str) -> None:
    with transaction.atomic(using=engine.using), engine.connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        # Facet rows written earlier in the caller's transaction have their
        # (deferred) foreign key checks pending, and a table with pending
        # checks cannot be dropped.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN ACCESS EXCLUSIVE MODE")
        for table in reversed(TABLES):
            cursor.execute(f"DROP TABLE {table}")
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {_next(table)} RENAME TO {table}")
        for sql in schema.renames:
            cursor.execute(sql)
        cursor.execute(touch_sql, [token])
