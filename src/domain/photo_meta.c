/*
 * photo_meta.c - the three containers a photo may come in (JPEG, PNG,
 * WebP): recognising them by their magic bytes, reading the picture's size
 * from the headers, and copying them without their metadata; see photo.h.
 *
 * Every container is walked as a list of length-prefixed blocks (JPEG
 * segments, PNG chunks, RIFF chunks) and copied block by block through a
 * list of the blocks to keep: an unknown block is dropped, since it may
 * carry anything. Every length is checked against the bytes that remain
 * before it is used.
 */
#include "domain/photo.h"

#include <stdlib.h>
#include <string.h>

/* ---- magic bytes ------------------------------------------------------ */

static const unsigned char JPEG_MAGIC[] = {0xFF, 0xD8, 0xFF};
static const unsigned char PNG_MAGIC[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
#define RIFF_HEADER 12 /* "RIFF", size, "WEBP" */
#define RIFF_CHUNK_HEADER 8 /* fourcc, size */
#define PNG_CHUNK_OVERHEAD 12 /* length, type, CRC */
#define PNG_CHUNK_LEN_MAX 0x7FFFFFFFu /* the PNG specification's bound */
#define JPEG_SEGMENT_LEN_MIN 2 /* the length field counts itself */
#define FOURCC 4

photo_type photo_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;
	if (!p)
		return PHOTO_TYPE_NONE;
	if (len >= sizeof JPEG_MAGIC && memcmp(p, JPEG_MAGIC, sizeof JPEG_MAGIC) == 0)
		return PHOTO_JPEG;
	if (len >= sizeof PNG_MAGIC && memcmp(p, PNG_MAGIC, sizeof PNG_MAGIC) == 0)
		return PHOTO_PNG;
	if (len >= RIFF_HEADER && memcmp(p, "RIFF", FOURCC) == 0 && memcmp(p + 8, "WEBP", FOURCC) == 0)
		return PHOTO_WEBP;
	return PHOTO_TYPE_NONE;
}

const char *photo_type_mime(photo_type t)
{
	switch (t) {
	case PHOTO_JPEG: return "image/jpeg";
	case PHOTO_PNG: return "image/png";
	case PHOTO_WEBP: return "image/webp";
	default: return NULL;
	}
}

const char *photo_type_ext(photo_type t)
{
	switch (t) {
	case PHOTO_JPEG: return "jpg";
	case PHOTO_PNG: return "png";
	case PHOTO_WEBP: return "webp";
	default: return NULL;
	}
}

/* ---- byte order -------------------------------------------------------- */

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static fq_status damaged(fq_err *err, const char *what)
{
	return fq_fail(err, FQ_EINVAL, PHOTO_FIELD, "the %s file is damaged", what);
}

/* ---- output ------------------------------------------------------------ */

/* A copy being built; cap is fixed at the start (a stripped file is never
 * longer than its original plus the minimal EXIF block). */
typedef struct out_buf {
	unsigned char *data;
	size_t len, cap;
} out_buf;

static void out_put(out_buf *o, const void *p, size_t n)
{
	if (o->len + n > o->cap)
		abort(); /* the cap was computed wrong: our bug, never input */
	memcpy(o->data + o->len, p, n);
	o->len += n;
}

/* ---- JPEG -------------------------------------------------------------- */

#define JPEG_SOI 0xD8
#define JPEG_EOI 0xD9
#define JPEG_SOS 0xDA
#define JPEG_RST0 0xD0
#define JPEG_RST7 0xD7
#define JPEG_TEM 0x01
#define JPEG_APP0 0xE0
#define JPEG_APP1 0xE1
#define JPEG_APP2 0xE2
#define JPEG_APP14 0xEE
#define JPEG_APP15 0xEF
#define JPEG_COM 0xFE
#define EXIF_HEADER "Exif\0\0"
#define EXIF_HEADER_LEN 6
#define TIFF_HEADER_LEN 8
#define TIFF_ENTRY_LEN 12
#define TIFF_TAG_ORIENTATION 0x0112
#define TIFF_TYPE_SHORT 3
#define ORIENTATION_MAX 8

/* The minimal EXIF block that keeps an orientation: APP1, "Exif", a
 * little-endian TIFF header, IFD0 with the one entry 0x0112 SHORT 1, and no
 * next IFD. Byte ORIENT_AT is the orientation. */
