/*
 * qr.c - QR codes over libqrencode, and their SVG form; see qr.h.
 */
#include "domain/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

/* libqrencode's module byte: bit 0 is the colour (1 = dark); the other
 * bits say what the module is part of and are of no use here. */
#define QR_DARK_BIT 0x01

fq_status qr_encode(const char *text, qr_matrix *out, fq_err *err)
{
	size_t len = text ? strlen(text) : 0;
	if (len == 0 || len > QR_TEXT_MAX)
		return fq_fail(err, FQ_EINVAL, "text", "a QR code carries 1 to %d bytes of text",
			       QR_TEXT_MAX);
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!code) {
		if (errno == ENOMEM)
			return fq_fail(err, FQ_ENOMEM, "", "out of memory");
		return fq_fail(err, FQ_EINVAL, "text", "the text does not fit in a QR code");
	}
	fq_status st = FQ_OK;
	size_t cells = (size_t)code->width * (size_t)code->width;
	unsigned char *dark = malloc(cells);
	if (!dark) {
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < cells; i++)
		dark[i] = code->data[i] & QR_DARK_BIT;
	out->side = code->width;
	out->dark = dark;
out:
	QRcode_free(code);
	return st;
}

void qr_matrix_free(qr_matrix *m)
{
	if (!m)
		return;
	free(m->dark);
	m->dark = NULL;
	m->side = 0;
}

/* The dark runs of row y as path commands "M x y h n v1 h -n z". */
static fq_status row_path(const qr_matrix *m, int y, fq_buf *out)
{
	const unsigned char *row = m->dark + (size_t)y * (size_t)m->side;
	fq_status st = FQ_OK;
	int x = 0;
	while (x < m->side && st == FQ_OK) {
		if (!row[x]) {
			x++;
			continue;
		}
		int start = x;
		while (x < m->side && row[x])
			x++;
		st = fq_buf_printf(out, "M%d %dh%dv1h-%dz", start + QR_QUIET_ZONE,
				   y + QR_QUIET_ZONE, x - start, x - start);
	}
	return st;
}

fq_status qr_svg(const char *text, fq_buf *out, fq_err *err)
{
	qr_matrix m = {0};
	fq_status st = qr_encode(text, &m, err);
	if (st != FQ_OK)
		return st;
	int full = m.side + 2 * QR_QUIET_ZONE;
	st = fq_buf_printf(out,
			   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
			   "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" "
			   "role=\"img\">"
			   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
			   full, full, full * 8, full * 8, full, full);
	for (int y = 0; y < m.side && st == FQ_OK; y++)
		st = row_path(&m, y, out);
	if (st == FQ_OK)
		st = fq_buf_puts(out, "\"/></svg>\n");
	if (st != FQ_OK)
		fq_fail(err, st, "", st == FQ_ETOOBIG ? "the QR code is too large" : "out of memory");
	qr_matrix_free(&m);
	return st;
}
