/*
 * mediation.h - the rules of cloud mediation (云调解): a message thread per
 * dispute for its parties and mediators, attachments, and the private
 * links through which a party without an account joins the thread.
 *
 * A link is MED_TOKEN_BYTES random bytes from libsodium written as
 * unpadded base64url (the same form as a session token, domain/auth.h);
 * only its BLAKE2b hash is stored, so a copy of the database opens no
 * thread. The party trades the link's token for a short-lived party
 * session (a second random token, also stored hashed) that reaches that
 * one case's thread and nothing else: it is not an account session, so
 * every other route of the API refuses it. A party session never
 * outlives its link, and revoking the link ends it at once.
 *
 * Who may read and post in a case's thread: whoever the disputes module's
 * one rule (dspsvc_may_access, domain/dispute_svc.h) lets read and work on
 * the case (staff and mediators whose role unit is the case's unit or an
 * ancestor, accounts listed as its mediators), the party holding a valid
 * party session, and a resident whose person is one of the case's parties. Everything
 * said is kept: a message is never edited or deleted, only marked as
 * retracted by its author.
 *
 * Nothing here touches SQL, HTTP or JSON.
 */
#ifndef FQ_DOMAIN_MEDIATION_H
#define FQ_DOMAIN_MEDIATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/access.h"
#include "domain/auth.h"

/* Links: random bytes of a token and its text length (as a session token). */
#define MED_TOKEN_BYTES AUTH_TOKEN_BYTES
#define MED_TOKEN_LEN AUTH_TOKEN_LEN
#define MED_TOKEN_SIZE AUTH_TOKEN_SIZE
#define MED_HASH_BYTES AUTH_TOKEN_HASH_BYTES

/* How long a link lives: the default, the longest, and the shortest that
 * may be asked for (expires_in_s), in seconds. */
#define MED_LINK_TTL_DEFAULT_S (7 * 24 * 3600)
#define MED_LINK_TTL_MAX_S (30 * 24 * 3600)
#define MED_LINK_TTL_MIN_S 1

/* How long a party session lives (never past its link's expiry). */
#define MED_PARTY_SESSION_S (4 * 3600)

/* The path of the page a link opens; the token follows in the fragment,
 * which browsers never send to a server. */
#define MED_LINK_PATH "/mediate/#t="

/* Messages: characters of a body. */
#define MED_BODY_MAX_CHARS 2000

/* Attachments: bytes of one file, files per post, characters of a file
 * name as given (longer names are cut, not refused), and the field they
 * come in. */
#define MED_FILE_BYTES_MAX (5L * 1024 * 1024)
#define MED_FILES_PER_POST_MAX 4
#define MED_FILE_NAME_MAX_CHARS 120
#define MED_FILE_FIELD "file"
#define MED_BODY_FIELD "body"

/* Lists: messages returned by one read of a thread, cases in a list. */
#define MED_THREAD_PAGE_MAX 500
#define MED_CASES_MAX 100

/* What an attachment is, by its magic bytes. */
typedef enum med_file_type {
	MED_FILE_NONE = 0,
	MED_FILE_JPEG,
	MED_FILE_PNG,
	MED_FILE_WEBP,
	MED_FILE_PDF, /* "%PDF-" */
} med_file_type;

/* The state of a link at a moment. */
typedef enum med_link_state {
	MED_LINK_ACTIVE = 0,
	MED_LINK_EXPIRED,
	MED_LINK_REVOKED,
} med_link_state;

/* Who says something in a thread: exactly one of account_id (a mediator,
 * staff, or a resident party signed in) and party_id (a party by link)
 * is non-zero; a resident party has both its account and its party. */
typedef struct med_actor {
	int64_t account_id; /* 0 for a party by link */
	int64_t party_id;   /* dispute_parties.id when speaking as a party, else 0 */
	int64_t link_id;    /* the link a party came through, or 0 */
} med_actor;

/* A case as the access rule needs it. */
typedef struct med_case_scope {
	int64_t id;              /* disputes.id */
	bool caller_works_on;    /* the disputes rule lets the caller read and work on it */
	int64_t caller_party_id; /* the party whose person is the caller's, or 0 */
} med_case_scope;

/* ---- links and sessions ---- */

/* A new link or party-session token into out (MED_TOKEN_LEN characters
 * of base64url from MED_TOKEN_BYTES random bytes). FQ_ENOMEM only when
 * libsodium cannot start. */
fq_status med_token_new(char out[MED_TOKEN_SIZE]);

