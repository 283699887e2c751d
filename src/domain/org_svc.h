/*
 * org_svc.h - the org tree service: units and their ancestors, locating a
 * point in a grid, the households and people below a unit, the 邻长 and
 * their households, a building for its poster, and the unmasked reveal of a phone or ID number,
 * which is audited (a write job) before anyone may send it. Who may see
 * what is org.h's; this file reads one snapshot and asks it. Every
 * refusal for scope is FQ_ENOTFOUND naming the id, never 403.
 */
#ifndef FQ_DOMAIN_ORG_SVC_H
#define FQ_DOMAIN_ORG_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/geo.h"
#include "domain/org.h"
#include "domain/svc.h"
#include "store/store_org.h"
#include "store/store_poster.h"
#include "store/store_search.h"

/* Persons read with one household. */
#define ORGSVC_HOUSEHOLD_PERSONS_MAX 50

/* Households read with one leader (a 邻长 has 10 to 15). */
#define ORGSVC_LEADER_HOUSEHOLDS_MAX 100

/* Bytes of an audit subject ("person:<id>") and of a reveal's detail
 * ("phone,id_number"). */
#define ORGSVC_SUBJECT_MAX 40
#define ORGSVC_REVEAL_DETAIL_MAX 64

/* Parse a stored GeoJSON boundary (the api layer's parser: the domain has
 * no JSON). */
typedef fq_status (*orgsvc_shape_fn)(const char *text, size_t len, geo_multipolygon **out,
				     fq_err *err);

/* A unit with its ancestors (top first, itself last), its children by
 * kind and the households below it. */
typedef struct orgsvc_unit {
	store_unit u;
	store_unit chain[ORG_DEPTH_MAX];
	size_t depth;
	store_kind_count *kinds;
	size_t n_kinds;
	int64_t households;
} orgsvc_unit;

/* Where a point lies: its grid, and the community and street above it
 * (NULL when the chain has none). */
typedef struct orgsvc_place {
	store_unit grid;
	const store_unit *community;
	const store_unit *street;
	store_unit chain[ORG_DEPTH_MAX];
} orgsvc_place;

/* A household with its members. */
typedef struct orgsvc_household {
	store_household h;
	store_person *persons;
	size_t n_persons;
} orgsvc_household;

/* A leader with their households and each household's recent requests
 * (each row names its household). */
typedef struct orgsvc_leader {
	store_leader l;
	store_household *households;
	size_t n_households;
	store_search_row *requests;
	size_t n_requests;
} orgsvc_leader;

/* Unit id into *u when the roles of who in `roles` cover it, inside the
 * caller's own transaction (c); FQ_ENOTFOUND naming field ("no such
 * unit") when there is none or it lies outside their scope, so that a
 * unit out of sight looks like one that does not exist. */
fq_status orgsvc_unit_in_scope(store_conn *c, fq_arena *a, const caller *who, unsigned roles,
			       int64_t id, const char *field, store_unit *u, fq_err *err);

/* The units of f, in id order after f->after_id (in a). */
fq_status orgsvc_units(store *db, fq_arena *a, const store_unit_filter *f, store_unit **out,
		       size_t *n, fq_err *err);

/* Unit id with what orgsvc_unit holds: FQ_ENOTFOUND "id" when there is none. */
fq_status orgsvc_unit_get(store *db, fq_arena *a, int64_t id, orgsvc_unit *out, fq_err *err);

/* The grid holding pt (boundaries read with parse; unreadable ones are
 * logged and skipped): FQ_ENOTFOUND when pt lies outside every grid. */
fq_status orgsvc_locate(store *db, fq_arena *a, geo_point pt, orgsvc_shape_fn parse,
			orgsvc_place *out, fq_err *err);

/* The households of f below unit id, if who may list them: FQ_ENOTFOUND
 * "id" otherwise. Sets f->unit. */
fq_status orgsvc_households(store *db, fq_arena *a, const caller *who, int64_t id,
			    store_household_filter *f, store_household **out, size_t *n,
			    fq_err *err);

/* Household id with its members (at most ORGSVC_HOUSEHOLD_PERSONS_MAX), if
 * who may see it: FQ_ENOTFOUND "id" otherwise. */
fq_status orgsvc_household_get(store *db, fq_arena *a, const caller *who, int64_t id,
			       orgsvc_household *out, fq_err *err);

/* The leaders of f below unit_id (which who's staff scope must cover,
 * FQ_ENOTFOUND "unit"), or below the widest unit of that scope when 0.
 * Sets f->path. */
fq_status orgsvc_leaders(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			 store_leader_filter *f, store_leader **out, size_t *n, fq_err *err);

/* Leader id with their households, if who may see them: FQ_ENOTFOUND "id"
 * otherwise. */
fq_status orgsvc_leader_get(store *db, fq_arena *a, const caller *who, int64_t id,
			    orgsvc_leader *out, fq_err *err);

/* Building id as its poster shows it: FQ_ENOTFOUND "id" when no unit of
 * kind building has it. */
fq_status orgsvc_poster_building(store *db, fq_arena *a, int64_t id, store_poster_building *out,
				 fq_err *err);

/* The reveal of a person's phone or ID number as a write job: the audit
 * row, written before the values may go out. */
typedef struct orgsvc_reveal_job {
	svc_job job; /* first */
	int64_t account_id;                     /* who reveals */
	int64_t person_id;
	unsigned fields;                        /* org_field bits asked for */
	const char *address;                    /* the caller's address, for the audit row */
	const char *phone;                      /* unmasked values (arena), NULL when unknown */
	const char *id_number;
	char subject[ORGSVC_SUBJECT_MAX];       /* "person:<id>" */
	char detail[ORGSVC_REVEAL_DETAIL_MAX];  /* "phone,id_number" */
} orgsvc_reveal_job;

/*
 * Read person_id and decide who's reveal of fields: FQ_ENOTFOUND "id"
 * outside who's scope, FQ_EFORBIDDEN for a field their roles may not see
 * unmasked. On success j (its body, the values in a, the audit row's
 * texts) is ready to submit; address is the caller's.
 */
fq_status orgsvc_reveal(store *db, fq_arena *a, const caller *who, int64_t person_id,
			unsigned fields, const char *address, orgsvc_reveal_job *j, fq_err *err);

#endif
