/*
 * user.c - `fengqiao user`: add accounts, change passwords, disable and
 * enable accounts, and list them. Passwords are read from standard input
 * (one line; not echoed on a terminal), never from the command line where
 * other users could see them. Every change goes through the store's writer
 * (store_write) and is written to the audit log as the system (account 0),
 * so the command is safe while a server runs on the same database.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "domain/auth.h"
#include "domain/roles.h"
#include "store/store_auth.h"

#define USER_ROLES_MAX ROLE_COUNT /* distinct roles one `user add` may give */
#define PASSWORD_LINE_MAX (AUTH_PASSWORD_MAX * UTF8_SEQ_MAX + 3) /* + CR, LF, NUL */
#define WIDE_CODE_POINT 0x2E80u   /* from here on, CJK and full-width: two columns */
#define ROLES_TEXT_MAX 1024       /* bytes of the roles detail in the audit log */
#define ROLE_NAME_MAX 32          /* longer than any role's name */

static const char usage_text[] =
	"usage:\n"
	"  fengqiao user add --username U --role ROLE[,ROLE...] [--role ROLE] [--unit CODE]\n"
	"                    [--name DISPLAY] [--person-id N] [--db PATH]   (password on stdin)\n"
	"  fengqiao user passwd --username U [--db PATH]                    (password on stdin)\n"
	"  fengqiao user disable --username U [--db PATH]\n"
	"  fengqiao user enable --username U [--db PATH]\n"
	"  fengqiao user list [--db PATH]\n"
	"roles: resident leader building_leader grid_worker community_officer dispatcher\n"
	"       department_officer supervisor talent mediator admin\n"
	"An admin without --unit acts on the whole deployment; every other role needs --unit.\n";

/* The first argument after the subcommand that is not one of its flags
 * (each takes a value), or NULL. */
static const char *bad_argument(int argc, char **argv, const char *const *known)
{
	int i = cli_unknown_arg(argc, argv, 2, known, NULL);
	return i ? argv[i] : NULL;
}

/* ---- the password from standard input --------------------------------- */

/* Read one line into buf (PASSWORD_LINE_MAX bytes) without its line end.
 * On a terminal, prompt on stderr and do not echo. -1 after a message when
 * there is no line or it is too long. */
static int read_password(char *buf)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		fprintf(stderr, "password: ");
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	} else {
		tty = 0;
	}
	char *got = fgets(buf, PASSWORD_LINE_MAX, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (!got) {
		fprintf(stderr, "fengqiao user: no password on standard input\n");
		return -1;
	}
	size_t len = strlen(buf);
	if (len == PASSWORD_LINE_MAX - 1 && buf[len - 1] != '\n') {
		fprintf(stderr, "fengqiao user: the password is longer than %d characters\n",
			AUTH_PASSWORD_MAX);
		return -1;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return 0;
}

/* Read and hash the password: 0, or after a message 2 for a missing or
 * unacceptable password and 1 when it could not be hashed. */
static int password_hash(char hash[AUTH_HASH_MAX])
{
	char line[PASSWORD_LINE_MAX];
	if (read_password(line) != 0)
		return 2;
	fq_err err = {0};
	fq_status st = auth_hash_password(line, hash, &err);
	explicit_bzero(line, sizeof line);
	if (st == FQ_OK)
		return 0;
	fprintf(stderr, "fengqiao user: %s\n", err.message);
	return st == FQ_EINVAL ? 2 : 1;
}

/* ---- the work done in one write transaction ---------------------------- */

typedef struct user_job {
	const char *username;
	const char *display_name;
	const char *unit_code;          /* NULL: the whole deployment */
	const char *roles[USER_ROLES_MAX];
	int n_roles;
	int64_t person_id;              /* 0: none */
	int disabled;                   /* for enable/disable */
	char hash[AUTH_HASH_MAX];       /* for add/passwd */
	fq_arena arena;                 /* lookups inside the transaction */
} user_job;

static fq_status roles_text(const user_job *j, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < j->n_roles; i++) {
		int w = snprintf(out + used, n - used, "%s%s@%s", i ? "," : "", j->roles[i],
				 j->unit_code ? j->unit_code : "*");
		if (w < 0 || (size_t)w >= n - used)
			return FQ_ETOOBIG;
		used += (size_t)w;
	}
	return FQ_OK;
}

