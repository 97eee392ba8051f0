"""The embedded engine: full-text search in the site's own database.

SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) ranked with bm25 and column
weights. PostgreSQL: a weighted tsvector with a GIN index, ranked with ts_rank, in a
`simple` configuration with `unaccent`. In both, every text is first folded in
Python (search.text.fold) because neither folds "đ".

The database matches the words and ranks; the filters, kind tabs, facet counts and
date orders are computed over the matched ids in the columns each process keeps
in memory (search.engines.database.columns), which also keeps recent matches for the
index's current version (MatchCache).

The package, module by module:

- engine.py: DatabaseSearchEngine, what the contract asks (index, delete,
  search, suggest, rebuild, health);
- dialects.py: the SQL of SQLite and of PostgreSQL, and the version token;
- preparation.py: documents turned into rows, chunk by chunk;
- relevance.py: the relevance key and the page;
- columns.py: the per-process columns and the match cache;
- terms.py: PostgreSQL's frequent words as bitmaps;
- swap.py: PostgreSQL's rebuild beside the live tables.
"""

from search.engines.database.engine import DatabaseSearchEngine

__all__ = ["DatabaseSearchEngine", "Engine"]

Engine = DatabaseSearchEngine
