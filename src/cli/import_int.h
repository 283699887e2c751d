/*
 * import_int.h - private to `fengqiao import` (import.c, import_rows.c,
 * import_issues.c): the importer's state, one row as the row checkers see
 * it, the map of keys already seen in the file, the problems found, and
 * the table entry of each kind of file.
 */
#ifndef FQ_CLI_IMPORT_INT_H
#define FQ_CLI_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/csv.h"
#include "core/encoding.h"
#include "core/status.h"
#include "store/store.h"

/* Columns one kind of file may have, and header spellings per column. */
#define IM_COLS_MAX 10
#define IM_ALIASES_MAX 6

/* One key seen in the file: where, and a static tag (a unit's kind). */
typedef struct im_map_entry {
	const char *key;  /* arena copy; NULL = empty slot */
	size_t line;      /* line of the row that defined it */
	const char *tag;  /* static string or NULL */
} im_map_entry;

/* Open-addressing map from string keys to entries. Zero-initialised is
 * empty. */
typedef struct im_map {
	im_map_entry *slots;
	size_t cap;       /* 0 or a power of two */
	size_t n;
} im_map;

/* The entry for key, or NULL. */
const im_map_entry *im_map_get(const im_map *m, const char *key);

/* Add key (copied into a) unless present; a present key keeps its entry.
 * FQ_ENOMEM when out of memory. */
fq_status im_map_put(im_map *m, fq_arena *a, const char *key, size_t line, const char *tag);

/* Free the map's slots (not the keys: they live in the arena); it is
 * empty again. */
void im_map_free(im_map *m);

/* One column of a kind of file. */
typedef struct im_col {
	const char *key;                     /* English name, used in messages */
	const char *names[IM_ALIASES_MAX];   /* header spellings, Chinese first; NULL-ended */
	bool required;                       /* the header must have it */
} im_col;

/* One problem found in the file. */
typedef struct im_issue {
	size_t line;      /* 1-based physical line */
	size_t column;    /* 1-based column */
	size_t seq;       /* order found, to keep the sort stable */
	char *reason;     /* arena */
} im_issue;

/* One data row: every column's trimmed value ("" when absent or empty),
 * with the line and column to report it at. */
typedef struct im_row {
	size_t line;                  /* line the record starts on */
	const char *v[IM_COLS_MAX];   /* values by column index of the kind */
	size_t vline[IM_COLS_MAX];
	size_t col[IM_COLS_MAX];      /* header width + 1 for a column the file lacks */
} im_row;

typedef struct importer importer;

/* A kind of file: its columns and the function that checks one row and,
 * when the importer is inserting, inserts it. The function reports
 * problems with im_bad and returns FQ_OK; anything else (the store
 * failed) stops the import. */
typedef struct im_kind {
	const char *name;   /* "units", ... as on the command line */
	const im_col *cols;
	size_t n_cols;
	fq_status (*row)(importer *im, store_conn *c, const im_row *r, fq_err *err);
} im_kind;

struct importer {
	const im_kind *kind;
	const char *file;            /* as given, for messages */
	char *text;                  /* the file in UTF-8 (malloc) */
	size_t len;
	enc_kind encoding;           /* as detected */
	int col_of[IM_COLS_MAX];     /* header index of each column, -1 when absent */
	size_t n_header;             /* cells in the header row */
	bool named[CSV_MAX_FIELDS];  /* header cells that name a column or an ignored one */
	size_t header_line;
	bool inserting;              /* second pass: insert rows */
	bool out_of_memory;
	size_t rows;                 /* data rows seen in the last pass */
	im_issue *issues;
	size_t n_issues, cap_issues;
	im_map seen;                 /* codes (or keys) of rows already read */
	im_map linked;               /* households linked to a 邻长 in this file */
	fq_arena arena;              /* map keys and issue texts */
	char scratch[IM_COLS_MAX][CSV_MAX_FIELD_LEN + 1]; /* the current row's values */
};

/* Record a problem at line and column (reason is copied); when out of
 * memory, im->out_of_memory is set instead. */
void im_add_issue(importer *im, size_t line, size_t column, const char *reason);

/* Report a problem with column key of row r (printf-style reason). */
void im_bad(importer *im, const im_row *r, int key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Report a validator's failure with column key: "<column>: <message>". */
void im_bad_err(importer *im, const im_row *r, int key, const fq_err *e);

/* Report a CSV syntax error at the line and column its message names
 * ("line L, column C: ..." or "line L: ..."), else at 1:1. */
void im_csv_issue(importer *im, const fq_err *e);

/* Print every problem, sorted by line and column, to standard error, and a
 * last line counting them when there are any. */
void im_print_issues(importer *im);

/* The kinds (import_rows.c). */
extern const im_kind im_units;
extern const im_kind im_households;
extern const im_kind im_people;
extern const im_kind im_leaders;

#endif
