/*
 * auth.h - the rules of accounts and sessions, free of HTTP and SQL:
 * username and password rules, Argon2id password hashes (libsodium),
 * session and CSRF tokens and the hash under which a session is stored,
 * and the failed-login throttle.
 *
 * A session token is AUTH_TOKEN_BYTES random bytes written as unpadded
 * base64url (AUTH_TOKEN_LEN characters). The database keeps only its
 * BLAKE2b hash (crypto_generichash), so a copy of the database does not
 * let anyone log in. The CSRF token has the same form and is stored as is:
 * it proves only that a request came from a page that read it.
 *
 * The throttle counts login attempts per username and per client address
 * in memory. An attempt is recorded as a failure when it starts (so that
 * parallel guesses cannot all slip through before the first one fails) and
 * taken back when it succeeds. After AUTH_THROTTLE_FREE attempts within
 * AUTH_THROTTLE_WINDOW_MS, every further attempt must wait: 1 s after the
 * fifth, then twice as long after each one, up to AUTH_THROTTLE_WAIT_MAX_MS.
 * A throttled key is forgotten once AUTH_THROTTLE_WINDOW_MS has passed
 * since its last wait ended. A success clears the username's record.
 */
#ifndef FQ_DOMAIN_AUTH_H
#define FQ_DOMAIN_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Password rules, in characters (code points). */
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 128

/* Username rules: this many characters of [A-Za-z0-9_.-]. */
#define AUTH_USERNAME_MIN 3
#define AUTH_USERNAME_MAX 64

/* Longest display name, in characters. */
#define AUTH_DISPLAY_NAME_MAX 100

/* Bytes of an encoded password hash including the NUL (libsodium's
 * crypto_pwhash_STRBYTES; checked at compile time in auth.c). */
#define AUTH_HASH_MAX 128

/* Random bytes in a session or CSRF token, its length as unpadded
 * base64url, and a buffer that holds it with the NUL. */
#define AUTH_TOKEN_BYTES 32
#define AUTH_TOKEN_LEN 43
#define AUTH_TOKEN_SIZE (AUTH_TOKEN_LEN + 1)

/* Bytes of the stored hash of a session token. */
#define AUTH_TOKEN_HASH_BYTES 32

/* Throttle limits (see the top of this file). */
#define AUTH_THROTTLE_FREE 5                        /* attempts before waits begin */
#define AUTH_THROTTLE_WINDOW_MS (15 * 60 * 1000LL)  /* counting window */
#define AUTH_THROTTLE_WAIT_MIN_MS 1000LL            /* first wait */
#define AUTH_THROTTLE_WAIT_MAX_MS (15 * 60 * 1000LL) /* longest wait */
#define AUTH_THROTTLE_SETS 1024                     /* hash buckets */
#define AUTH_THROTTLE_WAYS 8                        /* entries per bucket */
#define AUTH_THROTTLE_ENTRIES (AUTH_THROTTLE_SETS * AUTH_THROTTLE_WAYS)

/* Initialise libsodium. Safe to call many times and from many threads;
 * every function below calls it. FQ_ENOMEM when libsodium cannot start. */
fq_status auth_init(void);

/* Check a username: AUTH_USERNAME_MIN to AUTH_USERNAME_MAX characters of
 * [A-Za-z0-9_.-]. FQ_EINVAL with field "username" otherwise (NULL is
 * "required"). The message does not repeat the value. */
fq_status auth_username_valid(const char *username, fq_err *err);

/* Check a password: well-formed UTF-8 of AUTH_PASSWORD_MIN to
 * AUTH_PASSWORD_MAX characters. FQ_EINVAL with field "password"
 * otherwise. The message never contains the password. */
fq_status auth_password_valid(const char *password, fq_err *err);

/* Check a display name: well-formed UTF-8, at most AUTH_DISPLAY_NAME_MAX
 * characters, no control characters. FQ_EINVAL with field "name". */
fq_status auth_display_name_valid(const char *name, fq_err *err);

/* Hash a password that passes auth_password_valid with Argon2id
 * (OPSLIMIT and MEMLIMIT INTERACTIVE) into out, an encoded string with its
 * own random salt and parameters. FQ_EINVAL for a password against the
 * rules, FQ_ENOMEM when the hash could not be computed (it needs 64 MiB);
 * out is written only on success. Takes tens of milliseconds. */
fq_status auth_hash_password(const char *password, char out[AUTH_HASH_MAX], fq_err *err);

/* Non-zero when password matches the encoded hash. A NULL or malformed
 * hash never matches, but is still verified against a fixed dummy hash so
 * that a missing account costs the same time as a wrong password. */
int auth_verify_password(const char *hash, const char *password);

/* Write a new random token (AUTH_TOKEN_LEN characters of base64url) to
 * out. FQ_ENOMEM only when libsodium cannot start. */
fq_status auth_token_new(char out[AUTH_TOKEN_SIZE]);

/* Non-zero when token has the form auth_token_new produces. */
int auth_token_well_formed(const char *token);

/* The hash under which a session token is stored. */
void auth_token_hash(const char *token, unsigned char out[AUTH_TOKEN_HASH_BYTES]);

/* Non-zero when the two tokens are equal, compared in constant time for
 * tokens of the same length. NULL never equals anything. */
int auth_token_equal(const char *a, const char *b);

/* ---- failed-login throttle ---- */

typedef struct auth_throttle auth_throttle;

/* A clock in milliseconds that never goes backwards. */
typedef int64_t (*auth_clock_fn)(void);

/* A new, empty throttle that reads time from clock (NULL: the monotonic
 * clock of core/timeutil.h). NULL when out of memory. Thread-safe; free
 * with auth_throttle_free. */
auth_throttle *auth_throttle_new(auth_clock_fn clock);

/* Release the throttle. NULL-safe. */
void auth_throttle_free(auth_throttle *t);

/* Ask to attempt a login as username (may be NULL) from address (may be
 * NULL). Returns 0 and records the attempt as a failure of both keys when
 * it may go ahead; otherwise returns how many milliseconds remain until the
 * later of the two keys' next allowed attempt, and records nothing. */
int64_t auth_throttle_attempt(auth_throttle *t, const char *username, const char *address);

/* The attempt recorded by auth_throttle_attempt failed: its wait (if any)
 * starts now, when the failure is known, not when the attempt began. */
void auth_throttle_failed(auth_throttle *t, const char *username, const char *address);

/* The attempt recorded by auth_throttle_attempt succeeded: forget the
 * username's record and take the attempt back from the address's. */
void auth_throttle_succeeded(auth_throttle *t, const char *username, const char *address);

/* Keys being tracked (never more than AUTH_THROTTLE_ENTRIES). */
size_t auth_throttle_size(auth_throttle *t);

#endif
