/*
 * import_rows.c - the four kinds of import file (units, households, people,
 * leaders): their columns and the checks and insert of one row each. A
 * check that fails reports the cell with im_bad and goes on, so one pass
 * finds every problem of the row; a row is inserted only on the second
 * pass, when the importer is inserting and the row is clean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/geojson.h"
#include "cli/import_int.h"
#include "domain/load.h"
#include "domain/person.h"
#include "store/store_load.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Bytes of the in-file key of a leader: ID number, kind, unit code and
 * entrance. */
#define LEADER_KEY_SIZE (PERSON_ID_LEN + LOAD_CODE_MAX + 40)

/* Look-up result: found (true), not found (false), or a store failure
 * (returned in *st). */
static bool found(fq_status res, fq_status *st)
{
	if (res != FQ_OK && res != FQ_ENOTFOUND)
		*st = res;
	return res == FQ_OK;
}

/* An insert that fails on a conflict the checks did not foresee (another
 * writer got there first) is a problem of the row; other failures stop. */
static fq_status insert_failed(importer *im, const im_row *r, fq_status st, const fq_err *err)
{
	if (st != FQ_ECONFLICT && st != FQ_EINVAL && st != FQ_ENOTFOUND)
		return st;
	im_bad(im, r, 0, "could not be inserted: %s", err->message);
	return FQ_OK;
}

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* An optional whole number: true with *out (0 when empty) when fine. */
static bool opt_int(importer *im, const im_row *r, int key, long lo, long hi, long *out)
{
	*out = 0;
	if (!r->v[key][0])
		return true;
	fq_err e = {0};
	if (load_int_parse(r->v[key], lo, hi, im->kind->cols[key].key, out, &e) == FQ_OK)
		return true;
	im_bad_err(im, r, key, &e);
	return false;
}

static void check_text(importer *im, const im_row *r, int key, size_t max, bool optional)
{
	fq_err e = {0};
	if (load_text_valid(r->v[key], max, optional, im->kind->cols[key].key, &e) != FQ_OK)
		im_bad_err(im, r, key, &e);
}

/* Remember a key of this row; report it when an earlier row had it. */
static void check_duplicate(importer *im, const im_row *r, int key, const char *k,
			    const char *what, const char *tag)
{
	const im_map_entry *e = im_map_get(&im->seen, k);
	if (e && e->line != r->line)
		im_bad(im, r, key, "%s %s is already on line %zu", what, r->v[key], e->line);
	else if (!e && im_map_put(&im->seen, &im->arena, k, r->line, tag) != FQ_OK)
		im->out_of_memory = true;
}

/* ==== units ================================================================ */

enum { U_CODE, U_NAME, U_KIND, U_PARENT, U_BOUNDARY, U_ADDRESS, U_LAT, U_LON };

static const im_col unit_cols[] = {
	[U_CODE] = {"code", {"编码", "单位编码", "code", NULL}, true},
	[U_NAME] = {"name", {"名称", "单位名称", "name", NULL}, true},
	[U_KIND] = {"kind", {"类型", "kind", "type", NULL}, true},
	[U_PARENT] = {"parent", {"上级编码", "parent", "parent_code", NULL}, false},
	[U_BOUNDARY] = {"boundary", {"边界", "boundary", "geojson", NULL}, false},
	[U_ADDRESS] = {"address", {"地址", "address", NULL}, false},
	[U_LAT] = {"lat", {"纬度", "lat", "latitude", NULL}, false},
	[U_LON] = {"lon", {"经度", "lon", "lng", "longitude", NULL}, false},
};

/* What the checks of a unit row found out. */
typedef struct unit_check {
	const char *kind;         /* wire name, or NULL when the cell is bad */
	int64_t parent_id;        /* in the database; 0 for none or not yet inserted */
	geo_multipolygon *shape;  /* grids */
	geo_bbox box;
	bool has_point;
	double lat, lon;
} unit_check;

/* The parent: required except for a street; in the database or in an
 * earlier row; of a kind the unit may sit under. */
