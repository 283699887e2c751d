/*
 * store_search.c - the request list and search; see store_search.h and
 * docs/search.md.
 *
 * A page is found in two steps. First the ids: every "source" of the
 * request set (a unit under a staff subtree, a building, a 邻长's
 * households, a reporter, an assignee, a department; or for the sparse
 * filters overdue and supervised, their partial index; or for text search,
 * the FTS5 index) gets one query that walks an index in id order, applies
 * the filters to each row and stops at the page size. The ids of all
 * sources are merged, newest first; once a full page is held, later
 * sources only look above its lowest id. Then the rows of the page are
 * read by id.
 *
 * Each query is assembled from fixed SQL fragments with every value bound
 * as a parameter; INDEXED BY pins the index each source must walk, so a
 * plan never depends on statistics the database may not have.
 */
#include "store/store_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "store/sqlite_int.h"

/* Bytes of an assembled query, and values bound to it. */
#define QUERY_SQL_MAX 4096
#define QUERY_BINDS_MAX 64

#define FTS_QUOTE '"'

/* A unit's token in the text index's scope column: U+E000, then the unit
 * id in base SCOPE_BASE as two characters from U+F0000; spelled the same
 * way by the view requests_fts_source (migration 10). */
#define SCOPE_MARK 0xE000u
#define SCOPE_DIGIT0 0xF0000u
#define SCOPE_BASE 65000
/* Characters of text a trigram needs. */
#define TRIGRAM_CHARS 3
/* The text columns of the index, as an FTS5 column filter. */
#define FTS_TEXT_COLUMNS "{title description address} : "

/* ---- query assembly ------------------------------------------------------ */

typedef struct qbind {
	int is_text;
	int64_t i;
	const char *t;
} qbind;

typedef struct query {
	char sql[QUERY_SQL_MAX];
	size_t len;
	qbind b[QUERY_BINDS_MAX];
	int nb;
	int overflow; /* a fragment or a value did not fit */
} query;

/* Append a fragment; frag is always a string literal of this file. */
static void q_sql(query *q, const char *frag)
{
	size_t n = strlen(frag);
	if (q->len + n >= sizeof q->sql) {
		q->overflow = 1;
		return;
	}
	memcpy(q->sql + q->len, frag, n + 1);
	q->len += n;
}

/* Append a fragment holding `count` placeholders, all bound to v. */
static void q_int(query *q, const char *frag, int count, int64_t v)
{
	q_sql(q, frag);
	for (int k = 0; k < count; k++) {
		if (q->nb == QUERY_BINDS_MAX) {
			q->overflow = 1;
			return;
		}
		q->b[q->nb++] = (qbind){.i = v};
	}
}

static void q_text(query *q, const char *frag, const char *v)
{
	q_sql(q, frag);
	if (q->nb == QUERY_BINDS_MAX) {
		q->overflow = 1;
		return;
	}
	q->b[q->nb++] = (qbind){.is_text = 1, .t = v};
}

static void q_bind(sqlite3_stmt *st, const query *q)
{
	for (int k = 0; k < q->nb; k++) {
		if (q->b[k].is_text)
			bind_text(st, k + 1, q->b[k].t);
		else
			sqlite3_bind_int64(st, k + 1, q->b[k].i);
	}
}

/* ---- values built from the filter ---------------------------------------- */

/* The smallest string above every string that starts with path: the path
 * with its last byte raised ('/' becomes '0'). */
static const char *path_end(fq_arena *a, const char *path)
{
	size_t n = strlen(path);
	char *hi = n ? fq_arena_strdup(a, path) : NULL;
	if (hi)
		hi[n - 1] = (char)(hi[n - 1] + 1);
	return hi;
}

static int path_under(const char *path, const char *root)
{
	return strncmp(path, root, strlen(root)) == 0;
}

/* q as one FTS5 phrase: in double quotes, inner quotes doubled, so no
 * character of the user's text is FTS5 syntax. */
static const char *fts_phrase(fq_arena *a, const char *q)
{
	char *out = fq_arena_alloc(a, 2 * strlen(q) + 3);
	if (!out)
		return NULL;
	char *p = out;
	*p++ = FTS_QUOTE;
	for (; *q; q++) {
		if (*q == FTS_QUOTE)
			*p++ = FTS_QUOTE;
		*p++ = *q;
	}
	*p++ = FTS_QUOTE;
	*p = '\0';
	return out;
}

/* The filter with its derived values, for one call. */
typedef struct prepared_filter {
	const store_search_filter *f;
	const char *unit_end; /* path_end(f->unit_path) */
	const char *like;     /* the text by LIKE, tested on each row (see text_match) */
	const char *match;    /* the text, the scope and the unit as an FTS5 query */
	int nothing;          /* the text occurs nowhere: no row can match */
	const char *number_key;  /* the last STORE_SEARCH_NUMBER_KEY digits of f->number */
	const char *number_like; /* "%" and f->number: numbers that end with it */
	const char *path_ends[STORE_SEARCH_PATHS_MAX];
	int all;              /* a scope path is "/" */
} prepared_filter;

/* ---- the text index's query ---------------------------------------------- */

/* Append unit id's token (see SCOPE_MARK) as an FTS5 phrase. */
static fq_status put_scope_token(fq_buf *b, int64_t id)
{
	uint32_t cps[3] = {SCOPE_MARK, SCOPE_DIGIT0 + (uint32_t)(id / SCOPE_BASE),
			   SCOPE_DIGIT0 + (uint32_t)(id % SCOPE_BASE)};
	char tok[3 * UTF8_SEQ_MAX + 3];
	size_t n = 0;
	tok[n++] = FTS_QUOTE;
	for (int i = 0; i < 3; i++)
		n += utf8_encode(cps[i], tok + n);
	tok[n++] = FTS_QUOTE;
	tok[n] = '\0';
	return fq_buf_puts(b, tok);
}

/* The unit a path names: its last segment ("/1/5/" is unit 5); 0 when the
 * path does not end in a unit id. */
static int64_t path_unit(const char *path)
{
	size_t n = strlen(path);
	if (n < 2 || path[n - 1] != '/')
		return 0;
	size_t i = n - 1;
	while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9')
		i--;
	if (i == n - 1 || i == 0 || path[i - 1] != '/')
		return 0;
	int64_t id = strtoll(path + i, NULL, 10);
	return id > 0 && id / SCOPE_BASE < SCOPE_BASE ? id : 0;
}

/* Append " AND scope : (...)" holding the token of each unit of paths. */
static fq_status put_scope(fq_buf *b, const char *const *paths, int n)
{
	fq_status res = fq_buf_puts(b, " AND scope : (");
	for (int i = 0; i < n && i < STORE_SEARCH_PATHS_MAX && res == FQ_OK; i++) {
		if (i)
			res = fq_buf_puts(b, " OR ");
		if (res == FQ_OK)
			res = put_scope_token(b, path_unit(paths[i]));
	}
	return res == FQ_OK ? fq_buf_puts(b, ")") : res;
}

