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
	{"POST", "/api/v1/requests", api_request_create, WHO_ANY},
	{"GET", "/api/v1/requests/{id}", api_request_get, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/accept", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/return", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/escalate", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/resolve", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/rate", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/extend", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/approve_extension", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/refuse_extension", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/supervise", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/reject", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/merge", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/redo", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/reassign", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/remind", api_request_action, WHO_ANY},
	{"POST", "/api/v1/requests/{id}/cohandlers", api_request_action, WHO_ANY},
	/* end requests.c */
	/* catalogue.c: categories, calendar */
	{"GET", "/api/v1/categories", api_categories_list, WHO_ANY},
	{"POST", "/api/v1/categories", api_category_create, ROLE_ADMIN},
	{"PUT", "/api/v1/categories/{id}", api_category_update, ROLE_ADMIN},
	{"GET", "/api/v1/calendar", api_calendar_list, WHO_ANY},
	{"PUT", "/api/v1/calendar/{day}", api_calendar_put, ROLE_ADMIN},
	{"DELETE", "/api/v1/calendar/{day}", api_calendar_delete, ROLE_ADMIN},
	/* end catalogue.c */
	/* search.c: list, search, export of requests */
	{"GET", "/api/v1/requests", api_requests_list, WHO_ANY},
	{"GET", "/api/v1/requests/export", api_requests_export, WHO_STAFF},
	/* end search.c */
	/* stats.c: metrics */
	{"GET", "/api/v1/stats", api_stats, WHO_STAFF},
	{"GET", "/api/v1/stats/overview", api_stats_overview, WHO_STAFF},
	/* end stats.c */
	/* live.c: server-sent events, webhooks */
	{"GET", "/api/v1/events", api_events, WHO_ANY},
	{"GET", "/api/v1/webhooks", api_webhooks_list, ROLE_ADMIN},
	{"POST", "/api/v1/webhooks", api_webhook_create, ROLE_ADMIN},
	{"DELETE", "/api/v1/webhooks/{id}", api_webhook_delete, ROLE_ADMIN},
	/* end live.c */
	/* photos.c: photo upload and download */
	{"POST", "/api/v1/requests/{id}/photos", api_photo_upload, WHO_ANY, PHOTO_UPLOAD_BODY_MAX},
	{"GET", "/api/v1/requests/{id}/photos/{photo_id}", api_photo_get, WHO_ANY},
	{"GET", "/api/v1/requests/{id}/photos/{photo_id}/thumb", api_photo_thumb, WHO_ANY},
	/* end photos.c */
	/* open311.c: Open311 GeoReport v2 (public routes: the handlers check api_key) */
	{"GET", "/open311/v2/discovery.json", api_o311_discovery, WHO_PUBLIC},
	{"GET", "/open311/v2/discovery.xml", api_o311_discovery, WHO_PUBLIC},
	{"GET", "/open311/v2/services.json", api_o311_services, WHO_PUBLIC},
	{"GET", "/open311/v2/services.xml", api_o311_services, WHO_PUBLIC},
	{"GET", "/open311/v2/services/{service_code}", api_o311_service, WHO_PUBLIC},
	{"GET", "/open311/v2/requests.json", api_o311_requests, WHO_PUBLIC},
	{"GET", "/open311/v2/requests.xml", api_o311_requests, WHO_PUBLIC},
	{"POST", "/open311/v2/requests.json", api_o311_create, WHO_PUBLIC, O311_POST_BODY_MAX},
	{"POST", "/open311/v2/requests.xml", api_o311_create, WHO_PUBLIC, O311_POST_BODY_MAX},
	{"GET", "/open311/v2/requests/{service_request_id}", api_o311_request, WHO_PUBLIC},
	{"GET", "/open311/v2/tokens/{token}", api_o311_token, WHO_PUBLIC},
	{"GET", "/open311/v2/servicerequestupdates.json", api_o311_updates, WHO_PUBLIC},
	{"GET", "/open311/v2/servicerequestupdates.xml", api_o311_updates, WHO_PUBLIC},
	{"GET", "/open311/v2/{resource}", api_o311_unknown, WHO_PUBLIC},
	{"POST", "/open311/v2/{resource}", api_o311_unknown, WHO_PUBLIC},
	{"GET", "/open311/v2/{resource}/{id}", api_o311_unknown, WHO_PUBLIC},
	/* end open311.c */
	/* poster.c: a building's QR code and printable poster (扫码上报) */
	{"GET", "/api/v1/buildings/{id}/qr.svg", api_building_qr, WHO_ANY},
	{"GET", "/api/v1/buildings/{id}/poster", api_building_poster,
	 WHO_STAFF | ROLE_BUILDING_LEADER},
	/* end poster.c */
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
