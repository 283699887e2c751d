/*
 * auth.c - account rules, password hashes, tokens and the failed-login
 * throttle; see auth.h.
 *
 * The throttle is a set-associative table: a key (kind + name) is hashed
 * with SipHash under a key drawn at creation, so no client can aim its
 * entries at one bucket; each bucket holds AUTH_THROTTLE_WAYS entries and
 * a new key takes an empty slot, else a forgotten one, else the one idle
 * the longest. Lookups and eviction are thus bounded and need no frees.
 */
#include "domain/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/utf8.h"

_Static_assert(crypto_pwhash_STRBYTES <= AUTH_HASH_MAX, "AUTH_HASH_MAX too small");
_Static_assert(crypto_pwhash_ALG_DEFAULT == crypto_pwhash_ALG_ARGON2ID13,
	       "crypto_pwhash_str must produce Argon2id");
_Static_assert(sodium_base64_ENCODED_LEN(AUTH_TOKEN_BYTES,
					 sodium_base64_VARIANT_URLSAFE_NO_PADDING) ==
		       AUTH_TOKEN_SIZE,
	       "AUTH_TOKEN_LEN does not match the base64url length");
_Static_assert(AUTH_TOKEN_HASH_BYTES >= crypto_generichash_BYTES_MIN &&
		       AUTH_TOKEN_HASH_BYTES <= crypto_generichash_BYTES_MAX,
	       "token hash size outside BLAKE2b's range");

/* The hash of a random password nobody knows, with the same parameters as
 * real ones: verified when there is no real hash, so that an unknown
 * username takes as long to refuse as a wrong password. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$ItXKbkJUEWdkKiUfgybAqg$"
	"kjxtFnp9eBsZ4fsseTQOP9f1hoygIfbVOGHyjZdvgp4";

/* Most doublings of the throttle's wait; past this the wait is the max. */
#define THROTTLE_SHIFT_MAX 20

fq_status auth_init(void)
{
	return sodium_init() < 0 ? FQ_ENOMEM : FQ_OK;
}

/* ---- rules ------------------------------------------------------------ */

static int username_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

fq_status auth_username_valid(const char *username, fq_err *err)
{
	if (!username || !*username)
		return fq_failr(err, FQ_EINVAL, "username", "field.required",
				"username is required");
	size_t n = strlen(username);
	if (n < AUTH_USERNAME_MIN || n > AUTH_USERNAME_MAX)
		return fq_failr(err, FQ_EINVAL, "username", "account.username_length",
				"a username has %d to %d characters", AUTH_USERNAME_MIN,
				AUTH_USERNAME_MAX);
	for (size_t i = 0; i < n; i++)
		if (!username_char(username[i]))
			return fq_failr(err, FQ_EINVAL, "username", "account.username_chars",
					"a username may contain only letters A-Z and a-z, "
					"digits, '_', '.' and '-'");
	return FQ_OK;
}

fq_status auth_password_valid(const char *password, fq_err *err)
{
	if (!password || !*password)
		return fq_failr(err, FQ_EINVAL, "password", "field.required",
				"password is required");
	size_t len = strlen(password);
	if (!utf8_valid(password, len, NULL))
		return fq_failr(err, FQ_EINVAL, "password", "field.not_text",
				"the password is not valid UTF-8");
	size_t n = utf8_char_count(password, len);
	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX)
		return fq_failr(err, FQ_EINVAL, "password", "account.password_length",
				"a password has %d to %d characters; this one has %zu",
				AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, n);
	return FQ_OK;
}

fq_status auth_display_name_valid(const char *name, fq_err *err)
{
	if (!name)
		return fq_failr(err, FQ_EINVAL, "name", "field.required", "name is required");
	size_t len = strlen(name);
	if (!utf8_valid(name, len, NULL))
		return fq_failr(err, FQ_EINVAL, "name", "field.not_text",
				"the name is not valid UTF-8");
	size_t n = utf8_char_count(name, len);
	if (n > AUTH_DISPLAY_NAME_MAX)
		return fq_failr(err, FQ_EINVAL, "name", "field.too_long",
				"a name has at most %d characters",
				AUTH_DISPLAY_NAME_MAX);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7f)
			return fq_failr(err, FQ_EINVAL, "name", "field.not_text",
					"a name must not contain control characters");
	}
	return FQ_OK;
}

/* ---- passwords -------------------------------------------------------- */