static fq_status unit_parent(importer *im, store_conn *c, const im_row *r, unit_check *u,
			     fq_err *err)
{
	const char *code = r->v[U_PARENT];
	bool is_street = u->kind && strcmp(u->kind, "street") == 0;
	if (!code[0]) {
		if (u->kind && !is_street)
			im_bad(im, r, U_PARENT, "required: a %s sits under %s", u->kind,
			       load_unit_parents_text(u->kind));
		return FQ_OK;
	}
	if (is_street) {
		im_bad(im, r, U_PARENT, "a street is the top of the tree and has no parent");
		return FQ_OK;
	}
	store_load_unit_ref ref;
	fq_status st = FQ_OK;
	const char *parent_kind = NULL;
	const im_map_entry *e = NULL;
	if (found(store_load_find_unit(c, code, &ref, err), &st)) {
		u->parent_id = ref.id;
		parent_kind = load_unit_kind_parse(ref.kind);
	} else if (st == FQ_OK && (e = im_map_get(&im->seen, code)) && e->line < r->line) {
		parent_kind = e->tag;
	} else if (st == FQ_OK) {
		im_bad(im, r, U_PARENT, "no unit with code %s in the database or in an earlier row",
		       code);
	}
	if (parent_kind && u->kind && !load_unit_nests(parent_kind, u->kind))
		im_bad(im, r, U_PARENT, "a %s sits under %s, but %s is a %s", u->kind,
		       load_unit_parents_text(u->kind), code, parent_kind);
	return st;
}

static fq_status unit_code(importer *im, store_conn *c, const im_row *r, const unit_check *u,
			   fq_err *err)
{
	fq_err e = {0};
	const char *code = r->v[U_CODE];
	if (load_code_valid(u->kind, code, or_null(r->v[U_PARENT]), &e) != FQ_OK) {
		im_bad_err(im, r, U_CODE, &e);
		return FQ_OK;
	}
	check_duplicate(im, r, U_CODE, code, "code", u->kind);
	store_load_unit_ref ref;
	fq_status st = FQ_OK;
	if (found(store_load_find_unit(c, code, &ref, err), &st))
		im_bad(im, r, U_CODE, "code %s already exists in the database", code);
	return st;
}

static void unit_boundary(importer *im, const im_row *r, unit_check *u)
{
	const char *text = r->v[U_BOUNDARY];
	bool grid = u->kind && strcmp(u->kind, "grid") == 0;
	if (!text[0]) {
		if (grid)
			im_bad(im, r, U_BOUNDARY,
			       "required: a grid needs its boundary as a GeoJSON Polygon or "
			       "MultiPolygon");
		return;
	}
	if (!grid) {
		im_bad(im, r, U_BOUNDARY, "only a grid has a boundary");
		return;
	}
	fq_err e = {0};
	if (geojson_parse(text, strlen(text), &u->shape, &e) != FQ_OK) {
		im_bad_err(im, r, U_BOUNDARY, &e);
		return;
	}
	geo_multipolygon_bbox(u->shape, &u->box);
}

static void unit_point(importer *im, const im_row *r, unit_check *u)
{
	const char *lat = r->v[U_LAT], *lon = r->v[U_LON];
	if (!lat[0] && !lon[0])
		return;
	if (u->kind && strcmp(u->kind, "building") != 0) {
		im_bad(im, r, lat[0] ? U_LAT : U_LON, "only a building has a location");
		return;
	}
	if (!lat[0] || !lon[0]) {
		im_bad(im, r, lat[0] ? U_LON : U_LAT, "纬度 and 经度 (lat and lon) go together");
		return;
	}
	fq_err e = {0};
	bool ok = true;
	if (load_coord_parse(lat, GEO_LAT_MIN, GEO_LAT_MAX, "lat", &u->lat, &e) != FQ_OK) {
		im_bad_err(im, r, U_LAT, &e);
		ok = false;
	}
	if (load_coord_parse(lon, GEO_LON_MIN, GEO_LON_MAX, "lon", &u->lon, &e) != FQ_OK) {
		im_bad_err(im, r, U_LON, &e);
		ok = false;
	}
	u->has_point = ok;
}

