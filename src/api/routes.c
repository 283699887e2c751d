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
	{"GET", "/api/v1/ui/config", api_ui_config, WHO_PUBLIC},
	/* session.c: login, logout, me */
	{"POST", "/api/v1/session", api_session_create, WHO_PUBLIC},
	{"DELETE", "/api/v1/session", api_session_delete, WHO_ANY},
	{"GET", "/api/v1/me", api_me, WHO_ANY},
	{"GET", "/api/v1/accounts", api_accounts_list, ROLE_ADMIN},
	{"GET", "/api/v1/accounts/lookup", api_accounts_lookup, WHO_STAFF | ROLE_MEDIATOR},
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
	{"POST", "/api/v1/requests/merge", api_requests_merge, WHO_STAFF},
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
	/* talents.c: talent pool and dispatch-by-name (群英库, 点将派单) */
	{"GET", "/api/v1/talents/pools", api_talent_pools, WHO_ANY},
	{"POST", "/api/v1/talents/pools", api_talent_pool_create, TALENT_WHO_APPROVE, TALENT_BODY_MAX},
	{"GET", "/api/v1/talents", api_talents_list, TALENT_WHO_READ},
	{"POST", "/api/v1/talents", api_talent_enrol, WHO_ANY, TALENT_BODY_MAX},
	{"GET", "/api/v1/talents/me", api_talent_me, WHO_ANY},
	{"GET", "/api/v1/talents/{id}", api_talent_get, WHO_ANY},
	{"PUT", "/api/v1/talents/{id}", api_talent_update, WHO_ANY, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/{id}/approve", api_talent_decide, TALENT_WHO_APPROVE, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/{id}/reject", api_talent_decide, TALENT_WHO_APPROVE, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/{id}/withdraw", api_talent_decide, WHO_ANY, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/{id}/relations", api_talent_relation_add, WHO_ANY, TALENT_BODY_MAX},
	{"GET", "/api/v1/talents/{id}/workload", api_talent_workload, WHO_ANY},
	{"GET", "/api/v1/talents/suggestions", api_talent_suggestions, TALENT_WHO_COORDINATE},
	{"GET", "/api/v1/talents/tasks", api_talent_tasks_list, WHO_ANY},
	{"POST", "/api/v1/talents/tasks", api_talent_task_create, TALENT_WHO_COORDINATE, TALENT_BODY_MAX},
	{"GET", "/api/v1/talents/tasks/{id}", api_talent_task_get, WHO_ANY},
	{"POST", "/api/v1/talents/tasks/{id}/accept", api_talent_task_action, WHO_ANY, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/tasks/{id}/decline", api_talent_task_action, WHO_ANY, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/tasks/{id}/done", api_talent_task_action, WHO_ANY, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/tasks/{id}/rate", api_talent_task_action, TALENT_WHO_COORDINATE, TALENT_BODY_MAX},
	{"POST", "/api/v1/talents/tasks/{id}/cancel", api_talent_task_action, TALENT_WHO_COORDINATE, TALENT_BODY_MAX},
	/* end talents.c */
	/* volunteers.c: volunteers and teams (服务网) */
	{"GET", "/api/v1/volunteers", api_volunteers_list, VOL_WHO_READ},
	{"POST", "/api/v1/volunteers", api_volunteer_register, WHO_ANY, VOL_BODY_MAX},
	{"GET", "/api/v1/volunteers/me", api_volunteer_me, WHO_ANY},
	{"GET", "/api/v1/volunteers/{id}", api_volunteer_get, WHO_ANY},
	{"PUT", "/api/v1/volunteers/{id}", api_volunteer_update, WHO_ANY, VOL_BODY_MAX},
	{"GET", "/api/v1/volunteer-teams", api_vol_teams, WHO_ANY},
	{"POST", "/api/v1/volunteer-teams", api_vol_team_create, VOL_WHO_STAFF, VOL_BODY_MAX},
	{"GET", "/api/v1/volunteer-teams/{id}", api_vol_team_get, WHO_ANY},
	{"POST", "/api/v1/volunteer-teams/{id}/join", api_vol_team_member, WHO_ANY, VOL_BODY_MAX},
	{"POST", "/api/v1/volunteer-teams/{id}/leave", api_vol_team_member, WHO_ANY, VOL_BODY_MAX},
	/* end volunteers.c */
	/* disputes.c: disputes and people's mediation (矛盾纠纷) */
	{"POST", "/api/v1/disputes", api_dispute_create, DSP_STAFF_ROLES, DSPAPI_BODY_MAX},
	{"GET", "/api/v1/disputes", api_disputes_list, WHO_ANY},
	{"GET", "/api/v1/disputes/stats", api_disputes_stats, DSP_STAFF_ROLES},
	{"GET", "/api/v1/disputes/{id}", api_dispute_get, WHO_ANY},
	{"GET", "/api/v1/disputes/{id}/agreement.html", api_dispute_agreement_html, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/parties/{party_id}/reveal", api_dispute_reveal, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/agree", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/refuse", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/mediators", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/sessions", api_dispute_action, WHO_ANY, DSPAPI_BODY_MAX},
	{"POST", "/api/v1/disputes/{id}/agreement", api_dispute_action, WHO_ANY, DSPAPI_BODY_MAX},
	{"POST", "/api/v1/disputes/{id}/sign", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/close", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/escalate", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/judicial_apply", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/judicial_result", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/followups", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/performed", api_dispute_action, WHO_ANY},
	{"POST", "/api/v1/disputes/{id}/documents", api_dispute_action, WHO_ANY},
	/* end disputes.c */
	/* mediation.c: cloud mediation threads and party links (云调解) */
	{"GET", "/api/v1/mediation/cases", api_med_cases, WHO_ANY},
	{"GET", "/api/v1/mediation/mine", api_med_mine, WHO_ANY},
	{"GET", "/api/v1/mediation/cases/{id}", api_med_case_get, WHO_ANY},
	{"POST", "/api/v1/mediation/cases/{id}/messages", api_med_message_post, WHO_ANY},
	{"POST", "/api/v1/mediation/cases/{id}/messages/{message_id}/retract",
	 api_med_message_retract, WHO_ANY},
	{"POST", "/api/v1/mediation/cases/{id}/attachments", api_med_attachment_post, WHO_ANY,
	 MED_UPLOAD_BODY_MAX},
	{"GET", "/api/v1/mediation/cases/{id}/attachments/{attachment_id}", api_med_attachment_get,
	 WHO_ANY},
	{"POST", "/api/v1/mediation/cases/{id}/links", api_med_link_create, WHO_ANY},
	{"GET", "/api/v1/mediation/cases/{id}/links", api_med_links_list, WHO_ANY},
	{"POST", "/api/v1/mediation/links/{id}/revoke", api_med_link_revoke, WHO_ANY},
	/* parties by link: public routes, the party session is checked by the handlers */
	{"POST", "/api/v1/mediation/join", api_med_join, WHO_PUBLIC},
	{"GET", "/api/v1/mediation/party", api_med_party_get, WHO_PUBLIC},
	{"POST", "/api/v1/mediation/party/messages", api_med_party_post, WHO_PUBLIC},
	{"POST", "/api/v1/mediation/party/messages/{message_id}/retract", api_med_party_retract,
	 WHO_PUBLIC},
	{"POST", "/api/v1/mediation/party/attachments", api_med_party_upload, WHO_PUBLIC,
	 MED_UPLOAD_BODY_MAX},
	{"GET", "/api/v1/mediation/party/attachments/{attachment_id}", api_med_party_attachment,
	 WHO_PUBLIC},
	/* end mediation.c */
	/* councils.c: councils, proposals, votes, resolutions (议事会) */
	{"GET", "/api/v1/councils/topics", api_council_topics, WHO_ANY},
	{"POST", "/api/v1/councils/topics", api_council_topic_create, WHO_ANY},
	{"GET", "/api/v1/councils/topics/{id}", api_council_topic, WHO_ANY},
	{"POST", "/api/v1/councils/topics/{id}/support", api_council_topic_support, WHO_ANY},
	{"POST", "/api/v1/councils/topics/{id}/drop", api_council_topic_action, COUNCIL_STAFF},
	{"POST", "/api/v1/councils/topics/{id}/decide", api_council_topic_action, COUNCIL_STAFF},
	{"PUT", "/api/v1/councils/units/{id}/threshold", api_council_threshold_put, COUNCIL_STAFF},
	{"GET", "/api/v1/councils/meetings", api_council_meetings, WHO_ANY},
	{"POST", "/api/v1/councils/meetings", api_council_meeting_create, COUNCIL_STAFF},
	{"GET", "/api/v1/councils/meetings/{id}", api_council_meeting, WHO_ANY},
	{"PUT", "/api/v1/councils/meetings/{id}", api_council_meeting_update, COUNCIL_STAFF},
	{"POST", "/api/v1/councils/meetings/{id}/participants", api_council_participant_add,
	 COUNCIL_STAFF},
	{"POST", "/api/v1/councils/meetings/{id}/agenda", api_council_agenda_add, COUNCIL_STAFF},
	{"POST", "/api/v1/councils/meetings/{id}/open", api_council_meeting_state, COUNCIL_STAFF},
	{"POST", "/api/v1/councils/meetings/{id}/close", api_council_meeting_state, COUNCIL_STAFF},
	{"PUT", "/api/v1/councils/meetings/{id}/items/{item_id}/minutes", api_council_minutes_put,
	 COUNCIL_STAFF},
	{"POST", "/api/v1/councils/meetings/{id}/items/{item_id}/opinions", api_council_opinion_add,
	 WHO_ANY},
	{"POST", "/api/v1/councils/meetings/{id}/votes", api_council_vote_open, COUNCIL_STAFF},
	{"GET", "/api/v1/councils/my/votes", api_council_my_votes, WHO_ANY},
	{"GET", "/api/v1/councils/votes/{id}", api_council_vote, WHO_ANY},
	{"POST", "/api/v1/councils/votes/{id}/ballots", api_council_ballot_cast, WHO_ANY},
	{"POST", "/api/v1/councils/votes/{id}/close", api_council_vote_close, COUNCIL_STAFF},
	{"POST", "/api/v1/councils/votes/{id}/resolution", api_council_resolution_create,
	 COUNCIL_STAFF},
	{"GET", "/api/v1/councils/resolutions", api_council_resolutions, WHO_ANY},
	{"POST", "/api/v1/councils/resolutions/{id}/tasks", api_council_task_create, COUNCIL_STAFF},
	{"GET", "/api/v1/councils/tasks/overdue", api_council_tasks_overdue, COUNCIL_STAFF},
	{"POST", "/api/v1/councils/tasks/{id}/progress", api_council_task_progress, WHO_ANY},
	{"POST", "/api/v1/councils/tasks/{id}/supervise", api_council_task_supervise,
	 COUNCIL_SUPERVISORS},
	{"GET", "/api/v1/public/councils", api_council_public, WHO_PUBLIC},
	/* end councils.c */
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