/* The hash under which a token is stored and looked up. A malformed token
 * (wrong length or alphabet) still hashes, so that it costs the same as a
 * well-formed one that matches nothing. */
void med_token_hash(const char *token, unsigned char out[MED_HASH_BYTES]);

/* Non-zero when the two hashes are equal, compared in constant time. */
int med_hash_equal(const unsigned char a[MED_HASH_BYTES], const unsigned char b[MED_HASH_BYTES]);

/* When a link made at now (unix s) expires: expires_in_s seconds later
 * (callers pass MED_LINK_TTL_DEFAULT_S when the maker gave none).
 * FQ_EINVAL naming "expires_in_s" outside MED_LINK_TTL_MIN_S..
 * MED_LINK_TTL_MAX_S, 0 included; *out is then untouched. */
fq_status med_link_expiry(int64_t now, int64_t expires_in_s, int64_t *out, fq_err *err);

/* The state of a link that expires at expires_at and was revoked at
 * revoked_at (0 = never) at the moment now. Revoked wins over expired;
 * a link is expired from its expires_at second on. */
med_link_state med_link_state_at(int64_t expires_at, int64_t revoked_at, int64_t now);

/* The error a party gets for a link in state s: FQ_OK for an active
 * link; for an expired or revoked one FQ_EUNAUTH naming "token" with a
 * message that says what happened and what to do. */
fq_status med_link_check(med_link_state s, fq_err *err);

/* When a party session opened at now through a link that expires at
 * link_expires ends: MED_PARTY_SESSION_S later, but never after the
 * link. */
int64_t med_session_expiry(int64_t now, int64_t link_expires);

/* Write the URL path of a link ("/mediate/#t=<token>") into out (size
 * bytes). FQ_ETOOBIG when it does not fit. */
fq_status med_link_url(const char *token, char *out, size_t size, fq_err *err);

/* ---- access ---- */

/* Roles whose scope lists cases (the disputes rule's staff roles). */
#define MED_SCOPE_ROLES (WHO_STAFF | ROLE_MEDIATOR)

/* Non-zero when the signed-in caller works on the case (the disputes
 * rule said so): they may read and post, create and revoke links. */
bool med_may_mediate(const caller *c, const med_case_scope *k);

/* Decide how the caller takes part in the case: as staff (actor with the
 * account only), as a resident party (account and party), or not at all
 * (FQ_ENOTFOUND naming "id": outside the caller's reach a case does not
 * exist). Staff standing wins when a caller has both. */
fq_status med_actor_for(const caller *c, const med_case_scope *k, med_actor *out, fq_err *err);

/* May actor retract a message written by (author_account, author_party)?
 * Only its author: FQ_EFORBIDDEN naming "id" otherwise; FQ_ECONFLICT when
 * it is already retracted. */
fq_status med_may_retract(const med_actor *actor, int64_t author_account, int64_t author_party,
			  int64_t retracted_at, fq_err *err);

/* ---- messages and files ---- */

/* FQ_OK when a case in state takes new messages: every state but
 * "closed" and "refused" (a refused mediation cannot go ahead), where the
 * thread stays readable. FQ_ECONFLICT naming "state" otherwise. */
fq_status med_thread_open(const char *state, fq_err *err);

/* Check a message body: well-formed UTF-8, 1..MED_BODY_MAX_CHARS
 * characters after trimming, no control characters but newline and tab.
 * FQ_EINVAL naming field otherwise (as every string field of the API,
 * past its limit too). A NULL or blank body
 * is refused unless allow_empty. */
fq_status med_body_valid(const char *body, bool allow_empty, const char *field, fq_err *err);

/* The type that the magic bytes of data say, or MED_FILE_NONE. */
med_file_type med_file_sniff(const void *data, size_t len);

/* "image/jpeg", "image/png", "image/webp", "application/pdf"; NULL for none. */
const char *med_file_mime(med_file_type t);

/* Check an attachment's size and type: FQ_ETOOBIG naming MED_FILE_FIELD
 * past MED_FILE_BYTES_MAX, FQ_EINVAL for an empty file, FQ_EMEDIATYPE for
 * anything but JPEG, PNG, WebP or PDF. */
fq_status med_file_check(const void *data, size_t len, med_file_type *type, fq_err *err);

/* A file name fit to show and to send back in Content-Disposition, into
 * out (size bytes): the last path segment of name, characters other than
 * letters, digits, CJK, space, '.', '-', '_', '(' and ')' replaced by
 * '_', cut to MED_FILE_NAME_MAX_CHARS characters; "file" when nothing is
 * left. */
void med_file_name_clean(const char *name, char *out, size_t size);

#endif