/* The next term of the index from `from` on and below `below`, in the
 * arena; NULL at the end. requests_fts_terms lists each instance of a
 * term, and LIMIT 1 stops at the first, so this is one seek whatever the
 * term's frequency (counting per term would read its whole doclist). */
static fq_status next_term(store_conn *c, fq_arena *a, const char *from, const char *below,
			   const char **term, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT term FROM requests_fts_terms"
				       " WHERE term >= ?1 AND term < ?2 LIMIT 1");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the term list query");
	bind_text(st, 1, from);
	bind_text(st, 2, below);
	int rc = sqlite3_step(st);
	*term = rc == SQLITE_ROW ? col_text(a, st, 0) : NULL;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && !*term)
		return FQ_ENOMEM;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? FQ_OK : stmt_fail(c, rc, err);
}

/* Append the trigrams that start with the two characters of q, from the
 * index's term list, as "(t1 OR t2 ...)"; *n is how many there are, and
 * is STORE_SEARCH_SHORT_TERMS_MAX + 1 when there are more. ASCII letters
 * are folded to lower case first, as the index folds them. */
static fq_status put_short_terms(store_conn *c, fq_arena *a, const char *q, fq_buf *b, int *n,
				 fq_err *err)
{
	size_t len = strlen(q);
	char *from = fq_arena_alloc(a, len + 1), *below = fq_arena_alloc(a, len + UTF8_SEQ_MAX + 1);
	if (!from || !below)
		return FQ_ENOMEM;
	for (size_t k = 0; k <= len; k++)
		from[k] = q[k] >= 'A' && q[k] <= 'Z' ? (char)(q[k] - 'A' + 'a') : q[k];
	memcpy(below, from, len);
	below[len + utf8_encode(UTF8_CP_MAX, below + len)] = '\0';
	fq_status res = fq_buf_puts(b, "(");
	const char *term = NULL;
	for (*n = 0; res == FQ_OK && *n <= STORE_SEARCH_SHORT_TERMS_MAX; (*n)++) {
		res = next_term(c, a, from, below, &term, err);
		if (res != FQ_OK || !term)
			break;
		const char *phrase = fts_phrase(a, term);
		char *after = fq_arena_alloc(a, strlen(term) + 2);
		if (!phrase || !after)
			return FQ_ENOMEM;
		res = fq_buf_puts(b, *n ? " OR " : "");
		if (res == FQ_OK)
			res = fq_buf_puts(b, phrase);
		sprintf(after, "%s\x01", term); /* the least string above the term */
		from = after;
	}
	return res == FQ_OK ? fq_buf_puts(b, ")") : res;
}

/* The FTS5 query of the filter's text within its scope and unit: the
 * text columns hold the phrase (or for two characters, a trigram starting
 * with them), and the scope column a token of a scope unit and of the
 * unit filtered on. Sets p->match, or p->nothing when no text holds a
 * two-character query, or leaves only p->like for one character or a very
 * common pair. */
static fq_status text_match(store_conn *c, fq_arena *a, prepared_filter *p, fq_err *err)
{
	const store_search_filter *f = p->f;
	size_t chars = utf8_char_count(f->fts, strlen(f->fts));
	if (!(p->like = like_contains(a, f->fts)))
		return FQ_ENOMEM;
	if (chars < TRIGRAM_CHARS - 1)
		return FQ_OK;
	fq_buf b = {0};
	fq_status res = fq_buf_puts(&b, FTS_TEXT_COLUMNS);
	int terms = 1;
	if (res == FQ_OK && chars >= TRIGRAM_CHARS) {
		const char *phrase = fts_phrase(a, f->fts);
		res = phrase ? fq_buf_puts(&b, phrase) : FQ_ENOMEM;
	} else if (res == FQ_OK) {
		res = put_short_terms(c, a, f->fts, &b, &terms, err);
	}
	if (res == FQ_OK && !p->all && f->scope.n_paths)
		res = put_scope(&b, f->scope.paths, f->scope.n_paths);
	if (res == FQ_OK && f->unit_path)
		res = put_scope(&b, &f->unit_path, 1);
	if (res == FQ_OK && terms && terms <= STORE_SEARCH_SHORT_TERMS_MAX)
		res = (p->match = fq_arena_strdup(a, b.data)) ? FQ_OK : FQ_ENOMEM;
	p->nothing = terms == 0;
	fq_buf_free(&b);
	return res;
}


static fq_status text_match(store_conn *c, fq_arena *a, prepared_filter *p, fq_err *err);

/* The key and pattern of a number search (p->number_key, p->number_like),
 * when the filter has one of at least STORE_SEARCH_NUMBER_KEY digits. */
static fq_status number_match(fq_arena *a, prepared_filter *p)
{
	const char *digits = p->f->number;
	size_t n = strlen(digits);
	if (n < STORE_SEARCH_NUMBER_KEY)
		return FQ_OK;
	char *like = fq_arena_alloc(a, n + 2);
	if (!like)
		return FQ_ENOMEM;
	like[0] = '%';
	memcpy(like + 1, digits, n + 1);
	p->number_like = like;
	p->number_key = like + 1 + n - STORE_SEARCH_NUMBER_KEY;
	return FQ_OK;
}

static fq_status prepare_filter(store_conn *c, const store_search_filter *f, fq_arena *a,
				prepared_filter *p, fq_err *err)
{
	memset(p, 0, sizeof *p);
	p->f = f;
	if (f->unit_path && !(p->unit_end = path_end(a, f->unit_path)))
		return FQ_ENOMEM;
	for (int i = 0; i < f->scope.n_paths && i < STORE_SEARCH_PATHS_MAX; i++) {
		if (strcmp(f->scope.paths[i], "/") == 0)
			p->all = 1;
		else if (!(p->path_ends[i] = path_end(a, f->scope.paths[i])))
			return FQ_ENOMEM;
	}
	fq_status res = number_match(a, p);
	if (res == FQ_OK && f->fts && *f->fts)
		res = text_match(c, a, p, err);
	return res;
}

/* The filters every source applies to each row it walks; the text too,
 * unless the source walks the text index. */
static void add_filters(query *q, const prepared_filter *p, int text_indexed)
{
	const store_search_filter *f = p->f;
	if (f->unit_path) {
		q_text(q, " AND r.unit_path >= ?", f->unit_path);
		q_text(q, " AND r.unit_path < ?", p->unit_end);
	}
	if (f->state)
		q_text(q, " AND r.state = ?", f->state);
	if (f->level)
		q_int(q, " AND r.level = ?", 1, f->level);
	if (f->category_id)
		q_int(q,
		      " AND (r.category_id = ? OR r.category_id IN"
		      " (SELECT id FROM categories WHERE parent_id = ?))",
		      2, f->category_id);
	if (f->channel)
		q_text(q, " AND r.channel = ?", f->channel);
	if (f->from)
		q_int(q, " AND r.created_at >= ?", 1, f->from);
	if (f->to)
		q_int(q, " AND r.created_at <= ?", 1, f->to);
	if (f->overdue)
		q_int(q,
		      " AND ((r.state = 'dispatched' AND r.accept_due < ?)"
		      " OR (r.state = 'accepted' AND r.resolve_due < ?))",
		      2, f->now);
	if (f->supervised)
		q_sql(q, " AND r.card != 'none' AND r.state IN ('dispatched', 'accepted')");
	if (p->like && !text_indexed) {
		q_text(q, " AND (r.title LIKE ? ESCAPE '\\'", p->like);
		q_text(q, " OR r.description LIKE ? ESCAPE '\\'", p->like);
		q_text(q, " OR ifnull(r.address, '') LIKE ? ESCAPE '\\')", p->like);
	}
}

