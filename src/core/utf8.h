/*
 * utf8.h - strict UTF-8 validation, decoding, encoding and code-point
 * counting.
 *
 * "Strict" means RFC 3629 as tabulated in Unicode §3.9 (Table 3-7): no
 * overlong forms, no UTF-16 surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF, no truncated sequences. Every string that enters Fengqiao from
 * outside is checked here, and string length limits count code points
 * (characters), not bytes, through utf8_char_count().
 *
 * It also holds the one rule for human-entered text (utf8_text_check):
 * a single line (titles, names, addresses) has no control characters and
 * no line breaks; several lines (descriptions, messages) may break lines
 * with \n but hold no other control character; both are trimmed of
 * whitespace and format characters (Unicode Zs, Cf) at either end, and
 * text that holds nothing else is blank.
 */
#ifndef FQ_CORE_UTF8_H
#define FQ_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest encoded form of one code point, in bytes. */
#define UTF8_SEQ_MAX 4

/* Largest Unicode code point. */
#define UTF8_CP_MAX 0x10FFFFu

/*
 * Decode the code point that starts at s (len bytes available). On success
 * returns the sequence length (1..UTF8_SEQ_MAX) and stores the code point in
 * *cp. Returns 0 when len is 0 or the bytes at s do not start a well-formed
 * sequence (overlong, surrogate, above U+10FFFF, stray continuation byte,
 * truncated); *cp is then left unchanged. cp must not be NULL.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * True when the len bytes at s are well-formed UTF-8 (NUL bytes are valid
 * UTF-8 and accepted; callers that need C strings must reject them). On
 * false, if bad_offset is not NULL, stores there the byte offset of the
 * start of the first ill-formed sequence; on true bad_offset is untouched.
 */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/*
 * Number of code points in the len bytes at s. For well-formed input this
 * is exact; for ill-formed input it counts every byte that is not a
 * continuation byte (10xxxxxx), so validate with utf8_valid() first when
 * the answer matters. Never fails.
 */
size_t utf8_char_count(const char *s, size_t len);

/*
 * Write the UTF-8 form of cp (at most U+10FFFF, not a surrogate) to out
 * and return its length in bytes (1..UTF8_SEQ_MAX); no terminating NUL.
 * Returns 0, writing nothing, for a value that is not a Unicode scalar.
 */
size_t utf8_encode(uint32_t cp, char out[UTF8_SEQ_MAX]);

/* True for a control character (Unicode Cc: U+0000..U+001F, U+007F..U+009F). */
bool utf8_is_control(uint32_t cp);

/* True for a space separator (Unicode Zs, U+0020, U+00A0, U+3000 …). */
bool utf8_is_space(uint32_t cp);

/* True for a format character (Unicode 15 Cf: U+200B, U+FEFF, U+202E …). */
bool utf8_is_format(uint32_t cp);

/* The two shapes of human-entered text. */
typedef enum {
	UTF8_TEXT_LINE,  /* one line: no control characters, no line breaks */
	UTF8_TEXT_LINES, /* several lines: \n allowed, no other control character */
} utf8_text_kind;

/* What utf8_text_check found. */
typedef enum {
	UTF8_TEXT_OK = 0, /* well-formed and not blank */
	UTF8_TEXT_INVALID, /* ill-formed UTF-8 */
	UTF8_TEXT_CONTROL, /* a control character or (in one line) a line break */
	UTF8_TEXT_BLANK,   /* nothing but whitespace and format characters */
} utf8_text_fault;

/*
 * Check the len bytes at s as human-entered text of the given kind. On
 * UTF8_TEXT_OK and UTF8_TEXT_BLANK stores in *start and *end the byte span
 * that remains once whitespace (Zs, and \n for several lines) and format
 * characters (Cf) are trimmed from both ends (start == end when blank);
 * on other answers they are untouched. A line break is \n, \r, U+2028 or
 * U+2029; only \n is allowed, and only in UTF8_TEXT_LINES. start and end
 * must not be NULL. Never fails otherwise.
 */
utf8_text_fault utf8_text_check(const char *s, size_t len, utf8_text_kind kind, size_t *start,
				size_t *end);

/* True when s is NULL or holds nothing but ASCII whitespace and the
 * ideographic space (U+3000): a field the domain treats as not given. */
bool utf8_blank(const char *s);

#endif
