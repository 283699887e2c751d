/*
 * replay.c - runs a fuzz target over its corpus without libFuzzer, so that
 * `make test` (any C compiler, ASan and UBSan) replays every committed seed
 * in seconds: each argument is a file or a directory of files, each file
 * one input. Exits 1 when a file cannot be read or a directory holds no
 * input, so that a lost corpus fails the test instead of passing empty.
 */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Bytes of a path built from a directory and an entry. */
#define REPLAY_PATH_MAX 4096
/* Largest input replayed (libFuzzer's default -max_len is far below). */
#define REPLAY_INPUT_MAX (16 * 1024 * 1024)

/* Run the target on one file; 0 on success, -1 when it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	uint8_t *buf = malloc(REPLAY_INPUT_MAX);
	size_t n = buf ? fread(buf, 1, REPLAY_INPUT_MAX, f) : 0;
	int bad = !buf || ferror(f);
	fclose(f);
	if (!bad) {
		/* an exact-size copy, so that ASan sees reads past the input */
		uint8_t *exact = malloc(n ? n : 1);
		if (exact) {
			memcpy(exact, buf, n);
			LLVMFuzzerTestOneInput(exact, n);
			free(exact);
		}
		bad = !exact;
	}
	free(buf);
	return bad ? -1 : 0;
}

/* Run every regular file of a directory; the count run, or -1. */
static long run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	long count = 0;
	struct dirent *e;
	while (count >= 0 && (e = readdir(d)) != NULL) {
		char path[REPLAY_PATH_MAX];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		count = run_file(path) == 0 ? count + 1 : -1;
	}
	closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		long n = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? run_dir(argv[i])
		         : run_file(argv[i]) == 0                       ? 1
		                                                        : -1;
		if (n <= 0) {
			fprintf(stderr, "replay: %s: no input could be read\n", argv[i]);
			return 1;
		}
		total += n;
	}
	printf("replay: %ld inputs, no crash\n", total);
	return 0;
}
