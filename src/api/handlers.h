/*
 * handlers.h - every HTTP handler, grouped by the file that implements
 * it. The route table (routes.c) is the only caller.
 */
#ifndef FQ_API_HANDLERS_H
#define FQ_API_HANDLERS_H

#include "api/app.h"

/* A handler answers r, at once or once the work it parked is done. */
typedef void api_handler(app *a, http_req *r);

/* system.c */
api_handler api_healthz, api_metrics, api_ui_config;

/* session.c */
api_handler api_session_create, api_session_delete, api_me, api_accounts_list, api_accounts_lookup;
/* end session.c */

/* org.c */
api_handler api_org_units, api_org_unit, api_org_unit_households, api_org_locate,
	api_household_get, api_person_reveal, api_leaders, api_leader_households;
/* end org.c */

/* requests.c */
void api_request_create(app *a, http_req *r);
void api_request_get(app *a, http_req *r);
void api_request_action(app *a, http_req *r);
void api_request_reveal(app *a, http_req *r);
/* POST /api/v1/requests/merge: many requests into one (reqsvc_merge_many). */
void api_requests_merge(app *a, http_req *r);
/* end requests.c */

/* catalogue.c */
api_handler api_categories_list, api_category_write, api_calendar_list, api_calendar_write;
/* end catalogue.c */

/* search.c */
api_handler api_requests_list, api_requests_export;
/* end search.c */

/* stats.c */
api_handler api_stats, api_stats_overview;
/* end stats.c */

/* live.c */
api_handler api_events, api_webhooks_list, api_webhook_create, api_webhook_delete;
/* end live.c */

/* photos.c */
#include "domain/photo.h" /* PHOTO_UPLOAD_BODY_MAX, the upload route's body cap */
api_handler api_photo_upload, api_photo_get, api_photo_thumb;
/* end photos.c */

/* open311.c */
#include "api/open311.h" /* O311_POST_BODY_MAX, the POST routes' body cap */
api_handler api_o311_discovery, api_o311_services, api_o311_service, api_o311_requests,
	api_o311_request, api_o311_token, api_o311_updates, api_o311_unknown;
/* open311_post.c */
api_handler api_o311_create;
/* end open311.c */

/* poster.c */
api_handler api_building_qr, api_building_poster;
/* end poster.c */

/* talents.c */
#include "api/talents_int.h"   /* TALENT_BODY_MAX, the write routes' body cap */
#include "domain/talent_svc.h" /* TALENT_WHO_*, who may call the routes */
api_handler api_talent_pools, api_talent_pool_create, api_talents_list, api_talent_enrol,
	api_talent_me, api_talent_get, api_talent_update, api_talent_decide,
	api_talent_relation_add, api_talent_workload;
/* talents_tasks.c */
api_handler api_talent_suggestions, api_talent_task_create, api_talent_tasks_list,
	api_talent_task_get, api_talent_task_action;
/* end talents.c */
/* volunteers.c: volunteers and teams (服务网) */
#include "api/volunteers_int.h"   /* VOL_BODY_MAX */
#include "domain/volunteer_svc.h" /* VOL_WHO_*, who may call the routes */
void api_volunteers_list(app *a, http_req *r);
void api_volunteer_register(app *a, http_req *r);
void api_volunteer_me(app *a, http_req *r);
void api_volunteer_get(app *a, http_req *r);
void api_volunteer_update(app *a, http_req *r);
void api_vol_teams(app *a, http_req *r);          /* volunteers_teams.c */
void api_vol_team_create(app *a, http_req *r);
void api_vol_team_get(app *a, http_req *r);
void api_vol_team_member(app *a, http_req *r);
void api_activities_list(app *a, http_req *r);    /* activities.c */
void api_activity_create(app *a, http_req *r);
void api_activity_get(app *a, http_req *r);
void api_activity_code(app *a, http_req *r);
void api_activity_action(app *a, http_req *r);
void api_volunteer_hours(app *a, http_req *r);
void api_volunteer_correct(app *a, http_req *r);
/* end volunteers.c */

/* disputes.c */
#include "domain/dispute.h" /* DSP_STAFF_ROLES, who may register a case */
#define DSPAPI_BODY_MAX (256 * 1024) /* body cap of the routes that carry long text */
#define DSPAPI_Q_MAX 100              /* characters of the disputes list's ?q= */
api_handler api_dispute_create, api_disputes_list, api_dispute_get, api_dispute_action,
	api_dispute_reveal;
/* disputes_doc.c */
api_handler api_dispute_agreement_html, api_disputes_stats;
/* end disputes.c */

/* mediation.c */
#include "api/mediation_limits.h" /* MED_UPLOAD_BODY_MAX, the upload routes' body cap */
api_handler api_med_cases, api_med_mine, api_med_case_get, api_med_message_post,
	api_med_message_retract, api_med_attachment_post, api_med_attachment_get;
/* mediation_links.c */
api_handler api_med_link_create, api_med_links_list, api_med_link_revoke;
/* mediation_party.c */
api_handler api_med_join, api_med_party_get, api_med_party_post, api_med_party_upload,
	api_med_party_retract, api_med_party_attachment;
/* end mediation.c */

/* councils.c */
#include "domain/council.h" /* COUNCIL_STAFF, COUNCIL_SUPERVISORS: who runs the routes */
api_handler api_council_topics, api_council_topic, api_council_topic_create,
	api_council_topic_support, api_council_topic_action, api_council_threshold_put;
/* councils_meetings.c */
api_handler api_council_meetings, api_council_meeting, api_council_meeting_create,
	api_council_meeting_update, api_council_participant_add, api_council_agenda_add,
	api_council_meeting_state, api_council_minutes_put, api_council_opinion_add;
/* councils_votes.c */
api_handler api_council_vote, api_council_my_votes, api_council_vote_open, api_council_ballot_cast,
	api_council_vote_close, api_council_resolution_create;
/* councils_tasks.c */
api_handler api_council_resolutions, api_council_task_create, api_council_task_progress,
	api_council_task_supervise, api_council_tasks_overdue, api_council_public;
/* end councils.c */

#endif
