/*
 * wire.h - the wire names of a model enum kept as a table indexed by the
 * value (0 is never a value: it stands for none), looked up both ways.
 */
#ifndef FQ_MODEL_WIRE_H
#define FQ_MODEL_WIRE_H

#include <stddef.h>

/* The name of value v in names[0..n-1], or NULL when v has none. */
const char *wire_name(const char *const *names, size_t n, int v);

/* The value in 1..n-1 whose name in names is name; 0 when name is NULL or
 * no value has it. */
int wire_parse(const char *const *names, size_t n, const char *name);

#endif
