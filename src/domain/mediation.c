/*
 * mediation.c - the rules of cloud mediation: link and party-session
 * tokens, link expiry, who takes part in a thread, message bodies and
 * attachment files; see mediation.h.
 */
#include "domain/mediation.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/photo.h"

/* Key of the token hash: a hash made here never equals an account
 * session's (domain/auth.c hashes without a key). */
static const unsigned char HASH_KEY[crypto_generichash_KEYBYTES] = "fengqiao cloud mediation link";

/* Bytes of a token that are hashed: enough for any well-formed token,
 * bounded for a long malformed one. */
#define TOKEN_HASH_INPUT_MAX (2 * MED_TOKEN_SIZE)

#define PDF_MAGIC "%PDF-"
#define FALLBACK_NAME "file"

fq_status med_token_new(char out[MED_TOKEN_SIZE])
{
	return auth_token_new(out);
}

void med_token_hash(const char *token, unsigned char out[MED_HASH_BYTES])
{
	auth_init();
	size_t n = token ? strnlen(token, TOKEN_HASH_INPUT_MAX) : 0;
	crypto_generichash(out, MED_HASH_BYTES, (const unsigned char *)(token ? token : ""), n,
			   HASH_KEY, sizeof HASH_KEY);
}

int med_hash_equal(const unsigned char a[MED_HASH_BYTES], const unsigned char b[MED_HASH_BYTES])
{
	auth_init();
	return sodium_memcmp(a, b, MED_HASH_BYTES) == 0;
}

fq_status med_link_expiry(int64_t now, int64_t expires_in_s, int64_t *out, fq_err *err)
{
	if (expires_in_s < MED_LINK_TTL_MIN_S || expires_in_s > MED_LINK_TTL_MAX_S)
		return fq_failr(err, FQ_EINVAL, "expires_in_s", "mediation.link_lifetime",
				"a link lives from %d seconds to %d days", MED_LINK_TTL_MIN_S,
				MED_LINK_TTL_MAX_S / (24 * 3600));
	*out = now + expires_in_s;
	return FQ_OK;
}

med_link_state med_link_state_at(int64_t expires_at, int64_t revoked_at, int64_t now)
{
	if (revoked_at != 0 && revoked_at <= now)
		return MED_LINK_REVOKED;
	if (now >= expires_at)
		return MED_LINK_EXPIRED;
	return MED_LINK_ACTIVE;
}

fq_status med_link_check(med_link_state s, fq_err *err)
{
	switch (s) {
	case MED_LINK_ACTIVE:
		return FQ_OK;
	case MED_LINK_REVOKED:
		return fq_failr(err, FQ_EUNAUTH, "token", "mediation.link_withdrawn",
				"this link has been withdrawn by the mediator; ask them for a new one");
	default:
		return fq_failr(err, FQ_EUNAUTH, "token", "mediation.link_expired",
				"this link has expired; ask your mediator for a new one");
	}
}

int64_t med_session_expiry(int64_t now, int64_t link_expires)
{
	int64_t end = now + MED_PARTY_SESSION_S;
	return end < link_expires ? end : link_expires;
}

fq_status med_link_url(const char *token, char *out, size_t size, fq_err *err)
{
	int n = snprintf(out, size, "%s%s", MED_LINK_PATH, token);
	if (n < 0 || (size_t)n >= size)
		return fq_fail(err, FQ_ETOOBIG, "token", "the link does not fit");
	return FQ_OK;
}

/* ---- access ------------------------------------------------------------ */

bool med_may_mediate(const caller *c, const med_case_scope *k)
{
	return c && k && c->account_id != 0 && k->caller_works_on;
}

fq_status med_actor_for(const caller *c, const med_case_scope *k, med_actor *out, fq_err *err)
{
	if (med_may_mediate(c, k)) {
		*out = (med_actor){.account_id = c->account_id};
		return FQ_OK;
	}
	if (c && c->account_id != 0 && k && k->caller_party_id != 0) {
		*out = (med_actor){.account_id = c->account_id, .party_id = k->caller_party_id};
		return FQ_OK;
	}
	return fq_failr(err, FQ_ENOTFOUND, "id", "mediation.case_not_found", "no such case");
}

fq_status med_may_retract(const med_actor *actor, int64_t author_account, int64_t author_party,
			  int64_t retracted_at, fq_err *err)
{
	bool mine = actor->party_id != 0 ? author_party == actor->party_id
					 : author_party == 0 && author_account == actor->account_id;
	if (!mine)
		return fq_failr(err, FQ_EFORBIDDEN, "id", "mediation.retract_not_author",
				"only its author may retract a message");
	if (retracted_at != 0)
		return fq_failr(err, FQ_ECONFLICT, "id", "mediation.already_retracted",
				"the message is already retracted");
	return FQ_OK;
}

/* ---- messages and files ------------------------------------------------ */

