/*
 * store_open311.h - what the Open311 GeoReport v2 routes (src/api/open311.c)
 * and `fengqiao apikey` keep and read: the API keys of client applications
 * (table open311_keys; only a hash of each key is stored), which client
 * filed which request and the media URL it sent (open311_requests), and the
 * reads behind the public lists: requests by creation time, one request,
 * a request by its number, timeline updates by time, and buildings as
 * addresses.
 *
 * The rows carry only what an Open311 answer may show (no reporter, no
 * household, no person's name); the API layer still decides which of it
 * it prints. Rows copy their text into the caller's arena. Reads run inside
 * store_read_begin/store_read_end or a write transaction, writes inside a
 * write transaction. Lookups that find nothing return FQ_ENOTFOUND and
 * leave the out-parameters untouched; other failures are FQ_ESTORE.
 */
#ifndef FQ_STORE_STORE_OPEN311_H
#define FQ_STORE_STORE_OPEN311_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Bytes of the stored hash of a key. */
#define STORE_O311_HASH_BYTES 32
/* Keys one list returns. */
#define STORE_O311_KEYS_MAX 1000
/* Rows one list of requests or updates returns. */
#define STORE_O311_ROWS_MAX 1000
/* Categories and states one filter may name. */
#define STORE_O311_CATEGORIES_MAX 1000
#define STORE_O311_STATES_MAX 16

/* An API key as stored (never the key itself). */
typedef struct store_o311_key {
	int64_t id;
	const char *name;       /* the client application */
	const char *prefix;     /* first characters of the key, to recognise it */
	int64_t account_id;     /* the account its requests are filed under */
	int64_t created_at;     /* unix s */
	int64_t revoked_at;     /* unix s; 0 while the key is valid */
	int64_t requests;       /* requests filed with it (store_o311_key_list only) */
} store_o311_key;

/* A request as an Open311 answer draws on it. Integer columns that may be
 * NULL come back as 0, text as NULL. */
typedef struct store_o311_request {
	int64_t id;
	const char *number;          /* FQyyyymmddNNNNNN */
	const char *state;           /* lifecycle state name */
	int level;                   /* 1..4 */
	int64_t category_id;
	const char *category_code;
	const char *category_name;
	const char *channel;         /* self, proxy, hotline, visit, inspection, open311 */
	const char *description;
	const char *address;         /* as stored with the request; "" when none */
	int has_point;               /* lat/lon hold the request's own point */
	double lat, lon;
	int64_t building_id;         /* 0 when none */
	const char *building_address; /* the building's address, NULL when none */
	int has_building_point;      /* building_lat/lon hold the building's door */
	double building_lat, building_lon;
	const char *grid_name;       /* NULL when the request has no grid */
	int anonymous;
	const char *agency;          /* name of the unit holding it, NULL when none */
	int64_t created_at;          /* unix s */
	int64_t updated_at;
	int64_t resolve_due;         /* 0 when none */
	int64_t merged_into;         /* 0 when not merged */
	const char *last_event;      /* latest timeline event that changed the state
					or the level; NULL when none */
	int64_t photo_id;            /* its first photo, 0 when none */
	const char *media_url;       /* the URL an Open311 client sent, NULL when none */
} store_o311_request;

/* Which requests a list holds: created in [from, to], of one of the
 * categories, in one of the states (none named: any). Newest first. */
typedef struct store_o311_filter {
	int64_t from, to;              /* unix s, inclusive */
	const int64_t *categories;     /* 1..STORE_O311_CATEGORIES_MAX ids */
	size_t n_categories;
	const char *const *states;     /* 0..STORE_O311_STATES_MAX names of [a-z_] */
	size_t n_states;
	int64_t offset;                /* rows skipped */
	int limit;                     /* 1..STORE_O311_ROWS_MAX */
} store_o311_filter;

/* One timeline event that changed a request's state or level. */
typedef struct store_o311_update {
	int64_t id;                 /* the event's id */
	int64_t request_id;
	const char *event;          /* "dispatched", "resolved", ... */
	const char *new_state;      /* the state after it */
	int new_level;
	int64_t at;                 /* unix s */
	int64_t merged_into;        /* the request's, 0 when not merged */
	int64_t result_photo_id;    /* for a "resolved" event: the first result photo */
} store_o311_update;

/* A building as an Open311 address. */
typedef struct store_o311_building {
	int64_t id;
	const char *name;
	const char *address;        /* "" when none */
	int has_point;
	double lat, lon;            /* its door, when has_point */
} store_o311_building;

/* ---- keys ---- */

/* Store a new key of application name, under the hash of the key, with the
 * account its requests are filed under. FQ_ECONFLICT (field "name") when a
 * valid key of that name exists, or the hash is taken. The id goes to
 * *id_out. */
fq_status store_o311_key_insert(store_conn *c, const char *name, const unsigned char *hash,
				const char *prefix, int64_t account_id, int64_t now,
				int64_t *id_out, fq_err *err);

/* The valid (not revoked) key stored under hash. */
fq_status store_o311_key_by_hash(store_conn *c, fq_arena *a, const unsigned char *hash,
				 store_o311_key *out, fq_err *err);

/* Revoke the valid key of application name at now. FQ_ENOTFOUND (field
 * "name") when it has none. */
fq_status store_o311_key_revoke(store_conn *c, const char *name, int64_t now, fq_err *err);

/* Every key, revoked ones too, oldest first, each with the number of
 * requests filed with it; at most STORE_O311_KEYS_MAX rows. */
fq_status store_o311_key_list(store_conn *c, fq_arena *a, store_o311_key **out, size_t *n,
			      fq_err *err);

/* Record that key key_id filed request request_id, with the client's
 * media_url (may be NULL). */
fq_status store_o311_request_link(store_conn *c, int64_t request_id, int64_t key_id,
				  const char *media_url, fq_err *err);

/* ---- requests and updates ---- */

/* Up to f->limit requests matching f after skipping f->offset, newest
 * first (creation time, then id), into a new arena array. FQ_EINVAL for a
 * filter outside its bounds. */
fq_status store_o311_requests(store_conn *c, fq_arena *a, const store_o311_filter *f,
			      store_o311_request **out, size_t *n, fq_err *err);

/* Request id, whatever its category. */
fq_status store_o311_request_get(store_conn *c, fq_arena *a, int64_t id,
				 store_o311_request *out, fq_err *err);

/* The id of the request numbered number. */
fq_status store_o311_request_by_number(store_conn *c, const char *number, int64_t *id_out,
				       fq_err *err);

/* Up to f->limit events after skipping f->offset that changed the state or
 * the level of a request of one of f's categories, with at in [from, to],
 * oldest first (time, then id), into a new arena array. f->states is
 * ignored. FQ_EINVAL for a filter outside its bounds. */
fq_status store_o311_updates(store_conn *c, fq_arena *a, const store_o311_filter *f,
			     store_o311_update **out, size_t *n, fq_err *err);

/* ---- buildings ---- */

/* Building id (a unit of kind building). */
fq_status store_o311_building_get(store_conn *c, fq_arena *a, int64_t id,
				  store_o311_building *out, fq_err *err);

/* The one building whose address or name is exactly text. FQ_ENOTFOUND
 * when none or more than one is. */
fq_status store_o311_building_by_address(store_conn *c, const char *text, int64_t *id_out,
					 fq_err *err);

#endif
