/*
 * origin.c - absolute URLs of this server from public_url or the Host
 * header, and whether a Host names this machine (origin.h).
 */
#include "api/origin.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Bytes of the machine's host name (POSIX HOST_NAME_MAX is 255 on Linux). */
#define MACHINE_NAME_MAX 256

/* The loopback name and the suffix RFC 6761 reserves for loopback names. */
#define LOOPBACK_NAME "localhost"
#define LOOPBACK_SUFFIX ".localhost"

/* An address of either family, as inet_pton writes it. */
typedef struct ip_addr {
	int family;              /* AF_INET or AF_INET6; 0 when not an address */
	unsigned char bytes[16]; /* network order; 4 used for AF_INET */
} ip_addr;

/* Non-zero when host is a plain host name, IPv4 or [IPv6] address with an
 * optional port: nothing that could break out of a URL or an attribute. */
static int host_ok(const char *host)
{
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > API_HOST_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = host[i];
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		         (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ':' ||
		         ch == '[' || ch == ']';
		if (!ok)
			return 0;
	}
	return 1;
}

/* "https" when a proxy in front says so or the cookie is Secure, else
 * "http". */
static const char *scheme_of(app *a, http_req *r)
{
	const char *fwd = http_header(r, "X-Forwarded-Proto");
	if (fwd && strcmp(fwd, "https") == 0)
		return "https";
	if (fwd && strcmp(fwd, "http") == 0)
		return "http";
	return a->cfg.cookie_secure ? "https" : "http";
}

/* The name or address of host without brackets and port, into out.
 * Zero when it does not fit or the brackets do not close. */
static int host_part(const char *host, char *out, size_t size)
{
	const char *start = host, *end;
	if (host[0] == '[') {
		start = host + 1;
		end = strchr(start, ']');
		if (!end || (end[1] != '\0' && end[1] != ':'))
			return 0;
	} else {
		end = strchr(host, ':');
		if (!end)
			end = host + strlen(host);
		else if (strchr(end + 1, ':'))
			return 0; /* an IPv6 address needs brackets in a Host */
	}
	size_t n = (size_t)(end - start);
	if (n == 0 || n >= size)
		return 0;
	memcpy(out, start, n);
	out[n] = '\0';
	if (n > 1 && out[n - 1] == '.') /* "localhost." is "localhost" */
		out[n - 1] = '\0';
	return 1;
}

static ip_addr parse_ip(const char *s)
{
	ip_addr ip = {0};
	if (inet_pton(AF_INET, s, ip.bytes) == 1)
		ip.family = AF_INET;
	else if (inet_pton(AF_INET6, s, ip.bytes) == 1)
		ip.family = AF_INET6;
	return ip;
}

static int ip_equal(const ip_addr *x, const ip_addr *y)
{
	size_t n = x->family == AF_INET ? 4 : 16;
	return x->family && x->family == y->family && memcmp(x->bytes, y->bytes, n) == 0;
}

static int ip_loopback(const ip_addr *ip)
{
	static const unsigned char v6_loopback[16] = {[15] = 1};
	static const unsigned char v4_mapped[12] = {[10] = 0xFF, [11] = 0xFF};
	if (ip->family == AF_INET)
		return ip->bytes[0] == 127;
	if (ip->family == AF_INET6 && memcmp(ip->bytes, v4_mapped, 12) == 0)
		return ip->bytes[12] == 127;
	return ip->family == AF_INET6 && memcmp(ip->bytes, v6_loopback, 16) == 0;
}

/* Non-zero when ip is the address of one of this machine's interfaces. */
static int ip_of_interface(const ip_addr *ip)
{
	struct ifaddrs *list = NULL;
	if (getifaddrs(&list) != 0)
		return 0;
	int found = 0;
	for (struct ifaddrs *i = list; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		ip_addr mine = {.family = i->ifa_addr->sa_family};
		if (mine.family == AF_INET)
			memcpy(mine.bytes, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
		else if (mine.family == AF_INET6)
			memcpy(mine.bytes, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
		else
			continue;
		found = ip_equal(ip, &mine);
	}
	freeifaddrs(list);
	return found;
}

/* Non-zero when name (not an address) is a loopback name or the machine's
 * host name, in full or its first label. */
static int name_is_local(const char *name)
{
	size_t n = strlen(name), suffix = strlen(LOOPBACK_SUFFIX);
	if (strcasecmp(name, LOOPBACK_NAME) == 0 ||
	    (n > suffix && strcasecmp(name + n - suffix, LOOPBACK_SUFFIX) == 0))
		return 1;
	char mine[MACHINE_NAME_MAX] = "";
	if (gethostname(mine, sizeof mine - 1) != 0 || !mine[0])
		return 0;
	if (strcasecmp(name, mine) == 0)
		return 1;
	size_t label = strcspn(mine, ".");
	return strlen(name) == label && strncasecmp(name, mine, label) == 0;
}

int api_host_is_local(const char *host, const char *listen)
{
	char name[API_HOST_MAX + 1];
	if (!host_ok(host) || !host_part(host, name, sizeof name))
		return 0;
	ip_addr ip = parse_ip(name);
	if (!ip.family)
		return name_is_local(name);
	ip_addr bound = parse_ip(listen ? listen : "");
	return ip_loopback(&ip) || ip_equal(&ip, &bound) || ip_of_interface(&ip);
}

int api_addr_is_loopback(const char *addr)
{
	if (!addr)
		return 0;
	ip_addr ip = parse_ip(addr);
	return ip_loopback(&ip);
}

fq_status api_request_url(app *a, http_req *r, const char *path, char *out, size_t size,
                          fq_err *err)
{
	int n;
	if (a->cfg.public_url[0]) {
		n = snprintf(out, size, "%s%s", a->cfg.public_url, path);
		if (n < 0 || (size_t)n >= size)
			return fq_fail(err, FQ_EBADREQ, "public_url", "public_url is too long");
		return FQ_OK;
	}
	const char *host = http_header(r, "Host");
	if (!host_ok(host))
		return fq_fail(err, FQ_EBADREQ, "Host", "the Host header is not a plain host name");
	if (!api_host_is_local(host, a->cfg.listen))
		return fq_fail(err, FQ_EBADREQ, "Host",
		               "no link is built for a Host that names another server: the "
		               "operator should set public_url (file key public_url, "
		               "FENGQIAO_PUBLIC_URL or --public-url) to the address people reach "
		               "this server at (Host: %s)",
		               host);
	n = snprintf(out, size, "%s://%s%s", scheme_of(a, r), host, path);
	if (n < 0 || (size_t)n >= size)
		return fq_fail(err, FQ_EBADREQ, "Host", "the Host header is too long");
	return FQ_OK;
}

const char *api_origin(app *a, http_req *r)
{
	if (a->cfg.public_url[0])
		return a->cfg.public_url;
	const char *host = http_header(r, "Host");
	if (host_ok(host))
		return fq_arena_printf(http_arena(r), "%s://%s", scheme_of(a, r), host);
	return fq_arena_printf(http_arena(r), "%s://%s:%d", scheme_of(a, r), a->cfg.listen,
	                       a->cfg.port);
}
