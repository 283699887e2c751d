/*
 * fuzz.h - what every libFuzzer target in fuzz/ shares: the entry point
 * libFuzzer (or replay.c, the corpus replayer that `make test` runs) calls
 * once per input, and a NUL-terminated copy of an input for parsers that
 * take C strings.
 */
#ifndef FQ_FUZZ_FUZZ_H
#define FQ_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Run the parser under test on one input; always returns 0 (libFuzzer's
 * contract). A crash or a sanitizer report is the finding. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An oracle of a target: aborts (the finding) when cond is false, in every
 * build, NDEBUG or not. */
#define FUZZ_CHECK(cond) ((cond) ? (void)0 : abort())

/* A malloc'd copy of the size bytes at data with a NUL after them, or NULL
 * when out of memory; the caller frees it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return NULL;
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
