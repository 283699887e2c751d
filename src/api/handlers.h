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
/* end session.c */

/* org.c */
/* end org.c */

#endif
