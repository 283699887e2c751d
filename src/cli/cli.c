/*
 * cli.c - flag helpers and store opening shared by the subcommands; and the
 * small commands init, backup and restore.
 */
#include "cli/cli.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/geojson.h"
#include "domain/catalogue.h"
#include "store/store_auth.h"

const char *cli_flag(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || strncmp(argv[i] + 2, name, n) != 0)
			continue;
		const char *rest = argv[i] + 2 + n;
		if (*rest == '=')
			return rest + 1;
		if (*rest == '\0' && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

int cli_has(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
			return 1;
	return 0;
}

/* Whether argv[i] is `--name` or `--name=value` for a name in names. */
static int flag_in(const char *arg, const char *const *names)
{
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	const char *name = arg + 2;
	size_t n = strcspn(name, "=");
	for (int k = 0; names[k]; k++)
		if (strlen(names[k]) == n && strncmp(names[k], name, n) == 0)
			return 1;
	return 0;
}

int cli_unknown_arg(int argc, char **argv, int first, const char *const *known,
		    const char *const *bare)
{
	for (int i = first; i < argc; i++) {
		if (!flag_in(argv[i], known))
			return i;
		if (!strchr(argv[i], '=') && !(bare && flag_in(argv[i], bare)))
			i++;
	}
	return 0;
}

int cli_usage_error(const char *command, const char *fmt, const char *arg)
{
	fprintf(stderr, "fengqiao %s: ", command);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(fengqiao %s help shows the usage)\n", command);
	return 2;
}

fq_status cli_audit(store_conn *c, fq_arena *a, const char *action, const char *kind,
		    const char *name, const char *detail, fq_err *err)
{
	const char *subject = fq_arena_printf(a, "%s:%s", kind, name);
	if (!subject)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	return store_audit_insert(c, 0, action, subject, detail, CLI_AUDIT_ADDRESS, err);
}

/* Flags that are command options rather than settings. */
static int is_setting_flag(const char *name)
{
	static const char *not_settings[] = {"config", NULL};
	for (int i = 0; not_settings[i]; i++)
		if (strcmp(name, not_settings[i]) == 0)
			return 0;
	return 1;
}

static int apply_flags(int argc, char **argv, fq_config *cfg)
{
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		char name[64];
		const char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i] - 2) : strlen(argv[i] + 2);
		if (n >= sizeof name)
			continue;
		memcpy(name, argv[i] + 2, n);
		name[n] = '\0';
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
		if (!is_setting_flag(name) || !value)
			continue;
		fq_err err = {0};
		fq_status st = fq_config_set(cfg, strcmp(name, "db") == 0 ? "db_path" : name, value,
					     &err);
		if (st == FQ_EINVAL) {
			fprintf(stderr, "fengqiao: %s\n", err.message);
			return -1;
		}
	}
	return 0;
}

int cli_config(int argc, char **argv, fq_config *cfg)
{
	fq_config_defaults(cfg);
	fq_err err = {0};
	const char *file = cli_flag(argc, argv, "config");
	if (!file)
		file = getenv("FENGQIAO_CONFIG");
	fq_status st = fq_config_load_file(cfg, file ? file : "fengqiao.conf", file != NULL, &err);
	if (st == FQ_OK)
		st = fq_config_load_env(cfg, &err);
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao: %s\n", err.message);
		return -1;
	}
	return apply_flags(argc, argv, cfg);
}

static void make_parent_dir(const char *path)
{
	char copy[FQ_PATH_MAX];
	snprintf(copy, sizeof copy, "%s", path);
	char *dir = dirname(copy);
	char partial[FQ_PATH_MAX] = "";
	for (char *p = dir; *p; p++) {
		if (*p == '/' && p != dir) {
			snprintf(partial, sizeof partial, "%.*s", (int)(p - dir), dir);
			mkdir(partial, 0750);
		}
	}
	mkdir(dir, 0750);
}

int cli_open_store(const fq_config *cfg, int read_conns, store **out)
{
	make_parent_dir(cfg->db_path);
	store_options o = {.read_conns = read_conns, .batch_max = cfg->batch_max};
	fq_err err = {0};
	if (store_open(cfg->db_path, &o, out, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao: %s: %s\n", cfg->db_path, err.message);
		return -1;
	}
	/* catalogue.c: a fresh database gets the categories and the calendar */
	if (catalogue_seed_if_empty(*out, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao: %s: seeding the catalogue: %s\n", cfg->db_path,
			err.message);
		store_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int cli_write_once(int argc, char **argv, store_tx_fn fn, void *arg, fq_status *st,
		   fq_err *err)
{
	fq_config cfg;
	store *db = NULL;
	if (cli_config(argc, argv, &cfg) != 0 || cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	*st = store_write(db, fn, arg, err);
	store_close(db);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	fq_config cfg;
	store *db = NULL;
	if (cli_config(argc, argv, &cfg) != 0 || cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	printf("database %s ready at schema version %d\n", cfg.db_path, store_schema_version(db));
	store_close(db);
	return 0;
}

/* The settings of backup and restore, whose argument is a file: 0, or the
 * exit status after a message (usage: the rest of the usage line). */
static int file_command(int argc, char **argv, const char *usage, fq_config *cfg)
{
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: fengqiao %s\n", usage);
		return 2;
	}
	return cli_config(argc, argv, cfg) != 0;
}

int cmd_backup(int argc, char **argv)
{
	fq_config cfg;
	fq_err err = {0};
	int rc = file_command(argc, argv, "backup PATH [--db DB]", &cfg);
	if (rc == 0 && store_backup(cfg.db_path, argv[1], &err) != FQ_OK) {
		fprintf(stderr, "fengqiao backup: %s\n", err.message);
		rc = 1;
	}
	if (rc == 0)
		printf("backed up %s to %s\n", cfg.db_path, argv[1]);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	fq_config cfg;
	fq_err err = {0};
	int rc = file_command(argc, argv, "restore BACKUP [--db DB]  (stop the server first)",
			      &cfg);
	if (rc)
		return rc;
	make_parent_dir(cfg.db_path);
	if (store_restore(argv[1], cfg.db_path, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao restore: %s\n", err.message);
		return 1;
	}
	printf("restored %s from %s\n", cfg.db_path, argv[1]);
	return 0;
}

fq_status cli_parse_boundary(const char *text, geo_multipolygon **out, fq_err *err)
{
	return geojson_parse(text, strlen(text), out, err);
}
