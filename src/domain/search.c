/*
 * search.c - the caller's reach over requests, the text-query rule, the
 * deadline standing of a listed request and the channel names; see
 * search.h.
 */
#include "domain/search.h"

#include <string.h>

#include "domain/lifecycle.h"

static const struct {
	const char *name;
	const char *label;
} channels[] = {
	{"self", "自报"},  {"proxy", "代报"},      {"hotline", "热线"},
	{"visit", "来访"}, {"inspection", "巡查"}, {"open311", "Open311"},
};

#define N_CHANNELS (sizeof channels / sizeof channels[0])

bool search_channel_valid(const char *name)
{
	for (size_t i = 0; name && i < N_CHANNELS; i++)
		if (strcmp(channels[i].name, name) == 0)
			return true;
	return false;
}

const char *search_channel_label(const char *name)
{
	for (size_t i = 0; name && i < N_CHANNELS; i++)
		if (strcmp(channels[i].name, name) == 0)
			return channels[i].label;
	return name;
}

static bool under(const char *path, const char *root)
{
	return strncmp(path, root, strlen(root)) == 0;
}

/* Add path unless a path already held covers it; drop held paths that
 * it covers. */
static void add_path(store_search_scope *s, const char *path)
{
	for (int i = 0; i < s->n_paths; i++)
		if (under(path, s->paths[i]))
			return;
	int k = 0;
	for (int i = 0; i < s->n_paths; i++)
		if (!under(s->paths[i], path))
			s->paths[k++] = s->paths[i];
	s->n_paths = k;
	if (s->n_paths < STORE_SEARCH_PATHS_MAX)
		s->paths[s->n_paths++] = path;
}

static void add_unit(int64_t *units, int *n, int64_t id)
{
	for (int i = 0; i < *n; i++)
		if (units[i] == id)
			return;
	if (id > 0 && *n < STORE_SEARCH_UNITS_MAX)
		units[(*n)++] = id;
}

void search_scope_of(const caller *c, store_search_scope *out)
{
	memset(out, 0, sizeof *out);
	if (!c)
		return;
	for (int i = 0; i < c->n_roles; i++) {
		const caller_role *r = &c->r[i];
		if (r->role & WHO_STAFF)
			add_path(out, r->unit_id == 0 || !r->path ? "/" : r->path);
		if (r->role == ROLE_BUILDING_LEADER)
			add_unit(out->buildings, &out->n_buildings, r->unit_id);
		if (r->role == ROLE_DEPARTMENT_OFFICER)
			add_unit(out->departments, &out->n_departments, r->unit_id);
	}
	if (access_has(c, ROLE_LEADER) && c->leader_id > 0)
		out->leader_id = c->leader_id;
	out->person_id = c->person_id;
	out->account_id = c->account_id;
	out->assignee_id = c->account_id;
}

fq_status search_unit_allowed(const caller *c, const char *path, fq_err *err)
{
	if (!access_has(c, WHO_STAFF))
		return FQ_OK;
	for (int i = 0; i < c->n_roles; i++) {
		const caller_role *r = &c->r[i];
		if (!(r->role & WHO_STAFF))
			continue;
		const char *mine = r->unit_id == 0 || !r->path ? "/" : r->path;
		if (under(path, mine) || under(mine, path))
			return FQ_OK;
	}
	return fq_failr(err, FQ_ENOTFOUND, "unit", "unit.not_in_scope",
			"no such unit within your reach");
}

/* Copy into out the digits of a request number that q stands for: "FQ" (in
 * any case) with all of the number's digits, or SEARCH_NUMBER_DIGITS_MIN
 * or more of its last digits alone; spaces around q are ignored. Leaves
 * out empty when q is no number. */
static void number_digits(const char *q, char out[STORE_SEARCH_NUMBER_DIGITS + 1])
{
	out[0] = '\0';
	while (*q == ' ')
		q++;
	bool prefixed = (q[0] == 'F' || q[0] == 'f') && (q[1] == 'Q' || q[1] == 'q');
	if (prefixed)
		q += 2;
	size_t n = 0;
	while (q[n] >= '0' && q[n] <= '9')
		n++;
	for (size_t k = n; q[k]; k++)
		if (q[k] != ' ')
			return;
	if (n > STORE_SEARCH_NUMBER_DIGITS || n < SEARCH_NUMBER_DIGITS_MIN ||
	    (prefixed && n != STORE_SEARCH_NUMBER_DIGITS))
		return;
	memcpy(out, q, n);
	out[n] = '\0';
}

void search_set_text(store_search_filter *f, const char *q)
{
	f->fts = q && *q ? q : NULL;
	number_digits(q ? q : "", f->number);
}

sla_timing search_timing(const store_search_row *r, int64_t now)
{
	req_state st = req_state_parse(r->state);
	int64_t due = st == REQ_DISPATCHED ? r->accept_due : st == REQ_ACCEPTED ? r->resolve_due : 0;
	if (due <= 0)
		return 0;
	return sla_standing(now, r->started, due);
}