static fq_status unit_insert(importer *im, store_conn *c, const im_row *r, const unit_check *u,
			     fq_err *err)
{
	char *boundary = NULL;
	fq_status st = FQ_OK;
	if (u->shape)
		st = u->shape->npolys == 1
			     ? geojson_polygon_dump(&u->shape->polys[0], &boundary, err)
			     : geojson_multipolygon_dump(u->shape, &boundary, err);
	if (st != FQ_OK)
		return st;
	store_load_unit_row row = {
		.parent_id = u->parent_id, .kind = u->kind, .code = r->v[U_CODE],
		.name = r->v[U_NAME], .boundary = boundary, .has_bbox = u->shape != NULL,
		.min_lon = u->box.min_lon, .min_lat = u->box.min_lat,
		.max_lon = u->box.max_lon, .max_lat = u->box.max_lat,
		.address = or_null(r->v[U_ADDRESS]), .has_point = u->has_point,
		.lat = u->lat, .lon = u->lon,
	};
	int64_t id = 0;
	st = store_load_unit(c, &row, &id, err);
	free(boundary);
	return st == FQ_OK ? FQ_OK : insert_failed(im, r, st, err);
}

static fq_status units_row(importer *im, store_conn *c, const im_row *r, fq_err *err)
{
	size_t before = im->n_issues;
	unit_check u = {0};
	u.kind = load_unit_kind_parse(r->v[U_KIND]);
	if (!u.kind && r->v[U_KIND][0])
		im_bad(im, r, U_KIND, "unknown kind '%s': 街道, 社区, 村, 网格, 楼栋 or 部门",
		       r->v[U_KIND]);
	else if (!u.kind)
		im_bad(im, r, U_KIND, "required");
	fq_status st = unit_parent(im, c, r, &u, err);
	if (st == FQ_OK)
		st = unit_code(im, c, r, &u, err);
	check_text(im, r, U_NAME, LOAD_NAME_MAX, false);
	check_text(im, r, U_ADDRESS, LOAD_ADDRESS_MAX, true);
	unit_boundary(im, r, &u);
	unit_point(im, r, &u);
	if (st == FQ_OK && im->inserting && im->n_issues == before)
		st = unit_insert(im, c, r, &u, err);
	geo_multipolygon_free(u.shape);
	return st;
}

const im_kind im_units = {"units", unit_cols, ARRAY_LEN(unit_cols), units_row};

/* ==== households =========================================================== */

enum { H_CODE, H_BUILDING, H_ENTRANCE, H_FLOOR, H_ROOM, H_ADDRESS };

static const im_col household_cols[] = {
	[H_CODE] = {"code", {"户编码", "户号", "household_code", "code", NULL}, true},
	[H_BUILDING] = {"building", {"楼栋编码", "building_code", "building", NULL}, true},
	[H_ENTRANCE] = {"entrance", {"单元", "entrance", NULL}, false},
	[H_FLOOR] = {"floor", {"楼层", "floor", NULL}, false},
	[H_ROOM] = {"room", {"房号", "门牌号", "room", NULL}, false},
	[H_ADDRESS] = {"address", {"地址", "address", NULL}, true},
};

static fq_status household_code(importer *im, store_conn *c, const im_row *r, fq_err *err)
{
	fq_err e = {0};
	const char *code = r->v[H_CODE];
	if (load_plain_code_valid(code, "code", &e) != FQ_OK) {
		im_bad_err(im, r, H_CODE, &e);
		return FQ_OK;
	}
	check_duplicate(im, r, H_CODE, code, "household", NULL);
	store_load_household_ref ref;
	fq_status st = FQ_OK;
	if (found(store_load_find_household(c, code, &ref, err), &st))
		im_bad(im, r, H_CODE, "household %s already exists in the database", code);
	return st;
}

/* Whether the code in column key was found (hit) in the database; the
 * problem of the row when it is empty or was not (what: the thing it
 * names, first: the file to import before). */
static bool reference_found(importer *im, const im_row *r, int key, bool hit, const char *what,
			    const char *first)
{
	const char *code = r->v[key];
	if (!code[0])
		im_bad(im, r, key, "required");
	else if (!hit)
		im_bad(im, r, key, "no %s with code %s in the database; import the %s first", what,
		       code, first);
	return hit;
}

/* The building must exist in the database and be a building. */
static fq_status household_building(importer *im, store_conn *c, const im_row *r,
				    store_load_unit_ref *b, bool *ok, fq_err *err)
{
	const char *code = r->v[H_BUILDING];
	fq_status st = FQ_OK;
	bool hit = code[0] && found(store_load_find_unit(c, code, b, err), &st);
	*ok = false;
	if (st != FQ_OK || !reference_found(im, r, H_BUILDING, hit, "building", "units"))
		return st;
	if (strcmp(b->kind, "building") != 0)
		im_bad(im, r, H_BUILDING, "%s is a %s, not a building", code, b->kind);
	else
		*ok = true;
	return st;
}

