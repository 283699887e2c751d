/*
 * routes.c - the one route table: method, pattern, handler, and who may
 * call (role bits from domain/roles.h; WHO_PUBLIC needs no login). Every
 * row must also appear in docs/openapi.yaml; a test checks that.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "domain/roles.h"

const http_route api_routes[] = {
	{"GET", "/healthz", api_healthz, WHO_PUBLIC},
	{"GET", "/metrics", api_metrics, WHO_PUBLIC},
	/* session.c: login, logout, me */
	/* end session.c */
	/* org.c: the org tree, locate, households, people, leaders */
	/* end org.c */
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