/* The scope as a test of each row, for sources that do not follow it. */
static void add_visibility(query *q, const prepared_filter *p)
{
	const store_search_scope *s = &p->f->scope;
	if (p->all)
		return;
	q_sql(q, " AND (0");
	for (int i = 0; i < s->n_paths; i++) {
		q_text(q, " OR (r.unit_path >= ?", s->paths[i]);
		q_text(q, " AND r.unit_path < ?)", p->path_ends[i]);
	}
	for (int i = 0; i < s->n_buildings; i++)
		q_int(q, " OR r.building_id = ?", 1, s->buildings[i]);
	if (s->leader_id)
		q_int(q,
		      " OR r.household_id IN"
		      " (SELECT household_id FROM leader_households WHERE leader_id = ?)",
		      1, s->leader_id);
	if (s->person_id)
		q_int(q, " OR r.reporter_person_id = ?", 1, s->person_id);
	if (s->account_id)
		q_int(q, " OR r.reporter_account_id = ?", 1, s->account_id);
	if (s->assignee_id)
		q_int(q, " OR r.assignee_account_id = ?", 1, s->assignee_id);
	for (int i = 0; i < s->n_departments; i++)
		q_int(q,
		      " OR r.id IN (SELECT request_id FROM request_cohandlers WHERE unit_id = ?)",
		      1, s->departments[i]);
	q_sql(q, ")");
}

/* ---- sources ------------------------------------------------------------- */

typedef enum src_kind {
	SRC_ALL,             /* every request, newest first (rowid) */
	SRC_STATE_LEVEL,     /* every request of one state and level */
	SRC_CATEGORY,        /* every request of one category */
	SRC_PATH,            /* requests whose unit_path is one unit's path */
	SRC_PATH_STATE,      /* ... in the filter's state */
	SRC_BUILDING_INDEXED, /* the same by the index of migration 3 */
	SRC_LEADER,          /* requests of a 邻长's linked households */
	SRC_PERSON,          /* requests a person raised */
	SRC_ACCOUNT,         /* requests an account typed (index of migration 3) */
	SRC_ASSIGNEE,        /* requests assigned to an account */
	SRC_ASSIGNEE_OUTSIDE, /* ... whose unit_path lies in [path, path_hi) */
	SRC_ACCOUNT_OUTSIDE, /* requests an account typed, unit_path in [path, path_hi) */
	SRC_DEPARTMENT,      /* requests a department co-handles */
	SRC_OVERDUE_ACCEPT,  /* dispatched past accept_due (partial index) */
	SRC_OVERDUE_RESOLVE, /* accepted past resolve_due (partial index) */
	SRC_PATH_OVERDUE_ACCEPT,  /* one unit's dispatched past accept_due */
	SRC_PATH_OVERDUE_RESOLVE, /* one unit's accepted past resolve_due */
	SRC_SUPERVISED,      /* open and carrying a card (partial index) */
	SRC_FTS,             /* matching the text within the scope (FTS5, rowid order) */
	SRC_FTS_PENDING,     /* not yet in the text index (requests_fts_pending) */
	SRC_NUMBER,          /* whose number ends with the filter's digits */
	SRC_SCOPE_SCAN,      /* every request, with the scope tested on each row */
	SRC_CREATED,         /* every request created in a short window */
} src_kind;

typedef struct source {
	src_kind kind;
	int64_t key;      /* building, leader, person, account, department, category */
	const char *path; /* SRC_PATH, SRC_PATH_STATE, SRC_PATH_OVERDUE_*: the path;
			     SRC_*_OUTSIDE: the start of the range */
	const char *path_hi; /* SRC_*_OUTSIDE: the end of the range */
} source;

/* Requests whose number ends with some digits: the last four are the key
 * of requests_number_tail (migration 15), about one request a day each,
 * and the LIKE tests the rest of the digits on those entries. */
#define SQL_NUMBER_HEAD                                                                        \
	"SELECT r.id FROM requests r INDEXED BY requests_number_tail"                          \
	" WHERE substr(r.number, -4) = ? AND r.number LIKE ?"
/* The bounds, order and page of every source but the text index's. */
#define SQL_ID_PAGE " AND r.id < ? AND r.id > ? ORDER BY r.id DESC LIMIT ?"

/* What the first fragment of a source binds. */
typedef enum src_bind {
	BIND_NONE,
	BIND_KEY,         /* source.key */
	BIND_PATH,        /* source.path */
	BIND_PATH_STATE,  /* source.path, then filter state */
	BIND_KEY_RANGE,   /* source.key, then source.path and path_hi */
	BIND_STATE_LEVEL, /* filter state, then level */
	BIND_NOW,         /* filter now */
	BIND_PATH_NOW,    /* source.path, then filter now */
	BIND_MATCH,       /* the FTS5 query */
	BIND_NUMBER,      /* the number's index key, then its LIKE pattern */
	BIND_WINDOW,      /* filter from, then to */
} src_bind;

/* The head of a source that walks the index of requests named index, its
 * first condition where. */
#define BY(index, where) "SELECT r.id FROM requests r INDEXED BY " index " WHERE " where

/* The head of each kind of source: its SQL up to the filters, what it
 * binds, and whether the scope must be tested on each row it walks. */
