/*
 * handlers.h - every HTTP handler, one line each, grouped by the file that
 * implements it. The route table (routes.c) is the only caller.
 */
#ifndef FQ_API_HANDLERS_H
#define FQ_API_HANDLERS_H

#include "api/app.h"

/* system.c */
void api_healthz(app *a, http_req *r);
void api_metrics(app *a, http_req *r);

/* session.c */
void api_session_create(app *a, http_req *r);
void api_session_delete(app *a, http_req *r);
void api_me(app *a, http_req *r);
void api_accounts_list(app *a, http_req *r);
/* end session.c */

/* org.c */
void api_org_units(app *a, http_req *r);
void api_org_unit(app *a, http_req *r);
void api_org_unit_households(app *a, http_req *r);
void api_org_locate(app *a, http_req *r);
void api_household_get(app *a, http_req *r);
void api_person_reveal(app *a, http_req *r);
void api_leaders(app *a, http_req *r);
void api_leader_households(app *a, http_req *r);
/* end org.c */

/* requests.c */
void api_request_create(app *a, http_req *r);
void api_request_get(app *a, http_req *r);
void api_request_action(app *a, http_req *r);
/* end requests.c */

/* catalogue.c */
void api_categories_list(app *a, http_req *r);
void api_category_create(app *a, http_req *r);
void api_category_update(app *a, http_req *r);
void api_calendar_list(app *a, http_req *r);
void api_calendar_put(app *a, http_req *r);
void api_calendar_delete(app *a, http_req *r);
/* end catalogue.c */

/* search.c */
void api_requests_list(app *a, http_req *r);
void api_requests_export(app *a, http_req *r);
/* end search.c */

/* stats.c */
void api_stats(app *a, http_req *r);
void api_stats_overview(app *a, http_req *r);
/* end stats.c */

/* live.c */
void api_events(app *a, http_req *r);
void api_webhooks_list(app *a, http_req *r);
void api_webhook_create(app *a, http_req *r);
void api_webhook_delete(app *a, http_req *r);
/* end live.c */

/* photos.c */
#include "domain/photo.h" /* PHOTO_UPLOAD_BODY_MAX, the upload route's body cap */
void api_photo_upload(app *a, http_req *r);
void api_photo_get(app *a, http_req *r);
void api_photo_thumb(app *a, http_req *r);
/* end photos.c */

/* open311.c */
#include "api/open311.h" /* O311_POST_BODY_MAX, the POST routes' body cap */
void api_o311_discovery(app *a, http_req *r);
void api_o311_services(app *a, http_req *r);
void api_o311_service(app *a, http_req *r);
void api_o311_requests(app *a, http_req *r);
void api_o311_request(app *a, http_req *r);
void api_o311_token(app *a, http_req *r);
void api_o311_updates(app *a, http_req *r);
void api_o311_unknown(app *a, http_req *r);
void api_o311_create(app *a, http_req *r); /* open311_post.c */
/* end open311.c */

/* poster.c */
void api_building_qr(app *a, http_req *r);
void api_building_poster(app *a, http_req *r);
/* end poster.c */

#endif
