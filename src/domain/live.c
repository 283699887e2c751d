/*
 * live.c - scope of live events, Server-Sent Events frames, and the hub
 * with its one fan-out thread; see live.h.
 *
 * Locking: hub->mu guards the client list, the places taken, the head
 * (last event fanned out) and every client's cursor; a client's mu guards
 * its queue. The order is hub->mu, then a client's mu. Wake functions
 * (which reach libmicrohttpd) are only ever called with no lock held: the
 * thread takes a reference on each client to wake under hub->mu, lets go
 * of the lock, wakes, and drops the references.
 */
#include "domain/live.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"

#define MS_PER_S 1000
#define NS_PER_MS 1000000L
#define NS_PER_S 1000000000L
#define HELLO_MAX 64 /* bytes of the frame that opens every stream */

/* ---- scope ------------------------------------------------------------ */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

fq_status live_scope_init(live_scope *out, const caller *who, const int64_t *households,
			  size_t n)
{
	live_scope s = {0};
	s.who.account_id = who->account_id;
	s.who.person_id = who->person_id;
	s.who.household_id = who->household_id;
	s.who.leader_id = who->leader_id;
	s.who.roles = who->roles;
	for (int i = 0; i < who->n_roles && i < CALLER_ROLES_MAX; i++) {
		caller_role *r = &s.who.r[s.who.n_roles++];
		r->role = who->r[i].role;
		r->unit_id = who->r[i].unit_id;
		r->path = strdup(who->r[i].path ? who->r[i].path : "/");
		if (!r->path) {
			live_scope_free(&s);
			return FQ_ENOMEM;
		}
	}
	if (n > LIVE_LEADER_HOUSEHOLDS_MAX)
		n = LIVE_LEADER_HOUSEHOLDS_MAX;
	if (n) {
		s.households = malloc(n * sizeof *s.households);
		if (!s.households) {
			live_scope_free(&s);
			return FQ_ENOMEM;
		}
		memcpy(s.households, households, n * sizeof *s.households);
		qsort(s.households, n, sizeof *s.households, cmp_id);
		s.n_households = n;
	}
	*out = s;
	return FQ_OK;
}

void live_scope_free(live_scope *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->who.n_roles; i++)
		free((char *)s->who.r[i].path);
	free(s->households);
	memset(s, 0, sizeof *s);
}

static bool linked(const live_scope *s, int64_t household)
{
	return household > 0 && s->n_households > 0 &&
	       bsearch(&household, s->households, s->n_households, sizeof household, cmp_id);
}

bool live_visible(const live_scope *s, const store_live_row *e)
{
	const caller *w = &s->who;
	if (access_covers(w, LIVE_UNIT_ROLES, e->unit_path))
		return true;
	if (e->request_id <= 0)
		return false;
	if (w->account_id > 0 && (e->reporter_account_id == w->account_id ||
				  e->assignee_account_id == w->account_id))
		return true;
	if (w->person_id > 0 && e->reporter_person_id == w->person_id)
		return true;
	if (e->building_path && access_covers(w, ROLE_BUILDING_LEADER, e->building_path))
		return true;
	return access_has(w, ROLE_LEADER) && linked(s, e->household_id);
}

/* ---- frames ------------------------------------------------------------ */

/* Append s up to the first CR or LF; returns where that line ended. */
static const char *put_line(fq_buf *out, const char *s, fq_status *st)
{
	size_t n = strcspn(s, "\r\n");
	if (*st == FQ_OK)
		*st = fq_buf_append(out, s, n);
	return s + n;
}

fq_status live_frame_format(const store_live_row *e, fq_buf *out)
{
	fq_status st = fq_buf_printf(out, "id: %lld\nevent: ", (long long)e->id);
	put_line(out, e->kind ? e->kind : "message", &st);
	const char *p = e->payload ? e->payload : "{}";
	do {
		if (st == FQ_OK)
			st = fq_buf_puts(out, "\ndata: ");
		p = put_line(out, p, &st);
		if (*p == '\r' && p[1] == '\n')
			p++;
	} while (*p++);
	if (st == FQ_OK)
		st = fq_buf_puts(out, "\n\n");
	return st;
}