fq_status auth_hash_password(const char *password, char out[AUTH_HASH_MAX], fq_err *err)
{
	fq_status st = auth_password_valid(password, err);
	if (st != FQ_OK)
		return st;
	if (auth_init() != FQ_OK)
		return fq_fail(err, FQ_ENOMEM, "", "libsodium could not start");
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return fq_fail(err, FQ_ENOMEM, "", "not enough memory to hash the password");
	memcpy(out, hash, sizeof hash);
	sodium_memzero(hash, sizeof hash);
	return FQ_OK;
}

int auth_verify_password(const char *hash, const char *password)
{
	if (!password || auth_init() != FQ_OK)
		return 0;
	int real = hash && strnlen(hash, AUTH_HASH_MAX) < AUTH_HASH_MAX;
	int ok = crypto_pwhash_str_verify(real ? hash : dummy_hash, password,
					  strlen(password)) == 0;
	return real && ok;
}

/* ---- tokens ----------------------------------------------------------- */

fq_status auth_token_new(char out[AUTH_TOKEN_SIZE])
{
	if (auth_init() != FQ_OK)
		return FQ_ENOMEM;
	unsigned char raw[AUTH_TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_TOKEN_SIZE, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return FQ_OK;
}

int auth_token_well_formed(const char *token)
{
	if (!token || strnlen(token, AUTH_TOKEN_SIZE) != AUTH_TOKEN_LEN)
		return 0;
	for (size_t i = 0; i < AUTH_TOKEN_LEN; i++) {
		char c = token[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_';
		if (!ok)
			return 0;
	}
	return 1;
}

void auth_token_hash(const char *token, unsigned char out[AUTH_TOKEN_HASH_BYTES])
{
	auth_init();
	crypto_generichash(out, AUTH_TOKEN_HASH_BYTES, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

int auth_token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return 0;
	auth_init();
	return sodium_memcmp(a, b, n) == 0;
}

/* ---- throttle --------------------------------------------------------- */

typedef struct throttle_entry {
	uint64_t key;     /* SipHash of kind and name; 0 = empty slot */
	int fails;        /* attempts in the current streak */
	int64_t first_ms; /* first attempt of the streak */
	int64_t last_ms;  /* latest attempt: the longest idle is evicted first */
	int64_t next_ms;  /* no attempt before this; 0 = no wait */
} throttle_entry;

struct auth_throttle {
	pthread_mutex_t mu;
	auth_clock_fn clock;
	unsigned char sip_key[crypto_shorthash_KEYBYTES];
	throttle_entry e[AUTH_THROTTLE_ENTRIES];
};

static int64_t mono_ms(void)
{
	return fq_mono_us() / 1000;
}

auth_throttle *auth_throttle_new(auth_clock_fn clock)
{
	if (auth_init() != FQ_OK)
		return NULL;
	auth_throttle *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	pthread_mutex_init(&t->mu, NULL);
	t->clock = clock ? clock : mono_ms;
	crypto_shorthash_keygen(t->sip_key);
	return t;
}

void auth_throttle_free(auth_throttle *t)
{
	if (t)
		pthread_mutex_destroy(&t->mu);
	free(t);
}

/* The wait imposed after the fails-th attempt of a streak. */
static int64_t wait_after(int fails)
{
	if (fails < AUTH_THROTTLE_FREE)
		return 0;
	int shift = fails - AUTH_THROTTLE_FREE;
	if (shift > THROTTLE_SHIFT_MAX)
		return AUTH_THROTTLE_WAIT_MAX_MS;
	int64_t w = AUTH_THROTTLE_WAIT_MIN_MS << shift;
	return w < AUTH_THROTTLE_WAIT_MAX_MS ? w : AUTH_THROTTLE_WAIT_MAX_MS;
}

/* A streak that never reached the limit ends a window after it began; a
 * throttled one a window after its last wait ended. */
static int forgotten(const throttle_entry *e, int64_t now)
{
	if (e->fails < AUTH_THROTTLE_FREE)
		return now - e->first_ms >= AUTH_THROTTLE_WINDOW_MS;
	return now - e->next_ms >= AUTH_THROTTLE_WINDOW_MS;
}

static uint64_t key_of(const auth_throttle *t, char kind, const char *name)
{
	unsigned char in[2 + AUTH_USERNAME_MAX * UTF8_SEQ_MAX];
	size_t n = strnlen(name, sizeof in - 2);
	in[0] = (unsigned char)kind;
	in[1] = 0;
	memcpy(in + 2, name, n);
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, in, n + 2, t->sip_key);
	uint64_t k;
	memcpy(&k, h, sizeof k);
	return k ? k : 1;
}

/* The live entry for key, or NULL. A forgotten entry is cleared. */
static throttle_entry *find(auth_throttle *t, uint64_t key, int64_t now)
{
	throttle_entry *set = &t->e[(key % AUTH_THROTTLE_SETS) * AUTH_THROTTLE_WAYS];
	for (int i = 0; i < AUTH_THROTTLE_WAYS; i++) {
		if (set[i].key != key)
			continue;
		if (!forgotten(&set[i], now))
			return &set[i];
		memset(&set[i], 0, sizeof set[i]);
		return NULL;
	}
	return NULL;
}

/* The entry for key, taking a slot for it when it has none. */
static throttle_entry *find_or_take(auth_throttle *t, uint64_t key, int64_t now)
{
	throttle_entry *e = find(t, key, now);
	if (e)
		return e;
	throttle_entry *set = &t->e[(key % AUTH_THROTTLE_SETS) * AUTH_THROTTLE_WAYS];
	throttle_entry *victim = &set[0];
	for (int i = 0; i < AUTH_THROTTLE_WAYS; i++) {
		if (set[i].key == 0 || forgotten(&set[i], now)) {
			victim = &set[i];
			break;
		}
		if (set[i].last_ms < victim->last_ms)
			victim = &set[i];
	}
	memset(victim, 0, sizeof *victim);
	victim->key = key;
	return victim;
}

static int64_t remaining(auth_throttle *t, uint64_t key, int64_t now)
{
	throttle_entry *e = find(t, key, now);
	return e && e->next_ms > now ? e->next_ms - now : 0;
}

static void record(auth_throttle *t, uint64_t key, int64_t now)
{
	throttle_entry *e = find_or_take(t, key, now);
	if (e->fails == 0)
		e->first_ms = now;
	if (e->fails <= AUTH_THROTTLE_FREE + THROTTLE_SHIFT_MAX)
		e->fails++;
	e->last_ms = now;
	e->next_ms = e->fails >= AUTH_THROTTLE_FREE ? now + wait_after(e->fails) : 0;
}

int64_t auth_throttle_attempt(auth_throttle *t, const char *username, const char *address)
{
	pthread_mutex_lock(&t->mu);
	int64_t now = t->clock();
	uint64_t ku = username ? key_of(t, 'u', username) : 0;
	uint64_t ka = address ? key_of(t, 'a', address) : 0;
	int64_t wu = ku ? remaining(t, ku, now) : 0;
	int64_t wa = ka ? remaining(t, ka, now) : 0;
	int64_t wait = wu > wa ? wu : wa;
	if (wait == 0) {
		if (ku)
			record(t, ku, now);
		if (ka)
			record(t, ka, now);
	}
	pthread_mutex_unlock(&t->mu);
	return wait;
}

/* Restart the wait of a key from now: a failure is known only once the
 * password check (which takes a while) has ended. */
static void restart(auth_throttle *t, uint64_t key, int64_t now)
{
	throttle_entry *e = find(t, key, now);
	if (!e)
		return;
	e->last_ms = now;
	if (e->fails >= AUTH_THROTTLE_FREE)
		e->next_ms = now + wait_after(e->fails);
}

void auth_throttle_failed(auth_throttle *t, const char *username, const char *address)
{
	pthread_mutex_lock(&t->mu);
	int64_t now = t->clock();
	if (username)
		restart(t, key_of(t, 'u', username), now);
	if (address)
		restart(t, key_of(t, 'a', address), now);
	pthread_mutex_unlock(&t->mu);
}

void auth_throttle_succeeded(auth_throttle *t, const char *username, const char *address)
{
	pthread_mutex_lock(&t->mu);
	int64_t now = t->clock();
	throttle_entry *e = username ? find(t, key_of(t, 'u', username), now) : NULL;
	if (e)
		memset(e, 0, sizeof *e);
	e = address ? find(t, key_of(t, 'a', address), now) : NULL;
	if (e && e->fails > 0 && --e->fails < AUTH_THROTTLE_FREE)
		e->next_ms = 0;
	if (e && e->fails == 0)
		memset(e, 0, sizeof *e);
	pthread_mutex_unlock(&t->mu);
}

size_t auth_throttle_size(auth_throttle *t)
{
	pthread_mutex_lock(&t->mu);
	size_t n = 0;
	for (size_t i = 0; i < AUTH_THROTTLE_ENTRIES; i++)
		n += t->e[i].key != 0;
	pthread_mutex_unlock(&t->mu);
	return n;
}
