/*
 * person.h - validation and masking of residents' personal data: resident
 * ID numbers (居民身份证号码, GB 11643-1999), phone numbers, names and
 * addresses.
 *
 * Validators return FQ_OK or FQ_EINVAL with a message that never repeats
 * the value itself, so it can be logged. Maskers produce what a role that
 * does not need the real value is shown (138****1234); they write into a
 * caller buffer of out_size bytes, never past it, always NUL-terminated when
 * out_size > 0. A masked string is never longer than its input, so a buffer
 * of strlen(input) + 1 bytes always suffices. When the buffer is too small
 * they return FQ_ETOOBIG and leave the empty string in out (if out_size >
 * 0), so a caller that ignores the status shows nothing rather than a
 * partial or stale value. Inputs must be non-NULL, NUL-terminated strings.
 */
#ifndef FQ_DOMAIN_PERSON_H
#define FQ_DOMAIN_PERSON_H

#include <stddef.h>

#include "core/status.h"

/* Characters in a resident ID number. */
#define PERSON_ID_LEN 18

/* Earliest birth year a resident ID number may carry. */
#define PERSON_ID_YEAR_MIN 1900

/* What person_mask_id() keeps: region code in front, last 4 behind. */
#define PERSON_MASK_ID_HEAD 6
#define PERSON_MASK_ID_TAIL 4

/* What person_mask_phone() keeps: first 3 and last 4 characters. */
#define PERSON_MASK_PHONE_HEAD 3
#define PERSON_MASK_PHONE_TAIL 4

/* Fewest characters a phone or ID mask hides; a shorter malformed value is
 * masked completely rather than shown nearly whole. */
#define PERSON_MASK_MIN_HIDDEN 4

/*
 * Check a resident ID number and write its canonical form (upper-case X)
 * to out, which must hold PERSON_ID_LEN + 1 bytes. Rules: exactly 18
 * characters; 17 digits then a digit or X/x; a known province code in the
 * first two digits (or a leading 9, used by the 2023 foreigners' permanent
 * residence ID card); a real birth date YYYYMMDD in digits 7-14 no earlier
 * than PERSON_ID_YEAR_MIN and not after today (China time); and the ISO 7064
 * MOD 11-2 check character. 15-digit first-generation numbers are refused.
 * A NULL id is "required". Returns FQ_OK, or FQ_EINVAL with err's field
 * "id_number" (out untouched).
 */
fq_status person_id_normalize(const char *id, char out[PERSON_ID_LEN + 1],
			      fq_err *err);

/* person_id_normalize() without the canonical copy. */
fq_status person_id_valid(const char *id, fq_err *err);

/*
 * Check a phone number: an 11-digit mainland mobile number 1[3-9]xxxxxxxxx,
 * or a landline written area-local with an optional extension:
 * 0 + 2 or 3 digits (not 00), '-', 7 or 8 digits not starting with 0 or 1,
 * then optionally '-' and 1 to 6 digits (0731-83123456, 010-12345678-801).
 * No spaces, no +86 prefix: the caller trims those. A NULL phone is
 * "required". Returns FQ_OK, or FQ_EINVAL with err's field "phone".
 */
fq_status person_phone_valid(const char *phone, fq_err *err);

/*
 * Mask a phone number: keep the first PERSON_MASK_PHONE_HEAD and last
 * PERSON_MASK_PHONE_TAIL characters, one '*' per character between:
 * 13812341234 -> 138****1234, 0731-83123456 -> 073******3456. A value
 * shorter than 3 + 4 + PERSON_MASK_MIN_HIDDEN characters becomes all '*'.
 * Returns FQ_OK or FQ_ETOOBIG (see the top of this file).
 */
fq_status person_mask_phone(const char *phone, char *out, size_t out_size);

/*
 * Mask a resident ID number: keep the 6-digit region code and the last 4
 * characters, one '*' for each of the 8 between (birth date and the first
 * sequence digits): 430181199001011234 -> 430181********1234. A value
 * shorter than 6 + 4 + PERSON_MASK_MIN_HIDDEN characters becomes all '*'.
 * Returns FQ_OK or FQ_ETOOBIG.
 */
fq_status person_mask_id(const char *id, char *out, size_t out_size);

/*
 * Mask a name, character by character (UTF-8 aware): keep the surname, one
 * '*' for each other character. The surname is the first character, or the
 * first two for a common compound surname (欧阳, 司马, 诸葛, 上官 ...) when
 * the name is longer than two characters: 张三 -> 张*, 欧阳娜娜 -> 欧阳**,
 * 欧阳 -> 欧*. A one-character name becomes "*". Returns FQ_OK or
 * FQ_ETOOBIG.
 */
fq_status person_mask_name(const char *name, char *out, size_t out_size);

/*
 * Mask the house-number part of an address, keeping the place names that
 * lead to the compound or road. Call digits (ASCII or full-width), Latin
 * letters (ASCII or full-width) and Chinese numerals (零〇一二三四五六七八九十百)
 * "number characters". The house number starts at the first run of number
 * characters that contains a digit or is followed by a unit word
 * (号栋幢单室楼层组户座排弄期) - so 五一路, 三亚市 or SOHO现代城 do not start it.
 * Everything before that point is kept as is; from it on, every number
 * character becomes one '*' and all other characters are kept, so the shape
 * stays readable:
 * 金沙路123号枫桥小区5栋2单元301室 -> 金沙路***号枫桥小区*栋*单元***室,
 * 金沙村三组十二号 -> 金沙村*组**号, 迎宾路A座1203 -> 迎宾路*座****.
 * Place names after the house number may lose characters too
 * (over-masking, never under-masking). Returns FQ_OK or FQ_ETOOBIG.
 */
fq_status person_mask_address(const char *addr, char *out, size_t out_size);

#endif