static fq_status households_row(importer *im, store_conn *c, const im_row *r, fq_err *err)
{
	size_t before = im->n_issues;
	store_load_unit_ref b;
	bool building_ok = false;
	long entrance = 0, floor = 0;
	fq_status st = household_code(im, c, r, err);
	if (st == FQ_OK)
		st = household_building(im, c, r, &b, &building_ok, err);
	opt_int(im, r, H_ENTRANCE, 1, LOAD_ENTRANCE_MAX, &entrance);
	if (opt_int(im, r, H_FLOOR, LOAD_FLOOR_MIN, LOAD_FLOOR_MAX, &floor) && r->v[H_FLOOR][0] &&
	    floor == 0)
		im_bad(im, r, H_FLOOR, "楼层: there is no floor 0 (basements are -1, -2, ...)");
	check_text(im, r, H_ROOM, LOAD_ROOM_MAX, true);
	check_text(im, r, H_ADDRESS, LOAD_ADDRESS_MAX, false);
	if (st != FQ_OK || !im->inserting || im->n_issues != before || !building_ok)
		return st;
	store_load_household_row row = {
		.code = r->v[H_CODE], .building_id = b.id, .grid_id = b.parent_id,
		.street_id = b.street_id, .entrance = (int)entrance, .floor = (int)floor,
		.room = or_null(r->v[H_ROOM]), .address = r->v[H_ADDRESS],
	};
	int64_t id = 0;
	st = store_load_household(c, &row, &id, err);
	return st == FQ_OK ? FQ_OK : insert_failed(im, r, st, err);
}

const im_kind im_households = {"households", household_cols, ARRAY_LEN(household_cols),
			       households_row};

/* ==== people =============================================================== */

enum { P_NAME, P_ID, P_PHONE, P_HOUSEHOLD, P_RELATION, P_GENDER };

static const im_col person_cols[] = {
	[P_NAME] = {"name", {"姓名", "name", NULL}, true},
	[P_ID] = {"id_number", {"身份证号", "身份证号码", "公民身份号码", "id_number", NULL}, true},
	[P_PHONE] = {"phone", {"手机号", "手机号码", "联系电话", "电话", "phone", NULL}, false},
	[P_HOUSEHOLD] = {"household", {"户编码", "户号", "household_code", "household", NULL},
			 true},
	[P_RELATION] = {"relation", {"与户主关系", "relation", NULL}, false},
	[P_GENDER] = {"gender", {"性别", "gender", NULL}, false},
};

/* The ID number: valid, not twice in the file, not in the database. On
 * success id holds the canonical form; else id is "". */
static fq_status person_id(importer *im, store_conn *c, const im_row *r,
			   char id[PERSON_ID_LEN + 1], fq_err *err)
{
	fq_err e = {0};
	id[0] = '\0';
	if (person_id_normalize(or_null(r->v[P_ID]), id, &e) != FQ_OK) {
		id[0] = '\0';
		im_bad_err(im, r, P_ID, &e);
		return FQ_OK;
	}
	check_duplicate(im, r, P_ID, id, "ID number", NULL);
	store_load_person_ref ref;
	fq_status st = FQ_OK;
	if (found(store_load_find_person(c, id, &ref, err), &st))
		im_bad(im, r, P_ID, "a person with ID number %s is already in the database",
		       r->v[P_ID]);
	return st;
}

static void person_gender(importer *im, const im_row *r, const char *id, const char **gender)
{
	int year = 0;
	const char *from_id = NULL;
	if (id[0])
		load_id_facts(id, &year, &from_id);
	*gender = from_id;
	if (!r->v[P_GENDER][0])
		return;
	const char *g = load_gender_parse(r->v[P_GENDER]);
	if (!g)
		im_bad(im, r, P_GENDER, "性别 must be 男 or 女 (M or F), not '%s'", r->v[P_GENDER]);
	else if (from_id && strcmp(g, from_id) != 0)
		im_bad(im, r, P_GENDER, "性别 %s does not match the ID number, which says %s",
		       r->v[P_GENDER], load_gender_label(from_id));
	else
		*gender = g;
}

