/*
 * poster.c - the building posters (扫码上报): GET
 * /api/v1/buildings/{id}/qr.svg, a QR code made here that opens the
 * resident's report page already set to that building
 * (<origin>/resident/#report?building=<id>), and GET
 * /api/v1/buildings/{id}/poster, a printable A4 page around it with the
 * building's name and address, the call to scan in Chinese and English,
 * and the name of the grid worker who answers for it.
 *
 * The org tree is public to every logged-in role, so any of them may have
 * a building's QR code; the poster is for the staff (and the building
 * leader) whose units cover the building, anyone else gets 404.
 *
 * The origin is the one the caller reached this server by: the Host
 * header (checked to be a plain host[:port]), over https when a proxy says
 * so with X-Forwarded-Proto or when the session cookie is marked Secure.
 *
 * The page is the only HTML this server writes: every value in it goes
 * through fq_buf_html (core/buf.h). It has no inline script or style, so the
 * same Content-Security-Policy as the web UI holds.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/origin.h"
#include "core/buf.h"
#include "domain/access.h"
#include "domain/org_svc.h"
#include "domain/qr.h"

#define POSTER_PATH_MAX 64        /* bytes of the report page's path */
#define POSTER_URL_MAX 512        /* bytes of the report URL a code carries */
#define POSTER_PAGE_MAX (64 * 1024) /* bytes of the poster page */
#define POSTER_SVG_MAX (256 * 1024) /* bytes of one QR code's SVG */
#define POSTER_QR_CACHE "private, max-age=300"
#define POSTER_CSP                                                                           \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "    \
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
#define POSTER_WHO (WHO_STAFF | ROLE_BUILDING_LEADER) /* roles that may print a poster */

/* ---- the building and its report URL ----------------------------------- */

/* The report page preset to building id, as reached by this request. */
static fq_status report_url(app *a, http_req *r, int64_t id, char *out, size_t size,
			    fq_err *err)
{
	char path[POSTER_PATH_MAX];
	snprintf(path, sizeof path, "/resident/#report?building=%lld", (long long)id);
	return api_request_url(a, r, path, out, size, err);
}

/* The building of path capture 0 into *b, in the request's arena. */
static fq_status load_building(app *a, http_req *r, store_poster_building *b, fq_err *err)
{
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, err);
	if (st != FQ_OK)
		return st;
	return orgsvc_poster_building(a->db, http_arena(r), id, b, err);
}

/* ---- GET /api/v1/buildings/{id}/qr.svg --------------------------------- */

void api_building_qr(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	fq_buf svg = {.limit = POSTER_SVG_MAX};
	store_poster_building b;
	char url[POSTER_URL_MAX];
	fq_status st = load_building(a, r, &b, &err);
	if (st == FQ_OK)
		st = report_url(a, r, b.id, url, sizeof url, &err);
	if (st == FQ_OK)
		st = qr_svg(url, &svg, &err);
	size_t len = 0;
	char *body = api_buf_or_reply(r, st, &err, &svg, &len);
	if (!body)
		return;
	http_add_header(r, "Cache-Control", POSTER_QR_CACHE);
	http_add_header(r, "Vary", "Host, X-Forwarded-Proto");
	http_add_header(r, "X-Content-Type-Options", "nosniff");
	http_add_header(r, "Content-Security-Policy", "default-src 'none'");
	http_reply_take(r, 200, "image/svg+xml; charset=utf-8", body, len);
}

/* ---- GET /api/v1/buildings/{id}/poster --------------------------------- */

/* The head of the page and its heading: where the building is. */
static fq_status page_head(fq_buf *out, const store_poster_building *b)
{
	const char *where = *b->community_name ? b->community_name : b->grid_name;
	const char *pieces[] = {
		"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>扫码上报 · ", b->name,
		"</title>\n<link rel=\"stylesheet\" href=\"/common/base.css\">\n"
		"<link rel=\"stylesheet\" href=\"/resident/poster.css\">\n"
		"<script type=\"module\" src=\"/resident/poster.js\"></script>\n"
		"</head>\n<body class=\"poster-body\">\n<main class=\"poster\">\n"
		"<header class=\"poster-head\">\n<p class=\"poster-where\">", where,
		"</p>\n<h1 class=\"poster-building\">", b->name,
		"</h1>\n<p class=\"poster-address\">", b->address, "</p>\n</header>\n",
		NULL};
	return fq_buf_html_pieces(out, pieces);
}

