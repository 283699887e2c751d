/*
 * svc_cases_fixture.h - what the unit tests of the disputes, mediation,
 * live, photo and Open311 services share (those of councils and talents
 * use svc_fixture.h): a store in a new temporary directory with a street, two communities, a
 * grid and four accounts, callers with one role, and a dispute case
 * registered through the disputes service. Static inline: each test
 * includes it once.
 */
#ifndef FQ_TEST_SVC_CASES_FIXTURE_H
#define FQ_TEST_SVC_CASES_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/dispute_svc.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "test_tmpdir.h"

/* The units: street 1 (/1/), community 2 (/1/2/), its grid 3 (/1/2/3/),
 * community 5 (/1/5/). The accounts: 1 community officer of 2, 2 grid
 * worker of 3, 3 community officer of 5, 4 mediator of 2. */
#define SVC_SEED                                                                                  \
	"INSERT INTO units(id, parent_id, kind, code, name, path) VALUES"                         \
	" (1, NULL, 'street', 'S', '街道', '/1/'), (2, 1, 'community', 'C', '社区', '/1/2/'),"  \
	" (3, 2, 'grid', 'G', '网格', '/1/2/3/'), (5, 1, 'community', 'C5', '社区5', '/1/5/');" \
	"INSERT INTO accounts(id, username, display_name, password_hash) VALUES"                  \
	" (1, 'com', '社区', 'x'), (2, 'gw', '网格员', 'x'), (3, 'far', '别的社区', 'x'),"        \
	" (4, 'med', '调解员', 'x');"                                                              \
	"INSERT INTO account_roles VALUES (1, 'community_officer', 2), (2, 'grid_worker', 3),"    \
	" (3, 'community_officer', 5), (4, 'mediator', 2);"

typedef struct svc_fixture {
	char dir[TMPDIR_SIZE];
	store *s;
	fq_arena arena;
	fq_arena *a; /* &arena */
	caller com, gw, far;
} svc_fixture;

static inline fq_status svc_seed_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	return conn_exec(c, SVC_SEED, err);
}

/* A caller with one role bound at path (the unit id is given). */
static inline caller svc_caller(int64_t account, role r, int64_t unit, const char *path)
{
	caller c = {.account_id = account, .roles = r, .n_roles = 1};
	c.r[0] = (caller_role){.role = r, .unit_id = unit, .path = path};
	return c;
}

static inline int svc_setup(void **state)
{
	svc_fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	if (tmpdir_make(f->dir, "svc") != 0)
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/s.db", f->dir);
	fq_err err = {0};
	if (store_open(path, NULL, &f->s, &err) != FQ_OK ||
	    store_write(f->s, svc_seed_tx, NULL, &err) != FQ_OK)
		return -1;
	fq_arena_init(&f->arena);
	f->a = &f->arena;
	f->com = svc_caller(1, ROLE_COMMUNITY_OFFICER, 2, "/1/2/");
	f->gw = svc_caller(2, ROLE_GRID_WORKER, 3, "/1/2/3/");
	f->far = svc_caller(3, ROLE_COMMUNITY_OFFICER, 5, "/1/5/");
	*state = f;
	return 0;
}

static inline int svc_teardown(void **state)
{
	svc_fixture *f = *state;
	store_close(f->s);
	fq_arena_free(f->a);
	int rc = tmpdir_remove(f->dir);
	free(f);
	return rc;
}

/* Register a case at the grid by the community officer, with two outside
 * parties (the first with a phone); its id. */
static inline int64_t svc_dispute(svc_fixture *f)
{
	static const dspsvc_party_in parties[] = {
		{.name = "甲", .phone = "13800000001", .role = "applicant"},
		{.name = "乙", .role = "respondent"},
	};
	dspsvc_create_job j = {
		.a = f->a,
		.who = &f->com,
		.in = {.unit_id = 3, .type = "neighbour", .source = "party_application",
		       .title = "楼上漏水", .facts = "漏水三天", .claims = "修好",
		       .parties = parties, .n_parties = 2},
		.now = fq_now_ms() / 1000,
	};
	dspsvc_create_job_init(&j);
	return svc_write(f->s, &j.job) == FQ_OK ? j.id : 0;
}

#endif
