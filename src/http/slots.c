/*
 * slots.c - the connection registry, the kept-back slots and the reaper of
 * slow headers; see slots.h.
 *
 * The registry is a list under one mutex. libmicrohttpd tells us of a
 * connection closing before it closes the socket, and the reaper shuts a
 * socket down only while holding the mutex and finding the slot still in
 * the list, so it never touches a descriptor that was closed and reused.
 */
#include "http/slots.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/timeutil.h"

#define ADDR_BYTES 16 /* an IPv6 address; IPv4 uses the first 4 */

struct http_slot {
	http_slot *prev, *next;      /* in the registry (s->mu) */
	int family;                  /* AF_INET or AF_INET6; 0 unknown */
	unsigned char addr[ADDR_BYTES];
	int fd;                      /* the connection's socket */
	atomic_llong deadline_us;    /* monotonic; 0 = no deadline running */
};

struct http_slots {
	pthread_mutex_t mu;          /* guards the list, n and stop */
	pthread_cond_t cv;           /* wakes the reaper to stop */
	http_slot *head;
	int n;                       /* connections registered */
	int max;                     /* max_connections */
	int reserve;                 /* slots kept back for small holders */
	int64_t header_us;           /* the header deadline; 0 = none */
	int stop;
	pthread_t reaper;
	atomic_ullong timeouts;      /* connections shut down for slow headers */
	atomic_ullong refused;       /* connections refused by http_slots_admit */
};

/* ---- addresses ------------------------------------------------------- */

/* The address of sa in a comparable form; family 0 when it is neither
 * IPv4 nor IPv6. */
static int addr_of(const struct sockaddr *sa, unsigned char out[ADDR_BYTES])
{
	memset(out, 0, ADDR_BYTES);
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return AF_INET;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, ADDR_BYTES);
		return AF_INET6;
	}
	return 0;
}

/* Connections the address holds; call with s->mu held. */
static int held_by(const http_slots *s, int family, const unsigned char addr[ADDR_BYTES])
{
	int n = 0;
	for (const http_slot *p = s->head; p; p = p->next)
		n += p->family == family && memcmp(p->addr, addr, ADDR_BYTES) == 0;
	return n;
}

/* ---- the reaper ------------------------------------------------------ */

/* The deadline of headers awaited from now; 0 when there is none. */
static int64_t due(const http_slots *s)
{
	return s->header_us ? fq_mono_us() + s->header_us : 0;
}

/* Shut down every connection past its deadline; call with s->mu held. */
static void reap(http_slots *s, int64_t now)
{
	for (http_slot *p = s->head; p; p = p->next) {
		long long due = atomic_load(&p->deadline_us);
		if (!due || now < due)
			continue;
		atomic_store(&p->deadline_us, 0);
		shutdown(p->fd, SHUT_RDWR);
		atomic_fetch_add(&s->timeouts, 1);
	}
}

static void *reaper_main(void *arg)
{
	http_slots *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		struct timespec ts;
		fq_deadline_ms(SLOTS_TICK_MS, &ts);
		pthread_cond_timedwait(&s->cv, &s->mu, &ts);
		reap(s, fq_mono_us());
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* ---- the registry ---------------------------------------------------- */

http_slots *http_slots_new(int max_connections, int header_timeout_s)
{
	http_slots *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->max = max_connections;
	s->reserve = max_connections / SLOTS_RESERVE_DIVISOR;
	s->header_us = (int64_t)header_timeout_s * 1000000;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		free(s);
		return NULL;
	}
	return s;
}

void http_slots_free(http_slots *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->reaper, NULL);
	while (s->head) { /* none when libmicrohttpd closed every connection */
		http_slot *p = s->head;
		s->head = p->next;
		free(p);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

int http_slots_admit(http_slots *s, const struct sockaddr *sa, socklen_t len)
{
	(void)len;
	unsigned char addr[ADDR_BYTES];
	int family = addr_of(sa, addr);
	pthread_mutex_lock(&s->mu);
	int ok = s->n < s->max;
	if (ok && s->n >= s->max - s->reserve)
		ok = held_by(s, family, addr) < SLOTS_FEW;
	pthread_mutex_unlock(&s->mu);
	if (!ok)
		atomic_fetch_add(&s->refused, 1);
	return ok;
}

http_slot *http_slots_open(http_slots *s, const struct sockaddr *sa, int fd)
{
	http_slot *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->family = addr_of(sa, p->addr);
	p->fd = fd;
	atomic_init(&p->deadline_us, due(s));
	pthread_mutex_lock(&s->mu);
	p->next = s->head;
	if (s->head)
		s->head->prev = p;
	s->head = p;
	s->n++;
	pthread_mutex_unlock(&s->mu);
	return p;
}

void http_slots_close(http_slots *s, http_slot *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&s->mu);
	if (p->prev)
		p->prev->next = p->next;
	else
		s->head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	s->n--;
	pthread_mutex_unlock(&s->mu);
	free(p);
}

void http_slot_headers_done(http_slot *p)
{
	if (p)
		atomic_store(&p->deadline_us, 0);
}

void http_slot_rearm(http_slots *s, http_slot *p)
{
	if (p)
		atomic_store(&p->deadline_us, due(s));
}

uint64_t http_slots_timeouts(http_slots *s)
{
	return s ? atomic_load(&s->timeouts) : 0;
}

uint64_t http_slots_refused(http_slots *s)
{
	return s ? atomic_load(&s->refused) : 0;
}