static fq_status add_tx(store_conn *c, void *arg, fq_err *err)
{
	user_job *j = arg;
	int64_t unit = 0, id = 0;
	char detail[ROLES_TEXT_MAX];
	fq_status st = j->unit_code ? store_account_unit_by_code(c, j->unit_code, &unit, err) : FQ_OK;
	if (st == FQ_OK)
		st = store_account_insert(c, j->username, j->display_name, j->hash, j->person_id,
					  &id, err);
	for (int i = 0; i < j->n_roles && st == FQ_OK; i++)
		st = store_account_role_add(c, id, j->roles[i], unit, err);
	if (st == FQ_OK && roles_text(j, detail, sizeof detail) != FQ_OK)
		st = fq_fail(err, FQ_ETOOBIG, "role", "too many roles");
	if (st == FQ_OK)
		st = cli_audit(c, &j->arena, "account_add", "account", j->username, detail, err);
	return st;
}

/* What passwd, disable and enable change on the account found. */
typedef fq_status (*change_fn)(store_conn *c, int64_t id, const user_job *j, fq_err *err);

/* Find account j->username, change it with set, and audit action. */
static fq_status change(store_conn *c, user_job *j, change_fn set, const char *action,
			fq_err *err)
{
	store_account acc;
	fq_status st = store_account_by_username(c, &j->arena, j->username, &acc, err);
	if (st == FQ_OK)
		st = set(c, acc.id, j, err);
	if (st == FQ_OK)
		st = cli_audit(c, &j->arena, action, "account", j->username, NULL, err);
	return st;
}

static fq_status password_set(store_conn *c, int64_t id, const user_job *j, fq_err *err)
{
	return store_account_set_password(c, id, j->hash, err);
}

static fq_status disabled_set(store_conn *c, int64_t id, const user_job *j, fq_err *err)
{
	return store_account_set_disabled(c, id, j->disabled, err);
}

static fq_status passwd_tx(store_conn *c, void *arg, fq_err *err)
{
	return change(c, arg, password_set, "account_passwd", err);
}

static fq_status disable_tx(store_conn *c, void *arg, fq_err *err)
{
	user_job *j = arg;
	return change(c, j, disabled_set, j->disabled ? "account_disable" : "account_enable", err);
}

/* Open the store and run fn on j; 0, or 1 after a message. */
static int run_job(int argc, char **argv, store_tx_fn fn, user_job *j)
{
	fq_err err = {0};
	fq_status st = FQ_OK;
	fq_arena_init(&j->arena);
	int rc = cli_write_once(argc, argv, fn, j, &st, &err);
	fq_arena_free(&j->arena);
	if (rc)
		return rc;
	if (st == FQ_ENOTFOUND && strcmp(err.field, "username") == 0)
		fprintf(stderr, "fengqiao user: there is no account %s\n", j->username);
	else if (st != FQ_OK)
		fprintf(stderr, "fengqiao user: %s\n", err.message);
	return st == FQ_OK ? 0 : 1;
}

/* ---- add --------------------------------------------------------------- */

/* Add the role named by the n bytes at name (empty: nothing to add). */
static int add_role(user_job *j, const char *name, size_t n)
{
	char buf[ROLE_NAME_MAX];
	if (n == 0)
		return 0;
	snprintf(buf, sizeof buf, "%.*s", (int)n, name);
	role r = n < sizeof buf ? role_parse(buf) : 0;
	if (!r)
		return cli_usage_error("user", "unknown role '%s'", buf);
	for (int i = 0; i < j->n_roles; i++)
		if (strcmp(j->roles[i], role_name(r)) == 0)
			return 0;
	j->roles[j->n_roles++] = role_name(r);
	return 0;
}

