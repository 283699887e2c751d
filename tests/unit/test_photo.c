/*
 * test_photo.c - unit tests for src/domain/photo.c and photo_meta.c: magic
 * bytes; stripping EXIF (with a hand-written GPS block), XMP, IPTC,
 * comments and trailing data from a JPEG, text and eXIf chunks from a PNG,
 * EXIF and XMP chunks (and their VP8X flags) from a WebP, each result still
 * decoding; the EXIF orientation kept alone and applied to the thumbnail;
 * thumbnail sizes; damaged, truncated and oversized files refused before
 * anything is decoded; and the rules on who may add photos and how many.
 *
 * The pictures are drawn with libgd and the metadata blocks are written
 * byte by byte here, so the test depends on no sample files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gd.h>

#include "domain/photo.h"

#define GPS_SECRET "GPS-SECRET-DATUM"  /* in the EXIF GPS block */
#define MAKE_SECRET "SECRETCAM"        /* the camera make in IFD0 */
#define XMP_SECRET "XMP-SECRET-34.6"   /* in an XMP packet */
#define IPTC_SECRET "IPTC-SECRET-BYLINE"
#define COMMENT_SECRET "COMMENT-SECRET"
#define TRAILER_SECRET "TRAILER-SECRET"
#define TEXT_SECRET "TEXT-SECRET"

