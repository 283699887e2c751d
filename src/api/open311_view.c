/*
 * open311_view.c - the services and the requests as Open311 shows them:
 * a service and its definition (the catalogue of published services and
 * their questions is domain/open311_svc.c's), the open/closed status of
 * each lifecycle state, the public note of each timeline event, and a
 * request without personal data; see open311.h and docs/open311.md.
 */
#include "api/open311.h"

#include <string.h>
#include <strings.h>

json_t *o311_service_json(const o311_service *s)
{
	const store_category *cat = s->cat;
	const char *en = cat->name_en && *cat->name_en ? cat->name_en : NULL;
	json_t *keywords = en ? json_sprintf("%s, %s", s->group, en) : json_string(s->group);
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:o, s:s}", "service_code", cat->code,
			 "service_name", cat->name, "description", en ? en : cat->name, "metadata",
			 s->n_questions > 0, "type", "realtime", "keywords", keywords, "group",
			 s->group);
}

static json_t *question_json(const o311_question *q, int order)
{
	json_t *values = json_array();
	for (size_t i = 0; values && i < q->n_values; i++)
		json_array_append_new(values, json_pack("{s:s, s:s}", "key", q->values[i].key,
							"name", q->values[i].name));
	return json_pack("{s:b, s:s, s:s, s:b, s:s, s:i, s:s, s:o}", "variable", 1, "code",
			 q->code, "datatype", q->datatype, "required", q->required,
			 "datatype_description", q->datatype_description, "order", order,
			 "description", q->description, "values", values);
}

json_t *o311_definition_json(const o311_service *s)
{
	json_t *attrs = json_array();
	for (size_t i = 0; attrs && i < s->n_questions; i++)
		json_array_append_new(attrs, question_json(&s->questions[i], (int)i + 1));
	return json_pack("{s:s, s:o}", "service_code", s->cat->code, "attributes", attrs);
}

/* ---- status and notes ---------------------------------------------------------- */

/* States that are still being worked on, and the others: handled (办结,
 * waiting for the resident's confirmation, counts as closed as the
 * specification's "it has been resolved"), closed, refused, merged. */
static const char *const open_states[] = {"submitted", "dispatched", "accepted", "returned"};
static const char *const closed_states[] = {"resolved", "closed", "rejected", "merged"};

#define N_OPEN (sizeof open_states / sizeof open_states[0])
#define N_CLOSED (sizeof closed_states / sizeof closed_states[0])

const char *o311_status_of(const char *state)
{
	for (size_t i = 0; state && i < N_OPEN; i++)
		if (strcmp(open_states[i], state) == 0)
			return "open";
	return "closed";
}

int o311_states_of(const char *status, const char *const **states, size_t *n)
{
	if (strcasecmp(status, "open") == 0) {
		*states = open_states;
		*n = N_OPEN;
	} else if (strcasecmp(status, "closed") == 0) {
		*states = closed_states;
		*n = N_CLOSED;
	} else {
		return -1;
	}
	return 0;
}

/* The public phrase of each event that moves a request, and of each state
 * (for a request without such an event). */
static const struct phrase {
	const char *name;
	const char *text;
} event_phrases[] = {
	{"submitted", "已受理"},
	{"dispatched", "已派单，等待签收"},
	{"accepted", "已签收，正在办理"},
	{"returned", "已退回，等待重新派单"},
	{"escalated", "已上报至%s"},
	{"resolved", "已办结，等待回访确认"},
	{"rated", "已回访，结案"},
	{"rated_redo", "回访未解决，重新办理"},
	{"rated_final", "多次重办后结案"},
	{"rejected", "不予受理"},
	{"merged", "重复诉求，已并入诉求 %lld"},
	{"redone", "已督促重新办理"},
	{"auto_closed", "回访期满，自动结案"},
	{"reassigned", "已改派"},
}, state_phrases[] = {
	{"submitted", "已受理"},
	{"dispatched", "已派单，等待签收"},
	{"accepted", "已签收，正在办理"},
	{"returned", "已退回，等待重新派单"},
	{"resolved", "已办结，等待回访确认"},
	{"closed", "已结案"},
	{"rejected", "不予受理"},
	{"merged", "重复诉求，已并入诉求 %lld"},
};