/* ---- shared frames ------------------------------------------------------ */

/* One formatted frame, shared by the queues of every client that sees it. */
typedef struct live_frame {
	atomic_int refs;
	size_t len;
	char data[];
} live_frame;

static live_frame *frame_new(const char *text, size_t len)
{
	live_frame *f = malloc(sizeof *f + len);
	if (!f)
		return NULL;
	atomic_init(&f->refs, 1);
	f->len = len;
	memcpy(f->data, text, len);
	return f;
}

static live_frame *frame_of_row(const store_live_row *e)
{
	fq_buf b = {0};
	live_frame *f = NULL;
	if (live_frame_format(e, &b) == FQ_OK)
		f = frame_new(b.data, b.len);
	fq_buf_free(&b);
	return f;
}

static void frame_unref(live_frame *f)
{
	if (f && atomic_fetch_sub(&f->refs, 1) == 1)
		free(f);
}

/* ---- the hub and its clients -------------------------------------------- */

struct live_client {
	live_hub *hub;
	live_client *prev, *next;    /* in hub->clients once attached */
	atomic_int refs;             /* the connection's, plus the thread's while it wakes */
	live_scope scope;
	int64_t resume_after;        /* < 0: only new events */
	int64_t cursor;              /* last event considered for this client (hub->mu) */
	int64_t behind;              /* events it misses past the cursor while lagging (hub->mu) */
	atomic_int lagging;          /* behind the head: a drained queue asks for a poll */
	int attached;                /* in hub->clients (hub->mu) */
	pthread_mutex_t mu;          /* guards the queue and ended */
	live_frame *q[LIVE_QUEUE_MAX];
	int q_head, q_len;           /* ring of queued frames */
	size_t q_off;                /* bytes of q[q_head] already read */
	int ended;                   /* read answers LIVE_READ_END */
	void (*wake)(void *);
	void (*release)(void *);
	void *arg;
};

struct live_hub {
	store *db;
	int max_clients;
	pthread_mutex_t mu;          /* guards what follows */
	pthread_cond_t cv;           /* signalled to stop */
	live_client *clients;        /* attached clients */
	int places;                  /* clients created and not yet freed */
	int64_t head;                /* last event fanned out */
	int stopping;
	atomic_int nudged;           /* a lagging client drained its queue: poll now */
	pthread_t thread;
	fq_arena arena;              /* one poll's rows (the thread only) */
	int64_t next_purge_s;        /* the thread only */
	int64_t next_beat_s;
	live_frame *beat;            /* the heartbeat frame */
};

