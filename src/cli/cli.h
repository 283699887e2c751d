/*
 * cli.h - the subcommands of the `fengqiao` program and the small helpers
 * they share for flags and for opening the store. Each command returns the
 * process exit status: 0 success, 1 failure, 2 bad usage.
 */
#ifndef FQ_CLI_CLI_H
#define FQ_CLI_CLI_H

#include "core/arena.h"
#include "core/config.h"
#include "domain/geo.h"
#include "store/store.h"

/* The value after `--name` (or of `--name=value`), or NULL. */
const char *cli_flag(int argc, char **argv, const char *name);

/* Non-zero when the bare flag `--name` is present. */
int cli_has(int argc, char **argv, const char *name);

/* The flags every command that opens the store takes (for a list of
 * known flags). */
#define CLI_STORE_FLAGS "db", "db-path", "config"

/* The index of the first of argv[first..] that is not a flag of known
 * (NULL-terminated): `--name=value`, `--name value`, or a bare `--name`
 * for the names in bare (NULL-terminated, or NULL for none); 0 when every
 * argument is one. */
int cli_unknown_arg(int argc, char **argv, int first, const char *const *known,
		    const char *const *bare);

/* Print the problem with a command's arguments (fmt with one string arg)
 * and where to find its usage; returns 2, the exit status of bad usage. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);

/* The audit log's address of the changes made from the command line. */
#define CLI_AUDIT_ADDRESS "cli"

/* Log action on the thing "<kind>:<name>" in the audit log (no account,
 * address CLI_AUDIT_ADDRESS) with detail (NULL: none), inside the
 * caller's write transaction; the subject is formatted in arena a.
 * Errors as the store's. */
fq_status cli_audit(store_conn *c, fq_arena *a, const char *action, const char *kind,
		    const char *name, const char *detail, fq_err *err);

/* Settings for a command: defaults, then FENGQIAO_CONFIG (or
 * ./fengqiao.conf), the environment, and every `--key value` flag that
 * names a setting. On error a message has been printed. */
int cli_config(int argc, char **argv, fq_config *cfg);

/* Open the store named by cfg (creating its directory), printing any error. */
int cli_open_store(const fq_config *cfg, int read_conns, store **out);

/* Open the store of the command's settings, run fn(arg) as one write
 * transaction, and close it. 0 when the write ran (its status in *st, the
 * detail in err); 1 when the settings or the store failed (a message has
 * been printed). */
int cli_write_once(int argc, char **argv, store_tx_fn fn, void *arg, fq_status *st,
		   fq_err *err);

/* A grid's stored boundary for the requests service (a reqsvc_shape_fn):
 * GeoJSON is the api layer's business, so the commands hand it down. */
fq_status cli_parse_boundary(const char *text, geo_multipolygon **out, fq_err *err);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

/* user.c (accounts) */
int cmd_user(int argc, char **argv);
/* end user.c */

/* apikey.c (open311): API keys of Open311 client applications */
int cmd_apikey(int argc, char **argv);
/* end apikey.c */

/* import.c, export.c, demo.c (data in and out) */
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* end data */

/* sweep.c (the sweeper) */
struct sweep_thread;
int cmd_sweep(int argc, char **argv);
/* For `fengqiao serve`: check the settings the requests module reads while
 * serving (remind_before_pct, score_weights) and start the sweeper thread
 * unless sweep_interval_s is 0 (*out is then NULL). Returns 0, or 1 after
 * printing the error. Stop it with sweep_thread_stop (domain/sweeper.h)
 * before the store closes. */
int cli_sweep_start(const fq_config *cfg, store *db, struct sweep_thread **out);
/* end sweep.c */

#endif