static const struct src_head {
	const char *sql;
	src_bind bind;
	int residual_scope;
} src_heads[] = {
	[SRC_ALL] = {"SELECT r.id FROM requests r NOT INDEXED WHERE 1", BIND_NONE, 0},
	[SRC_STATE_LEVEL] = {BY("requests_state", "r.state = ? AND r.level = ?"),
			     BIND_STATE_LEVEL, 0},
	[SRC_CATEGORY] = {BY("requests_category", "r.category_id = ?"), BIND_KEY, 0},
	[SRC_PATH] = {BY("requests_scope", "r.unit_path = ?"), BIND_PATH, 0},
	[SRC_PATH_STATE] = {BY("requests_scope_state", "r.unit_path = ? AND r.state = ?"),
			    BIND_PATH_STATE, 0},
	[SRC_BUILDING_INDEXED] = {BY("requests_building", "r.building_id = ?"), BIND_KEY, 0},
	[SRC_LEADER] = {BY("requests_household",
			   "r.household_id IS NOT NULL AND r.household_id IN"
			   " (SELECT household_id FROM leader_households WHERE leader_id = ?)"),
			BIND_KEY, 0},
	[SRC_PERSON] = {BY("requests_reporter", "r.reporter_person_id = ?"), BIND_KEY, 0},
	[SRC_ACCOUNT] = {BY("requests_reporter_account", "r.reporter_account_id = ?"), BIND_KEY, 0},
	[SRC_ASSIGNEE_OUTSIDE] = {BY("requests_assignee_unit", "r.assignee_account_id = ?"
				     " AND r.unit_path >= ? AND r.unit_path < ?"),
				  BIND_KEY_RANGE, 0},
	[SRC_ACCOUNT_OUTSIDE] = {BY("requests_reporter_account_unit", "r.reporter_account_id = ?"
				    " AND r.unit_path >= ? AND r.unit_path < ?"),
				 BIND_KEY_RANGE, 0},
	[SRC_ASSIGNEE] = {BY("requests_assignee", "r.assignee_account_id = ?"), BIND_KEY, 0},
	[SRC_DEPARTMENT] = {"SELECT r.id FROM requests r NOT INDEXED WHERE r.id IN"
			    " (SELECT request_id FROM request_cohandlers WHERE unit_id = ?)",
			    BIND_KEY, 0},
	[SRC_OVERDUE_ACCEPT] = {BY("requests_accept_due",
				   "r.state = 'dispatched' AND r.accept_due < ?"),
				BIND_NOW, 1},
	[SRC_OVERDUE_RESOLVE] = {BY("requests_resolve_due",
				    "r.state = 'accepted' AND r.resolve_due < ?"),
				 BIND_NOW, 1},
	[SRC_PATH_OVERDUE_ACCEPT] = {BY("requests_accept_due_scope", "r.state = 'dispatched'"
					" AND r.unit_path = ? AND r.accept_due < ?"),
				     BIND_PATH_NOW, 0},
	[SRC_PATH_OVERDUE_RESOLVE] = {BY("requests_resolve_due_scope", "r.state = 'accepted'"
					 " AND r.unit_path = ? AND r.resolve_due < ?"),
				      BIND_PATH_NOW, 0},
	[SRC_SUPERVISED] = {BY("requests_card_due",
			       "r.card != 'none' AND r.state IN ('dispatched','accepted')"),
			    BIND_NONE, 1},
	[SRC_FTS] = {"SELECT r.id FROM requests_fts CROSS JOIN requests r"
		     " ON r.id = requests_fts.rowid WHERE requests_fts MATCH ?",
		     BIND_MATCH, 0},
	[SRC_FTS_PENDING] = {"SELECT r.id FROM requests_fts_pending p CROSS JOIN requests r"
			     " ON r.id = p.id WHERE 1",
			     BIND_NONE, 1},
	[SRC_NUMBER] = {SQL_NUMBER_HEAD, BIND_NUMBER, 1},
	[SRC_SCOPE_SCAN] = {"SELECT r.id FROM requests r NOT INDEXED WHERE 1", BIND_NONE, 1},
	[SRC_CREATED] = {BY("requests_created", "r.created_at >= ? AND r.created_at <= ?"),
			 BIND_WINDOW, 0},
};

/* Append the head of source s, with its values. */
static void add_head(query *q, const source *s, const prepared_filter *p)
{
	const struct src_head *h = &src_heads[s->kind];
	const store_search_filter *f = p->f;
	switch (h->bind) {
	case BIND_NONE:
		q_sql(q, h->sql);
		break;
	case BIND_KEY:
		q_int(q, h->sql, 1, s->key);
		break;
	case BIND_PATH:
		q_text(q, h->sql, s->path);
		break;
	case BIND_PATH_STATE:
		q_text(q, h->sql, s->path);
		q_text(q, "", f->state);
		break;
	case BIND_KEY_RANGE:
		q_int(q, h->sql, 1, s->key);
		q_text(q, "", s->path);
		q_text(q, "", s->path_hi);
		break;
	case BIND_STATE_LEVEL:
		q_text(q, h->sql, f->state);
		q_int(q, "", 1, f->level);
		break;
	case BIND_NOW:
		q_int(q, h->sql, 1, f->now);
		break;
	case BIND_PATH_NOW:
		q_text(q, h->sql, s->path);
		q_int(q, "", 1, f->now);
		break;
	case BIND_MATCH:
		q_text(q, h->sql, p->match);
		break;
	case BIND_NUMBER:
		q_text(q, h->sql, p->number_key);
		q_text(q, "", p->number_like);
		break;
	case BIND_WINDOW:
		q_int(q, h->sql, 1, f->from);
		q_int(q, "", 1, f->to ? f->to : INT64_MAX);
		break;
	}
}

/* The query of one source: the ids below before and above floor, newest
 * first, at most limit. */
static void build_source(query *q, const source *s, const prepared_filter *p, int64_t before,
			 int64_t floor, int limit)
{
	q->sql[0] = '\0';
	q->len = 0;
	q->nb = 0;
	q->overflow = 0;
	add_head(q, s, p);
	if (src_heads[s->kind].residual_scope)
		add_visibility(q, p);
	add_filters(q, p, s->kind == SRC_FTS || s->kind == SRC_NUMBER);
	if (s->kind == SRC_FTS) {
		/* bounds and order on the FTS rowid, which FTS5 serves itself */
		q_int(q, " AND requests_fts.rowid < ?", 1, before);
		q_int(q, " AND requests_fts.rowid > ?", 1, floor);
		q_int(q, " ORDER BY requests_fts.rowid DESC LIMIT ?", 1, limit);
		return;
	}
	q_int(q, SQL_ID_PAGE, 0, 0);
	q_int(q, "", 1, before);
	q_int(q, "", 1, floor);
	q_int(q, "", 1, limit);
}

/* A growable list of sources in the arena. */
typedef struct source_list {
	source *items;
	size_t n, cap;
	int too_many; /* more than STORE_SEARCH_SOURCES_MAX */
} source_list;

static fq_status add_source(fq_arena *a, source_list *l, source s)
{
	if (l->n == STORE_SEARCH_SOURCES_MAX) {
		l->too_many = 1;
		return FQ_OK;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		source *more = fq_arena_alloc(a, sizeof *more * cap);
		if (!more)
			return FQ_ENOMEM;
		if (l->n)
			memcpy(more, l->items, sizeof *more * l->n);
		l->items = more;
		l->cap = cap;
	}
	l->items[l->n++] = s;
	return FQ_OK;
}

/* One SRC_PATH per unit (but buildings, which no request's unit_path
 * names) at or under root. */
static fq_status add_units_under(store_conn *c, fq_arena *a, const char *root, source_list *l,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c,
				    "SELECT path FROM units INDEXED BY units_kind"
				    " WHERE kind IN ('street','community','village','grid','department')"
				    " AND path >= ?1 AND path < ?2");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the units query");
	const char *end = path_end(a, root);
	if (!end)
		return FQ_ENOMEM;
	bind_text(st, 1, root);
	bind_text(st, 2, end);
	int rc;
	fq_status res = FQ_OK;
	while (res == FQ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = col_text(a, st, 0);
		res = path ? add_source(a, l, (source){.kind = SRC_PATH, .path = path}) : FQ_ENOMEM;
	}
	sqlite3_reset(st);
	if (res == FQ_OK && rc != SQLITE_DONE)
		return stmt_fail(c, rc, err);
	return res;
}