static fq_status person_household(importer *im, store_conn *c, const im_row *r,
				  store_load_household_ref *h, fq_err *err)
{
	const char *code = r->v[P_HOUSEHOLD];
	fq_status st = FQ_OK;
	bool hit = code[0] && found(store_load_find_household(c, code, h, err), &st);
	if (st == FQ_OK)
		reference_found(im, r, P_HOUSEHOLD, hit, "household", "households");
	return st;
}

static fq_status people_row(importer *im, store_conn *c, const im_row *r, fq_err *err)
{
	size_t before = im->n_issues;
	char id[PERSON_ID_LEN + 1], phone[LOAD_PHONE_SIZE] = "";
	const char *gender = NULL;
	store_load_household_ref h = {0};
	fq_err e = {0};
	check_text(im, r, P_NAME, LOAD_NAME_MAX, false);
	fq_status st = person_id(im, c, r, id, err);
	if (r->v[P_PHONE][0] && load_phone_normalize(r->v[P_PHONE], phone, &e) != FQ_OK)
		im_bad_err(im, r, P_PHONE, &e);
	if (st == FQ_OK)
		st = person_household(im, c, r, &h, err);
	if (r->v[P_RELATION][0] && !load_relation_valid(r->v[P_RELATION]))
		im_bad(im, r, P_RELATION, "unknown relation '%s': 户主, 配偶, 子女, 父母, 孙子女, "
					  "祖父母, 兄弟姐妹, 儿媳, 女婿 or 其他", r->v[P_RELATION]);
	person_gender(im, r, id, &gender);
	if (st != FQ_OK || !im->inserting || im->n_issues != before)
		return st;
	int year = 0;
	const char *unused = NULL;
	load_id_facts(id, &year, &unused);
	store_load_person_row row = {
		.household_id = h.id, .name = r->v[P_NAME], .id_number = id,
		.phone = or_null(phone), .relation = or_null(r->v[P_RELATION]), .gender = gender,
		.birth_year = year, .street_id = h.street_id,
	};
	int64_t pid = 0;
	st = store_load_person(c, &row, &pid, err);
	return st == FQ_OK ? FQ_OK : insert_failed(im, r, st, err);
}

const im_kind im_people = {"people", person_cols, ARRAY_LEN(person_cols), people_row};

/* ==== leaders ============================================================== */

enum { L_ID, L_KIND, L_UNIT, L_HOUSEHOLDS, L_ENTRANCE };

static const im_col leader_cols[] = {
	[L_ID] = {"id_number", {"身份证号", "身份证号码", "id_number", NULL}, true},
	[L_KIND] = {"kind", {"类型", "kind", "type", NULL}, true},
	[L_UNIT] = {"unit", {"所属编码", "unit_code", "unit", NULL}, true},
	[L_HOUSEHOLDS] = {"households", {"联系户编码", "联系户", "households", NULL}, false},
	[L_ENTRANCE] = {"entrance", {"单元", "entrance", NULL}, false},
};

/* What the checks of a leader row found out. */
typedef struct leader_check {
	const char *kind;             /* wire name or NULL */
	store_load_person_ref person; /* valid when has_person */
	bool has_person;
	store_load_unit_ref unit;     /* valid when has_unit */
	bool has_unit;
	long entrance;
	char id[PERSON_ID_LEN + 1];
} leader_check;

/* State of the walk over one row's household codes. */
typedef struct link_walk {
	importer *im;
	store_conn *c;
	const im_row *r;
	const leader_check *l;
	int64_t leader_id;          /* set: insert the links of this leader */
	fq_err *err;
	fq_status st;               /* a store failure */
	size_t n;                   /* codes seen */
	char codes[LOAD_LEADER_HOUSEHOLDS_MAX][LOAD_CODE_MAX + 1];
} link_walk;

static fq_status leader_person(importer *im, store_conn *c, const im_row *r, leader_check *l,
			       fq_err *err)
{
	fq_err e = {0};
	if (person_id_normalize(or_null(r->v[L_ID]), l->id, &e) != FQ_OK) {
		im_bad_err(im, r, L_ID, &e);
		return FQ_OK;
	}
	fq_status st = FQ_OK;
	l->has_person = found(store_load_find_person(c, l->id, &l->person, err), &st);
	if (!l->has_person && st == FQ_OK)
		im_bad(im, r, L_ID, "no person with ID number %s in the database; import the "
				    "people first", r->v[L_ID]);
	return st;
}