/* Collect every --role value (repeated or comma-separated). */
static int collect_roles(int argc, char **argv, user_job *j)
{
	for (int i = 2; i < argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--role=", 7) == 0)
			v = argv[i] + 7;
		while (v && *v) {
			size_t n = strcspn(v, ",");
			int rc = add_role(j, v, n);
			if (rc)
				return rc;
			v += n + (v[n] == ',');
		}
	}
	if (j->n_roles == 0)
		return cli_usage_error("user", "%s", "--role is required");
	for (int i = 0; i < j->n_roles && !j->unit_code; i++)
		if (strcmp(j->roles[i], "admin") != 0)
			return cli_usage_error("user", "the role %s needs --unit CODE",
					       j->roles[i]);
	return 0;
}

static int parse_person(const char *s, int64_t *out)
{
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return cli_usage_error("user",
				       "--person-id must be a positive whole number, not '%s'", s);
	*out = v;
	return 0;
}

static int user_add(int argc, char **argv)
{
	static const char *const known[] = {"username", "role", "unit", "name", "person-id",
					    CLI_STORE_FLAGS, NULL};
	user_job j = {0};
	fq_err err = {0};
	const char *bad = bad_argument(argc, argv, known);
	if (bad)
		return cli_usage_error("user", "unexpected argument '%s'", bad);
	j.username = cli_flag(argc, argv, "username");
	j.unit_code = cli_flag(argc, argv, "unit");
	j.display_name = cli_flag(argc, argv, "name");
	if (!j.display_name)
		j.display_name = j.username;
	if (auth_username_valid(j.username, &err) != FQ_OK ||
	    auth_display_name_valid(j.display_name, &err) != FQ_OK)
		return cli_usage_error("user", "%s", err.message);
	int rc = collect_roles(argc, argv, &j);
	if (!rc)
		rc = parse_person(cli_flag(argc, argv, "person-id"), &j.person_id);
	if (!rc)
		rc = password_hash(j.hash);
	if (!rc)
		rc = run_job(argc, argv, add_tx, &j);
	if (!rc)
		printf("added %s\n", j.username);
	return rc;
}

/* ---- passwd, disable, enable ------------------------------------------- */

/* The --username of a subcommand that takes nothing else, or NULL after
 * printing the usage. */
static const char *only_username(int argc, char **argv)
{
	static const char *const known[] = {"username", CLI_STORE_FLAGS, NULL};
	const char *bad = bad_argument(argc, argv, known);
	if (bad) {
		cli_usage_error("user", "unexpected argument '%s'", bad);
		return NULL;
	}
	const char *u = cli_flag(argc, argv, "username");
	fq_err err = {0};
	if (auth_username_valid(u, &err) != FQ_OK) {
		cli_usage_error("user", "%s", err.message);
		return NULL;
	}
	return u;
}

static int user_passwd(int argc, char **argv)
{
	user_job j = {0};
	j.username = only_username(argc, argv);
	if (!j.username)
		return 2;
	int rc = password_hash(j.hash);
	if (!rc)
		rc = run_job(argc, argv, passwd_tx, &j);
	if (!rc)
		printf("changed the password of %s; its sessions have ended\n", j.username);
	return rc;
}

static int set_disabled(int argc, char **argv, int disabled)
{
	user_job j = {0};
	j.username = only_username(argc, argv);
	if (!j.username)
		return 2;
	j.disabled = disabled;
	int rc = run_job(argc, argv, disable_tx, &j);
	if (!rc && disabled)
		printf("disabled %s; its sessions have ended\n", j.username);
	else if (!rc)
		printf("enabled %s\n", j.username);
	return rc;
}

static int user_disable(int argc, char **argv)
{
	return set_disabled(argc, argv, 1);
}

static int user_enable(int argc, char **argv)
{
	return set_disabled(argc, argv, 0);
}

/* ---- list --------------------------------------------------------------- */

/* Columns a string takes on a terminal: two for CJK and full-width. */
static size_t display_width(const char *s)
{
	size_t w = 0, len = strlen(s);
	while (len > 0) {
		uint32_t cp = '?';
		size_t k = utf8_decode(s, len, &cp);
		if (k == 0)
			k = 1;
		w += cp >= WIDE_CODE_POINT ? 2 : 1;
		s += k;
		len -= k;
	}
	return w;
}