/* Whether fewer than STORE_SEARCH_WINDOW_SMALL requests were created
 * between f->from and f->to (a walk of requests_created that stops there):
 * then reading them all by date and sorting beats walking the whole table
 * from the newest down to the window. */
static fq_status window_is_small(store_conn *c, const store_search_filter *f, int *small,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c,
				    "SELECT count(*) FROM (SELECT 1 FROM requests INDEXED BY"
				    " requests_created WHERE created_at >= ?1 AND created_at <= ?2"
				    " LIMIT ?3)");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the window count");
	sqlite3_bind_int64(st, 1, f->from);
	sqlite3_bind_int64(st, 2, f->to ? f->to : INT64_MAX);
	sqlite3_bind_int(st, 3, STORE_SEARCH_WINDOW_SMALL);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*small = sqlite3_column_int(st, 0) < STORE_SEARCH_WINDOW_SMALL;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FQ_OK : stmt_fail(c, rc, err);
}

/* The sources of the root scope: one walk of the whole table, or the
 * index of the filter that keeps the order by id. */
static fq_status all_sources(store_conn *c, fq_arena *a, const prepared_filter *p,
			     source_list *l, fq_err *err)
{
	const store_search_filter *f = p->f;
	if (f->state && f->level)
		return add_source(a, l, (source){.kind = SRC_STATE_LEVEL});
	if (!f->category_id) {
		int small = 0;
		fq_status res = (f->from || f->to) ? window_is_small(c, f, &small, err) : FQ_OK;
		if (res != FQ_OK)
			return res;
		return add_source(a, l, (source){.kind = small ? SRC_CREATED : SRC_ALL});
	}
	fq_status res = add_source(a, l, (source){.kind = SRC_CATEGORY, .key = f->category_id});
	sqlite3_stmt *st = stmt_get(c, "SELECT id FROM categories WHERE parent_id = ?1");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the sub-categories query");
	sqlite3_bind_int64(st, 1, f->category_id);
	int rc;
	while (res == FQ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		res = add_source(a, l,
				 (source){.kind = SRC_CATEGORY, .key = sqlite3_column_int64(st, 0)});
	sqlite3_reset(st);
	if (res == FQ_OK && rc != SQLITE_DONE)
		return stmt_fail(c, rc, err);
	return res;
}

/* The path sources of the staff subtrees, cut down to the unit filter. */
static fq_status path_sources(store_conn *c, fq_arena *a, const prepared_filter *p,
			      source_list *l, fq_err *err)
{
	const store_search_scope *s = &p->f->scope;
	const char *unit = p->f->unit_path;
	fq_status res = FQ_OK;
	for (int i = 0; i < s->n_paths && res == FQ_OK; i++) {
		const char *root = s->paths[i];
		if (unit && path_under(unit, root))
			root = unit;
		else if (unit && !path_under(root, unit))
			continue;
		res = add_units_under(c, a, root, l, err);
	}
	return res;
}

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The requests assigned to the caller (kind SRC_ASSIGNEE_OUTSIDE) or
 * typed by their account (SRC_ACCOUNT_OUTSIDE) outside their unit
 * subtrees: those inside are found by the subtrees' own sources, so only
 * the gaps between the subtrees are walked, each a range of an index on
 * (account, unit_path) (migration 11). A staff member's assignments and
 * the requests they typed all but always lie within their units, so these
 * walks are empty, where walking them all (hundreds of thousands for a
 * community's account at ten million requests) tested every row. */
static fq_status outside_sources(fq_arena *a, const prepared_filter *p, src_kind kind,
				 int64_t key, source_list *l)
{
	const store_search_scope *s = &p->f->scope;
	const char *starts[STORE_SEARCH_PATHS_MAX];
	int n = s->n_paths < STORE_SEARCH_PATHS_MAX ? s->n_paths : STORE_SEARCH_PATHS_MAX;
	memcpy(starts, s->paths, sizeof *starts * (size_t)n);
	qsort(starts, (size_t)n, sizeof *starts, cmp_text);
	const char *from = "";
	fq_status res = FQ_OK;
	for (int i = 0; i < n && res == FQ_OK; i++) {
		const char *end = path_end(a, starts[i]);
		if (!end)
			return FQ_ENOMEM;
		if (strcmp(from, starts[i]) < 0)
			res = add_source(a, l, (source){kind, key, from, starts[i]});
		if (strcmp(end, from) > 0)
			from = end;
	}
	/* every unit path starts with '/', so "0" lies above them all */
	return res == FQ_OK ? add_source(a, l, (source){kind, key, from, "0"}) : res;
}

/* The requests an account typed or is assigned: all of them (kind all),
 * or for staff only those outside their units (kind outside). */
static fq_status own_sources(fq_arena *a, const prepared_filter *p, src_kind all,
			     src_kind outside, int64_t key, source_list *l)
{
	if (p->f->scope.n_paths)
		return outside_sources(a, p, outside, key, l);
	return add_source(a, l, (source){all, key, NULL, NULL});
}

/* Sources other than unit subtrees. */
static fq_status person_sources(fq_arena *a, const prepared_filter *p, source_list *l)
{
	const store_search_scope *s = &p->f->scope;
	fq_status res = FQ_OK;
	for (int i = 0; i < s->n_buildings && res == FQ_OK; i++)
		res = add_source(a, l, (source){SRC_BUILDING_INDEXED, s->buildings[i], NULL});
	for (int i = 0; i < s->n_departments && res == FQ_OK; i++)
		res = add_source(a, l, (source){SRC_DEPARTMENT, s->departments[i], NULL});
	if (res == FQ_OK && s->leader_id)
		res = add_source(a, l, (source){SRC_LEADER, s->leader_id, NULL});
	if (res == FQ_OK && s->person_id)
		res = add_source(a, l, (source){SRC_PERSON, s->person_id, NULL});
	if (res == FQ_OK && s->account_id)
		res = own_sources(a, p, SRC_ACCOUNT, SRC_ACCOUNT_OUTSIDE, s->account_id, l);
	if (res == FQ_OK && s->assignee_id)
		res = own_sources(a, p, SRC_ASSIGNEE, SRC_ASSIGNEE_OUTSIDE, s->assignee_id, l);
	return res;
}

/* Overdue within a scope: each unit's overdue through the per-unit
 * partial indexes (requests_accept_due_scope, requests_resolve_due_scope),
 * and the personal sources with the overdue test on each row. With more
 * units than sources allowed, the deployment's overdue with the scope
 * tested on each row. */
static fq_status overdue_sources(store_conn *c, fq_arena *a, const prepared_filter *p,
				 source_list *l, fq_err *err)
{
	source_list units = {0};
	fq_status res = path_sources(c, a, p, &units, err);
	for (size_t i = 0; i < units.n && res == FQ_OK; i++) {
		res = add_source(a, l, (source){SRC_PATH_OVERDUE_ACCEPT, 0, units.items[i].path});
		if (res == FQ_OK)
			res = add_source(a, l,
					 (source){SRC_PATH_OVERDUE_RESOLVE, 0, units.items[i].path});
	}
	if (res == FQ_OK)
		res = person_sources(a, p, l);
	if (res == FQ_OK && (units.too_many || l->too_many)) {
		l->n = 0;
		l->too_many = 0;
		res = add_source(a, l, (source){.kind = SRC_OVERDUE_ACCEPT});
		if (res == FQ_OK)
			res = add_source(a, l, (source){.kind = SRC_OVERDUE_RESOLVE});
	}
	return res;
}

/* Text through the index: the index keeps to the scope's units itself;
 * the scope's other parts (buildings, households, a person's or an
 * account's own requests) are walked as ever with the text tested on each
 * row. */
static fq_status text_sources(fq_arena *a, const prepared_filter *p, source_list *l)
{
	fq_status res = FQ_OK;
	if (p->number_key) /* a request number: found by it as well as by its text */
		res = add_source(a, l, (source){.kind = SRC_NUMBER});
	if (res == FQ_OK && (p->all || p->f->scope.n_paths)) {
		res = add_source(a, l, (source){.kind = SRC_FTS_PENDING});
		if (res == FQ_OK && !p->nothing)
			res = add_source(a, l, (source){.kind = SRC_FTS});
	}
	if (res == FQ_OK && !p->all)
		res = person_sources(a, p, l);
	return res;
}

/* Every source of the filter, in the order they are walked. */
static fq_status plan_sources(store_conn *c, fq_arena *a, const prepared_filter *p,
			      source_list *l, fq_err *err)
{
	memset(l, 0, sizeof *l);
	if (p->match || p->nothing)
		return text_sources(a, p, l);
	if (p->f->supervised)
		return add_source(a, l, (source){.kind = SRC_SUPERVISED});
	if (p->f->overdue && !p->all)
		return overdue_sources(c, a, p, l, err);
	if (p->f->overdue) {
		fq_status res = add_source(a, l, (source){.kind = SRC_OVERDUE_ACCEPT});
		return res == FQ_OK ? add_source(a, l, (source){.kind = SRC_OVERDUE_RESOLVE}) : res;
	}
	if (p->all)
		return all_sources(c, a, p, l, err);
	fq_status res = path_sources(c, a, p, l, err);
	for (size_t i = 0; p->f->state && i < l->n; i++) /* a rare state: exact */
		l->items[i].kind = SRC_PATH_STATE;
	if (res == FQ_OK)
		res = person_sources(a, p, l);
	if (res == FQ_OK && (l->too_many || (p->like && l->n > STORE_SEARCH_LIKE_UNITS_MAX))) {
		/* too many units to walk one by one (for a title match, more
		 * than a few): one walk with the scope tested on each row */
		l->n = 0;
		l->too_many = 0;
		res = add_source(a, l, (source){.kind = SRC_SCOPE_SCAN});
	}
	return res;
}

/* ---- walking the sources ------------------------------------------------- */

/* The newest distinct ids found so far, at most keep of them. */
typedef struct id_set {
	int64_t *ids;
	size_t n;    /* ids held */
	size_t keep; /* the page size plus one */
} id_set;

static int cmp_desc(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? 1 : a > b ? -1 : 0;
}

/* Sort newest first, drop duplicates (a request reached by two sources)
 * and keep the first `keep`. */
static void ids_trim(id_set *s)
{
	qsort(s->ids, s->n, sizeof *s->ids, cmp_desc);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (k == 0 || s->ids[k - 1] != s->ids[i])
			s->ids[k++] = s->ids[i];
	s->n = k < s->keep ? k : s->keep;
}

/* A prepared statement reused while consecutive sources share their SQL
 * (all unit paths do: only the bound values differ). */
typedef struct stmt_slot {
	sqlite3_stmt *st;
	char sql[QUERY_SQL_MAX];
} stmt_slot;

static fq_status slot_prepare(store_conn *c, stmt_slot *slot, const query *q, fq_err *err)
{
	if (q->overflow)
		return fq_fail(err, FQ_ETOOBIG, "", "the search has too many terms");
	if (slot->st && strcmp(slot->sql, q->sql) == 0) {
		sqlite3_reset(slot->st);
		sqlite3_clear_bindings(slot->st);
	} else {
		sqlite3_finalize(slot->st);
		slot->st = NULL;
		int rc = sqlite3_prepare_v2(c->db, q->sql, -1, &slot->st, NULL);
		if (rc != SQLITE_OK)
			return stmt_fail(c, rc, err);
		memcpy(slot->sql, q->sql, q->len + 1);
	}
	q_bind(slot->st, q);
	return FQ_OK;
}

static fq_status run_source(store_conn *c, stmt_slot *slot, const query *q, id_set *ids,
			    fq_err *err)
{
	fq_status res = slot_prepare(c, slot, q, err);
	if (res != FQ_OK)
		return res;
	int rc;
	while ((rc = sqlite3_step(slot->st)) == SQLITE_ROW && ids->n < 2 * ids->keep)
		ids->ids[ids->n++] = sqlite3_column_int64(slot->st, 0);
	sqlite3_reset(slot->st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return stmt_fail(c, rc, err);
	ids_trim(ids);
	return FQ_OK;
}

/* The newest `keep` ids of the filter, newest first. */
static fq_status collect_ids(store_conn *c, const prepared_filter *p, fq_arena *a, size_t keep,
			     id_set *out, fq_err *err)
{
	source_list l;
	fq_status res = plan_sources(c, a, p, &l, err);
	if (res != FQ_OK)
		return res;
	id_set ids = {.ids = fq_arena_alloc(a, sizeof(int64_t) * 2 * keep), .keep = keep};
	query *q = fq_arena_alloc(a, sizeof *q);
	stmt_slot *slot = fq_arena_alloc(a, sizeof *slot);
	if (!ids.ids || !q || !slot)
		return FQ_ENOMEM;
	int64_t before = p->f->before_id > 0 ? p->f->before_id : INT64_MAX;
	int64_t floor = 0;
	for (size_t i = 0; i < l.n && res == FQ_OK; i++) {
		build_source(q, &l.items[i], p, before, floor, (int)keep);
		res = run_source(c, slot, q, &ids, err);
		if (ids.n == keep)
			floor = ids.ids[keep - 1];
	}
	sqlite3_finalize(slot->st);
	if (res == FQ_OK)
		*out = ids;
	return res;
}

/* ---- rows ---------------------------------------------------------------- */

#define ROW_SELECT                                                                             \
	"SELECT r.id, r.number, r.title, r.description, r.address, r.category_id, c.code,"     \
	" c.name, r.channel, r.state, r.level, r.priority, coalesce(r.grid_id, 0), g.name,"    \
	" coalesce(r.household_id, 0), r.created_at, coalesce(r.accept_due, 0),"               \
	" coalesce(r.resolve_due, 0), r.card, b.name, r.lat, r.lon, coalesce(b.id, 0),"        \
	" b.address, coalesce(r.dispatched_at, r.created_at) FROM requests r"                  \
	" LEFT JOIN categories c ON c.id = r.category_id LEFT JOIN units g ON g.id = r.grid_id"\
	" LEFT JOIN units b ON b.id = r.building_id "

static const char SQL_ROW_BY_ID[] = ROW_SELECT "WHERE r.id = ?1";

static const char SQL_ROWS_OF_HOUSEHOLD[] =
	ROW_SELECT "WHERE r.household_id = ?1 ORDER BY r.id DESC LIMIT ?2";

static int read_row(fq_arena *a, sqlite3_stmt *st, store_search_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->number = col_text(a, st, 1);
	r->title = col_text(a, st, 2);
	r->description = col_text(a, st, 3);
	r->address = col_text(a, st, 4);
	r->category_id = sqlite3_column_int64(st, 5);
	r->category_code = col_text(a, st, 6);
	r->category_name = col_text(a, st, 7);
	r->channel = col_text(a, st, 8);
	r->state = col_text(a, st, 9);
	r->level = sqlite3_column_int(st, 10);
	r->priority = sqlite3_column_int(st, 11);
	r->grid_id = sqlite3_column_int64(st, 12);
	r->grid_name = col_text(a, st, 13);
	r->household_id = sqlite3_column_int64(st, 14);
	r->created_at = sqlite3_column_int64(st, 15);
	r->accept_due = sqlite3_column_int64(st, 16);
	r->resolve_due = sqlite3_column_int64(st, 17);
	r->card = col_text(a, st, 18);
	r->building_name = col_text(a, st, 19);
	r->has_point = sqlite3_column_type(st, 20) != SQLITE_NULL &&
		       sqlite3_column_type(st, 21) != SQLITE_NULL;
	r->lat = sqlite3_column_double(st, 20);
	r->lon = sqlite3_column_double(st, 21);
	r->building_id = sqlite3_column_int64(st, 22);
	r->building_address = col_text(a, st, 23);
	r->started = sqlite3_column_int64(st, 24);
	return r->number && r->title && r->description && r->state && r->card;
}

/* The rows of ids[0..n-1], in that order. */
static fq_status rows_by_id(store_conn *c, const int64_t *ids, size_t n, fq_arena *a,
			    store_search_row *rows, fq_err *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt_get(c, SQL_ROW_BY_ID);
		if (!st)
			return fq_fail(err, FQ_ESTORE, "", "cannot prepare the request query");
		sqlite3_bind_int64(st, 1, ids[i]);
		int rc = sqlite3_step(st);
		int ok = rc == SQLITE_ROW && read_row(a, st, &rows[i]);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return stmt_fail(c, rc, err);
		if (!ok)
			return FQ_ENOMEM;
	}
	return FQ_OK;
}

fq_status store_search_requests(store_conn *c, const store_search_filter *f, fq_arena *a,
				store_search_row **out, size_t *n, int *more, fq_err *err)
{
	if (f->limit < 1 || f->limit > STORE_SEARCH_PAGE_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
			       STORE_SEARCH_PAGE_MAX);
	prepared_filter p;
	id_set ids;
	fq_status res = prepare_filter(c, f, a, &p, err);
	if (res == FQ_OK)
		res = collect_ids(c, &p, a, (size_t)f->limit + 1, &ids, err);
	if (res != FQ_OK)
		return res;
	size_t shown = ids.n > (size_t)f->limit ? (size_t)f->limit : ids.n;
	store_search_row *rows = fq_arena_alloc(a, sizeof *rows * (shown ? shown : 1));
	if (!rows)
		return FQ_ENOMEM;
	res = rows_by_id(c, ids.ids, shown, a, rows, err);
	if (res != FQ_OK)
		return res;
	*out = rows;
	*n = shown;
	*more = ids.n > shown;
	return FQ_OK;
}

/* One page of store_search_each in its own arena. */
static fq_status each_page(store_conn *c, store_search_filter *page, size_t max_rows,
			   size_t *handed, int *more, store_search_row_fn fn, void *arg,
			   fq_err *err)
{
	fq_arena a;
	fq_arena_init(&a);
	store_search_row *rows = NULL;
	size_t n = 0;
	fq_status res = store_search_requests(c, page, &a, &rows, &n, more, err);
	for (size_t i = 0; i < n && res == FQ_OK; i++) {
		if (*handed == max_rows) {
			res = fq_failr(err, FQ_ETOOBIG, "limit", "search.export_max",
				       "more than %zu requests match",
				       max_rows);
			break;
		}
		res = fn(arg, &rows[i], err);
		(*handed)++;
	}
	if (res == FQ_OK && n)
		page->before_id = rows[n - 1].id;
	fq_arena_free(&a);
	return res;
}

/* Count the matching ids, walking pages of ids only (no rows are read),
 * and stop past max_rows: FQ_ETOOBIG when there are more. */
static fq_status count_at_most(store_conn *c, const store_search_filter *f, size_t max_rows,
			       fq_err *err)
{
	store_search_filter page = *f;
	page.before_id = 0;
	page.limit = STORE_SEARCH_PAGE_MAX;
	size_t seen = 0;
	fq_status res = FQ_OK;
	for (;;) {
		fq_arena a;
		fq_arena_init(&a);
		prepared_filter p;
		id_set ids = {0};
		res = prepare_filter(c, &page, &a, &p, err);
		if (res == FQ_OK)
			res = collect_ids(c, &p, &a, (size_t)page.limit + 1, &ids, err);
		size_t got = ids.n > (size_t)page.limit ? (size_t)page.limit : ids.n;
		int more = ids.n > got;
		if (got)
			page.before_id = ids.ids[got - 1];
		fq_arena_free(&a);
		seen += got;
		if (res != FQ_OK || !more || seen > max_rows)
			break;
	}
	if (res == FQ_OK && seen > max_rows)
		return fq_failr(err, FQ_ETOOBIG, "limit", "search.export_max",
				"more than %zu requests match", max_rows);
	return res;
}

fq_status store_search_each(store_conn *c, const store_search_filter *f, size_t max_rows,
			    store_search_row_fn fn, void *arg, fq_err *err)
{
	fq_status res = count_at_most(c, f, max_rows, err);
	store_search_filter page = *f;
	page.before_id = 0;
	page.limit = STORE_SEARCH_PAGE_MAX;
	size_t handed = 0;
	int more = 1;
	while (res == FQ_OK && more)
		res = each_page(c, &page, max_rows, &handed, &more, fn, arg, err);
	return res;
}

fq_status store_requests_of_households(store_conn *c, const int64_t *ids, int n,
				       int per_household, fq_arena *a, store_search_row **out,
				       size_t *n_out, fq_err *err)
{
	size_t cap = (size_t)(n > 0 ? n : 1) * (size_t)(per_household > 0 ? per_household : 1);
	store_search_row *rows = fq_arena_alloc(a, sizeof *rows * cap);
	if (!rows)
		return FQ_ENOMEM;
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt_get(c, SQL_ROWS_OF_HOUSEHOLD);
		if (!st)
			return fq_fail(err, FQ_ESTORE, "", "cannot prepare the household query");
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int(st, 2, per_household);
		int rc, ok = 1;
		while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW && k < cap)
			ok = read_row(a, st, &rows[k++]);
		sqlite3_reset(st);
		if (!ok)
			return FQ_ENOMEM;
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return stmt_fail(c, rc, err);
	}
	*out = rows;
	*n_out = k;
	return FQ_OK;
}