static const unsigned char EXIF_ORIENTATION[] = {
	0xFF, JPEG_APP1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
	'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x01, 0x00,
	0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};
#define ORIENT_AT 28

/* The orientation tag of IFD0 in an EXIF TIFF block, or 1. */
static int exif_orientation(const unsigned char *t, size_t n)
{
	if (n < TIFF_HEADER_LEN)
		return 1;
	int le = t[0] == 'I' && t[1] == 'I';
	if (!le && !(t[0] == 'M' && t[1] == 'M'))
		return 1;
	unsigned (*rd16)(const unsigned char *) = le ? le16 : be16;
	uint32_t (*rd32)(const unsigned char *) = le ? le32 : be32;
	uint32_t ifd = rd32(t + 4);
	if (rd16(t + 2) != 42 || ifd > n || n - ifd < 2)
		return 1;
	unsigned count = rd16(t + ifd);
	for (unsigned i = 0; i < count; i++) {
		size_t e = ifd + 2 + (size_t)i * TIFF_ENTRY_LEN;
		if (e + TIFF_ENTRY_LEN > n)
			break;
		if (rd16(t + e) != TIFF_TAG_ORIENTATION || rd16(t + e + 2) != TIFF_TYPE_SHORT)
			continue;
		unsigned v = rd16(t + e + 8);
		return v >= 1 && v <= ORIENTATION_MAX ? (int)v : 1;
	}
	return 1;
}

static int has_prefix(const unsigned char *p, size_t n, const char *prefix, size_t plen)
{
	return n >= plen && memcmp(p, prefix, plen) == 0;
}

/* Whether a segment (marker m, body b of n bytes) is kept: the picture's
 * own segments, JFIF (APP0), an ICC profile (APP2) and Adobe's colour
 * transform (APP14); not EXIF or XMP (APP1), IPTC (APP13), other
 * application segments or comments. */
static int jpeg_keep(unsigned m, const unsigned char *b, size_t n)
{
	if (m == JPEG_APP0)
		return 1;
	if (m == JPEG_APP2)
		return has_prefix(b, n, "ICC_PROFILE", sizeof "ICC_PROFILE");
	if (m == JPEG_APP14)
		return has_prefix(b, n, "Adobe", sizeof "Adobe" - 1);
	return !(m >= JPEG_APP0 && m <= JPEG_APP15) && m != JPEG_COM;
}

/* From pos, just after an SOS segment, to the first marker that is not a
 * stuffed byte or a restart: its position, or len when there is none. */
static size_t jpeg_scan_end(const unsigned char *p, size_t len, size_t pos)
{
	for (; pos + 1 < len; pos++)
		if (p[pos] == 0xFF && p[pos + 1] != 0x00 &&
		    !(p[pos + 1] >= JPEG_RST0 && p[pos + 1] <= JPEG_RST7))
			return pos;
	return len;
}

/* One segment with a length at pos (after its marker m): copied or
 * dropped, the orientation taken from EXIF; *pos moves past it (and past
 * the scan that follows an SOS). */
static fq_status jpeg_segment(const unsigned char *p, size_t len, size_t *pos, unsigned m,
			      out_buf *o, int *orientation, fq_err *err)
{
	if (len - *pos < JPEG_SEGMENT_LEN_MIN)
		return damaged(err, "JPEG");
	size_t seg = be16(p + *pos);
	if (seg < JPEG_SEGMENT_LEN_MIN || seg > len - *pos)
		return damaged(err, "JPEG");
	const unsigned char *body = p + *pos + JPEG_SEGMENT_LEN_MIN;
	size_t blen = seg - JPEG_SEGMENT_LEN_MIN;
	int exif = m == JPEG_APP1 && has_prefix(body, blen, EXIF_HEADER, EXIF_HEADER_LEN);
	if (exif && *orientation == 1) {
		*orientation = exif_orientation(body + EXIF_HEADER_LEN, blen - EXIF_HEADER_LEN);
		if (*orientation != 1) {
			unsigned char exif[sizeof EXIF_ORIENTATION];
			memcpy(exif, EXIF_ORIENTATION, sizeof exif);
			exif[ORIENT_AT] = (unsigned char)*orientation;
			out_put(o, exif, sizeof exif);
		}
	}
	if (jpeg_keep(m, body, blen)) {
		unsigned char mk[2] = {0xFF, (unsigned char)m};
		out_put(o, mk, sizeof mk);
		out_put(o, p + *pos, seg);
	}
	*pos += seg;
	if (m != JPEG_SOS)
		return FQ_OK;
	size_t end = jpeg_scan_end(p, len, *pos);
	if (end >= len)
		return damaged(err, "JPEG");
	out_put(o, p + *pos, end - *pos);
	*pos = end;
	return FQ_OK;
}

