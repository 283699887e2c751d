/*
 * fuzz_csv.c - libFuzzer target for CSV import: encoding detection and
 * conversion (UTF-8, UTF-8 with BOM, GBK; src/core/encoding.c) and the
 * RFC 4180 reader (src/core/csv.c) over the converted text, as
 * `fengqiao import` reads a file. Checks each field's length and position.
 */

#include "core/csv.h"
#include "core/encoding.h"
#include "fuzz.h"

/* Records read per input: enough for every path, bounded for speed. */
#define RECORDS_PER_INPUT 10000

static void read_all(const char *text, size_t len)
{
	csv_reader *r = csv_reader_new(text, len);
	if (!r)
		return;
	static csv_record rec; /* large: CSV_MAX_FIELDS fields */
	for (int i = 0; i < RECORDS_PER_INPUT; i++) {
		bool eof = false;
		fq_err err = {0};
		if (csv_next(r, &rec, &eof, &err) != FQ_OK || eof)
			break;
		FUZZ_CHECK(rec.n_fields >= 1 && rec.n_fields <= CSV_MAX_FIELDS);
		for (size_t f = 0; f < rec.n_fields; f++) {
			FUZZ_CHECK(strlen(rec.fields[f].value) == rec.fields[f].len);
			FUZZ_CHECK(rec.fields[f].column == f + 1);
		}
	}
	csv_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	(void)enc_kind_name(enc_detect(buf, size));
	char *text = NULL;
	size_t len = 0;
	enc_kind kind;
	fq_err err = {0};
	if (enc_to_utf8(buf, size, &text, &len, &kind, &err) == FQ_OK) {
		FUZZ_CHECK(text[len] == '\0');
		read_all(text, len);
	}
	free(text);
	return 0;
}