static const char *roles_cell(fq_arena *a, const store_account *acc)
{
	const char *s = "";
	for (int i = 0; i < acc->n_roles && s; i++) {
		const store_account_role *r = &acc->roles[i];
		s = fq_arena_printf(a, "%s%s%s@%s", s, i ? "," : "", r->role,
				    r->unit_id == 0 ? "*" : r->unit_code ? r->unit_code : "?");
	}
	return s ? s : "?";
}

typedef struct list_rows {
	const char **cell; /* 4 cells per row */
	size_t n, cap;     /* rows */
	size_t width[4];
} list_rows;

static int add_row(list_rows *t, const char *c0, const char *c1, const char *c2,
		   const char *c3)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		const char **p = realloc(t->cell, cap * 4 * sizeof *p);
		if (!p)
			return -1;
		t->cell = p;
		t->cap = cap;
	}
	const char *cells[4] = {c0, c1, c2, c3};
	for (int k = 0; k < 4; k++) {
		t->cell[t->n * 4 + (size_t)k] = cells[k];
		size_t w = display_width(cells[k]);
		if (w > t->width[k])
			t->width[k] = w;
	}
	t->n++;
	return 0;
}

static void print_rows(const list_rows *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (int k = 0; k < 4; k++) {
			const char *s = t->cell[i * 4 + (size_t)k];
			if (k == 3)
				printf("%s\n", s);
			else
				printf("%s%*s  ", s, (int)(t->width[k] - display_width(s)), "");
		}
	}
}

/* Read every account page by page into t (strings in a). */
static fq_status load_rows(store *db, fq_arena *a, list_rows *t, fq_err *err)
{
	int64_t after = 0;
	for (;;) {
		store_conn *c;
		store_account *rows = NULL;
		size_t n = 0;
		fq_status st = store_read_begin(db, &c);
		if (st != FQ_OK)
			return fq_fail(err, st, "", "cannot read the database");
		store_account_filter f = {.after_id = after, .limit = STORE_ACCOUNT_PAGE_MAX};
		st = store_account_list(c, a, &f, &rows, &n, err);
		store_read_end(db, c);
		if (st != FQ_OK)
			return st;
		for (size_t i = 0; i < n; i++)
			if (add_row(t, rows[i].username, rows[i].display_name, roles_cell(a, &rows[i]),
				    rows[i].disabled ? "yes" : "no") != 0)
				return fq_fail(err, FQ_ENOMEM, "", "out of memory");
		if (n < STORE_ACCOUNT_PAGE_MAX)
			return FQ_OK;
		after = rows[n - 1].id;
	}
}

static int user_list(int argc, char **argv)
{
	static const char *const known[] = {CLI_STORE_FLAGS, NULL};
	const char *bad = bad_argument(argc, argv, known);
	if (bad)
		return cli_usage_error("user", "unexpected argument '%s'", bad);
	fq_config cfg;
	store *db = NULL;
	if (cli_config(argc, argv, &cfg) != 0 || cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	fq_arena a;
	fq_arena_init(&a);
	list_rows t = {0};
	fq_err err = {0};
	fq_status st = add_row(&t, "USERNAME", "NAME", "ROLES@UNIT", "DISABLED") == 0
			       ? load_rows(db, &a, &t, &err)
			       : fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	store_close(db);
	if (st == FQ_OK)
		print_rows(&t);
	else
		fprintf(stderr, "fengqiao user list: %s\n", err.message);
	free(t.cell);
	fq_arena_free(&a);
	return st == FQ_OK ? 0 : 1;
}

/* ---- dispatch ------------------------------------------------------------ */

static const struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{"add", user_add},         {"passwd", user_passwd}, {"disable", user_disable},
	{"enable", user_enable},   {"list", user_list},
};

int cmd_user(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(usage_text, stdout);
		return 0;
	}
	for (size_t i = 0; argc >= 2 && i < sizeof subcommands / sizeof subcommands[0]; i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc, argv);
	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	return cli_usage_error("user", "unknown subcommand '%s'", argv[1]);
}