/* The call to scan, the code, the three steps and the link for those who
 * cannot scan. */
static fq_status page_code(fq_buf *out, const store_poster_building *b, const char *url)
{
	char src[POSTER_URL_MAX];
	snprintf(src, sizeof src, "/api/v1/buildings/%lld/qr.svg", (long long)b->id);
	const char *pieces[] = {
		"<p class=\"poster-call\">扫码上报</p>\n"
		"<p class=\"poster-call-en\" lang=\"en\">Scan to report a problem</p>\n"
		"<img class=\"poster-qr\" width=\"600\" height=\"600\" src=\"", src,
		"\" alt=\"上报二维码 QR code: ", url,
		"\">\n<ol class=\"poster-steps\">\n"
		"<li>用手机相机或微信扫一扫上面的二维码"
		"<span lang=\"en\">Scan the code with your phone's camera or WeChat</span></li>\n"
		"<li>选问题类别，写几句话，拍张照片，点“提交”"
		"<span lang=\"en\">Pick what is wrong, add a few words and a photo, send</span></li>\n"
		"<li>网格员会尽快联系您，办理进度随时可查"
		"<span lang=\"en\">Your grid worker will contact you; follow the progress any "
		"time</span></li>\n</ol>\n"
		"<p class=\"poster-link\">扫不了？请在浏览器打开 <span lang=\"en\">Cannot scan? "
		"Open</span> <a class=\"poster-url\" href=\"", url, "\">", url, "</a></p>\n",
		NULL};
	return fq_buf_html_pieces(out, pieces);
}

/* Who answers for the building, and the print button. */
static fq_status page_foot(fq_buf *out, const store_poster_building *b)
{
	const char *worker = *b->worker_name ? b->worker_name : "—";
	const char *pieces[] = {
		"<footer class=\"poster-worker\">\n<p>本楼网格员 <span lang=\"en\">Grid "
		"worker</span></p>\n<p class=\"poster-worker-name\">", worker,
		"</p>\n<p class=\"poster-grid\">", b->grid_name,
		"</p>\n</footer>\n</main>\n"
		"<p class=\"poster-actions\"><button type=\"button\" class=\"btn btn-primary\" "
		"id=\"poster-print\">打印 Print</button></p>\n</body>\n</html>\n",
		NULL};
	return fq_buf_html_pieces(out, pieces);
}

/* 404 unless a staff or building-leader role of the caller covers b. */
static fq_status check_scope(http_req *r, const store_poster_building *b, fq_err *err)
{
	const caller *who = api_caller(r);
	if (!who || !access_covers(who, POSTER_WHO, b->path))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such building");
	return FQ_OK;
}

void api_building_poster(app *a, http_req *r)
{
	fq_err err = {{0}, {0}};
	fq_buf page = {.limit = POSTER_PAGE_MAX};
	store_poster_building b;
	char url[POSTER_URL_MAX];
	fq_status st = load_building(a, r, &b, &err);
	if (st == FQ_OK)
		st = check_scope(r, &b, &err);
	if (st == FQ_OK)
		st = report_url(a, r, b.id, url, sizeof url, &err);
	if (st == FQ_OK)
		st = page_head(&page, &b);
	if (st == FQ_OK)
		st = page_code(&page, &b, url);
	if (st == FQ_OK)
		st = page_foot(&page, &b);
	size_t len = 0;
	char *body = api_buf_or_reply(r, st, &err, &page, &len);
	if (!body)
		return;
	http_add_header(r, "Cache-Control", "private, no-cache");
	http_add_header(r, "Content-Security-Policy", POSTER_CSP);
	http_add_header(r, "X-Content-Type-Options", "nosniff");
	http_add_header(r, "X-Frame-Options", "DENY");
	http_add_header(r, "Referrer-Policy", "same-origin");
	http_reply_take(r, 200, "text/html; charset=utf-8", body, len);
}
