/*
 * apikey.c - `fengqiao apikey`: the API keys of Open311 client
 * applications (docs/open311.md). `add` makes a key for an application,
 * prints it once and stores only its hash; the application's requests are
 * filed under a system account of its own ("open311.APP", role resident
 * over the whole deployment, no usable password), made on the first key
 * and kept across revocations so old requests still name their client.
 * `revoke` ends the application's valid key; `list` shows every key with
 * the number of requests filed with it. Every change goes through the
 * store's writer and into the audit log as the system (account 0), so the
 * command is safe while a server runs on the same database.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/auth.h"
#include "store/store_auth.h"
#include "store/store_open311.h"

/* An application name: 1 to APP_NAME_MAX of [a-z0-9_-]. */
#define APP_NAME_MAX 32
/* The account of an application: this prefix and the name. */
#define APP_ACCOUNT_PREFIX "open311."
/* Characters of a key kept to recognise it in lists. */
#define KEY_PREFIX_LEN 8
_Static_assert(KEY_PREFIX_LEN < AUTH_TOKEN_LEN, "the prefix must be part of the key");
/* The password hash of application accounts: not an Argon2id encoding,
 * so no password ever matches it. */
#define NO_PASSWORD "!"
/* Audit log address of command-line changes. */
/* Bytes of an account name, a display name, an audit subject. */
#define NAME_TEXT_MAX 96

static const char usage_text[] =
	"usage:\n"
	"  fengqiao apikey add --name APP [--db PATH]     make a key (printed once)\n"
	"  fengqiao apikey revoke --name APP [--db PATH]  end the application's key\n"
	"  fengqiao apikey list [--db PATH]               every key, revoked ones too\n"
	"APP: 1 to 32 characters of a-z, 0-9, '_' and '-'. An application has at most\n"
	"one valid key; revoke it before making a new one.\n";

/* Every argument after the subcommand must be a known --flag with its
 * value (--name only when takes_name); returns the first other one, or NULL. */
static const char *bad_argument(int argc, char **argv, int takes_name)
{
	static const char *const known[] = {"name", CLI_STORE_FLAGS, NULL};
	int i = cli_unknown_arg(argc, argv, 2, known + !takes_name, NULL);
	return i ? argv[i] : NULL;
}

static int name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n >= 1 && n <= APP_NAME_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

typedef struct key_job {
	const char *name;                      /* the application */
	char account[NAME_TEXT_MAX];           /* its account's username */
	char key[AUTH_TOKEN_SIZE];             /* add: the new key */
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
	store_o311_key *rows;                  /* list */
	size_t n;
	fq_arena arena;
} key_job;

/* The application's account: the existing one, or a new one. */
static fq_status app_account(store_conn *c, key_job *j, int64_t *id, fq_err *err)
{
	store_account acc;
	fq_status st = store_account_by_username(c, &j->arena, j->account, &acc, err);
	if (st == FQ_OK) {
		*id = acc.id;
		return FQ_OK;
	}
	if (st != FQ_ENOTFOUND)
		return st;
	char display[NAME_TEXT_MAX];
	snprintf(display, sizeof display, "Open311: %s", j->name);
	st = store_account_insert(c, j->account, display, NO_PASSWORD, 0, id, err);
	if (st == FQ_OK)
		st = store_account_role_add(c, *id, "resident", 0, err);
	return st;
}

static fq_status add_tx(store_conn *c, void *arg, fq_err *err)
{
	key_job *j = arg;
	int64_t account = 0, id = 0;
	char prefix[KEY_PREFIX_LEN + 1];
	memcpy(prefix, j->key, KEY_PREFIX_LEN);
	prefix[KEY_PREFIX_LEN] = '\0';
	fq_status st = app_account(c, j, &account, err);
	if (st == FQ_OK)
		st = store_o311_key_insert(c, j->name, j->hash, prefix, account,
					   fq_now_ms() / 1000, &id, err);
	if (st == FQ_OK)
		st = cli_audit(c, &j->arena, "open311_key_add", "open311", j->name, prefix, err);
	return st;
}