/* Copy the JPEG up to its end of image; what follows (a phone's second
 * picture with its own EXIF, say) is left behind. */
static fq_status jpeg_strip(const unsigned char *p, size_t len, out_buf *o, int *orientation,
			    fq_err *err)
{
	static const unsigned char soi[] = {0xFF, JPEG_SOI}, eoi[] = {0xFF, JPEG_EOI};
	out_put(o, soi, sizeof soi);
	size_t pos = sizeof soi;
	for (;;) {
		if (pos >= len || p[pos] != 0xFF)
			return damaged(err, "JPEG");
		while (pos < len && p[pos] == 0xFF)
			pos++; /* fill bytes */
		if (pos >= len)
			return damaged(err, "JPEG");
		unsigned m = p[pos++];
		if (m == JPEG_EOI) {
			out_put(o, eoi, sizeof eoi);
			return FQ_OK;
		}
		if (m == JPEG_SOI || m == 0x00)
			return damaged(err, "JPEG");
		if ((m >= JPEG_RST0 && m <= JPEG_RST7) || m == JPEG_TEM) {
			unsigned char mk[2] = {0xFF, (unsigned char)m};
			out_put(o, mk, sizeof mk);
			continue;
		}
		fq_status st = jpeg_segment(p, len, &pos, m, o, orientation, err);
		if (st != FQ_OK)
			return st;
	}
}