/* The writer's statements of the text index queue (store_search_commit):
 * index what waits, and count it up to a batch. */
static const char SQL_INDEX_PENDING[] =
	"INSERT INTO requests_fts(rowid, title, description, address, scope)"
	" SELECT s.* FROM requests_fts_pending p CROSS JOIN requests_fts_source s ON s.id = p.id";
static const char SQL_INDEX_WAITING[] =
	"SELECT count(*) FROM (SELECT 1 FROM requests_fts_pending LIMIT ?1)";

fq_status store_search_index_pending(store_conn *c, fq_err *err)
{
	static const char *const steps[] = {SQL_INDEX_PENDING, "DELETE FROM requests_fts_pending"};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		sqlite3_stmt *st = stmt_get(c, steps[i]);
		if (!st)
			return fq_fail(err, FQ_ESTORE, "", "cannot prepare the text index queue");
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return stmt_fail(c, rc, err);
	}
	return FQ_OK;
}

fq_status store_search_commit(store_conn *c, int busy, fq_err *err)
{
	if (busy) {
		int waiting = 0;
		fq_status res = stmt_count(
		    c, stmt_bound(c, SQL_INDEX_WAITING, ARG_INT(STORE_SEARCH_INDEX_BATCH)), &waiting,
		    err);
		if (res != FQ_OK || waiting < STORE_SEARCH_INDEX_BATCH)
			return res;
	}
	return store_search_index_pending(c, err);
}