static fq_status leader_unit(importer *im, store_conn *c, const im_row *r, leader_check *l,
			     fq_err *err)
{
	const char *code = r->v[L_UNIT];
	fq_status st = FQ_OK;
	if (!code[0]) {
		im_bad(im, r, L_UNIT, "required");
		return FQ_OK;
	}
	if (!found(store_load_find_unit(c, code, &l->unit, err), &st)) {
		if (st == FQ_OK)
			im_bad(im, r, L_UNIT, "no unit with code %s in the database", code);
		return st;
	}
	const char *want = l->kind ? load_leader_unit_kind(l->kind) : NULL;
	if (want && strcmp(want, l->unit.kind) != 0)
		im_bad(im, r, L_UNIT, "a %s belongs to a %s, but %s is a %s",
		       load_leader_kind_label(l->kind), want, code, l->unit.kind);
	else
		l->has_unit = true;
	return FQ_OK;
}

static void leader_entrance(importer *im, const im_row *r, leader_check *l)
{
	bool needs = l->kind && strcmp(l->kind, "entrance") == 0;
	if (!r->v[L_ENTRANCE][0]) {
		if (needs)
			im_bad(im, r, r->col[L_ENTRANCE] <= im->n_header ? L_ENTRANCE : L_KIND,
			       "a 单元长 needs the entrance number in column 单元");
		return;
	}
	if (!needs) {
		im_bad(im, r, L_ENTRANCE, "only a 单元长 has an entrance");
		return;
	}
	opt_int(im, r, L_ENTRANCE, 1, LOAD_ENTRANCE_MAX, &l->entrance);
}

static fq_status leader_duplicate(importer *im, store_conn *c, const im_row *r,
				  const leader_check *l, fq_err *err)
{
	if (!l->kind || !l->id[0])
		return FQ_OK;
	char key[LEADER_KEY_SIZE];
	snprintf(key, sizeof key, "%s|%s|%s|%ld", l->id, l->kind, r->v[L_UNIT], l->entrance);
	const im_map_entry *e = im_map_get(&im->seen, key);
	if (e && e->line != r->line)
		im_bad(im, r, L_ID, "the same leader is already on line %zu", e->line);
	else if (!e && im_map_put(&im->seen, &im->arena, key, r->line, NULL) != FQ_OK)
		im->out_of_memory = true;
	if (!l->has_person || !l->has_unit)
		return FQ_OK;
	store_load_leader_row row = {.person_id = l->person.id, .kind = l->kind,
				     .unit_id = l->unit.id, .entrance = (int)l->entrance};
	int64_t id = 0;
	fq_status st = FQ_OK;
	if (found(store_load_find_leader(c, &row, &id, err), &st))
		im_bad(im, r, L_ID, "this person is already a %s of %s in the database",
		       load_leader_kind_label(l->kind), r->v[L_UNIT]);
	return st;
}

/* The household must lie where the leader serves: a 邻长's grid, a
 * 楼栋长's building, a 单元长's entrance of the building. */
static void link_place(link_walk *w, const char *code, const store_load_household_ref *h)
{
	const leader_check *l = w->l;
	const char *kind = l->kind;
	if (strcmp(kind, "neighbour") == 0 && h->grid_id != l->unit.id)
		im_bad(w->im, w->r, L_HOUSEHOLDS, "household %s is not in grid %s", code,
		       w->r->v[L_UNIT]);
	else if (strcmp(kind, "neighbour") != 0 && h->building_id != l->unit.id)
		im_bad(w->im, w->r, L_HOUSEHOLDS, "household %s is not in building %s", code,
		       w->r->v[L_UNIT]);
	else if (strcmp(kind, "entrance") == 0 && h->entrance != l->entrance)
		im_bad(w->im, w->r, L_HOUSEHOLDS, "household %s is not in entrance %ld", code,
		       l->entrance);
}

/* A household may have one 邻长: not linked in the database, nor on
 * another row of the file. */
static void link_once(link_walk *w, const char *code, const store_load_household_ref *h)
{
	int64_t other = 0;
	if (found(store_load_household_neighbour(w->c, h->id, &other, w->err), &w->st))
		im_bad(w->im, w->r, L_HOUSEHOLDS,
		       "household %s is already linked to another 邻长 in the database", code);
	const im_map_entry *e = im_map_get(&w->im->linked, code);
	if (e && e->line != w->r->line)
		im_bad(w->im, w->r, L_HOUSEHOLDS, "household %s is already linked on line %zu",
		       code, e->line);
	else if (!e && im_map_put(&w->im->linked, &w->im->arena, code, w->r->line, NULL) != FQ_OK)
		w->im->out_of_memory = true;
}