static fq_status revoke_tx(store_conn *c, void *arg, fq_err *err)
{
	key_job *j = arg;
	fq_status st = store_o311_key_revoke(c, j->name, fq_now_ms() / 1000, err);
	if (st == FQ_OK)
		st = cli_audit(c, &j->arena, "open311_key_revoke", "open311", j->name, NULL, err);
	return st;
}

/* The list is read through the writer too: one code path, and the command
 * sees every key committed before it. */
static fq_status list_tx(store_conn *c, void *arg, fq_err *err)
{
	key_job *j = arg;
	return store_o311_key_list(c, &j->arena, &j->rows, &j->n, err);
}

/* Open the store and run fn on j; 0, or 1 after a message. */
static int run_job(int argc, char **argv, store_tx_fn fn, key_job *j)
{
	fq_err err = {0};
	fq_status st = FQ_OK;
	if (cli_write_once(argc, argv, fn, j, &st, &err))
		return 1;
	if (st != FQ_OK)
		fprintf(stderr, "fengqiao apikey: %s\n",
			err.message[0] ? err.message : fq_status_code(st));
	return st == FQ_OK ? 0 : 1;
}

/* The --name of add and revoke, checked; 0 or 2 after a message. */
static int take_name(int argc, char **argv, key_job *j)
{
	const char *bad = bad_argument(argc, argv, 1);
	if (bad)
		return cli_usage_error("apikey", "unexpected argument '%s'", bad);
	j->name = cli_flag(argc, argv, "name");
	if (!name_valid(j->name))
		return cli_usage_error("apikey", "%s",
				       "--name APP is required: 1 to 32 of a-z, 0-9, '_', '-'");
	snprintf(j->account, sizeof j->account, APP_ACCOUNT_PREFIX "%s", j->name);
	return 0;
}

static int key_add(int argc, char **argv, key_job *j)
{
	int rc = take_name(argc, argv, j);
	if (rc)
		return rc;
	if (auth_token_new(j->key) != FQ_OK) {
		fprintf(stderr, "fengqiao apikey: no random numbers available\n");
		return 1;
	}
	auth_token_hash(j->key, j->hash);
	rc = run_job(argc, argv, add_tx, j);
	if (!rc)
		printf("api_key of %s (shown only now; Fengqiao keeps only its hash):\n%s\n", j->name,
		       j->key);
	return rc;
}

static int key_revoke(int argc, char **argv, key_job *j)
{
	int rc = take_name(argc, argv, j);
	if (!rc)
		rc = run_job(argc, argv, revoke_tx, j);
	if (!rc)
		printf("revoked the api_key of %s\n", j->name);
	return rc;
}

static void print_time(int64_t t)
{
	char buf[40];
	printf("  %-25s", t ? fq_time_rfc3339(t, buf, sizeof buf) : "-");
}

static int key_list(int argc, char **argv, key_job *j)
{
	const char *bad = bad_argument(argc, argv, 0);
	if (bad)
		return cli_usage_error("apikey", "unexpected argument '%s'", bad);
	int rc = run_job(argc, argv, list_tx, j);
	if (rc)
		return rc;
	printf("%-32s  %-8s  %-25s  %-25s  %s\n", "name", "key", "created", "revoked", "requests");
	for (size_t i = 0; i < j->n; i++) {
		const store_o311_key *k = &j->rows[i];
		printf("%-32s  %-8s", k->name, k->prefix);
		print_time(k->created_at);
		print_time(k->revoked_at);
		printf("  %lld\n", (long long)k->requests);
	}
	return 0;
}

int cmd_apikey(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	key_job j = {0};
	int rc;
	fq_arena_init(&j.arena);
	if (!sub || strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0) {
		fputs(usage_text, sub ? stdout : stderr);
		rc = sub ? 0 : 2;
	} else if (strcmp(sub, "add") == 0) {
		rc = key_add(argc, argv, &j);
	} else if (strcmp(sub, "revoke") == 0) {
		rc = key_revoke(argc, argv, &j);
	} else if (strcmp(sub, "list") == 0) {
		rc = key_list(argc, argv, &j);
	} else {
		rc = cli_usage_error("apikey", "unknown subcommand '%s'", sub);
	}
	explicit_bzero(j.key, sizeof j.key);
	fq_arena_free(&j.arena);
	return rc;
}