fq_status med_thread_open(const char *state, fq_err *err)
{
	if (state && (strcmp(state, "closed") == 0 || strcmp(state, "refused") == 0))
		return fq_failr(err, FQ_ECONFLICT, "state", "mediation.case_closed",
				"the case is %s: its thread can be read but takes no new messages",
				state);
	return FQ_OK;
}

static bool allowed_control(uint32_t cp)
{
	return cp == '\n' || cp == '\t' || cp == '\r';
}

/* FQ_OK when s holds a character other than white space. */
static bool has_text(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return true;
	return false;
}

fq_status med_body_valid(const char *body, bool allow_empty, const char *field, fq_err *err)
{
	if (!body || !has_text(body)) {
		if (allow_empty)
			return FQ_OK;
		return fq_failr(err, FQ_EINVAL, field, "mediation.message_empty",
				"write something");
	}
	size_t len = strlen(body);
	if (!utf8_valid(body, len, NULL))
		return fq_failr(err, FQ_EINVAL, field, "field.not_text", "not valid UTF-8");
	if (utf8_char_count(body, len) > MED_BODY_MAX_CHARS)
		return fq_failr(err, FQ_EINVAL, field, "mediation.message_too_long",
				"a message holds at most %d characters",
				MED_BODY_MAX_CHARS);
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = utf8_decode(body + i, len - i, &cp);
		if ((cp < 0x20 || cp == 0x7f) && !allowed_control(cp))
			return fq_failr(err, FQ_EINVAL, field, "mediation.message_control",
					"control characters are not allowed");
		i += n;
	}
	return FQ_OK;
}

/* The photo type of each file type that is a picture (photo.h knows their
 * magic bytes and MIME types); PHOTO_TYPE_NONE for the others. */
static const photo_type as_photo[] = {
	[MED_FILE_JPEG] = PHOTO_JPEG,
	[MED_FILE_PNG] = PHOTO_PNG,
	[MED_FILE_WEBP] = PHOTO_WEBP,
	[MED_FILE_PDF] = PHOTO_TYPE_NONE,
};
#define N_FILE_TYPES (sizeof as_photo / sizeof as_photo[0])

med_file_type med_file_sniff(const void *data, size_t len)
{
	if (!data)
		return MED_FILE_NONE;
	photo_type p = photo_sniff(data, len);
	for (size_t t = 1; p != PHOTO_TYPE_NONE && t < N_FILE_TYPES; t++)
		if (as_photo[t] == p)
			return (med_file_type)t;
	if (len >= strlen(PDF_MAGIC) && memcmp(data, PDF_MAGIC, strlen(PDF_MAGIC)) == 0)
		return MED_FILE_PDF;
	return MED_FILE_NONE;
}

const char *med_file_mime(med_file_type t)
{
	if (t == MED_FILE_PDF)
		return "application/pdf";
	return t > MED_FILE_NONE && (size_t)t < N_FILE_TYPES ? photo_type_mime(as_photo[t]) : NULL;
}

fq_status med_file_check(const void *data, size_t len, med_file_type *type, fq_err *err)
{
	if (len > (size_t)MED_FILE_BYTES_MAX)
		return fq_failr(err, FQ_ETOOBIG, MED_FILE_FIELD, "mediation.file_too_big",
				"a file holds at most %ld bytes",
				MED_FILE_BYTES_MAX);
	if (len == 0)
		return fq_failr(err, FQ_EINVAL, MED_FILE_FIELD, "mediation.file_empty",
				"the file is empty");
	med_file_type t = med_file_sniff(data, len);
	if (t == MED_FILE_NONE)
		return fq_failr(err, FQ_EMEDIATYPE, MED_FILE_FIELD, "mediation.file_type",
				"attach a photo (JPEG, PNG, WebP) or a PDF");
	*type = t;
	return FQ_OK;
}

static bool name_char_ok(uint32_t cp)
{
	if (cp >= 0x80)
		return cp >= 0xa0 && !(cp >= 0x2000 && cp <= 0x206f) && cp != 0xfeff;
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       cp == ' ' || cp == '.' || cp == '-' || cp == '_' || cp == '(' || cp == ')';
}

void med_file_name_clean(const char *name, char *out, size_t size)
{
	if (size == 0)
		return;
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t len = strlen(base), o = 0, chars = 0;
	for (size_t i = 0; i < len && chars < MED_FILE_NAME_MAX_CHARS;) {
		uint32_t cp = 0;
		size_t n = utf8_decode(base + i, len - i, &cp);
		bool ok = n > 0 && name_char_ok(cp);
		size_t w = ok ? n : 1;
		if (o + w >= size)
			break;
		if (ok)
			memcpy(out + o, base + i, n);
		else
			out[o] = '_';
		o += w;
		i += n ? n : 1;
		chars++;
	}
	out[o] = '\0';
	if (!has_text(out) || strspn(out, "._ ") == o)
		snprintf(out, size, "%s", FALLBACK_NAME);
}