/* Names of the ladder's levels 1..4. */
static const char *const level_names[] = {"邻里", "网格", "社区（村）", "街道"};

static const char *phrase_in(const struct phrase *p, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].text;
	return NULL;
}

const char *o311_event_note(fq_arena *a, const char *event, const char *state, int level,
			    int64_t merged_into)
{
	const char *text = phrase_in(event_phrases, sizeof event_phrases / sizeof event_phrases[0],
				     event);
	if (!text)
		text = phrase_in(state_phrases, sizeof state_phrases / sizeof state_phrases[0],
				 state);
	if (!text)
		return "";
	const char *out = text;
	if (strstr(text, "%lld"))
		out = fq_arena_printf(a, text, (long long)merged_into);
	else if (strstr(text, "%s"))
		out = fq_arena_printf(a, text, level >= 1 && level <= 4 ? level_names[level - 1]
								      : "上级");
	return out ? out : "";
}

/* ---- a request ------------------------------------------------------------------- */

/* Where a request is, as far as it may be published: an anonymous request
 * only by its grid; others by the address an Open311 client gave, else
 * their building's address, else their grid; the point marked, else the
 * building's door. */
typedef struct place {
	const char *address;
	int64_t address_id;
	int has_point;
	double lat, lon;
} place;

static place place_of(const store_o311_request *r)
{
	place p = {.address = r->grid_name};
	if (r->anonymous)
		return p;
	int own = strcmp(r->channel, "open311") == 0 && r->address[0];
	if (own)
		p.address = r->address;
	else if (r->building_address && r->building_address[0])
		p.address = r->building_address;
	p.address_id = r->building_id;
	if (r->has_point) {
		p.has_point = 1;
		p.lat = r->lat;
		p.lon = r->lon;
	} else if (r->has_building_point) {
		p.has_point = 1;
		p.lat = r->building_lat;
		p.lon = r->building_lon;
	}
	return p;
}

/* The first photo (behind login, as every photo: docs/photos.md), else
 * the media an Open311 client linked. */
static json_t *media_of(fq_arena *a, const char *base, const store_o311_request *r)
{
	if (r->photo_id)
		return o311_str(fq_arena_printf(a, "%s/api/v1/requests/%lld/photos/%lld", base,
						(long long)r->id, (long long)r->photo_id));
	return o311_str(r->media_url);
}

/* Only what a client sent through Open311 is published as text; the words
 * of residents and staff in other channels stay inside. */
static json_t *description_of(fq_arena *a, const store_o311_request *r)
{
	if (strcmp(r->channel, "open311") != 0)
		return json_null();
	return o311_str(o311_mask_digits(a, r->description));
}

json_t *o311_request_json(fq_arena *a, const char *base, const store_o311_request *r)
{
	const char *status = o311_status_of(r->state);
	place p = place_of(r);
	int open = strcmp(status, "open") == 0;
	return json_pack(
		"{s:o, s:s, s:o, s:s, s:s, s:o, s:o, s:n, s:o, s:o, s:o, s:o, s:o, s:n, s:o, s:o, "
		"s:o}",
		"service_request_id", o311_id(r->id), "status", status, "status_notes",
		o311_str(o311_event_note(a, r->last_event, r->state, r->level, r->merged_into)),
		"service_name", r->category_name, "service_code", r->category_code, "description",
		description_of(a, r), "agency_responsible",
		o311_str(r->agency ? r->agency : r->grid_name), "service_notice",
		"requested_datetime", o311_time(r->created_at), "updated_datetime",
		o311_time(r->updated_at), "expected_datetime",
		o311_time(open ? r->resolve_due : 0), "address", o311_str(p.address), "address_id",
		o311_id(p.address_id), "zipcode", "lat", p.has_point ? json_real(p.lat) : json_null(),
		"long", p.has_point ? json_real(p.lon) : json_null(), "media_url",
		media_of(a, base, r));
}
