/*
 * demo.c - building the plan of a demo street (see demo.h): the jittered
 * lattice and its snake cut into communities and villages, the buildings
 * and households of each grid, the people of each household with unique
 * ID numbers, the leaders, and the accounts.
 *
 * One PRNG drives everything, in a fixed order, so the plan depends only
 * on the parameters (and on the ID numbers already handed out).
 */
#include "demo/demo.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/roles.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Lattice corner points. */
#define LATTICE_POINTS ((DEMO_LATTICE_COLS + 1) * (DEMO_LATTICE_ROWS + 1))

/* Household density of a community grid against a village grid, and the
 * spread (+-) of each grid's share around it. */
#define COMMUNITY_WEIGHT 2.0
#define VILLAGE_WEIGHT 1.0
#define WEIGHT_SPREAD 0.2

/* Apartment blocks: entrances, floors, flats per floor per entrance. */
#define ENTRANCES_MIN 1
#define ENTRANCES_MAX 4
#define FLOORS_MIN 6
#define FLOORS_MAX 18
#define FLATS_PER_FLOOR 2

/* Houses in one village group. */
#define GROUP_HOUSES_MIN 25
#define GROUP_HOUSES_MAX 60

/* Doors stay this far (as a fraction of the cell) from the grid's edges. */
#define DOOR_MARGIN 0.15
#define DOOR_STEPS 1000 /* positions a door may take along each axis */

/* People per household, with weights. */
static const uint32_t household_size_weights[] = {0, 0, 30, 40, 30}; /* index = size */

/* Birth years of heads of household, and the gaps to spouses, children
 * and parents. No one is born after DEMO_BIRTH_YEAR_MAX. */
#define HEAD_YEAR_MIN 1945
#define HEAD_YEAR_MAX 1995
#define SPOUSE_GAP_MIN (-3)
#define SPOUSE_GAP_MAX 5
#define GENERATION_MIN 22
#define GENERATION_MAX 34
#define DEMO_BIRTH_YEAR_MAX 2020
#define DEMO_BIRTH_YEAR_MIN 1920

/* People born after this have no phone of their own. */
#define PHONE_BORN_BEFORE 2010

/* Draws of a fresh ID number before giving up. */
#define ID_ATTEMPTS 1000

/* The ID set starts with this many slots and stays under half full. */
#define IDSET_INITIAL 4096

/* Indexes of plan->caps. */
enum { CAP_UNITS, CAP_HOUSEHOLDS, CAP_PERSONS, CAP_LEADERS, CAP_LINKS, CAP_ACCOUNTS };

static const char *const department_names[DEMO_DEPARTMENT_COUNT] = {
	"城管执法中队", "市场监管所", "住建站", "派出所",
	"司法所", "应急管理办", "卫生健康办", "自然资源所",
};

/* printf into a plan field. The fields are sized for the longest text
 * the plan writes, so nothing is cut in practice; if it were, the text
 * would be cut short, never overflow. */
static void textf(char *dst, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void textf(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, n, fmt, ap);
	va_end(ap);
}

/* ---- the set of ID numbers -------------------------------------------- */

struct demo_idset {
	uint64_t *slots; /* 0 = empty; else the first 17 digits as a number */
	size_t cap;      /* a power of two */
	size_t n;        /* slots in use */
};

demo_idset *demo_idset_new(void)
{
	demo_idset *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->slots = calloc(IDSET_INITIAL, sizeof *s->slots);
	if (!s->slots) {
		free(s);
		return NULL;
	}
	s->cap = IDSET_INITIAL;
	return s;
}

void demo_idset_free(demo_idset *s)
{
	if (s)
		free(s->slots);
	free(s);
}

static size_t slot_of(const demo_idset *s, uint64_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (s->cap - 1);
	while (s->slots[i] && s->slots[i] != key)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static fq_status idset_grow(demo_idset *s)
{
	demo_idset bigger = {calloc(s->cap * 2, sizeof(uint64_t)), s->cap * 2, s->n};
	if (!bigger.slots)
		return FQ_ENOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i])
			bigger.slots[slot_of(&bigger, s->slots[i])] = s->slots[i];
	free(s->slots);
	*s = bigger;
	return FQ_OK;
}

/* Add key; *added says whether it was new. */
static fq_status idset_add(demo_idset *s, uint64_t key, bool *added)
{
	if ((s->n + 1) * 2 > s->cap && idset_grow(s) != FQ_OK)
		return FQ_ENOMEM;
	size_t i = slot_of(s, key);
	*added = s->slots[i] == 0;
	if (*added) {
		s->slots[i] = key;
		s->n++;
	}
	return FQ_OK;
}

/* ---- plan arrays -------------------------------------------------------- */

typedef struct build {
	demo_plan *p;
	demo_rng rng;
	demo_idset *ids;
	fq_err *err;
	geo_point lattice[LATTICE_POINTS]; /* (col, row) at [row * (COLS + 1) + col] */
	int32_t street;                     /* index of the street unit */
	int32_t blocks[DEMO_BLOCK_COUNT];   /* communities then villages */
	int32_t first_grid;                 /* grids are units[first_grid ..] */
	int32_t first_department;           /* departments are units[first_department ..] */
	char street_code[DEMO_CODE_SIZE];
	char street_name[DEMO_UNIT_NAME_SIZE];
} build;

/* Make room for one more element in *arr (n used, caps[which] allocated). */
static fq_status reserve(build *b, void **arr, size_t n, int which, size_t elem)
{
	size_t *cap = &b->p->caps[which];
	if (n < *cap)
		return FQ_OK;
	size_t want = *cap ? *cap * 2 : 64;
	void *grown = realloc(*arr, want * elem);
	if (!grown)
		return fq_fail(b->err, FQ_ENOMEM, "", "out of memory building the demo plan");
	memset((char *)grown + *cap * elem, 0, (want - *cap) * elem);
	*arr = grown;
	*cap = want;
	return FQ_OK;
}

static fq_status new_unit(build *b, demo_kind kind, int32_t parent, int32_t *index)
{
	demo_plan *p = b->p;
	fq_status st = reserve(b, (void **)&p->units, p->n_units, CAP_UNITS, sizeof *p->units);
	if (st != FQ_OK)
		return st;
	demo_unit *u = &p->units[p->n_units];
	u->kind = kind;
	u->parent = parent;
	*index = (int32_t)p->n_units++;
	return FQ_OK;
}

static fq_status new_account(build *b, const char *username, const char *display, role r,
			     int32_t unit, int32_t person)
{
	demo_plan *p = b->p;
	fq_status st = reserve(b, (void **)&p->accounts, p->n_accounts, CAP_ACCOUNTS,
			       sizeof *p->accounts);
	if (st != FQ_OK)
		return st;
	demo_account *a = &p->accounts[p->n_accounts++];
	textf(a->username, sizeof a->username, "%s", username);
	textf(a->display_name, sizeof a->display_name, "%s", display);
	a->role = role_name(r);
	a->unit = unit;
	a->person = person;
	return FQ_OK;
}

/* ---- the street, its lattice and its blocks ------------------------------ */

static double jitter(build *b)
{
	/* uniform in [-DEMO_JITTER, DEMO_JITTER] in steps of 1/2^20 */
	int64_t r = demo_rng_range(&b->rng, -(1 << 20), 1 << 20);
	return DEMO_JITTER * (double)r / (double)(1 << 20);
}

static void make_lattice(build *b, const geo_bbox *box)
{
	double cw = (box->max_lon - box->min_lon) / DEMO_LATTICE_COLS;
	double ch = (box->max_lat - box->min_lat) / DEMO_LATTICE_ROWS;
	for (int row = 0; row <= DEMO_LATTICE_ROWS; row++)
		for (int col = 0; col <= DEMO_LATTICE_COLS; col++) {
			double dx = col > 0 && col < DEMO_LATTICE_COLS ? jitter(b) : 0;
			double dy = row > 0 && row < DEMO_LATTICE_ROWS ? jitter(b) : 0;
			geo_point *pt = &b->lattice[row * (DEMO_LATTICE_COLS + 1) + col];
			pt->lon = col == DEMO_LATTICE_COLS ? box->max_lon
							   : box->min_lon + (col + dx) * cw;
			pt->lat = row == DEMO_LATTICE_ROWS ? box->max_lat
							   : box->min_lat + (row + dy) * ch;
		}
}

static geo_point corner(const build *b, int col, int row)
{
	return b->lattice[row * (DEMO_LATTICE_COLS + 1) + col];
}

/* The cell at position i of the snake: bands two rows high, walked west to
 * east and back, zig-zagging between the band's two rows so that each
 * cell touches the next. */
static void snake_cell(int i, int *col, int *row)
{
	int per_band = 2 * DEMO_LATTICE_COLS;
	int band = i / per_band, k = (i % per_band) / 2, second = i % 2;
	*col = band % 2 == 0 ? k : DEMO_LATTICE_COLS - 1 - k;
	int low_first = k % 2 == 0;
	*row = 2 * band + (second ? low_first : !low_first);
}

/* Grids in block k: DEMO_GRIDS_PER_COMMUNITY for a community, the rest
 * shared among the villages, the last ones taking one more. */
static int block_grids(int k)
{
	if (k < DEMO_COMMUNITY_COUNT)
		return DEMO_GRIDS_PER_COMMUNITY;
	int rest = DEMO_GRID_COUNT - DEMO_COMMUNITY_COUNT * DEMO_GRIDS_PER_COMMUNITY;
	int v = k - DEMO_COMMUNITY_COUNT;
	return rest / DEMO_VILLAGE_COUNT + (v >= DEMO_VILLAGE_COUNT - rest % DEMO_VILLAGE_COUNT);
}

static fq_status add_street(build *b)
{
	demo_plan *p = b->p;
	int s = p->street_index;
	textf(b->street_code, sizeof b->street_code, "%s%03d", DEMO_REGION_CODE, s + 1);
	if (s == 0)
		textf(b->street_name, sizeof b->street_name, "集里街道");
	else
		textf(b->street_name, sizeof b->street_name, "示范街道%d", s + 1);
	fq_status st = new_unit(b, DEMO_STREET, -1, &b->street);
	if (st != FQ_OK)
		return st;
	demo_unit *u = &p->units[b->street];
	textf(u->code, sizeof u->code, "%s", b->street_code);
	textf(u->name, sizeof u->name, "%s", b->street_name);
	u->bbox = (geo_bbox){
		.min_lon = DEMO_WEST + s * DEMO_STREET_STRIDE, .min_lat = DEMO_SOUTH,
		.max_lon = DEMO_WEST + s * DEMO_STREET_STRIDE + DEMO_WIDTH,
		.max_lat = DEMO_SOUTH + DEMO_HEIGHT,
	};
	make_lattice(b, &u->bbox);
	return FQ_OK;
}

static fq_status add_blocks(build *b)
{
	for (int k = 0; k < DEMO_BLOCK_COUNT; k++) {
		bool community = k < DEMO_COMMUNITY_COUNT;
		fq_status st = new_unit(b, community ? DEMO_COMMUNITY : DEMO_VILLAGE, b->street,
					&b->blocks[k]);
		if (st != FQ_OK)
			return st;
		demo_unit *u = &b->p->units[b->blocks[k]];
		textf(u->code, sizeof u->code, "%s%03d", b->street_code, k + 1);
		textf(u->name, sizeof u->name, "%s",
			 community ? demo_community_name((size_t)k)
				   : demo_village_name((size_t)(k - DEMO_COMMUNITY_COUNT)));
	}
	return FQ_OK;
}

static void grid_shape(const build *b, demo_unit *u, int col, int row)
{
	u->ring[0] = corner(b, col, row);
	u->ring[1] = corner(b, col + 1, row);
	u->ring[2] = corner(b, col + 1, row + 1);
	u->ring[3] = corner(b, col, row + 1);
	u->ring[4] = u->ring[0];
	u->bbox = (geo_bbox){u->ring[0].lon, u->ring[0].lat, u->ring[0].lon, u->ring[0].lat};
	for (int i = 1; i < 4; i++) {
		geo_point q = u->ring[i];
		if (q.lon < u->bbox.min_lon)
			u->bbox.min_lon = q.lon;
		if (q.lon > u->bbox.max_lon)
			u->bbox.max_lon = q.lon;
		if (q.lat < u->bbox.min_lat)
			u->bbox.min_lat = q.lat;
		if (q.lat > u->bbox.max_lat)
			u->bbox.max_lat = q.lat;
	}
}

static fq_status add_grids(build *b)
{
	int cell = 0;
	b->first_grid = (int32_t)b->p->n_units;
	for (int k = 0; k < DEMO_BLOCK_COUNT; k++) {
		for (int g = 0; g < block_grids(k); g++, cell++) {
			int32_t gi;
			fq_status st = new_unit(b, DEMO_GRID, b->blocks[k], &gi);
			if (st != FQ_OK)
				return st;
			demo_unit *u = &b->p->units[gi];
			const demo_unit *block = &b->p->units[b->blocks[k]];
			textf(u->code, sizeof u->code, "%s%03d", block->code, g + 1);
			textf(u->name, sizeof u->name, "%s第%d网格", block->name, g + 1);
			int col, row;
			snake_cell(cell, &col, &row);
			grid_shape(b, u, col, row);
		}
	}
	return FQ_OK;
}

static fq_status add_departments(build *b)
{
	b->first_department = (int32_t)b->p->n_units;
	for (int d = 0; d < DEMO_DEPARTMENT_COUNT; d++) {
		int32_t di;
		fq_status st = new_unit(b, DEMO_DEPARTMENT, b->street, &di);
		if (st != FQ_OK)
			return st;
		demo_unit *u = &b->p->units[di];
		textf(u->code, sizeof u->code, "%s-D%02d", b->street_code, d + 1);
		textf(u->name, sizeof u->name, "%s%s", b->street_name, department_names[d]);
	}
	return FQ_OK;
}

/* ---- people ---------------------------------------------------------- */

static int clamp_year(int y)
{
	return y < DEMO_BIRTH_YEAR_MIN ? DEMO_BIRTH_YEAR_MIN
	       : y > DEMO_BIRTH_YEAR_MAX ? DEMO_BIRTH_YEAR_MAX : y;
}

static uint64_t id_key(const char *id)
{
	uint64_t k = 0;
	for (int i = 0; i < DEMO_ID_LEN - 1; i++)
		k = k * 10 + (uint64_t)(id[i] - '0');
	return k;
}

/* A valid ID number for the year and gender that no one has yet. */
static fq_status unique_id(build *b, int year, demo_gender g, char out[DEMO_ID_SIZE])
{
	for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
		demo_date d;
		fq_status st = demo_birth_date(&b->rng, year, &d);
		if (st == FQ_OK)
			st = demo_id_number(&b->rng, &d, g, out, DEMO_ID_SIZE);
		if (st != FQ_OK)
			return fq_fail(b->err, st, "id_number", "cannot draw an ID number for %d",
				       year);
		bool added = false;
		if (idset_add(b->ids, id_key(out), &added) != FQ_OK)
			return fq_fail(b->err, FQ_ENOMEM, "", "out of memory building the plan");
		if (added)
			return FQ_OK;
	}
	return fq_fail(b->err, FQ_EINVAL, "households", "ran out of ID numbers born in %d", year);
}

static fq_status add_person(build *b, int32_t hh, const char *relation, demo_gender g, int year)
{
	demo_plan *p = b->p;
	fq_status st = reserve(b, (void **)&p->persons, p->n_persons, CAP_PERSONS,
			       sizeof *p->persons);
	if (st != FQ_OK)
		return st;
	demo_person *x = &p->persons[p->n_persons];
	x->household = hh;
	x->relation = relation;
	x->gender = g == DEMO_MALE ? 'M' : 'F';
	x->birth_year = clamp_year(year);
	demo_person_name(&b->rng, g, x->name, sizeof x->name);
	st = unique_id(b, x->birth_year, g, x->id_number);
	if (st != FQ_OK)
		return st;
	if (x->birth_year < PHONE_BORN_BEFORE)
		demo_phone(&b->rng, x->phone, sizeof x->phone);
	p->n_persons++;
	return FQ_OK;
}

/* The head, a spouse, then children or a parent of the head. */
static fq_status add_people(build *b, int32_t hh)
{
	demo_rng *r = &b->rng;
	int size = (int)demo_rng_pick_weighted(r, household_size_weights,
					       ARRAY_LEN(household_size_weights));
	demo_gender head_g = demo_rng_gender(r);
	int head_year = (int)demo_rng_range(r, HEAD_YEAR_MIN, HEAD_YEAR_MAX);
	b->p->households[hh].first_person = (int32_t)b->p->n_persons;
	b->p->households[hh].n_persons = size;
	fq_status st = add_person(b, hh, "户主", head_g, head_year);
	if (st == FQ_OK)
		st = add_person(b, hh, "配偶", head_g == DEMO_MALE ? DEMO_FEMALE : DEMO_MALE,
				head_year + (int)demo_rng_range(r, SPOUSE_GAP_MIN, SPOUSE_GAP_MAX));
	for (int i = 2; i < size && st == FQ_OK; i++) {
		int gap = (int)demo_rng_range(r, GENERATION_MIN, GENERATION_MAX);
		bool parent = i == 3 && demo_rng_range(r, 0, 1) == 1;
		st = add_person(b, hh, parent ? "父母" : "子女", demo_rng_gender(r),
				parent ? head_year - gap : head_year + gap);
	}
	return st;
}

/* ---- buildings and households ------------------------------------------ */

static fq_status new_household(build *b, int32_t building, int32_t grid, demo_household **out)
{
	demo_plan *p = b->p;
	fq_status st = reserve(b, (void **)&p->households, p->n_households, CAP_HOUSEHOLDS,
			       sizeof *p->households);
	if (st != FQ_OK)
		return st;
	demo_household *h = &p->households[p->n_households++];
	h->building = building;
	h->grid = grid;
	*out = h;
	return FQ_OK;
}

/* A point inside the grid: a bilinear mix of its corners with weights
 * away from the edges; inside because the grid is convex. */
static geo_point door_in(build *b, const demo_unit *grid)
{
	double span = 1 - 2 * DOOR_MARGIN;
	double u = DOOR_MARGIN + span * (double)demo_rng_range(&b->rng, 0, DOOR_STEPS) / DOOR_STEPS;
	double v = DOOR_MARGIN + span * (double)demo_rng_range(&b->rng, 0, DOOR_STEPS) / DOOR_STEPS;
	const geo_point *c = grid->ring;
	geo_point pt = {
		.lon = (1 - u) * (1 - v) * c[0].lon + u * (1 - v) * c[1].lon + u * v * c[2].lon +
		       (1 - u) * v * c[3].lon,
		.lat = (1 - u) * (1 - v) * c[0].lat + u * (1 - v) * c[1].lat + u * v * c[2].lat +
		       (1 - u) * v * c[3].lat,
	};
	return pt;
}

static fq_status new_building(build *b, int32_t grid, int seq, int32_t *index)
{
	fq_status st = new_unit(b, DEMO_BUILDING, grid, index);
	if (st != FQ_OK)
		return st;
	demo_unit *u = &b->p->units[*index];
	textf(u->code, sizeof u->code, "%s-%03d", b->p->units[grid].code, seq);
	u->door = door_in(b, &b->p->units[grid]);
	return FQ_OK;
}

/* One apartment block of the compound, filled flat by flat until it is
 * full or the grid has its households. Returns households added. */
static fq_status apartment_block(build *b, int32_t grid, int seq, const char *compound,
				 const char *road, int want, int *added)
{
	int32_t bi;
	fq_status st = new_building(b, grid, seq, &bi);
	if (st != FQ_OK)
		return st;
	demo_unit *u = &b->p->units[bi];
	u->entrances = (int)demo_rng_range(&b->rng, ENTRANCES_MIN, ENTRANCES_MAX);
	u->floors = (int)demo_rng_range(&b->rng, FLOORS_MIN, FLOORS_MAX);
	textf(u->name, sizeof u->name, "%s%d栋", compound, seq);
	textf(u->address, sizeof u->address, "%s%s%d栋", road, compound, seq);
	int n = 0;
	for (int e = 1; e <= u->entrances && n < want && st == FQ_OK; e++)
		for (int f = 1; f <= u->floors && n < want && st == FQ_OK; f++)
			for (int r = 1; r <= FLATS_PER_FLOOR && n < want && st == FQ_OK; r++) {
				demo_household *h = NULL;
				st = new_household(b, bi, grid, &h);
				if (st != FQ_OK)
					break;
				u = &b->p->units[bi];
				h->entrance = e;
				h->floor = f;
				textf(h->room, sizeof h->room, "%d%02d", f, r);
				textf(h->code, sizeof h->code, "%s-%d-%s", u->code, e, h->room);
				textf(h->address, sizeof h->address, "%s%d单元%s室", u->address, e,
					 h->room);
				st = add_people(b, (int32_t)(h - b->p->households));
				n++;
			}
	*added = n;
	return st;
}

/* One village group: a "building" of houses numbered from 1. */
static fq_status village_group(build *b, int32_t grid, int seq, const char *village, int want,
			       int *added)
{
	int32_t bi;
	fq_status st = new_building(b, grid, seq, &bi);
	if (st != FQ_OK)
		return st;
	char group[DEMO_TEXT_SIZE];
	demo_group_name(&b->rng, group, sizeof group);
	demo_unit *u = &b->p->units[bi];
	textf(u->name, sizeof u->name, "%s", group);
	textf(u->address, sizeof u->address, "%s%s", village, group);
	int houses = (int)demo_rng_range(&b->rng, GROUP_HOUSES_MIN, GROUP_HOUSES_MAX);
	int n = 0;
	for (; n < houses && n < want && st == FQ_OK; n++) {
		demo_household *h = NULL;
		st = new_household(b, bi, grid, &h);
		if (st != FQ_OK)
			break;
		u = &b->p->units[bi];
		textf(h->room, sizeof h->room, "%d", n + 1);
		textf(h->code, sizeof h->code, "%s-%03d", u->code, n + 1);
		textf(h->address, sizeof h->address, "%s%d号", u->address, n + 1);
		st = add_people(b, (int32_t)(h - b->p->households));
	}
	*added = n;
	return st;
}

static fq_status fill_grid(build *b, int32_t grid, int want)
{
	const demo_unit *block = &b->p->units[b->p->units[grid].parent];
	bool community = block->kind == DEMO_COMMUNITY;
	char compound[DEMO_TEXT_SIZE], road[DEMO_TEXT_SIZE], village[DEMO_UNIT_NAME_SIZE];
	textf(village, sizeof village, "%s", block->name);
	if (community) {
		demo_compound_name(&b->rng, compound, sizeof compound);
		demo_street_address(&b->rng, road, sizeof road);
	}
	fq_status st = FQ_OK;
	for (int seq = 1; want > 0 && st == FQ_OK; seq++) {
		int added = 0;
		st = community ? apartment_block(b, grid, seq, compound, road, want, &added)
			       : village_group(b, grid, seq, village, want, &added);
		want -= added;
	}
	return st;
}

/* Households of each grid: every grid gets one, the rest is shared by
 * weight (communities denser than villages, each grid varied), rounding
 * along the running total so that the shares add up exactly. */
static fq_status fill_grids(build *b, int households)
{
	double weights[DEMO_GRID_COUNT], total = 0;
	for (int g = 0; g < DEMO_GRID_COUNT; g++) {
		const demo_unit *grid = &b->p->units[b->first_grid + g];
		double base = b->p->units[grid->parent].kind == DEMO_COMMUNITY ? COMMUNITY_WEIGHT
										 : VILLAGE_WEIGHT;
		weights[g] = base * (1 + WEIGHT_SPREAD * jitter(b) / DEMO_JITTER);
		total += weights[g];
	}
	int spare = households - DEMO_GRID_COUNT;
	double running = 0;
	int given = 0;
	fq_status st = FQ_OK;
	for (int g = 0; g < DEMO_GRID_COUNT && st == FQ_OK; g++) {
		running += weights[g];
		int upto = g == DEMO_GRID_COUNT - 1 ? spare : (int)(spare * running / total + 0.5);
		st = fill_grid(b, b->first_grid + g, 1 + upto - given);
		given = upto;
	}
	return st;
}

/* ---- leaders --------------------------------------------------------- */

static fq_status new_leader(build *b, const char *kind, int32_t person, int32_t unit,
			    demo_leader **out)
{
	demo_plan *p = b->p;
	fq_status st = reserve(b, (void **)&p->leaders, p->n_leaders, CAP_LEADERS,
			       sizeof *p->leaders);
	if (st != FQ_OK)
		return st;
	demo_leader *l = &p->leaders[p->n_leaders++];
	l->kind = kind;
	l->person = person;
	l->unit = unit;
	l->first_link = (int32_t)p->n_links;
	*out = l;
	return FQ_OK;
}

static fq_status add_link(build *b, demo_leader *l, int32_t hh)
{
	demo_plan *p = b->p;
	fq_status st = reserve(b, (void **)&p->links, p->n_links, CAP_LINKS, sizeof *p->links);
	if (st != FQ_OK)
		return st;
	p->links[p->n_links++] = hh;
	l->n_links++;
	return FQ_OK;
}

/* Split the households [first, first + n) of one grid into groups of
 * about DEMO_LEADER_HOUSEHOLDS, each led by the head of its first. */
static fq_status grid_neighbours(build *b, int32_t grid, int32_t first, int n)
{
	int groups = (n + DEMO_LEADER_HOUSEHOLDS / 2) / DEMO_LEADER_HOUSEHOLDS;
	if (groups < 1)
		groups = 1;
	int32_t at = first;
	fq_status st = FQ_OK;
	for (int g = 0; g < groups && st == FQ_OK; g++) {
		int size = n / groups + (g < n % groups);
		demo_leader *l = NULL;
		st = new_leader(b, "neighbour", b->p->households[at].first_person, grid, &l);
		for (int i = 0; i < size && st == FQ_OK; i++)
			st = add_link(b, l, at + i);
		at += size;
	}
	return st;
}

/* The end of the run of households from i on that share household i's
 * building (or its grid when by_grid). */
static size_t run_end(const demo_plan *p, size_t i, bool by_grid)
{
	const demo_household *h = p->households;
	size_t j = i;
	while (j < p->n_households &&
	       (by_grid ? h[j].grid == h[i].grid : h[j].building == h[i].building))
		j++;
	return j;
}

static fq_status add_neighbour_leaders(build *b)
{
	demo_plan *p = b->p;
	fq_status st = FQ_OK;
	for (size_t i = 0, j = 0; i < p->n_households && st == FQ_OK; i = j) {
		j = run_end(p, i, true);
		st = grid_neighbours(b, p->households[i].grid, (int32_t)i, (int)(j - i));
	}
	p->n_neighbour_leaders = p->n_leaders;
	return st;
}

/* A 楼栋长 for every building: the head of its last household (its
 * first is often a 邻长 already, and its second holds resident1). */
static fq_status add_building_leaders(build *b)
{
	demo_plan *p = b->p;
	fq_status st = FQ_OK;
	for (size_t i = 0, j = 0; i < p->n_households && st == FQ_OK; i = j) {
		j = run_end(p, i, false);
		demo_leader *l = NULL;
		st = new_leader(b, "building", p->households[j - 1].first_person,
				p->households[i].building, &l);
	}
	return st;
}

/* ---- accounts -------------------------------------------------------- */

/* Name of a per-street account: "dispatcher" on the first street,
 * "dispatcher_s2" on the second. */
static void street_username(const build *b, const char *base, char *out, size_t n)
{
	if (b->p->street_index == 0)
		textf(out, n, "%s", base);
	else
		textf(out, n, "%s_s%d", base, b->p->street_index + 1);
}

static fq_status staff_account(build *b, const char *base, int number, role r, int32_t unit,
			       const char *title)
{
	char user[DEMO_USERNAME_SIZE], name[DEMO_NAME_SIZE], display[DEMO_DISPLAY_SIZE];
	if (number > 0)
		textf(user, sizeof user, "%s%d", base, number);
	else
		street_username(b, base, user, sizeof user);
	demo_person_name(&b->rng, demo_rng_gender(&b->rng), name, sizeof name);
	textf(display, sizeof display, "%s %s", title, name);
	return new_account(b, user, display, r, unit, -1);
}

static fq_status person_account(build *b, const char *base, int number, role r, int32_t unit,
				int32_t person)
{
	char user[DEMO_USERNAME_SIZE];
	if (number > 0)
		textf(user, sizeof user, "%s%d", base, number);
	else
		street_username(b, base, user, sizeof user);
	return new_account(b, user, b->p->persons[person].name, r, unit, person);
}

static fq_status street_accounts(build *b)
{
	int s = b->p->street_index;
	fq_status st = FQ_OK;
	if (s == 0)
		st = new_account(b, "admin", "系统管理员", ROLE_ADMIN, -1, -1);
	if (st == FQ_OK)
		st = staff_account(b, "dispatcher", 0, ROLE_DISPATCHER, b->street,
				   "指挥中心调度员");
	if (st == FQ_OK)
		st = staff_account(b, "supervisor", 0, ROLE_SUPERVISOR, b->street, "督办员");
	for (int k = 0; k < DEMO_BLOCK_COUNT && st == FQ_OK; k++)
		st = staff_account(b, "community", s * DEMO_BLOCK_COUNT + k + 1,
				   ROLE_COMMUNITY_OFFICER, b->blocks[k], "值班干部");
	for (int g = 0; g < DEMO_GRID_COUNT && st == FQ_OK; g++)
		st = staff_account(b, "grid", s * DEMO_GRID_COUNT + g + 1, ROLE_GRID_WORKER,
				   b->first_grid + g, "网格员");
	for (int d = 0; d < DEMO_DEPARTMENT_COUNT && st == FQ_OK; d++)
		st = staff_account(b, "dept", s * DEMO_DEPARTMENT_COUNT + d + 1,
				   ROLE_DEPARTMENT_OFFICER, b->first_department + d,
				   department_names[d]);
	for (int m = 0; m < DEMO_MEDIATOR_COUNT && st == FQ_OK; m++)
		st = staff_account(b, "mediator", s * DEMO_MEDIATOR_COUNT + m + 1, ROLE_MEDIATOR,
				   b->street, "人民调解员");
	return st;
}

/* leader1 (the first 邻长 of the first grid), building1 (the first
 * 楼栋长), resident1 (the head of leader1's second household), and the
 * talents, residents drawn at random. */
static fq_status resident_accounts(build *b)
{
	demo_plan *p = b->p;
	const demo_leader *leader = &p->leaders[0];
	const demo_leader *bl = &p->leaders[p->n_neighbour_leaders];
	int32_t hh = p->links[leader->first_link + (leader->n_links > 1 ? 1 : 0)];
	int32_t resident = p->households[hh].first_person;
	fq_status st = person_account(b, "leader1", 0, ROLE_LEADER, leader->unit, leader->person);
	if (st == FQ_OK)
		st = person_account(b, "building1", 0, ROLE_BUILDING_LEADER, bl->unit, bl->person);
	if (st == FQ_OK)
		st = person_account(b, "resident1", 0, ROLE_RESIDENT, p->households[hh].grid,
				    resident);
	for (int t = 0; t < DEMO_TALENT_COUNT && st == FQ_OK; t++) {
		int64_t pick = demo_rng_range(&b->rng, 0, (int64_t)p->n_households - 1);
		st = person_account(b, "talent", p->street_index * DEMO_TALENT_COUNT + t + 1,
				    ROLE_TALENT, b->street, p->households[pick].first_person);
	}
	return st;
}

/* ---- the whole plan ---------------------------------------------------- */

static fq_status check_params(const demo_params *p, fq_err *err)
{
	if (p->street_index < 0 || p->street_index >= DEMO_STREETS_MAX)
		return fq_fail(err, FQ_EINVAL, "street_index", "must be between 0 and %d",
			       DEMO_STREETS_MAX - 1);
	if (p->households < DEMO_HOUSEHOLDS_MIN || p->households > DEMO_HOUSEHOLDS_MAX)
		return fq_fail(err, FQ_EINVAL, "households", "must be between %d and %d",
			       DEMO_HOUSEHOLDS_MIN, DEMO_HOUSEHOLDS_MAX);
	return FQ_OK;
}

static fq_status build_all(build *b, int households)
{
	fq_status st = add_street(b);
	if (st == FQ_OK)
		st = add_blocks(b);
	if (st == FQ_OK)
		st = add_grids(b);
	if (st == FQ_OK)
		st = add_departments(b);
	if (st == FQ_OK)
		st = fill_grids(b, households);
	if (st == FQ_OK)
		st = add_neighbour_leaders(b);
	if (st == FQ_OK)
		st = add_building_leaders(b);
	if (st == FQ_OK)
		st = street_accounts(b);
	if (st == FQ_OK)
		st = resident_accounts(b);
	return st;
}

fq_status demo_plan_build(const demo_params *p, demo_idset *ids, demo_plan **out, fq_err *err)
{
	fq_status st = check_params(p, err);
	if (st != FQ_OK)
		return st;
	build *b = calloc(1, sizeof *b);
	demo_idset *own = ids ? NULL : demo_idset_new();
	demo_plan *plan = calloc(1, sizeof *plan);
	if (!b || !plan || (!ids && !own)) {
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory building the demo plan");
		goto out;
	}
	plan->street_index = p->street_index;
	b->p = plan;
	b->ids = ids ? ids : own;
	b->err = err;
	demo_rng_seed(&b->rng, p->seed ^ (0x9E3779B97F4A7C15ull * (uint64_t)(p->street_index + 1)));
	st = build_all(b, p->households);
	if (st == FQ_OK) {
		*out = plan;
		plan = NULL;
	}
out:
	demo_plan_free(plan);
	demo_idset_free(own);
	free(b);
	return st;
}

void demo_plan_free(demo_plan *plan)
{
	if (!plan)
		return;
	free(plan->units);
	free(plan->households);
	free(plan->persons);
	free(plan->leaders);
	free(plan->links);
	free(plan->accounts);
	free(plan);
}

const char *demo_kind_name(demo_kind kind)
{
	static const char *const names[] = {
		[DEMO_STREET] = "street", [DEMO_COMMUNITY] = "community",
		[DEMO_VILLAGE] = "village", [DEMO_GRID] = "grid",
		[DEMO_BUILDING] = "building", [DEMO_DEPARTMENT] = "department",
	};
	return (size_t)kind < ARRAY_LEN(names) ? names[kind] : "?";
}
