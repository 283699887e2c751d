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
	{"POST", "/api/v1/session", api_session_create, WHO_PUBLIC},
	{"DELETE", "/api/v1/session", api_session_delete, WHO_ANY},
	{"GET", "/api/v1/me", api_me, WHO_ANY},
	{"GET", "/api/v1/accounts", api_accounts_list, ROLE_ADMIN},
	/* end session.c */
	/* org.c: the org tree, locate, households, people, leaders */
	{"GET", "/api/v1/org/units", api_org_units, WHO_ANY},
	{"GET", "/api/v1/org/units/{id}", api_org_unit, WHO_ANY},
	{"GET", "/api/v1/org/units/{id}/households", api_org_unit_households,
	 WHO_STAFF | ROLE_BUILDING_LEADER},
	{"GET", "/api/v1/org/locate", api_org_locate, WHO_ANY},
	{"GET", "/api/v1/households/{id}", api_household_get, WHO_ANY},
	{"POST", "/api/v1/persons/{id}/reveal", api_person_reveal, WHO_ANY},
	{"GET", "/api/v1/leaders", api_leaders, WHO_STAFF},
	{"GET", "/api/v1/leaders/{id}/households", api_leader_households, WHO_ANY},
	/* end org.c */
	/* requests.c: intake, one request, actions */
	/* end requests.c */
	/* catalogue.c: categories, calendar */
	/* end catalogue.c */
	/* search.c: list, search, export of requests */
	/* end search.c */
	/* stats.c: metrics */
	/* end stats.c */
	/* live.c: server-sent events, webhooks */
	/* end live.c */
	/* photos.c: photo upload and download */
	/* end photos.c */
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
