/*
 * session_cache.c - direct-mapped, lock-striped cache of callers; see
 * session_cache.h. Token hashes are uniformly random, so their first bytes
 * index the slots directly.
 */
#include "api/session_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
	int used;
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
	int64_t loaded_ms;
	fq_arena arena;   /* owns the strings of who */
	caller who;
} slot;

struct session_cache {
	pthread_mutex_t mu[SCACHE_STRIPES];
	slot slots[SCACHE_SLOTS];
};

session_cache *scache_new(void)
{
	session_cache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	for (int i = 0; i < SCACHE_STRIPES; i++)
		pthread_mutex_init(&c->mu[i], NULL);
	for (int i = 0; i < SCACHE_SLOTS; i++)
		fq_arena_init(&c->slots[i].arena);
	return c;
}

void scache_free(session_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SCACHE_SLOTS; i++)
		fq_arena_free(&c->slots[i].arena);
	for (int i = 0; i < SCACHE_STRIPES; i++)
		pthread_mutex_destroy(&c->mu[i]);
	free(c);
}

static unsigned slot_of(const unsigned char hash[AUTH_TOKEN_HASH_BYTES])
{
	unsigned v = (unsigned)hash[0] | (unsigned)hash[1] << 8 | (unsigned)hash[2] << 16;
	return v & (SCACHE_SLOTS - 1);
}

static pthread_mutex_t *lock_of(session_cache *c, unsigned i)
{
	return &c->mu[i % SCACHE_STRIPES];
}

int scache_get(session_cache *c, const unsigned char hash[AUTH_TOKEN_HASH_BYTES],
	       int64_t now_ms, fq_arena *a, caller *out)
{
	unsigned i = slot_of(hash);
	slot *s = &c->slots[i];
	int hit = 0;
	pthread_mutex_lock(lock_of(c, i));
	if (s->used && memcmp(s->hash, hash, AUTH_TOKEN_HASH_BYTES) == 0 &&
	    now_ms - s->loaded_ms < SCACHE_TTL_MS && s->who.session_expires_at * 1000 > now_ms)
		hit = access_caller_copy(a, &s->who, out) == 0;
	pthread_mutex_unlock(lock_of(c, i));
	return hit;
}

void scache_put(session_cache *c, const unsigned char hash[AUTH_TOKEN_HASH_BYTES],
		const caller *who, int64_t now_ms)
{
	unsigned i = slot_of(hash);
	slot *s = &c->slots[i];
	pthread_mutex_lock(lock_of(c, i));
	fq_arena_free(&s->arena);
	s->used = access_caller_copy(&s->arena, who, &s->who) == 0;
	memcpy(s->hash, hash, AUTH_TOKEN_HASH_BYTES);
	s->loaded_ms = now_ms;
	pthread_mutex_unlock(lock_of(c, i));
}

void scache_forget(session_cache *c, const unsigned char hash[AUTH_TOKEN_HASH_BYTES])
{
	unsigned i = slot_of(hash);
	slot *s = &c->slots[i];
	pthread_mutex_lock(lock_of(c, i));
	if (s->used && memcmp(s->hash, hash, AUTH_TOKEN_HASH_BYTES) == 0) {
		s->used = 0;
		fq_arena_free(&s->arena);
	}
	pthread_mutex_unlock(lock_of(c, i));
}
