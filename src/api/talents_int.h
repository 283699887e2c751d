/*
 * talents_int.h - private to talents.c and talents_tasks.c: the JSON of
 * members and tasks, and the parked write both files use.
 */
#ifndef FQ_API_TALENTS_INT_H
#define FQ_API_TALENTS_INT_H

#include <jansson.h>

#include "api/park.h"
#include "domain/access.h"
#include "domain/talent.h"
#include "store/store_talent.h"

/* Bytes of a request body of the talent routes. */
#define TALENT_BODY_MAX (16 * 1024)

/* Rows of one list page: the default (the most is STORE_TALENT_ROWS_MAX). */
#define TALENT_LIST_DEFAULT 50

/* Null for NULL, else the string; null for 0, else the integer / time. */
json_t *talent_jstr(const char *s);
json_t *talent_jid(int64_t id);
json_t *talent_jtime(int64_t t);

/* ["law", ...] and [{"code": "law", "label": "法律"}, ...] of a bit set. */
json_t *talent_tags_json(unsigned mask, int roles);

/* A member as lists and suggestions show it (phone masked). */
json_t *talent_json(fq_arena *a, const store_talent *t);

/* A task, with its reasons' snapshot split into [{code, text}]. */
json_t *talent_task_json(fq_arena *a, const store_talent_task *k);

/* A write on behalf of the caller: the caller is copied (the request's
 * user slot is taken by the parked context), fn runs on the writer, and
 * reply answers once it is durable. */
typedef struct talent_write {
	api_parked p;      /* first: see api_park */
	fq_arena *arena;   /* the request's (the worker is parked meanwhile) */
	caller who;
	int64_t now;
	int64_t id;        /* the subject of the write, or the new row */
	int64_t next;      /* a task passed on in turn */
	int created;       /* the write made a new row: 201 */
	void *in;          /* the handler's input */
} talent_write;

/* A talent_write for r with the caller copied, or NULL (reply sent). */
talent_write *talent_write_new(http_req *r, void *in);

#endif