/* Start of frame markers: C0..CF but DHT (C4), JPG (C8) and DAC (CC). */
static int jpeg_is_sof(unsigned m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

#define SOF_SIZE_LEN 5 /* precision, height, width */

static fq_status jpeg_probe(const unsigned char *p, size_t len, int *w, int *h, fq_err *err)
{
	size_t pos = 2;
	while (pos < len && p[pos] == 0xFF) {
		while (pos < len && p[pos] == 0xFF)
			pos++;
		if (pos >= len)
			break;
		unsigned m = p[pos++];
		if ((m >= JPEG_RST0 && m <= JPEG_RST7) || m == JPEG_TEM)
			continue;
		if (m == JPEG_SOS || m == JPEG_EOI || len - pos < JPEG_SEGMENT_LEN_MIN)
			break;
		size_t seg = be16(p + pos);
		if (seg < JPEG_SEGMENT_LEN_MIN || seg > len - pos)
			break;
		if (jpeg_is_sof(m) && seg >= JPEG_SEGMENT_LEN_MIN + SOF_SIZE_LEN) {
			*h = (int)be16(p + pos + 3);
			*w = (int)be16(p + pos + 5);
			return *w > 0 && *h > 0 ? FQ_OK : damaged(err, "JPEG");
		}
		pos += seg;
	}
	return damaged(err, "JPEG");
}

/* The frame of a JPEG as far as its cost goes: its coding process, its
 * size and the 8 x 8 blocks of all its components, and the bytes of
 * coded picture data that follow its scan headers. */
typedef struct jpeg_frame {
	unsigned sof;       /* the start of frame marker, 0 when none */
	uint64_t blocks;    /* data units of all components */
	uint64_t coded;     /* bytes of entropy-coded data in all scans */
} jpeg_frame;

#define JPEG_SOF_BASELINE 0xC0
#define JPEG_SOF_EXTENDED 0xC1
#define JPEG_SOF_PROGRESSIVE 0xC2
#define SOF_COMPONENTS_AT 5 /* after precision, height, width */
#define SOF_COMPONENT_LEN 3 /* id, sampling factors, table */
#define JPEG_COMPONENTS_MAX 4
#define JPEG_SAMPLING_MAX 4
#define JPEG_BLOCK 8
#define BITS_PER_BYTE 8

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* The blocks of every component of the SOF body b (n bytes); 0 when the
 * header is damaged. A component sampled h_i of h_max across has
 * ceil(width * h_i / h_max) samples a row, in blocks of 8 (ITU T.81 A.1.1). */
static uint64_t jpeg_blocks(const unsigned char *b, size_t n)
{
	if (n < SOF_COMPONENTS_AT + 1)
		return 0;
	uint64_t h = be16(b + 1), w = be16(b + 3);
	unsigned nc = b[SOF_COMPONENTS_AT], hmax = 0, vmax = 0;
	const unsigned char *c = b + SOF_COMPONENTS_AT + 1;
	if (nc == 0 || nc > JPEG_COMPONENTS_MAX || n < SOF_COMPONENTS_AT + 1 + nc * SOF_COMPONENT_LEN)
		return 0;
	for (unsigned i = 0; i < nc; i++) {
		unsigned hi = c[i * SOF_COMPONENT_LEN + 1] >> 4, vi = c[i * SOF_COMPONENT_LEN + 1] & 15;
		if (hi == 0 || vi == 0 || hi > JPEG_SAMPLING_MAX || vi > JPEG_SAMPLING_MAX)
			return 0;
		hmax = hi > hmax ? hi : hmax;
		vmax = vi > vmax ? vi : vmax;
	}
	uint64_t blocks = 0;
	for (unsigned i = 0; i < nc; i++) {
		unsigned hi = c[i * SOF_COMPONENT_LEN + 1] >> 4, vi = c[i * SOF_COMPONENT_LEN + 1] & 15;
		blocks += ceil_div(ceil_div(w * hi, hmax), JPEG_BLOCK) *
			  ceil_div(ceil_div(h * vi, vmax), JPEG_BLOCK);
	}
	return blocks;
}

/* Walk a stripped JPEG (whole: jpeg_strip has checked every length) for
 * its frame and the bytes of its scans. */
static fq_status jpeg_walk(const unsigned char *p, size_t len, jpeg_frame *f, fq_err *err)
{
	size_t pos = 2;
	while (pos + 1 < len) {
		if (p[pos] != 0xFF)
			return damaged(err, "JPEG");
		unsigned m = p[pos + 1];
		pos += 2;
		if (m == JPEG_EOI)
			return f->sof ? FQ_OK : damaged(err, "JPEG");
		if ((m >= JPEG_RST0 && m <= JPEG_RST7) || m == JPEG_TEM || m == 0xFF) {
			pos -= m == 0xFF ? 1 : 0; /* a fill byte */
			continue;
		}
		if (len - pos < JPEG_SEGMENT_LEN_MIN)
			return damaged(err, "JPEG");
		size_t seg = be16(p + pos);
		if (seg < JPEG_SEGMENT_LEN_MIN || seg > len - pos)
			return damaged(err, "JPEG");
		if (jpeg_is_sof(m)) {
			if (f->sof)
				return damaged(err, "JPEG"); /* a second frame */
			f->sof = m;
			f->blocks = jpeg_blocks(p + pos + JPEG_SEGMENT_LEN_MIN, seg - JPEG_SEGMENT_LEN_MIN);
			if (f->blocks == 0)
				return damaged(err, "JPEG");
		}
		pos += seg;
		if (m == JPEG_SOS) {
			size_t end = jpeg_scan_end(p, len, pos);
			f->coded += end - pos;
			pos = end;
		}
	}
	return damaged(err, "JPEG");
}

/* Only the coding processes every browser draws (ITU T.81 baseline,
 * extended and progressive, Huffman coded) are taken; and since every
 * scan that starts a component codes at least one bit per block (a
 * Huffman code is never shorter), a file with fewer bits of picture data
 * than its frame has blocks was cut short, whatever its header says. */
static fq_status jpeg_complete(const unsigned char *p, size_t len, fq_err *err)
{
	jpeg_frame f = {0};
	fq_status st = jpeg_walk(p, len, &f, err);
	if (st != FQ_OK)
		return st;
	if (f.sof != JPEG_SOF_BASELINE && f.sof != JPEG_SOF_EXTENDED && f.sof != JPEG_SOF_PROGRESSIVE)
		return fq_fail(err, FQ_EINVAL, PHOTO_FIELD,
			       "the JPEG file is coded in a way browsers do not show (lossless, "
			       "hierarchical or arithmetic); save it as a baseline or progressive JPEG");
	uint64_t need = ceil_div(f.blocks, BITS_PER_BYTE);
	if (f.coded < need)
		return fq_fail(err, FQ_EINVAL, PHOTO_FIELD,
			       "the JPEG file is truncated: its picture needs at least %llu bytes of "
			       "image data and has %llu",
			       (unsigned long long)need, (unsigned long long)f.coded);
	return FQ_OK;
}

/* Whether the chunk type (FOURCC bytes) is one of the n of keep. */
static int kept(const char *const *keep, size_t n, const unsigned char *type)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(type, keep[i], FOURCC) == 0)
			return 1;
	return 0;
}

