/*
 * main.c - the `fengqiao` command line: one table of subcommands, each
 * implemented in src/cli/. `fengqiao help` lists them and the settings.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/config.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{"serve", cmd_serve, "serve [--port N] [--db PATH] [--config FILE]   run the server"},
	{"init", cmd_init, "init [--db PATH]                 create or migrate the database"},
	{"backup", cmd_backup, "backup PATH [--db PATH]          consistent copy while serving"},
	{"restore", cmd_restore, "restore BACKUP [--db PATH]       bring a backup back (server stopped)"},
	/* sweeper */
	{"sweep", cmd_sweep, "sweep [--db PATH] [--now RFC3339]   escalate, remind and auto-close what is due, once"},
	/* end sweeper */
	/* accounts */
	{"user", cmd_user, "user add|passwd|disable|enable|list   accounts (fengqiao user help)"},
	/* end accounts */
	/* open311 */
	{"apikey", cmd_apikey, "apikey add|revoke|list --name APP [--db PATH]   API keys of Open311 clients"},
	/* end open311 */
	/* data in and out */
	{"import", cmd_import, "import units|households|people|leaders FILE [--db PATH] [--dry-run]   load a CSV file, all or nothing"},
	{"export", cmd_export, "export units|households|people --format csv|xlsx --out FILE [--unit CODE] [--unmasked]"},
	{"demo", cmd_demo, "demo [--db PATH] [--seed N] [--scale STREETS] [--households N]   build the demo street"},
	/* end data */
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static int usage(FILE *f)
{
	fprintf(f, "usage: fengqiao COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %s\n", commands[i].usage);
	fprintf(f, "\nsettings (file key = value, environment variable, or flag):\n");
	fq_config_usage(f);
	return f == stdout ? 0 : 2;
}

/* The C library's allocator keeps what it frees instead of handing it
 * back to the kernel and asking for it again a moment later: every
 * request allocates and frees a few hundred KiB (SQLite's pages, JSON),
 * and with the defaults each worker thread's heap shrank and grew again
 * per request (mprotect, munmap and page faults, about 5% of the server's
 * CPU at intake). Bounds a process's idle surplus at some tens of MiB. */
static void tune_malloc(void)
{
	mallopt(M_TOP_PAD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

int main(int argc, char **argv)
{
	tune_malloc();
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0)
		return usage(stdout);
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "fengqiao: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
