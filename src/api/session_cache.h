/*
 * session_cache.h - a short-lived in-memory cache of authenticated callers,
 * keyed by the hash of the session token, so that a busy client does not
 * cost a database read per request just to say who it is.
 *
 * An entry lives SCACHE_TTL_MS at most. Logging out removes its entry at
 * once; a change made by another process (`fengqiao user disable` while
 * the server runs) takes effect within SCACHE_TTL_MS. Expired sessions are
 * never answered from the cache.
 */
#ifndef FQ_API_SESSION_CACHE_H
#define FQ_API_SESSION_CACHE_H

#include <stdint.h>

#include "core/arena.h"
#include "domain/access.h"
#include "domain/auth.h"

#define SCACHE_TTL_MS 2000  /* longest life of an entry */
#define SCACHE_SLOTS 4096   /* direct-mapped slots (a power of two) */
#define SCACHE_STRIPES 64   /* locks, each guarding SCACHE_SLOTS / SCACHE_STRIPES slots */

typedef struct session_cache session_cache;

/* A new empty cache, or NULL when out of memory. */
session_cache *scache_new(void);

/* Free the cache and every entry. NULL-safe. */
void scache_free(session_cache *c);

/* On a hit younger than the TTL whose session has not expired at now_ms,
 * copy the caller into the arena as *out and return 1; otherwise 0. */
int scache_get(session_cache *c, const unsigned char hash[AUTH_TOKEN_HASH_BYTES],
	       int64_t now_ms, fq_arena *a, caller *out);

/* Remember who (deep-copied) for the token hash, replacing whatever held
 * the slot. Out of memory simply leaves the slot empty. */
void scache_put(session_cache *c, const unsigned char hash[AUTH_TOKEN_HASH_BYTES],
		const caller *who, int64_t now_ms);

/* Drop the entry of a token hash (logout). */
void scache_forget(session_cache *c, const unsigned char hash[AUTH_TOKEN_HASH_BYTES]);

#endif