/* ---- PNG --------------------------------------------------------------- */

/* Chunks that shape how the picture is drawn; everything else (tEXt, iTXt,
 * zTXt, eXIf, tIME, private chunks ...) is dropped. */
static const char *const PNG_KEEP[] = {
	"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP",
	"sBIT", "sRGB", "cICP", "bKGD", "hIST", "pHYs",
};

static fq_status png_strip(const unsigned char *p, size_t len, out_buf *o, fq_err *err)
{
	out_put(o, PNG_MAGIC, sizeof PNG_MAGIC);
	size_t pos = sizeof PNG_MAGIC;
	int first = 1;
	while (len - pos >= PNG_CHUNK_OVERHEAD) {
		uint32_t clen = be32(p + pos);
		const unsigned char *type = p + pos + 4;
		if (clen > PNG_CHUNK_LEN_MAX || clen > len - pos - PNG_CHUNK_OVERHEAD)
			break;
		if (first && memcmp(type, "IHDR", FOURCC) != 0)
			break;
		first = 0;
		size_t whole = PNG_CHUNK_OVERHEAD + (size_t)clen;
		if (kept(PNG_KEEP, sizeof PNG_KEEP / sizeof PNG_KEEP[0], type))
			out_put(o, p + pos, whole);
		pos += whole;
		if (memcmp(type, "IEND", FOURCC) == 0)
			return FQ_OK;
	}
	return damaged(err, "PNG");
}

#define PNG_IHDR_END 24 /* magic, length, "IHDR", width, height */

static fq_status png_probe(const unsigned char *p, size_t len, int *w, int *h, fq_err *err)
{
	if (len < PNG_IHDR_END || memcmp(p + 12, "IHDR", FOURCC) != 0)
		return damaged(err, "PNG");
	uint32_t pw = be32(p + 16), ph = be32(p + 20);
	if (pw == 0 || ph == 0 || pw > PNG_CHUNK_LEN_MAX || ph > PNG_CHUNK_LEN_MAX)
		return damaged(err, "PNG");
	*w = (int)pw;
	*h = (int)ph;
	return FQ_OK;
}

#define PNG_DEPTH_AT 24     /* bit depth, then colour type, in IHDR's data */
#define PNG_DEFLATE_RATIO_MAX 1032 /* deflate's best: 258 bytes in 2 bits */

/* Samples per pixel of a PNG colour type; 0 when there is no such type. */
static unsigned png_channels(unsigned colour)
{
	switch (colour) {
	case 0: return 1; /* grey */
	case 2: return 3; /* RGB */
	case 3: return 1; /* palette index */
	case 4: return 2; /* grey and alpha */
	case 6: return 4; /* RGBA */
	default: return 0;
	}
}

/* A PNG's rows hold height x ceil(width x channels x depth / 8) bytes
 * before compression, and deflate shrinks nothing by more than
 * PNG_DEFLATE_RATIO_MAX: fewer IDAT bytes than that means the picture was
 * cut short. data is stripped (whole, starting with IHDR). */
static fq_status png_complete(const unsigned char *p, size_t len, fq_err *err)
{
	if (len < PNG_IHDR_END + 2)
		return damaged(err, "PNG");
	uint64_t w = be32(p + 16), h = be32(p + 20);
	unsigned depth = p[PNG_DEPTH_AT], ch = png_channels(p[PNG_DEPTH_AT + 1]);
	if (ch == 0 || depth == 0 || depth > 16 || (depth & (depth - 1)) != 0)
		return damaged(err, "PNG");
	uint64_t idat = 0;
	for (size_t pos = sizeof PNG_MAGIC; len - pos >= PNG_CHUNK_OVERHEAD;) {
		uint32_t clen = be32(p + pos);
		if (clen > len - pos - PNG_CHUNK_OVERHEAD)
			return damaged(err, "PNG");
		if (memcmp(p + pos + 4, "IDAT", FOURCC) == 0)
			idat += clen;
		pos += PNG_CHUNK_OVERHEAD + (size_t)clen;
	}
	uint64_t raw = h * ceil_div(w * ch * depth, BITS_PER_BYTE);
	uint64_t need = ceil_div(raw, PNG_DEFLATE_RATIO_MAX);
	if (idat < need)
		return fq_fail(err, FQ_EINVAL, PHOTO_FIELD,
			       "the PNG file is truncated: its picture needs at least %llu bytes of "
			       "image data and has %llu",
			       (unsigned long long)need, (unsigned long long)idat);
	return FQ_OK;
}

