/*
 * static.c - the web UI's files served from memory; see static.h.
 */
#include "http/static.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/buf.h"

#define STATIC_PATH_MAX 512
#define GZIP_MIN_BYTES 512 /* smaller files are not worth compressing */

typedef struct sfile {
	char path[STATIC_PATH_MAX]; /* "/resident/index.html" */
	const char *type;
	char *data;
	size_t len;
	char *gz;                   /* gzip copy, or NULL */
	size_t gz_len;
	char etag[24];
	int is_html;
} sfile;

struct http_static {
	sfile *files;
	size_t n, cap;
	size_t total;
	char csp[512];
};

static const struct {
	const char *ext, *type;
	int text;
} types[] = {
	{".html", "text/html; charset=utf-8", 1},
	{".js", "text/javascript; charset=utf-8", 1},
	{".mjs", "text/javascript; charset=utf-8", 1},
	{".css", "text/css; charset=utf-8", 1},
	{".json", "application/json; charset=utf-8", 1},
	{".svg", "image/svg+xml", 1},
	{".txt", "text/plain; charset=utf-8", 1},
	{".webmanifest", "application/manifest+json", 1},
	{".png", "image/png", 0},
	{".jpg", "image/jpeg", 0},
	{".jpeg", "image/jpeg", 0},
	{".webp", "image/webp", 0},
	{".ico", "image/x-icon", 0},
	{".woff2", "font/woff2", 0},
	{".woff", "font/woff", 0},
};

static int type_of(const char *name, const char **type)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(dot, types[i].ext) == 0) {
			*type = types[i].type;
			return types[i].text;
		}
	*type = "application/octet-stream";
	return 0;
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void gzip_copy(sfile *f)
{
	if (f->len < GZIP_MIN_BYTES)
		return;
	z_stream z = {0};
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	uLong bound = deflateBound(&z, (uLong)f->len);
	char *out = malloc(bound);
	z.next_in = (Bytef *)f->data;
	z.avail_in = (uInt)f->len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)bound;
	if (out && deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < f->len * 9 / 10) {
		f->gz = out;
		f->gz_len = z.total_out;
	} else {
		free(out);
	}
	deflateEnd(&z);
}

static fq_status read_file(const char *full, sfile *f, fq_err *err)
{
	FILE *fp = fopen(full, "rb");
	if (!fp)
		return fq_fail(err, FQ_EIO, "web_dir", "cannot read %s", full);
	f->data = malloc(f->len + 1);
	size_t got = f->data ? fread(f->data, 1, f->len, fp) : 0;
	fclose(fp);
	if (!f->data || got != f->len)
		return fq_fail(err, FQ_EIO, "web_dir", "cannot read %s", full);
	f->data[f->len] = '\0';
	return FQ_OK;
}

static fq_status add_file(http_static *s, const char *full, const char *rel, size_t size,
			  fq_err *err)
{
	if (size > STATIC_FILE_MAX)
		return FQ_OK; /* documented: too large to serve */
	if (s->n >= STATIC_FILES_MAX || s->total + size > STATIC_TOTAL_MAX)
		return fq_fail(err, FQ_ETOOBIG, "web_dir", "more than %d files or %d bytes",
			       STATIC_FILES_MAX, STATIC_TOTAL_MAX);
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		sfile *p = realloc(s->files, cap * sizeof *p);
		if (!p)
			return FQ_ENOMEM;
		s->files = p;
		s->cap = cap;
	}
	sfile *f = &s->files[s->n];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", rel);
	f->len = size;
	int text = type_of(rel, &f->type);
	f->is_html = strstr(f->type, "text/html") != NULL;
	fq_status st = read_file(full, f, err);
	if (st != FQ_OK) {
		free(f->data);
		return st;
	}
	snprintf(f->etag, sizeof f->etag, "\"%016llx\"", (unsigned long long)fnv1a(f->data, f->len));
	if (text)
		gzip_copy(f);
	s->n++;
	s->total += size;
	return FQ_OK;
}

static fq_status walk(http_static *s, const char *dir, const char *rel, int depth, fq_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return FQ_OK;
	fq_status st = FQ_OK;
	struct dirent *e;
	while (st == FQ_OK && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden files, "." and ".." */
		char full[STATIC_PATH_MAX * 2], sub[STATIC_PATH_MAX];
		snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", rel, e->d_name) >= sizeof sub)
			continue;
		struct stat sb;
		if (stat(full, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode) && depth < 8)
			st = walk(s, full, sub, depth + 1, err);
		else if (S_ISREG(sb.st_mode))
			st = add_file(s, full, sub, (size_t)sb.st_size, err);
	}
	closedir(d);
	return st;
}

static void make_csp(http_static *s, const char *extra_img)
{
	snprintf(s->csp, sizeof s->csp,
		 "default-src 'self'; script-src 'self'; style-src 'self'; "
		 "img-src 'self' data: blob:%s%s; connect-src 'self'; font-src 'self'; "
		 "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
		 extra_img && *extra_img ? " " : "", extra_img ? extra_img : "");
}

fq_status http_static_load(const char *dir, const char *extra_img, http_static **out,
			   fq_err *err)
{
	http_static *s = calloc(1, sizeof *s);
	if (!s)
		return FQ_ENOMEM;
	make_csp(s, extra_img);
	fq_status st = walk(s, dir, "", 0, err);
	if (st != FQ_OK) {
		http_static_free(s);
		return st;
	}
	*out = s;
	return FQ_OK;
}

void http_static_free(http_static *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->files[i].data);
		free(s->files[i].gz);
	}
	free(s->files);
	free(s);
}

size_t http_static_count(const http_static *s)
{
	return s ? s->n : 0;
}

const char *http_static_csp(const http_static *s)
{
	return s->csp;
}

static const sfile *find(const http_static *s, const char *path)
{
	char want[STATIC_PATH_MAX];
	size_t n = strlen(path);
	if (n == 0 || n + sizeof "index.html" >= sizeof want || strstr(path, ".."))
		return NULL;
	snprintf(want, sizeof want, "%s%s", path, path[n - 1] == '/' ? "index.html" : "");
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->files[i].path, want) == 0)
			return &s->files[i];
	return NULL;
}

static int accepts_gzip(http_req *r)
{
	const char *ae = http_header(r, "Accept-Encoding");
	return ae && strstr(ae, "gzip") != NULL;
}

int http_static_serve(const http_static *s, http_req *r)
{
	const sfile *f = s ? find(s, http_path(r)) : NULL;
	if (!f)
		return 0;
	http_add_header(r, "ETag", f->etag);
	http_add_header(r, "Cache-Control", f->is_html ? "no-cache" : "public, max-age=3600");
	http_add_header(r, "Vary", "Accept-Encoding");
	if (f->is_html) {
		http_add_header(r, "Content-Security-Policy", s->csp);
		http_add_header(r, "X-Frame-Options", "DENY");
		http_add_header(r, "Referrer-Policy", "same-origin");
	}
	const char *inm = http_header(r, "If-None-Match");
	if (inm && strstr(inm, f->etag)) {
		http_reply(r, 304, NULL, "", 0);
		return 1;
	}
	if (f->gz && accepts_gzip(r)) {
		http_add_header(r, "Content-Encoding", "gzip");
		http_reply(r, 200, f->type, f->gz, f->gz_len);
	} else {
		http_reply(r, 200, f->type, f->data, f->len);
	}
	return 1;
}
