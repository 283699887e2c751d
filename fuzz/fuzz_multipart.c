/*
 * fuzz_multipart.c - libFuzzer target for multipart/form-data bodies
 * (src/http/multipart.c). The parser needs a libmicrohttpd connection, so
 * the target serves one route on loopback with the real HTTP server
 * (src/http/server.c), whose handler parses the body against a field
 * table like the photo upload's, and sends each input as one request: the
 * input's first line is the Content-Type (a default with boundary "fq"
 * when the input has no newline), the rest the body. The answer must be
 * one of the statuses the parser promises.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "http/http.h"
#include "http/multipart.h"

/* Caps of the form, and of the request as the server takes it. */
#define PART_FILE_MAX (256 * 1024)
#define PART_TEXT_MAX 256
#define BODY_MAX (1024 * 1024)
/* Bytes of the request head and of the answer's status line we read. */
#define HEAD_MAX 1024
#define ANSWER_MAX 64
#define DEFAULT_TYPE "multipart/form-data; boundary=fq"

static const http_form_field FIELDS[] = {
    {"photo", PART_FILE_MAX},
    {"kind", PART_TEXT_MAX},
    {"note", PART_TEXT_MAX},
};

static http_server *server;

/* The one handler: parse, check what came back, answer 200 or the error. */
static void on_form(struct app *a, http_req *r)
{
	(void)a;
	http_form form = {0};
	fq_err err = {0};
	fq_status st = http_form_parse(r, FIELDS, sizeof FIELDS / sizeof FIELDS[0], &form, &err);
	if (st != FQ_OK) {
		http_reply_error(r, st, &err);
		return;
	}
	FUZZ_CHECK(form.n <= HTTP_FORM_PARTS_MAX);
	for (size_t i = 0; i < form.n; i++)
		FUZZ_CHECK(form.parts[i].data.len <= PART_FILE_MAX);
	(void)http_form_count(&form, "photo");
	(void)http_form_get(&form, "kind");
	http_form_free(&form);
	http_reply(r, 200, "text/plain", "ok", 2);
}

static const http_route ROUTES[] = {{"POST", "/form", on_form, 0, BODY_MAX}};

static void stop_server(void)
{
	http_server_stop(server, 0);
}

static void start_server(void)
{
	http_options o = {.listen = "127.0.0.1",
	                  .threads = 1,
	                  .max_body = BODY_MAX,
	                  .max_connections = 16,
	                  .max_per_ip = 16,
	                  .timeout_s = 10,
	                  .access_log = "",
	                  .routes = ROUTES,
	                  .n_routes = 1};
	fq_err err = {0};
	if (http_server_start(&o, &server, &err) != FQ_OK) {
		fprintf(stderr, "fuzz_multipart: cannot serve: %s\n", err.message);
		abort();
	}
	atexit(stop_server);
}

/* Write all of buf; 0 on success. */
static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t k = send(fd, p, len, MSG_NOSIGNAL);
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* One request; the status the server answered, or 0 when none came. */
static int exchange(const char *type, const uint8_t *body, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)http_server_port(server))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	char head[HEAD_MAX];
	int n = snprintf(head, sizeof head,
	                 "POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	                 "Content-Type: %.600s\r\nContent-Length: %zu\r\n\r\n",
	                 type, len);
	char answer[ANSWER_MAX] = "";
	if (send_all(fd, head, (size_t)n) == 0 && send_all(fd, body, len) == 0) {
		shutdown(fd, SHUT_WR);
		ssize_t got = recv(fd, answer, sizeof answer - 1, MSG_WAITALL);
		answer[got > 0 ? got : 0] = '\0';
	}
	close(fd);
	int status = 0;
	sscanf(answer, "HTTP/1.1 %d", &status);
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!server)
		start_server();
	if (size > BODY_MAX)
		return 0;
	const uint8_t *nl = memchr(data, '\n', size);
	char *type = nl ? fuzz_cstr(data, (size_t)(nl - data))
	                : fuzz_cstr((const uint8_t *)DEFAULT_TYPE, strlen(DEFAULT_TYPE));
	if (!type)
		return 0;
	for (char *p = type; *p; p++)
		if (*p == '\r' || (unsigned char)*p < ' ')
			*p = ' ';
	const uint8_t *body = nl ? nl + 1 : data;
	size_t len = nl ? size - (size_t)(nl + 1 - data) : size;
	int status = exchange(type, body, len);
	FUZZ_CHECK(status == 0 || status == 200 || status == 400 || status == 413 || status == 415 ||
	       status == 422);
	free(type);
	return 0;
}