/* ---- WebP -------------------------------------------------------------- */

#define VP8X_FLAG_EXIF 0x08
#define VP8X_FLAG_XMP 0x04
#define VP8X_LEN 10
#define VP8_HEADER_LEN 10 /* frame tag, start code, width, height */
#define VP8L_HEADER_LEN 5 /* signature, packed sizes */
#define VP8L_SIGNATURE 0x2F
#define VP8_SIZE_MASK 0x3FFF

/* Chunks of the picture; EXIF, "XMP " and unknown chunks are dropped. */
static const char *const WEBP_KEEP[] = {"VP8X", "VP8 ", "VP8L", "ALPH", "ICCP", "ANIM", "ANMF"};

/* The RIFF payload's end: the declared size, which must fit in len. */
static fq_status webp_end(const unsigned char *p, size_t len, size_t *end, fq_err *err)
{
	uint32_t riff = le32(p + 4);
	if (riff < FOURCC || riff > len - RIFF_CHUNK_HEADER)
		return damaged(err, "WebP");
	*end = RIFF_CHUNK_HEADER + (size_t)riff;
	return FQ_OK;
}

static fq_status webp_strip(const unsigned char *p, size_t len, out_buf *o, fq_err *err)
{
	size_t end;
	fq_status st = webp_end(p, len, &end, err);
	if (st != FQ_OK)
		return st;
	out_put(o, p, RIFF_HEADER); /* the size is set at the end */
	size_t pos = RIFF_HEADER;
	int chunks = 0;
	while (pos < end) {
		if (end - pos < RIFF_CHUNK_HEADER)
			return damaged(err, "WebP");
		uint32_t csize = le32(p + pos + FOURCC);
		if (csize > end - pos - RIFF_CHUNK_HEADER)
			return damaged(err, "WebP");
		size_t whole = RIFF_CHUNK_HEADER + (size_t)csize;
		size_t pad = (csize & 1) && pos + whole < end ? 1 : 0;
		if (kept(WEBP_KEEP, sizeof WEBP_KEEP / sizeof WEBP_KEEP[0], p + pos)) {
			size_t at = o->len;
			out_put(o, p + pos, whole);
			if (csize & 1)
				out_put(o, "", 1);
			if (memcmp(p + pos, "VP8X", FOURCC) == 0 && csize >= VP8X_LEN)
				o->data[at + RIFF_CHUNK_HEADER] &=
					(unsigned char)~(VP8X_FLAG_EXIF | VP8X_FLAG_XMP);
			chunks++;
		}
		pos += whole + pad;
	}
	if (chunks == 0)
		return damaged(err, "WebP");
	put_le32(o->data + FOURCC, (uint32_t)(o->len - RIFF_CHUNK_HEADER));
	return FQ_OK;
}

static fq_status webp_probe(const unsigned char *p, size_t len, int *w, int *h, fq_err *err)
{
	size_t end;
	if (webp_end(p, len, &end, err) != FQ_OK || end - RIFF_HEADER < RIFF_CHUNK_HEADER)
		return damaged(err, "WebP");
	const unsigned char *c = p + RIFF_HEADER, *d = c + RIFF_CHUNK_HEADER;
	size_t n = le32(c + FOURCC);
	if (n > end - RIFF_HEADER - RIFF_CHUNK_HEADER)
		return damaged(err, "WebP");
	uint32_t pw = 0, ph = 0;
	if (memcmp(c, "VP8X", FOURCC) == 0 && n >= VP8X_LEN) {
		pw = 1 + le24(d + 4);
		ph = 1 + le24(d + 7);
	} else if (memcmp(c, "VP8 ", FOURCC) == 0 && n >= VP8_HEADER_LEN && d[3] == 0x9D &&
		   d[4] == 0x01 && d[5] == 0x2A) {
		pw = le16(d + 6) & VP8_SIZE_MASK;
		ph = le16(d + 8) & VP8_SIZE_MASK;
	} else if (memcmp(c, "VP8L", FOURCC) == 0 && n >= VP8L_HEADER_LEN && d[0] == VP8L_SIGNATURE) {
		uint32_t bits = le32(d + 1);
		pw = 1 + (bits & VP8_SIZE_MASK);
		ph = 1 + ((bits >> 14) & VP8_SIZE_MASK);
	}
	if (pw == 0 || ph == 0)
		return damaged(err, "WebP");
	*w = (int)pw;
	*h = (int)ph;
	return FQ_OK;
}

