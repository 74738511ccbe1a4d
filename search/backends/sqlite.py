"""Wagtail's SQLite database backend, with relevance ranking done inside SQLite.

modelsearch's SQLite backend ranks by attaching a correlated subquery to every candidate row, so each
row re-runs the full-text match: a common word took a minute at 10,000 pages. Here SQLite's FTS5 ranks
once with bm25() and returns only the requested slice (ORDER BY ... LIMIT), and counts and facets use
the match once as a set. Anything the fast path does not cover (custom ordering, field restrictions,
negation) falls back to modelsearch unchanged, so Wagtail's `.search()` API keeps working everywhere.
"""

import re
import time
from collections import OrderedDict

from modelsearch.backends.database.sqlite.query import AndNot, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models.expressions import RawSQL

# wagtailsearch_indexentry(_fts) under Wagtail; modelsearch_indexentry(_fts) without it.
FTS_TABLE = SQLiteFTSIndexEntry._meta.db_table
INDEX_TABLE = IndexEntry._meta.db_table

# FTS5 tokenises on anything that is not a letter or digit; a term with none of those matches nothing.
WORD = re.compile(r"\w", re.UNICODE)
INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


ENTRY_COUNTS = {"at": 0.0, "counts": {}}
ENTRY_COUNTS_SECONDS = 300
# Up to this many entries of a minority (documents among pages), each is looked up in the full-text
# index by rowid (tens of microseconds each) instead of reading every match (ms per 10,000 matches).
SEEK_ENTRIES = 200


def entry_share(connection, content_types):
    """The fraction of the index these content types hold (counts refreshed every 5 minutes)."""
    if time.monotonic() - ENTRY_COUNTS["at"] > ENTRY_COUNTS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT content_type_id, COUNT(*) FROM {INDEX_TABLE} GROUP BY content_type_id")
            ENTRY_COUNTS.update(at=time.monotonic(), counts=dict(cursor.fetchall()))
    counts = ENTRY_COUNTS["counts"]
    total = sum(counts.values())
    return sum(counts.get(pk, 0) for pk in content_types) / total if total else 0.0


def is_minority(connection, content_types):
    return entry_share(connection, content_types) < 1 / 3


def entry_count(connection, content_types):
    """Index entries of these content types (as of the last count, at most 5 minutes old)."""
    entry_share(connection, content_types)  # refreshes the counts when due
    return sum(ENTRY_COUNTS["counts"].get(pk, 0) for pk in content_types)


FTS_COLUMNS = {}


def fts_columns(connection):
    """The FTS table's columns in table order (read once per database): bm25() takes its weights
    in this order, so the weights are named by column rather than assumed to be in step."""
    if connection.alias not in FTS_COLUMNS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pragma_table_info(%s) ORDER BY cid", [FTS_TABLE])
            FTS_COLUMNS[connection.alias] = tuple(name for (name,) in cursor.fetchall())
    return FTS_COLUMNS[connection.alias]


def bm25(connection, weights):
    """The bm25() call ranking by `weights` ({column: weight}); refuses a table with other columns."""
    columns = fts_columns(connection)
    if set(columns) != set(weights):
        raise ImproperlyConfigured(f"{FTS_TABLE} has columns {columns}; bm25 weights name {tuple(weights)}.")
    return f"bm25({FTS_TABLE}, {', '.join(str(float(weights[column])) for column in columns)})"


def by_count(items):
    """{value: count} ordered by count, largest first, then by value."""
    return OrderedDict(sorted(items, key=lambda item: (-item[1], item[0])))


class UnsupportedQuery(Exception):
    """The query uses something the ranked path does not translate; modelsearch handles it instead."""


def fts_string(term):
    """A term as an FTS5 string: double quotes doubled, so no query text is read as FTS5 syntax."""
    return '"' + term.replace('"', '""') + '"'


