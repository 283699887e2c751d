/*
 * fuzz_photo.c - libFuzzer target for what an upload's bytes meet before
 * any decoding (src/domain/photo_meta.c): the type from the magic bytes,
 * the size from the headers (JPEG SOF, PNG IHDR, WebP VP8/VP8L/VP8X), and
 * the metadata stripper that walks JPEG segments (EXIF orientation), PNG
 * chunks and RIFF chunks. Checks that a stripped file is no longer than
 * the upload (a WebP may gain the pad byte of a last odd-sized chunk) and
 * keeps its type. Decoding (libgd) is left out: its cost
 * is bounded by the photo pool, not by these parsers.
 */

#include "domain/photo.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	photo_type t = photo_sniff(data, size);
	if (t == PHOTO_TYPE_NONE)
		return 0;
	int w = 0, h = 0, orientation = 0;
	fq_err err = {0};
	if (photo_probe(t, data, size, &w, &h, &err) == FQ_OK)
		FUZZ_CHECK(w > 0 && h > 0);
	photo_blob out = {0};
	if (photo_strip(t, data, size, &out, &orientation, &err) == FQ_OK) {
		FUZZ_CHECK(orientation >= 1 && orientation <= 8);
		/* no longer than the upload, but for the pad byte RIFF requires
		 * after a last odd-sized chunk that the upload left out */
		FUZZ_CHECK(out.len <= size + (t == PHOTO_WEBP));
		FUZZ_CHECK(photo_sniff(out.data, out.len) == t);
		photo_blob_free(&out);
	}
	return 0;
}