static int link_one(void *arg, const char *code, bool too_long)
{
	link_walk *w = arg;
	if (too_long) {
		im_bad(w->im, w->r, L_HOUSEHOLDS, "a household code is longer than %d characters",
		       LOAD_CODE_MAX);
		return 0;
	}
	if (w->n == LOAD_LEADER_HOUSEHOLDS_MAX) {
		im_bad(w->im, w->r, L_HOUSEHOLDS, "more than %d households",
		       LOAD_LEADER_HOUSEHOLDS_MAX);
		return 1;
	}
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->codes[i], code) == 0) {
			im_bad(w->im, w->r, L_HOUSEHOLDS, "household %s is listed twice", code);
			return 0;
		}
	snprintf(w->codes[w->n++], sizeof w->codes[0], "%s", code);
	store_load_household_ref h;
	if (!found(store_load_find_household(w->c, code, &h, w->err), &w->st)) {
		if (w->st == FQ_OK)
			im_bad(w->im, w->r, L_HOUSEHOLDS,
			       "no household with code %s in the database", code);
		return w->st != FQ_OK;
	}
	if (w->leader_id) {
		w->st = store_load_leader_household(w->c, w->leader_id, h.id, w->err);
		return w->st != FQ_OK;
	}
	if (w->l->kind && w->l->has_unit)
		link_place(w, code, &h);
	if (w->l->kind && strcmp(w->l->kind, "neighbour") == 0)
		link_once(w, code, &h);
	return w->st != FQ_OK;
}

static fq_status leader_links(importer *im, store_conn *c, const im_row *r,
			      const leader_check *l, int64_t leader_id, fq_err *err)
{
	link_walk *w = calloc(1, sizeof *w);
	if (!w)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	*w = (link_walk){.im = im, .c = c, .r = r, .l = l, .leader_id = leader_id, .err = err};
	load_split_codes(r->v[L_HOUSEHOLDS], link_one, w);
	if (!leader_id && w->n == 0 && l->kind && strcmp(l->kind, "neighbour") == 0)
		im_bad(im, r, r->col[L_HOUSEHOLDS] <= im->n_header ? L_HOUSEHOLDS : L_KIND,
		       "a 邻长 needs at least one household in column 联系户编码");
	fq_status st = w->st;
	free(w);
	return st;
}

static fq_status leader_insert(importer *im, store_conn *c, const im_row *r,
			       const leader_check *l, fq_err *err)
{
	store_load_leader_row row = {
		.person_id = l->person.id, .kind = l->kind, .unit_id = l->unit.id,
		.entrance = (int)l->entrance, .street_id = l->unit.street_id,
	};
	int64_t id = 0;
	fq_status st = store_load_leader(c, &row, &id, err);
	if (st != FQ_OK)
		return insert_failed(im, r, st, err);
	return leader_links(im, c, r, l, id, err);
}

static fq_status leaders_row(importer *im, store_conn *c, const im_row *r, fq_err *err)
{
	size_t before = im->n_issues;
	leader_check l = {0};
	l.kind = load_leader_kind_parse(r->v[L_KIND]);
	if (!l.kind && r->v[L_KIND][0])
		im_bad(im, r, L_KIND, "unknown kind '%s': 邻长, 楼栋长 or 单元长", r->v[L_KIND]);
	else if (!l.kind)
		im_bad(im, r, L_KIND, "required");
	fq_status st = leader_person(im, c, r, &l, err);
	if (st == FQ_OK)
		st = leader_unit(im, c, r, &l, err);
	leader_entrance(im, r, &l);
	if (st == FQ_OK)
		st = leader_duplicate(im, c, r, &l, err);
	if (st == FQ_OK)
		st = leader_links(im, c, r, &l, 0, err);
	if (st != FQ_OK || !im->inserting || im->n_issues != before)
		return st;
	return leader_insert(im, c, r, &l, err);
}

const im_kind im_leaders = {"leaders", leader_cols, ARRAY_LEN(leader_cols), leaders_row};
