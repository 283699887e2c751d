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
void api_ui_config(app *a, http_req *r);

/* session.c */
void api_session_create(app *a, http_req *r);
void api_session_delete(app *a, http_req *r);
void api_me(app *a, http_req *r);
void api_accounts_list(app *a, http_req *r);
void api_accounts_lookup(app *a, http_req *r);
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
/* POST /api/v1/requests/merge: many requests into one (reqsvc_merge_many). */
void api_requests_merge(app *a, http_req *r);
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

/* talents.c */
#include "api/talents_int.h"   /* TALENT_BODY_MAX, the write routes' body cap */
#include "domain/talent_svc.h" /* TALENT_WHO_*, who may call the routes */
void api_talent_pools(app *a, http_req *r);
void api_talent_pool_create(app *a, http_req *r);
void api_talents_list(app *a, http_req *r);
void api_talent_enrol(app *a, http_req *r);
void api_talent_me(app *a, http_req *r);
void api_talent_get(app *a, http_req *r);
void api_talent_update(app *a, http_req *r);
void api_talent_decide(app *a, http_req *r);
void api_talent_relation_add(app *a, http_req *r);
void api_talent_workload(app *a, http_req *r);
void api_talent_suggestions(app *a, http_req *r);  /* talents_tasks.c */
void api_talent_task_create(app *a, http_req *r);
void api_talent_tasks_list(app *a, http_req *r);
void api_talent_task_get(app *a, http_req *r);
void api_talent_task_action(app *a, http_req *r);
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
void api_dispute_create(app *a, http_req *r);
void api_disputes_list(app *a, http_req *r);
void api_dispute_get(app *a, http_req *r);
void api_dispute_action(app *a, http_req *r);
void api_dispute_reveal(app *a, http_req *r);
void api_dispute_agreement_html(app *a, http_req *r); /* disputes_doc.c */
void api_disputes_stats(app *a, http_req *r);         /* disputes_doc.c */
/* end disputes.c */

/* mediation.c */
#include "api/mediation_limits.h" /* MED_UPLOAD_BODY_MAX, the upload routes' body cap */
void api_med_cases(app *a, http_req *r);
void api_med_mine(app *a, http_req *r);
void api_med_case_get(app *a, http_req *r);
void api_med_message_post(app *a, http_req *r);
void api_med_message_retract(app *a, http_req *r);
void api_med_attachment_post(app *a, http_req *r);
void api_med_attachment_get(app *a, http_req *r);
void api_med_link_create(app *a, http_req *r);   /* mediation_links.c */
void api_med_links_list(app *a, http_req *r);    /* mediation_links.c */
void api_med_link_revoke(app *a, http_req *r);   /* mediation_links.c */
void api_med_join(app *a, http_req *r);          /* mediation_party.c */
void api_med_party_get(app *a, http_req *r);     /* mediation_party.c */
void api_med_party_post(app *a, http_req *r);    /* mediation_party.c */
void api_med_party_upload(app *a, http_req *r);  /* mediation_party.c */
void api_med_party_retract(app *a, http_req *r); /* mediation_party.c */
void api_med_party_attachment(app *a, http_req *r); /* mediation_party.c */
/* end mediation.c */

/* councils.c */
#include "domain/council.h" /* COUNCIL_STAFF, COUNCIL_SUPERVISORS: who runs the routes */
void api_council_topics(app *a, http_req *r);
void api_council_topic(app *a, http_req *r);
void api_council_topic_create(app *a, http_req *r);
void api_council_topic_support(app *a, http_req *r);
void api_council_topic_action(app *a, http_req *r);
void api_council_threshold_put(app *a, http_req *r);
void api_council_meetings(app *a, http_req *r);               /* councils_meetings.c */
void api_council_meeting(app *a, http_req *r);
void api_council_meeting_create(app *a, http_req *r);
void api_council_meeting_update(app *a, http_req *r);
void api_council_participant_add(app *a, http_req *r);
void api_council_agenda_add(app *a, http_req *r);
void api_council_meeting_state(app *a, http_req *r);
void api_council_minutes_put(app *a, http_req *r);
void api_council_opinion_add(app *a, http_req *r);
void api_council_vote(app *a, http_req *r);                   /* councils_votes.c */
void api_council_my_votes(app *a, http_req *r);
void api_council_vote_open(app *a, http_req *r);
void api_council_ballot_cast(app *a, http_req *r);
void api_council_vote_close(app *a, http_req *r);
void api_council_resolution_create(app *a, http_req *r);
void api_council_resolutions(app *a, http_req *r);            /* councils_tasks.c */
void api_council_task_create(app *a, http_req *r);
void api_council_task_progress(app *a, http_req *r);
void api_council_task_supervise(app *a, http_req *r);
void api_council_tasks_overdue(app *a, http_req *r);
void api_council_public(app *a, http_req *r);
/* end councils.c */

#endif