static void client_destroy(live_client *c)
{
	for (int i = 0; i < c->q_len; i++)
		frame_unref(c->q[(c->q_head + i) % LIVE_QUEUE_MAX]);
	if (c->release)
		c->release(c->arg);
	live_scope_free(&c->scope);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static void client_unref(live_client *c)
{
	if (atomic_fetch_sub(&c->refs, 1) == 1)
		client_destroy(c);
}

/* Queue f for c: 1 when queued, 0 when the queue is full or c has ended. */
static int push(live_client *c, live_frame *f)
{
	pthread_mutex_lock(&c->mu);
	int ok = !c->ended && c->q_len < LIVE_QUEUE_MAX;
	if (ok) {
		atomic_fetch_add(&f->refs, 1);
		c->q[(c->q_head + c->q_len) % LIVE_QUEUE_MAX] = f;
		c->q_len++;
	}
	pthread_mutex_unlock(&c->mu);
	return ok;
}

/* End c: it is too far behind, and resumes by its last id. Returns 1 when
 * it had not ended before (it needs a wake to notice). */
static int end_client(live_client *c)
{
	pthread_mutex_lock(&c->mu);
	int was = c->ended;
	for (int i = 0; i < c->q_len; i++)
		frame_unref(c->q[(c->q_head + i) % LIVE_QUEUE_MAX]);
	c->q_len = 0;
	c->q_off = 0;
	c->ended = 1;
	pthread_mutex_unlock(&c->mu);
	return !was;
}

static int queue_room(live_client *c)
{
	pthread_mutex_lock(&c->mu);
	int room = c->ended ? 0 : LIVE_QUEUE_MAX - c->q_len;
	pthread_mutex_unlock(&c->mu);
	return room;
}

long live_client_read(void *client, char *buf, size_t max)
{
	live_client *c = client;
	size_t n = 0;
	pthread_mutex_lock(&c->mu);
	if (c->ended) {
		pthread_mutex_unlock(&c->mu);
		return LIVE_READ_END;
	}
	while (c->q_len > 0 && n < max) {
		live_frame *f = c->q[c->q_head];
		size_t take = f->len - c->q_off;
		if (take > max - n)
			take = max - n;
		memcpy(buf + n, f->data + c->q_off, take);
		n += take;
		c->q_off += take;
		if (c->q_off == f->len) {
			frame_unref(f);
			c->q_head = (c->q_head + 1) % LIVE_QUEUE_MAX;
			c->q_len--;
			c->q_off = 0;
		}
	}
	int hungry = c->q_len <= LIVE_QUEUE_MAX / 2 && atomic_load(&c->lagging);
	pthread_mutex_unlock(&c->mu);
	if (hungry) {
		/* catching up from the table: the next page need not wait a poll */
		atomic_store(&c->hub->nudged, 1);
		pthread_cond_signal(&c->hub->cv);
	}
	return (long)n;
}

fq_status live_client_new(live_hub *h, live_scope *s, int64_t resume_after, live_client **out,
			  fq_err *err)
{
	pthread_mutex_lock(&h->mu);
	int full = h->stopping || h->places >= h->max_clients;
	if (!full)
		h->places++;
	pthread_mutex_unlock(&h->mu);
	if (full) {
		live_scope_free(s);
		return fq_fail(err, FQ_EUNAVAILABLE, "",
			       "at most %d clients may watch live events at once; try again later",
			       h->max_clients);
	}
	live_client *c = calloc(1, sizeof *c);
	char hello[HELLO_MAX];
	int len = snprintf(hello, sizeof hello, "retry: %d\n: fengqiao live events\n\n",
			   LIVE_RETRY_MS);
	live_frame *f = c ? frame_new(hello, (size_t)len) : NULL;
	if (!f) {
		free(c);
		live_scope_free(s);
		pthread_mutex_lock(&h->mu);
		h->places--;
		pthread_mutex_unlock(&h->mu);
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	c->hub = h;
	atomic_init(&c->refs, 1);
	c->scope = *s;
	memset(s, 0, sizeof *s);
	c->resume_after = resume_after;
	pthread_mutex_init(&c->mu, NULL);
	c->q[0] = f;
	c->q_len = 1;
	*out = c;
	return FQ_OK;
}

void live_client_attach(live_client *c, void (*wake)(void *), void (*release)(void *), void *arg)
{
	live_hub *h = c->hub;
	c->wake = wake;
	c->release = release;
	c->arg = arg;
	pthread_mutex_lock(&h->mu);
	c->cursor = c->resume_after >= 0 ? c->resume_after : h->head;
	atomic_store(&c->lagging, c->cursor < h->head);
	c->next = h->clients;
	if (h->clients)
		h->clients->prev = c;
	h->clients = c;
	c->attached = 1;
	pthread_mutex_unlock(&h->mu);
}

void live_client_free(void *client)
{
	live_client *c = client;
	live_hub *h = c->hub;
	pthread_mutex_lock(&h->mu);
	if (c->attached) {
		if (c->prev)
			c->prev->next = c->next;
		else
			h->clients = c->next;
		if (c->next)
			c->next->prev = c->prev;
		c->attached = 0;
	}
	h->places--;
	pthread_mutex_unlock(&h->mu);
	pthread_mutex_lock(&c->mu);
	c->ended = 1;
	pthread_mutex_unlock(&c->mu);
	client_unref(c);
}

int live_hub_clients(live_hub *h)
{
	pthread_mutex_lock(&h->mu);
	int n = h->places;
	pthread_mutex_unlock(&h->mu);
	return n;
}

/* ---- waking ----------------------------------------------------------- */

/* Clients to wake once hub->mu is let go, each with a reference. */
typedef struct wake_list {
	live_client **c;
	size_t n, cap;
} wake_list;

/* Remember c (hub->mu held); when out of room, c is woken at the next poll
 * instead (its reader finds the queue anyway). */
static void wake_later(wake_list *w, live_client *c)
{
	if (w->n >= w->cap)
		return;
	atomic_fetch_add(&c->refs, 1);
	w->c[w->n++] = c;
}

static void wake_all(wake_list *w)
{
	for (size_t i = 0; i < w->n; i++) {
		live_client *c = w->c[i];
		if (c->wake)
			c->wake(c->arg);
		client_unref(c);
	}
	w->n = 0;
}

/* A wake list with room for every client attached now (hub->mu held). */
static int wake_list_init(live_hub *h, wake_list *w)
{
	size_t n = 0;
	for (live_client *c = h->clients; c; c = c->next)
		n++;
	w->c = fq_arena_alloc(&h->arena, (n ? n : 1) * sizeof *w->c);
	w->n = 0;
	w->cap = w->c ? n : 0;
	return w->c != NULL;
}

/* ---- the thread's work ---------------------------------------------------- */

/* Is e new to c (after its cursor), within the replay window, and in its
 * scope? (hub->mu held) */
static bool wanted(const live_client *c, const store_live_row *e, int64_t min_at)
{
	return e->id > c->cursor && e->at >= min_at && live_visible(&c->scope, e);
}

/* A lagging client misses the rows it may see among these: count them, and
 * end it once more than LIVE_BEHIND_MAX are missing or queued. Returns 1
 * when it was ended (it needs a wake to notice). */
static int count_behind(live_client *c, const store_live_row *rows, size_t n, int64_t min_at)
{
	for (size_t i = 0; i < n; i++)
		c->behind += wanted(c, &rows[i], min_at);
	if (c->behind + (LIVE_QUEUE_MAX - queue_room(c)) <= LIVE_BEHIND_MAX)
		return 0;
	return end_client(c);
}

/* An up-to-date client: queue the rows it may see. When its queue fills
 * (a burst, or a slow reader) it lags from the first row that did not fit
 * and is served from the table as it drains. Returns 1 when it needs a
 * wake. */
static int queue_rows(live_client *c, const store_live_row *rows, size_t n, int64_t min_at,
		      live_frame **frames)
{
	int wake = 0;
	for (size_t i = 0; i < n; i++) {
		if (!wanted(c, &rows[i], min_at))
			continue;
		if (!frames[i])
			frames[i] = frame_of_row(&rows[i]);
		if (!frames[i] || !push(c, frames[i])) {
			c->cursor = rows[i].id - 1; /* this row is read again from the table */
			c->behind = 0;
			atomic_store(&c->lagging, 1);
			return count_behind(c, rows + i, n - i, min_at) | wake;
		}
		wake = 1;
	}
	if (c->cursor < rows[n - 1].id)
		c->cursor = rows[n - 1].id;
	return wake;
}

/* Queue the new rows on every client that is up to date and may see them
 * (never an event older than the replay window); count what lagging
 * clients miss. */
static void fan_out_rows(live_hub *h, const store_live_row *rows, size_t n, int64_t min_at,
			 wake_list *w)
{
	live_frame **frames = fq_arena_alloc(&h->arena, n * sizeof *frames);
	if (!frames)
		return;
	for (live_client *c = h->clients; c; c = c->next) {
		int lagging = c->cursor < h->head;
		int wake = lagging ? count_behind(c, rows, n, min_at)
				   : queue_rows(c, rows, n, min_at, frames);
		if (wake)
			wake_later(w, c);
	}
	h->head = rows[n - 1].id;
	for (size_t i = 0; i < n; i++)
		frame_unref(frames[i]);
}

/* Read and fan out the events after the head. Returns 1 when a full batch
 * was read (there may be more). */
static int fan_out(live_hub *h, store_conn *conn, int64_t now_s)
{
	store_live_row *rows = NULL;
	size_t n = 0;
	fq_err err = {0};
	if (store_live_after(conn, &h->arena, h->head, INT64_MAX, 0, LIVE_BATCH, &rows, &n,
			     &err) != FQ_OK) {
		fq_warn("live events: reading the outbox failed: %s", err.message);
		return 0;
	}
	if (n == 0)
		return 0;
	wake_list w;
	pthread_mutex_lock(&h->mu);
	if (wake_list_init(h, &w))
		fan_out_rows(h, rows, n, now_s - LIVE_REPLAY_S, &w);
	pthread_mutex_unlock(&h->mu);
	wake_all(&w);
	return n == LIVE_BATCH;
}

/* Queue the rows a catching-up client may see, as far as its queue has
 * room, and move its cursor past what was looked at. */
static void catch_up_rows(live_hub *h, live_client *c, const store_live_row *rows, size_t n,
			  int64_t upto)
{
	int room = queue_room(c), pushed = 0;
	int64_t cursor = n == LIVE_CATCHUP_ROWS ? rows[n - 1].id : upto;
	for (size_t i = 0; i < n; i++) {
		if (!live_visible(&c->scope, &rows[i]))
			continue;
		live_frame *f = room > 0 ? frame_of_row(&rows[i]) : NULL;
		if (!f) {
			cursor = rows[i].id - 1; /* this row is read again next time */
			break;
		}
		push(c, f);
		frame_unref(f);
		room--;
		pushed++;
	}
	pthread_mutex_lock(&h->mu);
	c->cursor = cursor;
	c->behind = cursor >= upto || c->behind < pushed ? 0 : c->behind - pushed;
	atomic_store(&c->lagging, cursor < upto);
	pthread_mutex_unlock(&h->mu);
}

/* Clients behind the head with room in their queue (hub->mu held). */
static size_t lagging(live_hub *h, live_client **out, size_t max)
{
	size_t n = 0;
	for (live_client *c = h->clients; c && n < max; c = c->next)
		if (c->cursor < h->head && queue_room(c) > LIVE_QUEUE_MAX / 2) {
			atomic_fetch_add(&c->refs, 1);
			out[n++] = c;
		}
	return n;
}

/* Bring resuming clients closer to the head, from the table, within the
 * replay window. Returns 1 when a client could take more at once. */
static int catch_up(live_hub *h, store_conn *conn, int64_t now_s)
{
	live_client *todo[LIVE_CATCHUP_CLIENTS];
	pthread_mutex_lock(&h->mu);
	size_t k = lagging(h, todo, LIVE_CATCHUP_CLIENTS);
	int64_t head = h->head;
	pthread_mutex_unlock(&h->mu);
	int more = 0;
	for (size_t i = 0; i < k; i++) {
		live_client *c = todo[i];
		store_live_row *rows = NULL;
		size_t n = 0;
		fq_err err = {0};
		if (store_live_after(conn, &h->arena, c->cursor, head, now_s - LIVE_REPLAY_S,
				     LIVE_CATCHUP_ROWS, &rows, &n, &err) == FQ_OK) {
			catch_up_rows(h, c, rows, n, head);
			more |= c->cursor < head && queue_room(c) > LIVE_QUEUE_MAX / 2;
		} else {
			fq_warn("live events: catching up failed: %s", err.message);
		}
		if (c->wake)
			c->wake(c->arg);
		client_unref(c);
	}
	return more;
}

/* A comment line to every client with nothing queued, so that proxies
 * keep the connection and a client that has gone away is noticed. */
static void heartbeat(live_hub *h)
{
	wake_list w;
	pthread_mutex_lock(&h->mu);
	if (wake_list_init(h, &w))
		for (live_client *c = h->clients; c; c = c->next)
			if (queue_room(c) == LIVE_QUEUE_MAX && push(c, h->beat))
				wake_later(&w, c);
	pthread_mutex_unlock(&h->mu);
	wake_all(&w);
}

typedef struct purge_arg {
	int64_t before;
	int deleted;
} purge_arg;

static fq_status purge_tx(store_conn *c, void *arg, fq_err *err)
{
	purge_arg *p = arg;
	return store_live_purge(c, p->before, LIVE_PURGE_BATCH, &p->deleted, err);
}

static void purge(live_hub *h, int64_t now_s)
{
	purge_arg p = {now_s - LIVE_REPLAY_S - LIVE_PURGE_MARGIN_S, 0};
	fq_err err = {0};
	if (store_write(h->db, purge_tx, &p, &err) != FQ_OK)
		fq_warn("live events: purge failed: %s", err.message);
	else if (p.deleted > 0)
		fq_info("live events: %d older than the replay window deleted", p.deleted);
}

/* One poll. Returns 1 when there is more to do at once. */
static int poll_once(live_hub *h)
{
	int64_t now_s = fq_now_ms() / MS_PER_S;
	store_conn *conn = NULL;
	int more = 0;
	if (store_read_begin(h->db, &conn) == FQ_OK) {
		more |= catch_up(h, conn, now_s);
		more |= fan_out(h, conn, now_s);
		store_read_end(h->db, conn);
	}
	fq_arena_free(&h->arena);
	if (now_s >= h->next_beat_s) {
		heartbeat(h);
		h->next_beat_s = now_s + LIVE_HEARTBEAT_S;
	}
	if (now_s >= h->next_purge_s) {
		purge(h, now_s);
		h->next_purge_s = now_s + LIVE_PURGE_EVERY_S;
	}
	return more;
}

static void *hub_main(void *arg)
{
	live_hub *h = arg;
	for (;;) {
		int more = poll_once(h);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (more ? 0 : LIVE_POLL_MS) * NS_PER_MS;
		until.tv_sec += until.tv_nsec / NS_PER_S;
		until.tv_nsec %= NS_PER_S;
		pthread_mutex_lock(&h->mu);
		if (!h->stopping && !more && !atomic_exchange(&h->nudged, 0))
			pthread_cond_timedwait(&h->cv, &h->mu, &until);
		atomic_store(&h->nudged, 0);
		int stop = h->stopping;
		pthread_mutex_unlock(&h->mu);
		if (stop)
			return NULL;
	}
}

static fq_status read_head(store *db, int64_t *head, fq_err *err)
{
	store_conn *conn = NULL;
	fq_status st = store_read_begin(db, &conn);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "the store is not available");
	st = store_live_head(conn, head, err);
	store_read_end(db, conn);
	return st;
}

fq_status live_hub_start(store *db, int max_clients, live_hub **out, fq_err *err)
{
	static const char beat[] = ": ping\n\n";
	live_hub *h = calloc(1, sizeof *h);
	if (!h)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	h->db = db;
	h->max_clients = max_clients;
	fq_arena_init(&h->arena);
	fq_status st = read_head(db, &h->head, err);
	h->beat = st == FQ_OK ? frame_new(beat, sizeof beat - 1) : NULL;
	if (st == FQ_OK && !h->beat)
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	if (st != FQ_OK) {
		free(h);
		return st;
	}
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	h->next_beat_s = fq_now_ms() / MS_PER_S + LIVE_HEARTBEAT_S;
	if (pthread_create(&h->thread, NULL, hub_main, h) != 0) {
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		frame_unref(h->beat);
		free(h);
		return fq_fail(err, FQ_ENOMEM, "", "cannot start the live events thread");
	}
	*out = h;
	return FQ_OK;
}

void live_hub_stop(live_hub *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stopping = 1;
	pthread_cond_signal(&h->cv);
	int left = h->places;
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	fq_arena_free(&h->arena);
	if (left) {
		/* their connections still point here: leak rather than free under them */
		fq_warn("live events: %d clients still connected at stop", left);
		return;
	}
	frame_unref(h->beat);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	free(h);
}
