/*
 * store_mediation.h - the storage of cloud mediation (云调解): the cases
 * as a thread needs them (read from the disputes tables of migration 6),
 * party links and party sessions, messages, attachments and read marks
 * (migration 7). Rows come back in the caller's arena.
 *
 * Messages and attachments are never updated or deleted (triggers refuse
 * it); the one change a message takes is its retraction mark.
 */
#ifndef FQ_STORE_STORE_MEDIATION_H
#define FQ_STORE_STORE_MEDIATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* A case's basic facts. */
typedef struct store_med_case {
	int64_t id;
	const char *number;
	const char *title;
	const char *type;
	const char *state;
	int level;
	int64_t unit_id;
	const char *unit_path;   /* for scope */
	const char *unit_name;
	int64_t created_at;
	int64_t unread;          /* list rows: messages the account has not seen */
	int64_t last_message_at; /* list rows: 0 when the thread is empty */
} store_med_case;

typedef struct store_med_party {
	int64_t id;
	int64_t person_id;  /* 0 for an outside party */
	const char *name;
	const char *role;   /* applicant, respondent, third_party */
} store_med_party;

typedef struct store_med_mediator {
	int64_t account_id;
	const char *display_name;
	bool lead;
} store_med_mediator;

typedef struct store_med_link {
	int64_t id;
	int64_t dispute_id;
	int64_t party_id;
	const char *party_name;
	int64_t created_by;
	int64_t created_at;
	int64_t expires_at;
	int64_t revoked_at;   /* 0 = not revoked */
	int64_t last_used_at; /* 0 = never used */
} store_med_link;

/* A party session with its link, as a party request needs it. */
typedef struct store_med_psession {
	int64_t link_id;
	int64_t dispute_id;
	int64_t party_id;
	const char *csrf;
	int64_t expires_at;
	int64_t link_expires_at;
	int64_t link_revoked_at; /* 0 = not revoked */
} store_med_psession;

typedef struct store_med_attachment {
	int64_t id;
	int64_t dispute_id;
	int64_t message_id;
	const char *file_name;
	const char *mime;
	int64_t bytes;
	int width, height;        /* 0 for a PDF */
	const void *data;         /* store_med_attachment_get only */
	size_t data_len;
	int64_t created_at;
} store_med_attachment;

typedef struct store_med_message {
	int64_t id;
	int64_t dispute_id;
	int64_t party_id;         /* 0 unless a party wrote it */
	int64_t account_id;       /* 0 for a party by link */
	const char *author_name;  /* the party's name, else the account's display name */
	const char *body;
	int64_t created_at;
	int64_t retracted_at;     /* 0 = not retracted */
	store_med_attachment *att; /* its attachments (no data) */
	size_t n_att;
} store_med_message;

/* ---- cases ---- */

/* The case with id; FQ_ENOTFOUND when there is none. */
fq_status store_med_case_get(store_conn *c, fq_arena *a, int64_t id, store_med_case *out,
			     fq_err *err);

/* The case's party whose person is person_id, or 0 (also for person 0). */
fq_status store_med_party_of_person(store_conn *c, int64_t dispute_id, int64_t person_id,
				    int64_t *out, fq_err *err);

/* The case's parties (never their phones) and mediators, in order. */
fq_status store_med_parties(store_conn *c, fq_arena *a, int64_t dispute_id,
			    store_med_party **out, size_t *n, fq_err *err);
fq_status store_med_mediators(store_conn *c, fq_arena *a, int64_t dispute_id,
			      store_med_mediator **out, size_t *n, fq_err *err);

/* Cases for account_id's list, newest activity first, each with its
 * unread count for that account, up to limit rows: those whose unit path
 * starts with path ("/" for all), those it mediates, or those where
 * person_id is a party. */
fq_status store_med_cases_under(store_conn *c, fq_arena *a, const char *path, int64_t account_id,
				int limit, store_med_case **out, size_t *n, fq_err *err);
