/*
 * test_origin.c - unit tests for src/api/origin.c: which Host headers name
 * this machine (loopback names and addresses, the listen address, the host
 * name, interface addresses) and which do not; which peers are loopback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include "api/origin.h"

/* Bytes of a host name or a printed address in these tests. */
#define NAME_MAX_TEST 256

static void test_loopback_names_and_addresses(void **state)
{
	(void)state;
	const char *local[] = {"localhost",       "localhost:8080", "LOCALHOST",      "localhost.",
	                       "fq.localhost:80", "127.0.0.1",      "127.0.0.1:8080", "127.1.2.3",
	                       "[::1]",           "[::1]:8080"};
	for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
		assert_true(api_host_is_local(local[i], "127.0.0.1"));
}

static void test_other_hosts(void **state)
{
	(void)state;
	const char *other[] = {"evil.example",
	                       "evil.example:8080",
	                       "localhost.evil.example",
	                       "192.0.2.1",
	                       "[2001:db8::1]:80",
	                       "::1",
	                       "[::1",
	                       "[::1]x",
	                       "",
	                       "local host",
	                       "localhost/x",
	                       "a:b:c"};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		assert_false(api_host_is_local(other[i], "127.0.0.1"));
	assert_false(api_host_is_local(NULL, "127.0.0.1"));
}

static void test_listen_address(void **state)
{
	(void)state;
	assert_false(api_host_is_local("192.0.2.7:8080", "127.0.0.1"));
	assert_true(api_host_is_local("192.0.2.7:8080", "192.0.2.7"));
	assert_true(api_host_is_local("[2001:db8::7]", "2001:db8::7"));
	assert_false(api_host_is_local("192.0.2.7", NULL));
}

static void test_machine_name_and_interfaces(void **state)
{
	(void)state;
	char name[NAME_MAX_TEST] = "";
	assert_int_equal(gethostname(name, sizeof name - 1), 0);
	assert_true(api_host_is_local(name, "127.0.0.1"));
	char with_port[NAME_MAX_TEST + 8];
	snprintf(with_port, sizeof with_port, "%s:8080", name);
	assert_true(api_host_is_local(with_port, "127.0.0.1"));

	struct ifaddrs *list = NULL;
	assert_int_equal(getifaddrs(&list), 0);
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		char ip[NAME_MAX_TEST];
		inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, ip, sizeof ip);
		assert_true(api_host_is_local(ip, "127.0.0.1"));
	}
	freeifaddrs(list);
}

static void test_loopback_peers(void **state)
{
	(void)state;
	assert_true(api_addr_is_loopback("127.0.0.1") && api_addr_is_loopback("127.9.9.9"));
	assert_true(api_addr_is_loopback("::1") && api_addr_is_loopback("::ffff:127.0.0.1"));
	assert_false(api_addr_is_loopback("192.0.2.2") || api_addr_is_loopback("::ffff:10.0.0.1"));
	assert_false(api_addr_is_loopback("128.0.0.1") || api_addr_is_loopback("?"));
	assert_false(api_addr_is_loopback("") || api_addr_is_loopback(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_loopback_names_and_addresses),
	    cmocka_unit_test(test_other_hosts),
	    cmocka_unit_test(test_listen_address),
	    cmocka_unit_test(test_machine_name_and_interfaces),
	    cmocka_unit_test(test_loopback_peers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