typedef struct bytes {
	unsigned char *p;
	size_t n, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void put_str(bytes *b, const char *s) { put(b, s, strlen(s)); }
static void put8(bytes *b, unsigned v) { unsigned char c = (unsigned char)v; put(b, &c, 1); }
static void le16(bytes *b, unsigned v) { put8(b, v & 0xFF); put8(b, v >> 8); }
static void le32(bytes *b, uint32_t v) { le16(b, v & 0xFFFF); le16(b, v >> 16); }
static void be16(bytes *b, unsigned v) { put8(b, v >> 8); put8(b, v & 0xFF); }
static void be32(bytes *b, uint32_t v) { be16(b, v >> 16); be16(b, v & 0xFFFF); }

static int contains(const void *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static void tiff_entry(bytes *b, unsigned tag, unsigned type, uint32_t count, uint32_t value)
{
	le16(b, tag);
	le16(b, type);
	le32(b, count);
	le32(b, value);
}

/* A little-endian EXIF TIFF block: IFD0 with Make, (Orientation,) and a
 * pointer to a GPS IFD holding latitude N 34°36'0" and a map datum. */
static bytes exif_tiff(int orientation)
{
	bytes t = {0};
	unsigned n0 = orientation ? 3 : 2;
	uint32_t ifd0 = 8, make = ifd0 + 2 + 12 * n0 + 4;
	uint32_t gps = make + sizeof MAKE_SECRET, lat = gps + 2 + 12 * 3 + 4;
	uint32_t datum = lat + 24;
	put_str(&t, "II");
	le16(&t, 42);
	le32(&t, ifd0);
	le16(&t, n0);
	tiff_entry(&t, 0x010F, 2, sizeof MAKE_SECRET, make);
	if (orientation)
		tiff_entry(&t, 0x0112, 3, 1, (uint32_t)orientation);
	tiff_entry(&t, 0x8825, 4, 1, gps);
	le32(&t, 0);
	put(&t, MAKE_SECRET, sizeof MAKE_SECRET);
	le16(&t, 3);
	tiff_entry(&t, 0x0001, 2, 2, 'N');
	tiff_entry(&t, 0x0002, 5, 3, lat);
	tiff_entry(&t, 0x0012, 2, sizeof GPS_SECRET, datum);
	le32(&t, 0);
	uint32_t rationals[6] = {34, 1, 36, 1, 0, 1};
	for (int i = 0; i < 6; i++)
		le32(&t, rationals[i]);
	put(&t, GPS_SECRET, sizeof GPS_SECRET);
	return t;
}

static void jpeg_segment(bytes *b, unsigned marker, const void *body, size_t n)
{
	put8(b, 0xFF);
	put8(b, marker);
	be16(b, (unsigned)n + 2);
	put(b, body, n);
}

static bytes exif_app1_body(int orientation)
{
	bytes body = {0}, t = exif_tiff(orientation);
	put(&body, "Exif\0\0", 6);
	put(&body, t.p, t.n);
	free(t.p);
	return body;
}

/* A w x h picture: left half red, right half blue. */
static gdImagePtr picture(int w, int h)
{
	gdImagePtr im = gdImageCreateTrueColor(w, h);
	assert_non_null(im);
	gdImageFilledRectangle(im, 0, 0, w / 2 - 1, h - 1, gdTrueColor(255, 0, 0));
	gdImageFilledRectangle(im, w / 2, 0, w - 1, h - 1, gdTrueColor(0, 0, 255));
	return im;
}

typedef enum { AS_JPEG, AS_PNG, AS_WEBP } encoding;

static bytes encode(int w, int h, encoding e)
{
	gdImagePtr im = picture(w, h);
	int size = 0;
	void *p = e == AS_JPEG ? gdImageJpegPtr(im, &size, 90)
		  : e == AS_PNG ? gdImagePngPtr(im, &size)
				: gdImageWebpPtr(im, &size);
	gdImageDestroy(im);
	assert_non_null(p);
	bytes b = {0};
	put(&b, p, (size_t)size);
	gdFree(p);
	return b;
}

/* A JPEG from libgd with, after its SOI, an EXIF block (GPS, and the
 * orientation when not 0), an XMP packet, an IPTC block and a comment, and
 * after its EOI a second "picture" with its own EXIF. */
static bytes jpeg_with_metadata(int w, int h, int orientation)
{
	bytes plain = encode(w, h, AS_JPEG), b = {0};
	put(&b, plain.p, 2);
	bytes exif = exif_app1_body(orientation);
	jpeg_segment(&b, 0xE1, exif.p, exif.n);
	free(exif.p);
	static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>"
				  XMP_SECRET "</exif:GPSLatitude></x:xmpmeta>";
	jpeg_segment(&b, 0xE1, xmp, sizeof xmp - 1);
	static const char iptc[] = "Photoshop 3.0\0008BIM\004\004\0\0\0\0\0\x14" IPTC_SECRET;
	jpeg_segment(&b, 0xED, iptc, sizeof iptc - 1);
	jpeg_segment(&b, 0xFE, COMMENT_SECRET, strlen(COMMENT_SECRET));
	put(&b, plain.p + 2, plain.n - 2);
	put(&b, "\xFF\xD8\xFF\xE1\x00\x10" "Exif\0\0" TRAILER_SECRET, 6 + 6 + strlen(TRAILER_SECRET));
	free(plain.p);
	return b;
}

static void assert_decodes(const photo_blob *b, photo_type t, int w, int h)
{
	gdImagePtr im = t == PHOTO_JPEG ? gdImageCreateFromJpegPtr((int)b->len, b->data)
			: t == PHOTO_PNG ? gdImageCreateFromPngPtr((int)b->len, b->data)
					 : gdImageCreateFromWebpPtr((int)b->len, b->data);
	assert_non_null(im);
	assert_int_equal(gdImageSX(im), w);
	assert_int_equal(gdImageSY(im), h);
	gdImageDestroy(im);
}

/* ---- magic bytes ---- */

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(photo_sniff("\xFF\xD8\xFF\xE0", 4), PHOTO_JPEG);
	assert_int_equal(photo_sniff("\x89PNG\r\n\x1A\n", 8), PHOTO_PNG);
	assert_int_equal(photo_sniff("RIFF\x10\0\0\0WEBPVP8 ", 16), PHOTO_WEBP);
	assert_int_equal(photo_sniff("RIFF\x10\0\0\0WAVEfmt ", 16), PHOTO_TYPE_NONE);
	assert_int_equal(photo_sniff("\xFF\xD8", 2), PHOTO_TYPE_NONE);
	assert_int_equal(photo_sniff("\x89PNG\r\n\x1A", 7), PHOTO_TYPE_NONE);
	assert_int_equal(photo_sniff("hello, this is text", 19), PHOTO_TYPE_NONE);
	assert_int_equal(photo_sniff("GIF89a......", 12), PHOTO_TYPE_NONE);
	assert_int_equal(photo_sniff(NULL, 0), PHOTO_TYPE_NONE);
	assert_string_equal(photo_type_mime(PHOTO_WEBP), "image/webp");
	assert_string_equal(photo_type_ext(PHOTO_JPEG), "jpg");
	assert_null(photo_type_mime(PHOTO_TYPE_NONE));
}

/* ---- JPEG ---- */

static void test_jpeg_strip(void **state)
{
	(void)state;
	bytes in = jpeg_with_metadata(64, 48, 0);
	assert_true(contains(in.p, in.n, GPS_SECRET));
	photo_blob out = {0};
	int orientation = 0;
	fq_err err = {0};
	assert_int_equal(photo_strip(PHOTO_JPEG, in.p, in.n, &out, &orientation, &err), FQ_OK);
	assert_int_equal(orientation, 1);
	const char *gone[] = {"Exif", GPS_SECRET, MAKE_SECRET, XMP_SECRET, "ns.adobe.com",
			      IPTC_SECRET, "Photoshop", COMMENT_SECRET, TRAILER_SECRET};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		assert_false(contains(out.data, out.len, gone[i]));
	assert_true(contains(out.data, out.len, "JFIF")); /* APP0 stays */
	assert_int_equal(out.data[out.len - 2], 0xFF);
	assert_int_equal(out.data[out.len - 1], 0xD9);
	assert_decodes(&out, PHOTO_JPEG, 64, 48);
	int w = 0, h = 0;
	assert_int_equal(photo_probe(PHOTO_JPEG, out.data, out.len, &w, &h, &err), FQ_OK);
	assert_int_equal(w, 64);
	assert_int_equal(h, 48);
	photo_blob_free(&out);
	free(in.p);
}

/* Orientation 6 (turn 90° clockwise) survives alone; the GPS does not,
 * and the picture and its thumbnail come out upright. */
static void test_jpeg_orientation(void **state)
{
	(void)state;
	bytes in = jpeg_with_metadata(800, 400, 6);
	photo_image img;
	fq_err err = {0};
	assert_int_equal(photo_prepare(in.p, in.n, &img, &err), FQ_OK);
	assert_true(contains(img.data.data, img.data.len, "Exif"));
	assert_false(contains(img.data.data, img.data.len, GPS_SECRET));
	assert_false(contains(img.data.data, img.data.len, MAKE_SECRET));
	photo_blob again = {0};
	int orientation = 0;
	assert_int_equal(photo_strip(PHOTO_JPEG, img.data.data, img.data.len, &again, &orientation,
				     &err),
			 FQ_OK);
	assert_int_equal(orientation, 6);
	photo_blob_free(&again);
	assert_int_equal(img.width, 400);
	assert_int_equal(img.height, 800);
	assert_int_equal(img.thumb_width, 160);
	assert_int_equal(img.thumb_height, 320);
	gdImagePtr t = gdImageCreateFromJpegPtr((int)img.thumb.len, img.thumb.data);
	assert_non_null(t);
	int top = gdImageGetTrueColorPixel(t, 80, 20), bottom = gdImageGetTrueColorPixel(t, 80, 300);
	assert_true(gdTrueColorGetRed(top) > 200 && gdTrueColorGetBlue(top) < 60);
	assert_true(gdTrueColorGetBlue(bottom) > 200 && gdTrueColorGetRed(bottom) < 60);
	gdImageDestroy(t);
	photo_image_free(&img);
	free(in.p);
}

/* ---- PNG ---- */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

static void png_chunk(bytes *b, const char *type, const void *data, size_t n)
{
	be32(b, (uint32_t)n);
	size_t at = b->n;
	put(b, type, 4);
	put(b, data, n);
	be32(b, crc32_of(b->p + at, n + 4));
}

static bytes png_with_metadata(int w, int h)
{
	bytes plain = encode(w, h, AS_PNG), b = {0};
	size_t ihdr_end = 8 + 12 + 13;
	put(&b, plain.p, ihdr_end);
	png_chunk(&b, "tEXt", "Comment\0" TEXT_SECRET, 8 + strlen(TEXT_SECRET));
	png_chunk(&b, "iTXt", "GPS\0\0\0\0\0" GPS_SECRET, 8 + strlen(GPS_SECRET));
	png_chunk(&b, "zTXt", "Author\0\0x", 9);
	bytes exif = exif_tiff(0);
	png_chunk(&b, "eXIf", exif.p, exif.n);
	free(exif.p);
	png_chunk(&b, "tIME", "\x07\xE9\x01\x02\x03\x04\x05", 7);
	put(&b, plain.p + ihdr_end, plain.n - ihdr_end);
	put_str(&b, TRAILER_SECRET);
	free(plain.p);
	return b;
}

static void test_png_strip(void **state)
{
	(void)state;
	bytes in = png_with_metadata(40, 30);
	assert_true(contains(in.p, in.n, GPS_SECRET));
	photo_blob out = {0};
	int orientation = 0;
	fq_err err = {0};
	assert_int_equal(photo_strip(PHOTO_PNG, in.p, in.n, &out, &orientation, &err), FQ_OK);
	const char *gone[] = {"tEXt", "iTXt", "zTXt", "eXIf", "tIME", TEXT_SECRET, GPS_SECRET,
			      MAKE_SECRET, TRAILER_SECRET};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		assert_false(contains(out.data, out.len, gone[i]));
	assert_true(contains(out.data, out.len, "IDAT"));
	assert_true(contains(out.data, out.len, "IEND"));
	assert_decodes(&out, PHOTO_PNG, 40, 30);
	photo_blob_free(&out);
	free(in.p);
}

/* ---- WebP ---- */

static void riff_chunk(bytes *b, const char *fourcc, const void *data, size_t n)
{
	put(b, fourcc, 4);
	le32(b, (uint32_t)n);
	put(b, data, n);
	if (n & 1)
		put8(b, 0);
}

/* libgd's simple (VP8) WebP made extended: VP8X with the EXIF and XMP
 * flags, the picture, an EXIF chunk and an XMP chunk. */
static bytes webp_with_metadata(int w, int h)
{
	bytes plain = encode(w, h, AS_WEBP), body = {0}, b = {0};
	assert_memory_equal(plain.p + 12, "VP8", 3);
	unsigned char vp8x[10] = {0x0C, 0, 0, 0};
	vp8x[4] = (unsigned char)(w - 1);
	vp8x[5] = (unsigned char)((w - 1) >> 8);
	vp8x[7] = (unsigned char)(h - 1);
	vp8x[8] = (unsigned char)((h - 1) >> 8);
	riff_chunk(&body, "VP8X", vp8x, sizeof vp8x);
	put(&body, plain.p + 12, plain.n - 12);
	bytes exif = exif_tiff(0);
	riff_chunk(&body, "EXIF", exif.p, exif.n);
	free(exif.p);
	static const char xmp[] = "<x:xmpmeta>" XMP_SECRET "</x:xmpmeta>";
	riff_chunk(&body, "XMP ", xmp, sizeof xmp - 1);
	put_str(&b, "RIFF");
	le32(&b, (uint32_t)(body.n + 4));
	put_str(&b, "WEBP");
	put(&b, body.p, body.n);
	free(plain.p);
	free(body.p);
	return b;
}

static void test_webp_strip(void **state)
{
	(void)state;
	bytes in = webp_with_metadata(50, 20);
	photo_blob check = {in.p, in.n};
	assert_decodes(&check, PHOTO_WEBP, 50, 20);
	photo_blob out = {0};
	int orientation = 0;
	fq_err err = {0};
	assert_int_equal(photo_strip(PHOTO_WEBP, in.p, in.n, &out, &orientation, &err), FQ_OK);
	const char *gone[] = {"EXIF", "XMP ", GPS_SECRET, MAKE_SECRET, XMP_SECRET};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		assert_false(contains(out.data, out.len, gone[i]));
	assert_memory_equal(out.data + 12, "VP8X", 4);
	assert_int_equal(out.data[20] & 0x0C, 0);
	uint32_t riff = (uint32_t)out.data[4] | (uint32_t)out.data[5] << 8 |
			(uint32_t)out.data[6] << 16 | (uint32_t)out.data[7] << 24;
	assert_int_equal(riff, out.len - 8);
	assert_decodes(&out, PHOTO_WEBP, 50, 20);
	int w = 0, h = 0;
	assert_int_equal(photo_probe(PHOTO_WEBP, out.data, out.len, &w, &h, &err), FQ_OK);
	assert_int_equal(w, 50);
	assert_int_equal(h, 20);
	photo_blob_free(&out);
	free(in.p);
}

/* ---- thumbnails ---- */

static void test_thumb_size(void **state)
{
	(void)state;
	int w, h;
	photo_thumb_size(800, 600, &w, &h);
	assert_int_equal(w, 320);
	assert_int_equal(h, 240);
	photo_thumb_size(300, 1000, &w, &h);
	assert_int_equal(w, 96);
	assert_int_equal(h, 320);
	photo_thumb_size(100, 50, &w, &h); /* never scaled up */
	assert_int_equal(w, 100);
	assert_int_equal(h, 50);
	photo_thumb_size(10000, 1, &w, &h);
	assert_int_equal(w, 320);
	assert_int_equal(h, 1);
}

static void test_prepare_each_type(void **state)
{
	(void)state;
	const encoding encs[] = {AS_JPEG, AS_PNG, AS_WEBP};
	const photo_type types[] = {PHOTO_JPEG, PHOTO_PNG, PHOTO_WEBP};
	for (size_t i = 0; i < 3; i++) {
		bytes in = encode(640, 400, encs[i]);
		photo_image img;
		fq_err err = {0};
		assert_int_equal(photo_prepare(in.p, in.n, &img, &err), FQ_OK);
		assert_int_equal(img.type, types[i]);
		assert_int_equal(img.width, 640);
		assert_int_equal(img.height, 400);
		assert_int_equal(img.thumb_width, 320);
		assert_int_equal(img.thumb_height, 200);
		assert_int_equal(photo_sniff(img.thumb.data, img.thumb.len), PHOTO_JPEG);
		assert_decodes(&img.thumb, PHOTO_JPEG, 320, 200);
		photo_image_free(&img);
		free(in.p);
	}
}

/* ---- refusals ---- */

static void test_refused(void **state)
{
	(void)state;
	photo_image img;
	fq_err err = {0};
	static const char text[] = "this is not a picture, whatever its name says";
	assert_int_equal(photo_prepare(text, sizeof text - 1, &img, &err), FQ_EMEDIATYPE);
	assert_string_equal(err.field, "photo");

	static const char junk[] = "\xFF\xD8\xFF\xE0\x00\x10JFIF\0garbage after a good start";
	assert_int_equal(photo_prepare(junk, sizeof junk - 1, &img, &err), FQ_EINVAL);
	assert_string_equal(err.field, "photo");

	bytes png = encode(40, 30, AS_PNG);
	assert_int_equal(photo_prepare(png.p, png.n / 2, &img, &err), FQ_EINVAL);
	/* a header that claims 20000 x 20000 pixels */
	png.p[16] = 0, png.p[17] = 0, png.p[18] = 0x4E, png.p[19] = 0x20;
	png.p[20] = 0, png.p[21] = 0, png.p[22] = 0x4E, png.p[23] = 0x20;
	assert_int_equal(photo_prepare(png.p, png.n, &img, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "pixels"));
	free(png.p);

	bytes jpeg = encode(40, 30, AS_JPEG);
	assert_int_equal(photo_prepare(jpeg.p, jpeg.n - 2, &img, &err), FQ_EINVAL); /* no EOI */
	free(jpeg.p);

	bytes webp = webp_with_metadata(20, 20);
	webp.p[4] = 0xFF; /* a RIFF size past the end */
	assert_int_equal(photo_prepare(webp.p, webp.n, &img, &err), FQ_EINVAL);
	free(webp.p);
}

/* ---- complete before decoding ---- */

/* The offset of the first byte after the marker's segment header in a
 * JPEG (the SOF's precision byte, the first coded byte after an SOS). */
static size_t jpeg_after(const bytes *b, unsigned marker, int whole)
{
	for (size_t pos = 2; pos + 4 <= b->n;) {
		size_t seg = (size_t)b->p[pos + 2] << 8 | b->p[pos + 3];
		if (b->p[pos + 1] == marker)
			return whole ? pos + 2 + seg : pos + 4;
		pos += 2 + seg;
	}
	fail_msg("no marker %02X", marker);
	return 0;
}

/* A real JPEG whose frame claims w x h, its coded data cut to keep bytes
 * and an end of image put back. */
static bytes jpeg_claiming(int w, int h, size_t keep)
{
	bytes b = encode(64, 48, AS_JPEG), out = {0};
	size_t sof = jpeg_after(&b, 0xC0, 0), data = jpeg_after(&b, 0xDA, 1);
	b.p[sof + 1] = (unsigned char)(h >> 8), b.p[sof + 2] = (unsigned char)h;
	b.p[sof + 3] = (unsigned char)(w >> 8), b.p[sof + 4] = (unsigned char)w;
	put(&out, b.p, data + keep);
	put(&out, "\xFF\xD9", 2);
	free(b.p);
	return out;
}

static void test_truncated(void **state)
{
	(void)state;
	photo_image img;
	fq_err err = {0};
	/* 8000 x 6000 in three components over a few hundred bytes */
	bytes bomb = jpeg_claiming(8000, 6000, 200);
	assert_int_equal(photo_check(bomb.p, bomb.n, &img, &err), FQ_EINVAL);
	assert_string_equal(err.field, "photo");
	assert_non_null(strstr(err.message, "truncated"));
	free(bomb.p);
	/* the same header over its own size: whole */
	bytes real = encode(64, 48, AS_JPEG);
	size_t coded = real.n - jpeg_after(&real, 0xDA, 1) - 2;
	bytes whole = jpeg_claiming(64, 48, coded);
	assert_int_equal(photo_check(whole.p, whole.n, &img, &err), FQ_OK);
	assert_int_equal(photo_pixels(&img), 64 * 48);
	assert_null(img.thumb.data); /* nothing decoded yet */
	assert_int_equal(photo_render(&img, &err), FQ_OK);
	assert_int_equal(img.thumb_width, 64);
	photo_image_free(&img);
	free(whole.p);
	free(real.p);
	/* arithmetic coding (SOF9), which no browser shows */
	bytes arith = encode(64, 48, AS_JPEG);
	arith.p[jpeg_after(&arith, 0xC0, 0) - 3] = 0xC9;
	assert_int_equal(photo_check(arith.p, arith.n, &img, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "baseline or progressive"));
	free(arith.p);
	/* a PNG whose IHDR claims 4000 x 4000 RGB over its small IDAT */
	bytes png = encode(40, 30, AS_PNG);
	png.p[18] = 0x0F, png.p[19] = 0xA0, png.p[22] = 0x0F, png.p[23] = 0xA0;
	assert_int_equal(photo_complete(PHOTO_PNG, png.p, png.n, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "truncated"));
	free(png.p);
}

static void test_progressive_is_taken(void **state)
{
	(void)state;
	gdImagePtr im = picture(200, 100);
	gdImageInterlace(im, 1); /* libgd writes a progressive JPEG */
	int size = 0;
	void *p = gdImageJpegPtr(im, &size, 90);
	gdImageDestroy(im);
	assert_non_null(p);
	photo_image img;
	fq_err err = {0};
	assert_int_equal(photo_prepare(p, (size_t)size, &img, &err), FQ_OK);
	assert_int_equal(img.width, 200);
	photo_image_free(&img);
	gdFree(p);
}

/* ---- rules ---- */

static caller one_role(int64_t account, role r, int64_t unit, const char *path)
{
	caller c = {.account_id = account, .roles = r, .n_roles = 1};
	c.r[0] = (caller_role){.role = r, .unit_id = unit, .path = path};
	return c;
}

static void test_rules(void **state)
{
	(void)state;
	store_photo_request rq = {
		.id = 1, .state = "accepted", .level = 2, .unit_path = "/1/2/10/",
		.reporter_account_id = 7, .assignee_account_id = 8, .assignee_unit_id = 10,
	};
	fq_err err = {0};
	caller reporter = one_role(7, ROLE_RESIDENT, 11, "/1/2/11/");
	caller holder = one_role(8, ROLE_GRID_WORKER, 10, "/1/2/10/");
	caller on_duty = one_role(9, ROLE_GRID_WORKER, 10, "/1/2/10/");
	caller other_grid = one_role(10, ROLE_GRID_WORKER, 11, "/1/2/11/");
	caller community = one_role(11, ROLE_COMMUNITY_OFFICER, 2, "/1/2/");
	assert_int_equal(photo_may_add(&reporter, &rq, PHOTO_REPORT, &err), FQ_OK);
	assert_int_equal(photo_may_add(&community, &rq, PHOTO_REPORT, &err), FQ_OK);
	assert_int_equal(photo_may_add(&other_grid, &rq, PHOTO_REPORT, &err), FQ_ENOTFOUND);
	assert_int_equal(photo_may_add(&holder, &rq, PHOTO_RESULT, &err), FQ_OK);
	assert_int_equal(photo_may_add(&on_duty, &rq, PHOTO_RESULT, &err), FQ_OK);
	assert_int_equal(photo_may_add(&reporter, &rq, PHOTO_RESULT, &err), FQ_EFORBIDDEN);
	assert_int_equal(photo_may_add(&community, &rq, PHOTO_RESULT, &err), FQ_EFORBIDDEN);
	rq.state = "dispatched";
	assert_int_equal(photo_may_add(&holder, &rq, PHOTO_RESULT, &err), FQ_ECONFLICT);
	rq.state = "closed";
	assert_int_equal(photo_may_add(&reporter, &rq, PHOTO_REPORT, &err), FQ_ECONFLICT);
	assert_true(photo_request_visible(&reporter, &rq));
	assert_false(photo_request_visible(&other_grid, &rq));
	assert_false(photo_request_visible(NULL, &rq));

	assert_int_equal(photo_room(PHOTO_REPORT, 0, REQ_PHOTOS_MAX, &err), FQ_OK);
	assert_int_equal(photo_room(PHOTO_REPORT, 8, 1, &err), FQ_OK);
	assert_int_equal(photo_room(PHOTO_REPORT, 9, 1, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "at most 9 report photos"));
	assert_int_equal(photo_room(PHOTO_RESULT, 5, 5, &err), FQ_ECONFLICT);
	assert_int_equal(photo_kind_parse("result"), PHOTO_RESULT);
	assert_int_equal(photo_kind_parse("Result"), PHOTO_KIND_NONE);
	assert_int_equal(photo_kind_parse(NULL), PHOTO_KIND_NONE);
}

static void test_file_names(void **state)
{
	(void)state;
	char a[PHOTO_PATH_MAX], at[PHOTO_PATH_MAX], b[PHOTO_PATH_MAX], bt[PHOTO_PATH_MAX];
	photo_file_names(42, PHOTO_PNG, a, at);
	photo_file_names(42, PHOTO_PNG, b, bt);
	assert_int_equal(strncmp(a, "photos/42/", 10), 0);
	assert_non_null(strstr(a, ".png"));
	assert_non_null(strstr(at, ".thumb.jpg"));
	assert_int_equal(strncmp(a, at, strlen(a) - 4), 0);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_jpeg_strip),
		cmocka_unit_test(test_jpeg_orientation),
		cmocka_unit_test(test_png_strip),
		cmocka_unit_test(test_webp_strip),
		cmocka_unit_test(test_thumb_size),
		cmocka_unit_test(test_prepare_each_type),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_progressive_is_taken),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_file_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