fq_status store_med_cases_mediated(store_conn *c, fq_arena *a, int64_t account_id, int limit,
				   store_med_case **out, size_t *n, fq_err *err);
fq_status store_med_cases_of_person(store_conn *c, fq_arena *a, int64_t person_id,
				    int64_t account_id, int limit, store_med_case **out, size_t *n,
				    fq_err *err);

/* ---- links and party sessions ---- */

/* Insert a link (id, party_name and the use fields are ignored) under
 * hash; its id into *id. */
fq_status store_med_link_insert(store_conn *c, const store_med_link *l, const unsigned char *hash,
				size_t hash_len, int64_t *id, fq_err *err);

/* The link stored under hash; FQ_ENOTFOUND when there is none. */
fq_status store_med_link_by_hash(store_conn *c, fq_arena *a, const unsigned char *hash,
				 size_t hash_len, store_med_link *out, fq_err *err);

/* The link with id; FQ_ENOTFOUND when there is none. */
fq_status store_med_link_get(store_conn *c, fq_arena *a, int64_t id, store_med_link *out,
			     fq_err *err);

/* The case's links, newest first (never their tokens). */
fq_status store_med_links_of_case(store_conn *c, fq_arena *a, int64_t dispute_id,
				  store_med_link **out, size_t *n, fq_err *err);

/* Mark the link revoked by account_id at now (if it is not already) and
 * end its party sessions. */
fq_status store_med_link_revoke(store_conn *c, int64_t id, int64_t account_id, int64_t now,
				fq_err *err);

/* Record that the link was used at now. */
fq_status store_med_link_touch(store_conn *c, int64_t id, int64_t now, fq_err *err);

/* Store a party session under hash, and delete up to max expired ones. */
fq_status store_med_psession_insert(store_conn *c, const unsigned char *hash, size_t hash_len,
				    int64_t link_id, const char *csrf, int64_t now,
				    int64_t expires_at, int max_sweep, fq_err *err);

/* The party session stored under hash with its link; FQ_ENOTFOUND when
 * there is none. */
fq_status store_med_psession_lookup(store_conn *c, fq_arena *a, const unsigned char *hash,
				    size_t hash_len, store_med_psession *out, fq_err *err);

/* ---- messages and attachments ---- */

/* Insert a message; its id into *id. party_id, account_id and link_id
 * are NULL when 0. */
fq_status store_med_message_insert(store_conn *c, int64_t dispute_id, int64_t party_id,
				   int64_t account_id, int64_t link_id, const char *body,
				   int64_t now, int64_t *id, fq_err *err);

/* The case's messages with id > after_id, oldest first, up to limit,
 * each with its attachments (without their bytes). */
fq_status store_med_messages(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t after_id,
			     int limit, store_med_message **out, size_t *n, fq_err *err);

/* The message mid of the case (no attachments); FQ_ENOTFOUND if none. */
fq_status store_med_message_get(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t mid,
				store_med_message *out, fq_err *err);

/* Mark message mid retracted at now. */
fq_status store_med_message_retract(store_conn *c, int64_t mid, int64_t now, fq_err *err);

/* Insert an attachment with its bytes (and thumb, may be NULL); its id
 * into *id. */
fq_status store_med_attachment_insert(store_conn *c, const store_med_attachment *att,
				      const void *thumb, size_t thumb_len, int64_t *id,
				      fq_err *err);

/* Attachment id of the case with its bytes (the thumbnail's when thumb
 * and there is one) copied into the arena; FQ_ENOTFOUND when none. */
fq_status store_med_attachment_get(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t id,
				   bool thumb, store_med_attachment *out, fq_err *err);

/* Record that account_id has seen the case's thread up to message
 * last_id (never moves back). */
fq_status store_med_read_mark(store_conn *c, int64_t dispute_id, int64_t account_id,
			      int64_t last_id, int64_t now, fq_err *err);

#endif