def fts_expression(query, prefix_last=False):
    """Translate a normalised modelsearch query into an FTS5 MATCH expression, or None to match nothing."""
    if isinstance(query, PlainText):
        terms = [term for term in query.query_string.split() if WORD.search(term)]
        if not terms:
            return None
        parts = [fts_string(term) for term in terms]
        if prefix_last:
            parts[-1] += "*"
        joiner = " OR " if query.operator.lower() == "or" else " AND "
        return "(" + joiner.join(parts) + ")"
    if isinstance(query, Phrase):
        if not WORD.search(query.query_string):
            return None
        return fts_string(query.query_string)
    if isinstance(query, (And, Or)):
        parts = [fts_expression(sub, prefix_last) for sub in query.subqueries]
        if isinstance(query, And):
            return None if None in parts else "(" + " AND ".join(parts) + ")"
        parts = [part for part in parts if part is not None]
        return "(" + " OR ".join(parts) + ")" if parts else None
    if isinstance(query, AndNot):
        wanted = fts_expression(query.subquery_a, prefix_last)
        unwanted = fts_expression(query.subquery_b, prefix_last)
        if wanted is None or unwanted is None:
            return wanted
        return f"({wanted} NOT {unwanted})"
    raise UnsupportedQuery(type(query).__name__)


