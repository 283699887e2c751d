/*
 * photo_budget.h - how much photo decoding one caller may ask for: one
 * upload decoding at a time per caller (an account, or a mediation party
 * holding only a link), and a budget of pixels per minute.
 *
 * The budget is a bucket of PHOTO_PIXELS_PER_MINUTE pixels that fills
 * back at that rate. An upload is let in when the bucket holds what it
 * costs, or is full (so that one upload bigger than the bucket, 9 photos
 * of 50 million pixels, still goes in, and then empties it below zero:
 * the caller waits the longer). A caller refused is told how long to wait.
 *
 * Callers are kept in a table of PHOTO_BUDGET_CALLERS entries; an entry
 * whose caller is idle with a full bucket is as good as free and is
 * reused. Thread-safe; the clock is the caller's (tests pass their own).
 */
#ifndef FQ_DOMAIN_PHOTO_BUDGET_H
#define FQ_DOMAIN_PHOTO_BUDGET_H

#include <stdint.h>

#include "core/status.h"

/* Pixels one caller may have decoded per minute: about sixteen photos of
 * a 12-megapixel phone camera. */
#define PHOTO_PIXELS_PER_MINUTE (200LL * 1000 * 1000)
#define PHOTO_BUDGET_WINDOW_MS 60000 /* the "minute" above */

/* Callers tracked at once (uploads decoding, or buckets not yet full). */
#define PHOTO_BUDGET_CALLERS 4096

/* Seconds a caller whose upload is still decoding is told to wait. */
#define PHOTO_BUSY_RETRY_S 2

/* Seconds to wait when every entry of the table is taken. */
#define PHOTO_TABLE_FULL_RETRY_S 10

typedef struct photo_budget photo_budget;

/* A caller: an account id (> 0), or minus a mediation party's id (< 0)
 * for a party by link, who has no account. */
typedef int64_t photo_who;

/* A new, empty table on the clock clock_ms (monotonic milliseconds; NULL
 * for the process's monotonic clock). NULL when out of memory. */
photo_budget *photo_budget_new(int64_t (*clock_ms)(void));

/* Free the table. NULL-safe. */
void photo_budget_free(photo_budget *b);

/* Let who decode pixels now: FQ_OK marks who busy (until
 * photo_budget_release) and takes the pixels from their bucket.
 * FQ_ERATELIMIT when who has an upload decoding or their bucket is short;
 * FQ_EUNAVAILABLE when the table is full. On refusal *retry_s is the
 * seconds to wait (at least 1) and err says why (field "photo"); nothing
 * is taken. */
fq_status photo_budget_take(photo_budget *b, photo_who who, int64_t pixels, int64_t *retry_s,
			    fq_err *err);

/* who's upload is done (decoded or failed): they may send the next. */
void photo_budget_release(photo_budget *b, photo_who who);

#endif
