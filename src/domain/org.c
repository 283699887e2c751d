/*
 * org.c - locate, paths, cursors and the scope rules for households,
 * people and 邻长; see org.h.
 */
#include "domain/org.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decimal digits of the largest id (INT64_MAX). */
#define ID_DIGITS_MAX 19

/* Roles that reach people through something other than the grid. */
#define ORG_NON_GRID_ROLES (ROLE_LEADER | ROLE_BUILDING_LEADER)

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Parse a run of 1..ID_DIGITS_MAX digits at s as a positive id; *end after it. */
static bool parse_id(const char *s, int64_t *out, const char **end)
{
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	if (n == 0 || n > ID_DIGITS_MAX || s[0] == '0')
		return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno || v <= 0)
		return false;
	*out = v;
	*end = s + n;
	return true;
}

static const char *const unit_kinds[] = {
	"street", "community", "village", "grid", "building", "department", NULL,
};

static bool kind_in(const char *kind, const char *const *kinds)
{
	for (size_t i = 0; kind && kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

bool org_unit_kind_valid(const char *kind)
{
	return kind_in(kind, unit_kinds);
}

fq_status org_cursor_decode(const char *cursor, int64_t *after, fq_err *err)
{
	if (!cursor || !*cursor) {
		*after = 0;
		return FQ_OK;
	}
	int64_t v;
	const char *end;
	if (!parse_id(cursor, &v, &end) || *end)
		return fq_fail(err, FQ_EINVAL, "cursor",
			       "cursor is not one this server gave out; start again without it");
	*after = v;
	return FQ_OK;
}

void org_cursor_encode(int64_t last_id, char out[ORG_CURSOR_MAX])
{
	snprintf(out, ORG_CURSOR_MAX, "%" PRId64, last_id);
}

fq_status org_path_ids(const char *path, int64_t *ids, size_t max, size_t *n, fq_err *err)
{
	if (!path || path[0] != '/')
		return fq_fail(err, FQ_EINVAL, "path", "a unit path starts with '/'");
	size_t got = 0;
	const char *p = path + 1;
	while (*p) {
		int64_t id;
		const char *end;
		if (!parse_id(p, &id, &end) || *end != '/')
			return fq_fail(err, FQ_EINVAL, "path", "a unit path is '/id/id/.../'");
		if (got == max)
			return fq_fail(err, FQ_ETOOBIG, "path",
				       "a unit path holds at most %zu units", max);
		ids[got++] = id;
		p = end + 1;
	}
	*n = got;
	return FQ_OK;
}

fq_status org_locate_pick(const org_grid_shape *grids, size_t n, geo_point pt, size_t *out)
{
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		if (!grids[i].shape || !geo_multipolygon_contains(grids[i].shape, pt))
			continue;
		if (best == n || grids[i].id < grids[best].id)
			best = i;
	}
	if (best == n)
		return FQ_ENOTFOUND;
	*out = best;
	return FQ_OK;
}

int org_chain_find(const store_unit *chain, size_t n, const char *const *kinds)
{
	for (size_t i = n; i-- > 0;)
		if (kind_in(chain[i].kind, kinds))
			return (int)i;
	return -1;
}

const char *org_scope_root(const caller *c, unsigned roles)
{
	const char *best = NULL;
	for (int i = 0; c && i < c->n_roles; i++) {
		const caller_role *r = &c->r[i];
		if (!(r->role & roles))
			continue;
		const char *path = r->unit_id == 0 || !r->path ? ORG_ROOT_PATH : r->path;
		if (!best || strlen(path) < strlen(best))
			best = path;
	}
	return best;
}

bool org_households_listable(const caller *c, const char *path)
{
	return access_covers(c, ORG_HOUSEHOLD_LIST_ROLES, path);
}

bool org_leaders_listable(const caller *c, const char *path)
{
	return access_covers(c, ORG_LEADER_LIST_ROLES, path);
}

bool org_needs_link(const caller *c)
{
	return access_has(c, ROLE_LEADER) && c->leader_id > 0;
}

bool org_person_reachable(const caller *c, const org_household_scope *s, unsigned roles)
{
	if ((roles & ROLE_LEADER) && s->linked && org_needs_link(c))
		return true;
	if ((roles & ROLE_BUILDING_LEADER) && s->building_path &&
	    access_covers(c, ROLE_BUILDING_LEADER, s->building_path))
		return true;
	unsigned by_grid = roles & ~(unsigned)ORG_NON_GRID_ROLES;
	const char *grid = s->grid_path ? s->grid_path : ORG_ROOT_PATH;
	return by_grid && access_covers(c, by_grid, grid);
}

bool org_household_visible(const caller *c, const org_household_scope *s)
{
	if (!c)
		return false;
	if (s->household_id > 0 && c->household_id == s->household_id)
		return true;
	return org_person_reachable(c, s, WHO_STAFF | ORG_NON_GRID_ROLES);
}

static const struct field_rule {
	org_field field;
	const char *name;
	unsigned roles; /* who may see it unmasked */
} field_rules[] = {
	{ORG_FIELD_PHONE, "phone", ACCESS_REVEAL_PHONE},
	{ORG_FIELD_ID_NUMBER, "id_number", ACCESS_REVEAL_ID},
};

#define N_FIELD_RULES (sizeof field_rules / sizeof field_rules[0])

org_field org_field_parse(const char *name)
{
	for (size_t i = 0; name && i < N_FIELD_RULES; i++)
		if (strcmp(name, field_rules[i].name) == 0)
			return field_rules[i].field;
	return 0;
}

const char *org_field_name(org_field f)
{
	for (size_t i = 0; i < N_FIELD_RULES; i++)
		if (field_rules[i].field == f)
			return field_rules[i].name;
	return "";
}

fq_status org_reveal_check(const caller *c, const org_household_scope *s, unsigned fields,
			   fq_err *err)
{
	if (!org_household_visible(c, s))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such person");
	for (size_t i = 0; i < N_FIELD_RULES; i++) {
		const struct field_rule *f = &field_rules[i];
		if ((fields & f->field) && !org_person_reachable(c, s, f->roles))
			return fq_failr(err, FQ_EFORBIDDEN, f->name, "person.reveal_forbidden",
					"your role may not see %s unmasked", f->name);
	}
	return FQ_OK;
}

bool org_leader_visible(const caller *c, const store_leader *l)
{
	if (!c)
		return false;
	if (org_needs_link(c) && c->leader_id == l->id)
		return true;
	return access_covers(c, WHO_STAFF, l->unit_path);
}
