/*
 * fuzz_open311.c - libFuzzer target for the Open311 form body
 * (application/x-www-form-urlencoded, src/api/open311_util.c) and the XML
 * writer (src/api/xml.c) that answers it: parse the form, look up the
 * fields a POST reads, then write every pair as XML (keys that are no XML
 * names go under <attribute>), which must give a document with no stray
 * '<' from the values.
 */

#include "api/open311.h"
#include "api/xml.h"
#include "fuzz.h"

/* Fields a POST reads (open311_post.c). */
static const char *const KEYS[] = {"api_key",     "service_code",   "lat",
                                   "long",        "address_string", "address_id",
                                   "description", "media_url",      "attribute[title]",
                                   "email",       "first_name",     "last_name",
                                   "phone"};

static void write_xml(const o311_field *f, size_t n)
{
	fq_buf out = {0};
	xml_writer w;
	xml_begin(&w, &out);
	xml_open(&w, "service_requests");
	for (size_t i = 0; i < n; i++) {
		if (xml_name_valid(f[i].key)) {
			xml_element(&w, f[i].key, f[i].value);
		} else {
			xml_open(&w, "attribute");
			xml_element(&w, "key", f[i].key);
			xml_element(&w, "value", f[i].value);
			xml_close(&w);
		}
	}
	xml_close(&w);
	if (xml_end(&w) == FQ_OK)
		FUZZ_CHECK(out.data && strstr(out.data, "<service_requests>"));
	fq_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fq_arena a;
	fq_arena_init(&a);
	o311_field *f = NULL;
	size_t n = 0;
	fq_err err = {0};
	if (o311_form_parse(&a, (const char *)data, size, &f, &n, &err) == FQ_OK) {
		for (size_t k = 0; k < sizeof KEYS / sizeof KEYS[0]; k++)
			(void)o311_form_get(f, n, KEYS[k]);
		write_xml(f, n);
	}
	fq_arena_free(&a);
	return 0;
}