fq_status store_search_unit(store_conn *c, int64_t id, fq_arena *a, const char **kind,
			    const char **path, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT kind, path FROM units WHERE id = ?1");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the unit query");
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return fq_fail(err, FQ_EINVAL, "unit", "no unit %lld", (long long)id);
	}
	if (rc != SQLITE_ROW)
		return stmt_fail(c, rc, err);
	const char *k = col_text(a, st, 0), *p = col_text(a, st, 1);
	sqlite3_reset(st);
	if (!k || !p)
		return FQ_ENOMEM;
	*kind = k;
	*path = p;
	return FQ_OK;
}

/* ---- plans --------------------------------------------------------------- */

static const char *const src_names[] = {
	[SRC_ALL] = "all", [SRC_STATE_LEVEL] = "state_level", [SRC_CATEGORY] = "category",
	[SRC_PATH] = "path", [SRC_PATH_STATE] = "path_state",
	[SRC_BUILDING_INDEXED] = "building_indexed", [SRC_LEADER] = "leader",
	[SRC_PERSON] = "person", [SRC_ACCOUNT] = "account",
	[SRC_ASSIGNEE] = "assignee", [SRC_ASSIGNEE_OUTSIDE] = "assignee_outside",
	[SRC_ACCOUNT_OUTSIDE] = "account_outside",
	[SRC_CREATED] = "created",
	[SRC_DEPARTMENT] = "department", [SRC_OVERDUE_ACCEPT] = "overdue_accept",
	[SRC_OVERDUE_RESOLVE] = "overdue_resolve",
	[SRC_PATH_OVERDUE_ACCEPT] = "path_overdue_accept",
	[SRC_PATH_OVERDUE_RESOLVE] = "path_overdue_resolve", [SRC_SUPERVISED] = "supervised",
	[SRC_FTS] = "fts", [SRC_FTS_PENDING] = "fts_pending", [SRC_NUMBER] = "number",
	[SRC_SCOPE_SCAN] = "scope_scan",
};