#define VP8_FIRST_PART_SHIFT 5   /* the frame tag: key frame, version, show, size */
#define VP8_FIRST_PART_MASK 0x7FFFF

/* A stripped WebP holds a still picture (a VP8 or VP8L chunk; an
 * animation has none at the top level) and a VP8 picture's first
 * partition, whose size its frame tag gives, is all there. */
static fq_status webp_complete(const unsigned char *p, size_t len, fq_err *err)
{
	for (size_t pos = RIFF_HEADER; pos <= len && len - pos >= RIFF_CHUNK_HEADER;) {
		const unsigned char *c = p + pos, *d = c + RIFF_CHUNK_HEADER;
		uint32_t csize = le32(c + FOURCC);
		if (csize > len - pos - RIFF_CHUNK_HEADER)
			return damaged(err, "WebP");
		if (memcmp(c, "VP8L", FOURCC) == 0)
			return FQ_OK;
		if (memcmp(c, "VP8 ", FOURCC) == 0) {
			if (csize < VP8_HEADER_LEN)
				return damaged(err, "WebP");
			uint32_t part = (le24(d) >> VP8_FIRST_PART_SHIFT) & VP8_FIRST_PART_MASK;
			if (part > csize - VP8_HEADER_LEN)
				return fq_fail(err, FQ_EINVAL, PHOTO_FIELD, "the WebP file is truncated");
			return FQ_OK;
		}
		pos += RIFF_CHUNK_HEADER + (size_t)csize + (csize & 1);
	}
	return fq_fail(err, FQ_EINVAL, PHOTO_FIELD,
		       "the WebP file holds no still picture (an animated WebP is not taken)");
}

/* ---- the public face --------------------------------------------------- */

fq_status photo_complete(photo_type t, const void *data, size_t len, fq_err *err)
{
	if (photo_sniff(data, len) != t || t == PHOTO_TYPE_NONE)
		return fq_fail(err, FQ_EINVAL, PHOTO_FIELD, "not a JPEG, PNG or WebP image");
	switch (t) {
	case PHOTO_JPEG: return jpeg_complete(data, len, err);
	case PHOTO_PNG: return png_complete(data, len, err);
	default: return webp_complete(data, len, err);
	}
}

fq_status photo_probe(photo_type t, const void *data, size_t len, int *w, int *h, fq_err *err)
{
	if (photo_sniff(data, len) != t || t == PHOTO_TYPE_NONE)
		return fq_fail(err, FQ_EINVAL, PHOTO_FIELD, "not a JPEG, PNG or WebP image");
	switch (t) {
	case PHOTO_JPEG: return jpeg_probe(data, len, w, h, err);
	case PHOTO_PNG: return png_probe(data, len, w, h, err);
	default: return webp_probe(data, len, w, h, err);
	}
}

fq_status photo_strip(photo_type t, const void *data, size_t len, photo_blob *out,
		      int *orientation, fq_err *err)
{
	if (photo_sniff(data, len) != t || t == PHOTO_TYPE_NONE)
		return fq_fail(err, FQ_EINVAL, PHOTO_FIELD, "not a JPEG, PNG or WebP image");
	size_t cap = len + sizeof EXIF_ORIENTATION + 1; /* + a WebP chunk's missing pad byte */
	out_buf o = {malloc(cap), 0, cap};
	if (!o.data)
		return fq_fail(err, FQ_ENOMEM, PHOTO_FIELD, "out of memory");
	int orient = 1;
	fq_status st;
	switch (t) {
	case PHOTO_JPEG: st = jpeg_strip(data, len, &o, &orient, err); break;
	case PHOTO_PNG: st = png_strip(data, len, &o, err); break;
	default: st = webp_strip(data, len, &o, err); break;
	}
	if (st != FQ_OK) {
		free(o.data);
		return st;
	}
	out->data = o.data;
	out->len = o.len;
	*orientation = orient;
	return FQ_OK;
}
