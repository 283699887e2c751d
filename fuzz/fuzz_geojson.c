/*
 * fuzz_geojson.c - libFuzzer target for grid boundaries in GeoJSON
 * (src/api/geojson.c): parse a Polygon or MultiPolygon with its limits,
 * write it back and parse the writing again, which must succeed and
 * write the same text.
 */

#include "api/geojson.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	geo_multipolygon *mp = NULL, *again = NULL;
	char *text = NULL, *text2 = NULL;
	fq_err err = {0};
	if (geojson_parse((const char *)data, size, &mp, &err) != FQ_OK)
		return 0;
	if (geojson_multipolygon_dump(mp, &text, &err) == FQ_OK) {
		fq_status st = geojson_parse(text, strlen(text), &again, &err);
		FUZZ_CHECK(st == FQ_OK);
		FUZZ_CHECK(geojson_multipolygon_dump(again, &text2, &err) == FQ_OK);
		FUZZ_CHECK(strcmp(text, text2) == 0); /* the writing is a fixed point */
	}
	free(text);
	free(text2);
	geo_multipolygon_free(again);
	geo_multipolygon_free(mp);
	return 0;
}
