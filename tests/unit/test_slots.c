/*
 * test_slots.c - the connection slots of src/http/slots.c: the kept-back
 * slots go only to addresses that hold few connections, and a connection
 * that has not delivered its headers by the deadline is shut down, while
 * one whose headers are in is left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/slots.h"

#define MAX_CONNS 16         /* 2 kept back (16 / SLOTS_RESERVE_DIVISOR) */
#define HEADER_TIMEOUT_S 1
#define WAIT_MS 10000        /* the longest a test waits for the reaper */

static struct sockaddr_in v4(const char *ip)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int admit(http_slots *s, const char *ip)
{
	struct sockaddr_in a = v4(ip);
	return http_slots_admit(s, (struct sockaddr *)&a, sizeof a);
}

static http_slot *open_from(http_slots *s, const char *ip, int fd)
{
	struct sockaddr_in a = v4(ip);
	return http_slots_open(s, (struct sockaddr *)&a, fd);
}

static void test_kept_back_slots_go_to_small_holders(void **state)
{
	(void)state;
	http_slots *s = http_slots_new(MAX_CONNS, 0);
	assert_non_null(s);
	http_slot *held[MAX_CONNS];
	int n = 0;
	while (admit(s, "10.0.0.1"))
		held[n++] = open_from(s, "10.0.0.1", -1);
	assert_int_equal(n, MAX_CONNS - MAX_CONNS / SLOTS_RESERVE_DIVISOR);
	assert_true(admit(s, "10.0.0.2")); /* a newcomer takes a kept-back slot */
	held[n++] = open_from(s, "10.0.0.2", -1);
	assert_true(admit(s, "10.0.0.3"));
	held[n++] = open_from(s, "10.0.0.3", -1);
	assert_false(admit(s, "10.0.0.4")); /* every slot taken */
	http_slots_close(s, held[0]);
	assert_false(admit(s, "10.0.0.1")); /* the big holder: only kept-back left */
	assert_true(admit(s, "10.0.0.4"));
	assert_int_equal(http_slots_refused(s), 3);
	for (int i = 1; i < n; i++)
		http_slots_close(s, held[i]);
	http_slots_free(s);
}

/* 1 when the peer of fd sees the connection shut down within WAIT_MS. */
static int peer_sees_eof(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c;
	return poll(&p, 1, WAIT_MS) == 1 && recv(fd, &c, 1, 0) == 0;
}

static void test_header_deadline_shuts_slow_connections(void **state)
{
	(void)state;
	int slow[2], done[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, slow), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, done), 0);
	http_slots *s = http_slots_new(MAX_CONNS, HEADER_TIMEOUT_S);
	assert_non_null(s);
	http_slot *a = open_from(s, "10.0.0.1", slow[0]);
	http_slot *b = open_from(s, "10.0.0.1", done[0]);
	http_slot_headers_done(b);
	assert_true(peer_sees_eof(slow[1]));
	assert_int_equal(http_slots_timeouts(s), 1);
	struct pollfd p = {.fd = done[1], .events = POLLIN};
	assert_int_equal(poll(&p, 1, 0), 0); /* untouched */
	http_slot_rearm(s, b);                /* an answer went out: next headers due */
	assert_true(peer_sees_eof(done[1]));
	http_slots_close(s, a);
	http_slots_close(s, b);
	http_slots_free(s);
	for (int i = 0; i < 2; i++) {
		close(slow[i]);
		close(done[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_back_slots_go_to_small_holders),
		cmocka_unit_test(test_header_deadline_shuts_slow_connections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
