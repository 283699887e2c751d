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
/* end requests.c */

/* catalogue.c */
/* end catalogue.c */

/* search.c */
/* end search.c */

/* stats.c */
/* end stats.c */

/* live.c */
/* end live.c */

/* photos.c */
/* end photos.c */

#endif
