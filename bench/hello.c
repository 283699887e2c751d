/*
 * hello.c - the baseline for the HTTP throughput benchmarks: a hello-world
 * libmicrohttpd server at its fastest flags (epoll, a thread pool as large
 * as fengqiao's, MHD_USE_TURBO), answering every request with a small JSON
 * body.
 *
 * usage: hello PORT THREADS
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char BODY[] = "{\"hello\":\"world\"}";

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **ptr)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)data;
	(void)size;
	if (!*ptr) {
		*ptr = (void *)1;
		return MHD_YES;
	}
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(BODY), (void *)BODY, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO,
		(uint16_t)atoi(argv[1]), NULL, NULL, answer, NULL, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)atoi(argv[2]), MHD_OPTION_CONNECTION_LIMIT, 1024u, MHD_OPTION_END);
	if (!d)
		return 1;
	int sig;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