/* Append "<source>: step; step; ...\n" for the plan of q. */
static fq_status explain(store_conn *c, const char *name, const query *q, fq_buf *out,
			 fq_err *err)
{
	char sql[QUERY_SQL_MAX + 32];
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", q->sql);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return stmt_fail(c, rc, err);
	for (int k = 0; k < q->nb; k++) {
		if (q->b[k].is_text)
			bind_text(st, k + 1, q->b[k].t);
		else
			sqlite3_bind_int64(st, k + 1, q->b[k].i);
	}
	fq_status res = fq_buf_printf(out, "%s:", name);
	const char *sep = " ";
	while (res == FQ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		res = fq_buf_printf(out, "%s%s", sep, (const char *)sqlite3_column_text(st, 3));
		sep = "; ";
	}
	sqlite3_finalize(st);
	if (res == FQ_OK && rc != SQLITE_DONE)
		return stmt_fail(c, rc, err);
	return res == FQ_OK ? fq_buf_puts(out, "\n") : res;
}

fq_status store_search_plan(store_conn *c, const store_search_filter *f, fq_arena *a,
			    char **out, fq_err *err)
{
	prepared_filter p;
	source_list l;
	fq_status res = prepare_filter(c, f, a, &p, err);
	if (res == FQ_OK)
		res = plan_sources(c, a, &p, &l, err);
	query *q = fq_arena_alloc(a, sizeof *q);
	if (res == FQ_OK && !q)
		res = FQ_ENOMEM;
	fq_buf b = {0};
	src_kind last = SRC_CREATED + 1;
	for (size_t i = 0; i < l.n && res == FQ_OK; i++) {
		if (l.items[i].kind == last)
			continue;
		last = l.items[i].kind;
		build_source(q, &l.items[i], &p, INT64_MAX, 0, f->limit > 0 ? f->limit + 1 : 1);
		res = explain(c, src_names[last], q, &b, err);
	}
	if (res == FQ_OK) {
		*out = fq_arena_strdup(a, b.data ? b.data : "");
		res = *out ? FQ_OK : FQ_ENOMEM;
	}
	fq_buf_free(&b);
	return res;
}

/* ---- hot statements ------------------------------------------------------ */

/* The search by number as a caller who sees every request runs it (the
 * source SRC_NUMBER with no filter on the row); the sources of other
 * scopes and filters are checked by store_search_plan's tests. */
const store_plan_entry store_search_plans[] = {
	{"search.number", SQL_NUMBER_HEAD SQL_ID_PAGE, "requests_number_tail", NULL},
	{"search.index_pending", SQL_INDEX_PENDING, "rowid", NULL},
	{"search.index_waiting", SQL_INDEX_WAITING, "", NULL}, /* a walk of the queue, stopped at a batch */
	{NULL, NULL, NULL, NULL},
};
