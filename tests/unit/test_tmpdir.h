/*
 * test_tmpdir.h - a unit test's temporary folder for its SQLite files:
 * made fresh under /tmp, removed with everything in it. Static functions:
 * include it once per test file (directly or through a fixture header).
 */
#ifndef FQ_TEST_TMPDIR_H
#define FQ_TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Bytes of a folder name made by tmpdir_make. */
#define TMPDIR_SIZE 64

/* Make a new folder /tmp/fq-<name>-XXXXXX into dir (TMPDIR_SIZE bytes);
 * 0 or -1. */
static int tmpdir_make(char *dir, const char *name)
{
	snprintf(dir, TMPDIR_SIZE, "/tmp/fq-%s-XXXXXX", name);
	return mkdtemp(dir) ? 0 : -1;
}

/* Remove the folder and everything in it; 0 or -1. */
static int tmpdir_remove(const char *dir)
{
	char cmd[TMPDIR_SIZE + 16];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