class RankedMixin:
    """The ranked path, shared by full-text search and autocomplete.

    Results come in tiers: pages whose title matches the query, then pages that match only in the
    body, each tier ordered by bm25(). A title match is what a visitor means by relevant, and ranking
    the (usually small) title tier first means page one of a common word never ranks every page.
    """

    BM25_WEIGHTS = {"autocomplete": 0.0, "body": 1.0, "title": 10.0}
    PREFIX_LAST = False
    TIERED = True

    def _expression(self):
        """The FTS5 expression for the query, or None to match nothing; raises if unsupported."""
        if self.fields:
            raise UnsupportedQuery("fields")
        query = normalize(self.query)
        if not isinstance(query, (PlainText, Phrase, And, Or, AndNot)):
            raise UnsupportedQuery(type(query).__name__)
        if self.queryset.query.is_empty():
            return None
        return fts_expression(query, self.PREFIX_LAST)

    @property
    def _connection(self):
        return connections[router.db_for_read(self.queryset.model)]

    def _match(self):
        expression = self._expression()
        if expression is None:
            return None
        return f"{{{' '.join(self.FTS_TABLE_FIELDS)}}} : {expression}"

    def _tiers(self):
        expression = self._expression()
        if expression is None:
            return []
        everywhere = f"{{{' '.join(self.FTS_TABLE_FIELDS)}}} : {expression}"
        if not self.TIERED:
            return [everywhere]
        title = f"{{title}} : {expression}"
        return [title, f"{everywhere} NOT {title}"]

    def _object_id_sql(self):
        """The index's text object_id in the model's primary key type, so primary key lookups apply."""
        pk = self.queryset.model._meta.pk
        while pk.is_relation:  # a multi-table child's pk points at its parent's
            pk = pk.target_field
        if pk.get_internal_type() in INTEGER_FIELDS:
            return "CAST(ie.object_id AS INTEGER)"
        return "ie.object_id"

    def _candidate_sql(self, select="pk", queryset=None):
        """The caller's queryset (or a narrower one) as a subquery correlated on the index row: its
        filters, checked per hit by primary key, so no filter ever scans the whole table."""
        object_id = RawSQL(self._object_id_sql(), [])  # noqa: S611 (fixed SQL, no input)
        queryset = self.queryset if queryset is None else queryset
        candidate = queryset.filter(pk=object_id).order_by().values(select)
        return candidate.query.get_compiler(connection=self._connection).as_sql()

    def _from_matches(self, match, select, content_types=None, ranked=False):
        content_types = content_types or get_descendants_content_types_pks(self.queryset.model)
        placeholders = ", ".join(["%s"] * len(content_types))
        if (
            not ranked  # bm25() on a cursor driven by rowid recounts the whole index for every row
            and is_minority(self._connection, content_types)
            and entry_count(self._connection, content_types) <= SEEK_ENTRIES
        ):
            sql = (
                f"SELECT {select} FROM {INDEX_TABLE} ie "
                f"CROSS JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = ie.id "
                f"WHERE ie.content_type_id IN ({placeholders}) AND {FTS_TABLE} MATCH %s"
            )
            return sql, [*content_types, match]
        # CROSS JOIN keeps FTS5 as the outer loop: one MATCH, then a rowid lookup per hit. (FTS5 driven
        # by rowid instead recomputes bm25 statistics per row: the minute-long query.) The unary +
        # stops SQLite turning the content type list into one index probe per type and hit.
        sql = (
            f"SELECT {select} FROM {FTS_TABLE} "
            f"CROSS JOIN {INDEX_TABLE} ie ON ie.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND +ie.content_type_id IN ({placeholders})"
        )
        params = [match, *content_types]
        if is_minority(self._connection, content_types):
            # A few entries among many (documents among pages): test each hit against their rowids,
            # held in memory, before reading its index row.
            sql += (
                f" AND +{FTS_TABLE}.rowid IN"
                f" (SELECT id FROM {INDEX_TABLE} WHERE content_type_id IN ({placeholders}))"
            )
            params += content_types
        return sql, params

    def _run(self, sql, params):
        with self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _count_matches(self, match):
        candidate_sql, candidate_params = self._candidate_sql()
        sql, params = self._from_matches(match, "COUNT(*)")
        return self._run(f"{sql} AND EXISTS ({candidate_sql})", [*params, *candidate_params])[0][0]

    def _ranked_tier(self, match, limit, offset):
        if limit is not None and not is_minority(self._connection, self._content_types()):
            rows = self._ranked_then_filtered(match, limit, offset)
            if rows is not None:
                return rows
        return self._ranked_with_filters(match, limit, offset)

    def _content_types(self):
        return get_descendants_content_types_pks(self.queryset.model)

    @property
    def _rank(self):
        return bm25(self._connection, self.BM25_WEIGHTS)

    def _ranked_with_filters(self, match, limit, offset):
        """Rank only the hits that pass the caller's filters: one lookup per hit, then bm25."""
        candidate_sql, candidate_params = self._candidate_sql()
        sql, params = self._from_matches(match, f"ie.object_id, {self._rank}", ranked=True)
        sql += f" AND EXISTS ({candidate_sql}) ORDER BY {self._rank}, ie.id LIMIT %s OFFSET %s"
        return self._run(sql, [*params, *candidate_params, -1 if limit is None else limit, offset])

    def _ranked_then_filtered(self, match, limit, offset, rounds=2):
        """Rank the hits in FTS5 alone, then check the caller's filters on the best few only.

        Most hits pass the filters (unpublished or private pages are few), so the best
        (offset + limit) * 2 hits almost always hold the slice. None when a second, larger round
        still falls short: the filters are selective, and ranking with filters is cheaper then.
        """
        needed = offset + limit
        window = needed * 2 + 20
        content_types = self._content_types()
        placeholders = ", ".join(["%s"] * len(content_types))
        for _ in range(rounds):
            # The LIMIT inside keeps SQLite from reading index rows for any but the best hits.
            rows = self._run(
                f"SELECT ie.object_id, best.score FROM (SELECT rowid, {self._rank} AS score FROM {FTS_TABLE}"
                f" WHERE {FTS_TABLE} MATCH %s ORDER BY score, rowid LIMIT %s) best"
                f" CROSS JOIN {INDEX_TABLE} ie ON ie.id = best.rowid"
                f" WHERE +ie.content_type_id IN ({placeholders}) ORDER BY best.score, best.rowid",
                [match, window, *content_types],
            )
            passing = {
                str(pk)
                for pk in self.queryset.filter(pk__in=[object_id for object_id, _ in rows])
                .order_by()
                .values_list("pk", flat=True)
            }
            kept = [row for row in rows if row[0] in passing]
            if len(kept) >= needed or not self._run(
                f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1 OFFSET %s", [match, window]
            ):
                return kept[offset:needed]  # enough, or every hit was in the window
            window *= 8
        return None

    def ranked_ids(self, start, stop):
        """[(object id as text, bm25 score)] for one slice, best first, ranked inside SQLite."""
        start = start or 0
        wanted = None if stop is None else max(stop - start, 0)
        found, offset = [], start
        for match in self._tiers():
            if wanted == 0:
                break
            rows = self._ranked_tier(match, wanted, offset)
            found += rows
            if wanted is not None:
                wanted -= len(rows)
            # Rows returned: this tier ran out within the slice. None: skip past the whole tier.
            offset = 0 if rows or offset == 0 else max(offset - self._count_matches(match), 0)
        return found

    def ranked_results(self, start, stop, score_field=None):
        ranked = self.ranked_ids(start, stop)
        if not ranked:
            return []
        objects = {str(obj.pk): obj for obj in self.queryset.filter(pk__in=[pk for pk, _ in ranked])}
        results = []
        for pk, score in ranked:
            obj = objects.get(pk)
            if obj is not None:
                if score_field:
                    # bm25 is lower for better matches; callers expect higher is better.
                    setattr(obj, score_field, -score)
                results.append(obj)
        return results

    def ranked_count(self):
        match = self._match()
        return self._count_matches(match) if match else 0

    def ranked_facet(self, field_name, content_types=None):
        """{value: count} of field_name over the matching objects, in one pass over the matches."""
        counts = self._segment_counts(field_name, {}, content_types)
        return by_count((value, sum(parts.values())) for value, parts in counts.items())

    def _segment_columns(self, field_name, segments):
        """SQL for two columns per hit: the field, NULL unless the hit passes the caller's filters; and
        the index of the first segment the hit is in, NULL for none. A segment is (Q, models): the
        objects of those models (and their subclasses) that the Q selects."""
        value_sql, params = self._candidate_sql(select=field_name)
        if not segments:
            return f"({value_sql}) AS value, NULL AS segment", params
        model = self.queryset.model
        cases = []
        for number, (q, models) in enumerate(segments.values()):
            # Only the segment's own condition: the value column checks the caller's filters already.
            segment_sql, segment_params = self._candidate_sql(queryset=model._default_manager.filter(q))
            types = sorted({pk for each in models for pk in get_descendants_content_types_pks(each)})
            cases.append(
                f"WHEN ie.content_type_id IN ({', '.join(['%s'] * len(types))}) AND EXISTS ({segment_sql})"
                f" THEN {number}"
            )
            params = [*params, *types, *segment_params]
        return f"({value_sql}) AS value, CASE {' '.join(cases)} END AS segment", params

    def _segment_counts(self, field_name, segments, content_types=None):
        """{value: {segment name or None: count}} over every match (of these content types)."""
        match = self._match()
        if match is None:
            return OrderedDict()
        columns, column_params = self._segment_columns(field_name, segments)
        sql, params = self._from_matches(match, columns, content_types)
        # MATERIALIZED: evaluated once per hit, where a flattened subquery is evaluated three times.
        rows = self._run(
            f"WITH hits AS MATERIALIZED ({sql}) SELECT value, segment, COUNT(*) FROM hits"
            " WHERE value IS NOT NULL GROUP BY value, segment",
            [*column_params, *params],
        )
        return self._by_value(rows, list(segments))

    @staticmethod
    def _by_value(rows, names, scale=1.0):
        counts = OrderedDict()
        for value, segment, count in sorted(rows, key=lambda row: (row[0], -1 if row[1] is None else row[1])):
            parts = counts.setdefault(value, {})
            name = None if segment is None else names[segment]
            parts[name] = parts.get(name, 0) + count  # a value and segment can come in several rows
        for parts in counts.values():
            for name, count in parts.items():
                parts[name] = round(count * scale)
        return counts

    def estimated_segments(self, field_name, segments, exact_up_to, sample_size=None):
        """({value: {segment name or None: count}}, {values whose counts are estimated}).

        `segments` ({name: (Q, models)}) splits each value's count by the first segment a match is in
        (None: in none), in the same pass. Exact while the query matches at most exact_up_to index entries.

        Beyond that, counts are scaled up from two samples of about sample_size (exact_up_to unless
        given): one of all the matches, for the types that fill most of the index, and one of the
        minority types' entries (types under 5% of it), so a minority is estimated as closely as the
        majority. A type with no more entries than the sample is still counted exactly. A results
        page shows at most a few hundred results, so "about 99,000" loses nothing and saves reading
        the index row of every match on a large site.
        """
        match = self._match()
        if match is None:
            return OrderedDict(), set()
        sample_size = sample_size or exact_up_to
        content_types = get_descendants_content_types_pks(self.queryset.model)
        few = [pk for pk in content_types if entry_share(self._connection, [pk]) < 0.05]
        exact = [pk for pk in few if entry_count(self._connection, [pk]) <= sample_size]
        minority = [pk for pk in few if pk not in exact]
        many = [pk for pk in content_types if pk not in few]
        rowid = f"{FTS_TABLE}.rowid"

        def among(types):
            return ", ".join(["%s"] * len(types)) or "NULL"

        def entries_of(types):  # the rowids of these types' entries, looked up in memory per match
            return f"+{rowid} IN (SELECT id FROM {INDEX_TABLE} WHERE content_type_id IN ({among(types)}))"

        total = self._run(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])[0][0]
        if total <= exact_up_to:
            return self._segment_counts(field_name, segments), set()
        step = -(-total // sample_size)
        # Set by the minority's entries, not its matches: counting those would read every match again.
        minority_step = -(-entry_count(self._connection, minority) // sample_size)
        if minority_step <= 1:
            exact, minority, minority_step = exact + minority, [], 1
        columns, column_params = self._segment_columns(field_name, segments)
        # Then the index rows of: every match of the exact types, every minority_step-th match of the
        # minority and every step-th match of the rest (rowids are spread evenly across each type).
        rows = self._run(
            f"WITH hits AS MATERIALIZED (SELECT ie.content_type_id IN ({among(exact)}) AS exact,"
            f" ie.content_type_id IN ({among(minority)}) AS minority,"
            f" ie.content_type_id IN ({among(many)}) AS wanted,"
            f" {rowid} %% %s = 0 AS sampled, {rowid} %% %s = 0 AS minority_sampled, {columns}"
            f" FROM {FTS_TABLE} CROSS JOIN {INDEX_TABLE} ie ON ie.id = {rowid}"
            f" WHERE {FTS_TABLE} MATCH %s AND ({rowid} %% %s = 0 OR {entries_of(exact)}"
            f" OR ({rowid} %% %s = 0 AND {entries_of(minority)})))"
            " SELECT exact, minority, wanted, sampled, minority_sampled, value, segment, COUNT(*) FROM hits"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7",
            [*exact, *minority, *many, step, minority_step, *column_params]
            + [match, step, *exact, minority_step, *minority],
        )
        # The majority's sample stands for its share of all the matches; each minority match read, for
        # minority_step of them.
        read = sum(row[-1] for row in rows if row[3])
        strata = [
            (lambda row: row[0], 1.0),
            (lambda row: row[1] and row[4], float(minority_step)),
            (lambda row: row[2] and row[3], total / read if read else 0.0),
        ]
        names = list(segments)
        counts, estimated = OrderedDict(), set()
        for number, (in_stratum, scale) in enumerate(strata):
            part = [(value, segment, count) for *row, value, segment, count in rows if in_stratum(row)]
            part = [row for row in part if row[0] is not None]
            for value, parts in self._by_value(part, names, scale).items():
                counts[value] = parts
                if number:
                    estimated.add(value)
        return counts, estimated

    def estimated_facet(self, field_name, exact_up_to):
        """({value: count}, {values whose count is estimated}): estimated_segments with no segments."""
        counts, estimated = self.estimated_segments(field_name, {}, exact_up_to)
        return by_count((value, sum(parts.values())) for value, parts in counts.items()), estimated

    def uses_ranked_path(self):
        if not self.order_by_relevance:
            return False
        try:
            self._expression()
        except UnsupportedQuery:
            return False
        return True


class RankedSQLiteSearchQueryCompiler(RankedMixin, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankedMixin, SQLiteAutocompleteQueryCompiler):
    BM25_WEIGHTS = {"autocomplete": 1.0, "body": 0.0, "title": 0.0}
    PREFIX_LAST = True
    TIERED = False


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if compiler.uses_ranked_path():
            return compiler.ranked_results(self.start, self.stop, self._score_field)
        return super()._do_search()

    def _do_count(self):
        compiler = self.query_compiler
        if compiler.uses_ranked_path():
            return compiler.ranked_count()
        return super()._do_count()

    def facet(self, field_name):
        compiler = self.query_compiler
        if compiler.uses_ranked_path():
            # Raises FilterFieldError for an unindexed field, as modelsearch does.
            if compiler._get_filterable_field(field_name) is None:
                return super().facet(field_name)
            return compiler.ranked_facet(field_name)
        return super().facet(field_name)

    def estimated_facet(self, field_name, exact_up_to=2000):
        """Like facet(), but estimated from a sample for a query that matches very many objects.

        Returns ({value: count}, {estimated values}). Other backends have only facet(); callers check.
        """
        compiler = self.query_compiler
        if compiler.uses_ranked_path() and compiler._get_filterable_field(field_name) is not None:
            return compiler.estimated_facet(field_name, exact_up_to)
        return self.facet(field_name), set()

    def estimated_segments(self, field_name, segments, exact_up_to=2000, sample_size=None):
        """Like estimated_facet(), with each value's count split by segment ({name: (Q, models)}: the
        objects of those models that the Q selects; a match counts in the first segment that holds it,
        or under None): {value: {name: count}}. One pass over the matches, not a count per segment."""
        compiler = self.query_compiler
        if compiler.uses_ranked_path() and compiler._get_filterable_field(field_name) is not None:
            return compiler.estimated_segments(field_name, segments, exact_up_to, sample_size)
        return None


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults
