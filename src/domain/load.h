/*
 * load.h - the rules that rows imported from a street office's
 * spreadsheets must follow, apart from anything that needs the database:
 * unit kinds and how they nest (street -> community/village -> grid ->
 * building; departments under the street), the shape of unit codes (a
 * grid's is 15 digits: 6 division + 3 street + 3 community + 3 grid),
 * leader kinds and the unit each sits on, genders, relations to the head
 * of household, and the small parsers for numbers, coordinates, phones and
 * lists of codes that the importer applies to every cell.
 *
 * Kinds and genders are accepted in Chinese as the offices write them
 * (街道, 社区, 村, 网格, 楼栋, 部门; 邻长, 楼栋长, 单元长; 男, 女) or as the
 * English wire names, and come back as the wire names of the schema
 * ("street", "neighbour", "M"). Nothing here does I/O.
 */
#ifndef FQ_DOMAIN_LOAD_H
#define FQ_DOMAIN_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Characters of a unit, household or other code; codes are ASCII letters,
 * digits, '-' and '_'. */
#define LOAD_CODE_MAX 40

/* Digits of a grid code, and of the community code it starts with. */
#define LOAD_GRID_CODE_LEN 15
#define LOAD_COMMUNITY_CODE_LEN 12

/* Characters of a unit or person name. */
#define LOAD_NAME_MAX 64

/* Characters of an address. */
#define LOAD_ADDRESS_MAX 200

/* Characters of a room label (房号). */
#define LOAD_ROOM_MAX 16

/* Entrances (单元) of a building, and floors above and below ground. */
#define LOAD_ENTRANCE_MAX 99
#define LOAD_FLOOR_MIN (-9)
#define LOAD_FLOOR_MAX 200

/* Households one leader row may list. */
#define LOAD_LEADER_HOUSEHOLDS_MAX 60

/* Bytes of a normalised phone number (landline with extension and NUL). */
#define LOAD_PHONE_SIZE 24

/* The wire name ("street", "community", "village", "grid", "building",
 * "department") of a unit kind written as text (Chinese or English,
 * surrounding spaces already trimmed), or NULL when unknown. The result is
 * a static string. */
const char *load_unit_kind_parse(const char *text);

/* The Chinese label of a unit kind's wire name ("grid" -> "网格"), or the
 * name itself when unknown. */
const char *load_unit_kind_label(const char *kind);

/* True when a unit of kind child may sit directly under a unit of kind
 * parent (wire names); parent NULL asks whether child may be a root, which
 * only a street may. */
bool load_unit_nests(const char *parent, const char *child);

/* The kinds a unit of this kind may sit under, in words for a message
 * ("a community or village"), or "nothing (it is the top)" for a street. */
const char *load_unit_parents_text(const char *kind);

/* Check a unit code for a unit of kind (wire name) whose parent has code
 * parent_code (NULL for none): 1..LOAD_CODE_MAX of [0-9A-Za-z_-]; a grid
 * code is exactly LOAD_GRID_CODE_LEN digits, and when the parent's code
 * is LOAD_COMMUNITY_CODE_LEN digits the grid code starts with it.
 * Returns FQ_OK or FQ_EINVAL with field "code". */
fq_status load_code_valid(const char *kind, const char *code,
			  const char *parent_code, fq_err *err);

/* Check a plain code (households): 1..LOAD_CODE_MAX of [0-9A-Za-z_-].
 * Returns FQ_OK or FQ_EINVAL with the given field name. */
fq_status load_plain_code_valid(const char *code, const char *field,
				fq_err *err);

/* Check a name or other text: well-formed UTF-8 without control
 * characters, 1..max characters (0..max when optional). Returns FQ_OK or
 * FQ_EINVAL with the given field name. */
fq_status load_text_valid(const char *text, size_t max, bool optional,
			  const char *field, fq_err *err);

/* The leader kind ("neighbour", "building", "entrance") of 邻长 / 楼栋长 /
 * 单元长 or the English names, or NULL when unknown. Static string. */
const char *load_leader_kind_parse(const char *text);

/* The Chinese label of a leader kind ("neighbour" -> "邻长"). */
const char *load_leader_kind_label(const char *kind);

/* The unit kind a leader of this kind is bound to: "grid" for a
 * neighbour leader, "building" for building and entrance leaders. */
const char *load_leader_unit_kind(const char *leader_kind);

/* "M" for 男 / M / male, "F" for 女 / F / female (case-insensitive), NULL
 * otherwise. Static string. */
const char *load_gender_parse(const char *text);

/* The Chinese label of a stored gender ("M" -> "男"), "" when NULL. */
const char *load_gender_label(const char *gender);

/* True when text is one of the relations to the head of household the
 * system knows: 户主, 配偶, 子女, 父母, 孙子女, 祖父母, 兄弟姐妹, 儿媳, 女婿,
 * 其他. */
bool load_relation_valid(const char *text);

/* The birth year and gender ("M" odd 17th digit, "F" even) written in a
 * normalised 18-character ID number. */
void load_id_facts(const char *id, int *birth_year, const char **gender);

/* Parse a whole decimal integer within lo..hi ("3", "-1"; no spaces).
 * Returns FQ_OK and *out, or FQ_EINVAL with the given field name. */
fq_status load_int_parse(const char *text, long lo, long hi,
			 const char *field, long *out, fq_err *err);

/* Parse a decimal coordinate within lo..hi degrees. Returns FQ_OK and
 * *out, or FQ_EINVAL with the given field name. */
fq_status load_coord_parse(const char *text, double lo, double hi,
			   const char *field, double *out, fq_err *err);

/* Normalise a phone number as written in a spreadsheet: drop spaces and a
 * leading +86 / 0086 / 86 in front of a mobile number, then check it with
 * person_phone_valid(). On FQ_OK out (LOAD_PHONE_SIZE bytes) holds the
 * number; FQ_EINVAL with field "phone" otherwise. */
fq_status load_phone_normalize(const char *text, char out[LOAD_PHONE_SIZE],
			       fq_err *err);

/* Call fn once for each code in a list separated by ';', '；', '/', '、',
 * ',', '，' or white space (empty items skipped), with the item copied into
 * a NUL-terminated buffer. An item longer than LOAD_CODE_MAX bytes is
 * passed truncated with too_long set. Stops at, and returns, the first
 * non-zero result of fn; 0 when all were seen. */
int load_split_codes(const char *text,
		     int (*fn)(void *arg, const char *code, bool too_long),
		     void *arg);

/* Trim ASCII white space and the ideographic space U+3000 from both ends
 * of s in place; returns s. */
char *load_trim(char *s);

#endif
