/*
 * photo_budget.c - one decode at a time and pixels per minute per caller
 * (photo_budget.h): a table of buckets scanned under one mutex. The table
 * is small enough (PHOTO_BUDGET_CALLERS entries) that a scan costs
 * microseconds, next to the decode it guards.
 */
#include "domain/photo_budget.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/timeutil.h"

#define MS_PER_S 1000

/* Longer than any bucket takes to fill (the product with the rate stays
 * far inside 64 bits). */
#define REFILL_ELAPSED_MAX_MS (1LL << 32)

typedef struct bucket {
	photo_who who;    /* 0 when the entry was never used */
	bool busy;        /* an upload of who is decoding */
	int64_t pixels;   /* in the bucket at `at`; below zero after a large upload */
	int64_t at;       /* when pixels was last brought up to date, ms */
} bucket;

struct photo_budget {
	pthread_mutex_t mu;
	int64_t (*clock_ms)(void);
	bucket slots[PHOTO_BUDGET_CALLERS];
};

static int64_t mono_ms(void)
{
	return fq_mono_us() / MS_PER_S;
}

photo_budget *photo_budget_new(int64_t (*clock_ms)(void))
{
	photo_budget *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	pthread_mutex_init(&b->mu, NULL);
	b->clock_ms = clock_ms ? clock_ms : mono_ms;
	return b;
}

void photo_budget_free(photo_budget *b)
{
	if (b)
		pthread_mutex_destroy(&b->mu);
	free(b);
}

/* Fill s up to now at PHOTO_PIXELS_PER_MINUTE, never past a full bucket. */
static void refill(bucket *s, int64_t now)
{
	int64_t elapsed = now - s->at < REFILL_ELAPSED_MAX_MS ? now - s->at : REFILL_ELAPSED_MAX_MS;
	int64_t gained = elapsed * PHOTO_PIXELS_PER_MINUTE / PHOTO_BUDGET_WINDOW_MS;
	s->pixels = s->pixels + gained > PHOTO_PIXELS_PER_MINUTE ? PHOTO_PIXELS_PER_MINUTE
								  : s->pixels + gained;
	s->at = now;
}

/* who's entry, else one that is free (never used, or idle and full) made
 * theirs with a full bucket, else NULL. Called with the lock held. */
static bucket *slot_of(photo_budget *b, photo_who who, int64_t now)
{
	bucket *spare = NULL;
	for (size_t i = 0; i < PHOTO_BUDGET_CALLERS; i++) {
		bucket *s = &b->slots[i];
		if (s->who == who)
			return s;
		if (spare || s->busy)
			continue;
		if (s->who != 0)
			refill(s, now);
		if (s->who == 0 || s->pixels >= PHOTO_PIXELS_PER_MINUTE)
			spare = s;
	}
	if (spare)
		*spare = (bucket){.who = who, .pixels = PHOTO_PIXELS_PER_MINUTE, .at = now};
	return spare;
}

/* Whole seconds until s holds need pixels, at least 1. */
static int64_t wait_for(const bucket *s, int64_t need)
{
	int64_t ms = ((need - s->pixels) * PHOTO_BUDGET_WINDOW_MS + PHOTO_PIXELS_PER_MINUTE - 1) /
		     PHOTO_PIXELS_PER_MINUTE;
	int64_t secs = (ms + MS_PER_S - 1) / MS_PER_S;
	return secs > 1 ? secs : 1;
}

fq_status photo_budget_take(photo_budget *b, photo_who who, int64_t pixels, int64_t *retry_s,
			    fq_err *err)
{
	pthread_mutex_lock(&b->mu);
	int64_t now = b->clock_ms();
	bucket *s = slot_of(b, who, now);
	fq_status st = FQ_OK;
	int64_t need = pixels < PHOTO_PIXELS_PER_MINUTE ? pixels : PHOTO_PIXELS_PER_MINUTE;
	if (s)
		refill(s, now);
	if (!s) {
		*retry_s = PHOTO_TABLE_FULL_RETRY_S;
		st = fq_failr(err, FQ_EUNAVAILABLE, "photo", "photo.pool_full",
			      "too many photo uploads are being handled; try again later");
	} else if (s->busy) {
		*retry_s = PHOTO_BUSY_RETRY_S;
		st = fq_failr(err, FQ_ERATELIMIT, "photo", "photo.busy",
			      "your previous photos are still being processed; send these after them");
	} else if (s->pixels < need) {
		*retry_s = wait_for(s, need);
		st = fq_failr(err, FQ_ERATELIMIT, "photo", "photo.rate",
			      "you have sent more photos than can be processed in a minute; try "
			      "again in %lld seconds",
			      (long long)*retry_s);
	} else {
		s->busy = true;
		s->pixels -= pixels;
	}
	pthread_mutex_unlock(&b->mu);
	return st;
}

void photo_budget_release(photo_budget *b, photo_who who)
{
	pthread_mutex_lock(&b->mu);
	for (size_t i = 0; i < PHOTO_BUDGET_CALLERS; i++)
		if (b->slots[i].who == who) {
			b->slots[i].busy = false;
			break;
		}
	pthread_mutex_unlock(&b->mu);
}
