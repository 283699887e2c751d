/*
 * test_qr.c - unit tests for src/domain/qr.c: the three finder patterns
 * sit in their corners, the side follows the version the text needs, the
 * SVG draws exactly the dark modules of the matrix (parsed back from its
 * path), and empty or oversized text is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/qr.h"

#define URL "http://127.0.0.1:8080/resident/#report?building=115"
#define FINDER 7 /* modules on a side of a finder pattern */

static int dark(const qr_matrix *m, int x, int y)
{
	return m->dark[(size_t)y * (size_t)m->side + (size_t)x];
}

/* The 7x7 finder at (x0, y0): a dark ring, a light ring, a dark 3x3. */
static void assert_finder(const qr_matrix *m, int x0, int y0)
{
	for (int y = 0; y < FINDER; y++)
		for (int x = 0; x < FINDER; x++) {
			int ring = x == 0 || y == 0 || x == FINDER - 1 || y == FINDER - 1;
			int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			assert_int_equal(dark(m, x0 + x, y0 + y), ring || core);
		}
}

static void test_finders_and_side(void **state)
{
	(void)state;
	qr_matrix m = {0};
	fq_err err = {{0}, {0}};
	assert_int_equal(qr_encode(URL, &m, &err), FQ_OK);
	/* 52 bytes at level M need version 4: 33 modules */
	assert_int_equal(m.side, 33);
	assert_finder(&m, 0, 0);
	assert_finder(&m, m.side - FINDER, 0);
	assert_finder(&m, 0, m.side - FINDER);
	/* the bottom-right corner has no finder */
	assert_int_equal(dark(&m, m.side - 1, m.side - 1) && dark(&m, m.side - 7, m.side - 1) &&
				 dark(&m, m.side - 1, m.side - 7),
			 0);
	qr_matrix_free(&m);
	qr_matrix_free(&m);
	assert_null(m.dark);
}

static void test_longer_text_grows(void **state)
{
	(void)state;
	char text[400];
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	qr_matrix m = {0};
	fq_err err = {{0}, {0}};
	assert_int_equal(qr_encode(text, &m, &err), FQ_OK);
	assert_true(m.side > 33);
	assert_int_equal((m.side - 17) % 4, 0);
	qr_matrix_free(&m);
}

/* Paint the path of svg ("M x y h n v1 h -n z" commands) into grid. */
static void paint(const char *svg, unsigned char *grid, int full)
{
	const char *p = strstr(svg, " d=\"");
	assert_non_null(p);
	p += 4;
	while (*p == 'M') {
		int x, y, n, n2, used = 0;
		assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used), 4);
		assert_int_equal(n, n2);
		for (int i = 0; i < n; i++) {
			assert_true(x + i < full && y < full);
			assert_int_equal(grid[y * full + x + i], 0);
			grid[y * full + x + i] = 1;
		}
		p += used;
	}
	assert_int_equal(*p, '"');
}

static void test_svg_draws_the_matrix(void **state)
{
	(void)state;
	qr_matrix m = {0};
	fq_err err = {{0}, {0}};
	fq_buf svg = {0};
	assert_int_equal(qr_encode(URL, &m, &err), FQ_OK);
	assert_int_equal(qr_svg(URL, &svg, &err), FQ_OK);
	int full = m.side + 2 * QR_QUIET_ZONE;
	char view[64];
	snprintf(view, sizeof view, "viewBox=\"0 0 %d %d\"", full, full);
	assert_non_null(strstr(svg.data, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(svg.data, view));
	unsigned char *grid = calloc((size_t)full * (size_t)full, 1);
	assert_non_null(grid);
	paint(svg.data, grid, full);
	for (int y = 0; y < full; y++)
		for (int x = 0; x < full; x++) {
			int in = x >= QR_QUIET_ZONE && y >= QR_QUIET_ZONE &&
				 x < full - QR_QUIET_ZONE && y < full - QR_QUIET_ZONE;
			int want = in ? dark(&m, x - QR_QUIET_ZONE, y - QR_QUIET_ZONE) : 0;
			assert_int_equal(grid[y * full + x], want);
		}
	free(grid);
	fq_buf_free(&svg);
	qr_matrix_free(&m);
}

static void test_refused(void **state)
{
	(void)state;
	qr_matrix m = {0};
	fq_err err = {{0}, {0}};
	assert_int_equal(qr_encode("", &m, &err), FQ_EINVAL);
	assert_string_equal(err.field, "text");
	assert_int_equal(qr_encode(NULL, &m, &err), FQ_EINVAL);
	char *big = malloc(QR_TEXT_MAX + 2);
	assert_non_null(big);
	memset(big, 'x', QR_TEXT_MAX + 1);
	big[QR_TEXT_MAX + 1] = '\0';
	assert_int_equal(qr_encode(big, &m, &err), FQ_EINVAL);
	assert_null(m.dark);
	fq_buf svg = {.limit = 64};
	assert_int_equal(qr_svg(URL, &svg, &err), FQ_ETOOBIG);
	fq_buf_free(&svg);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finders_and_side),
		cmocka_unit_test(test_longer_text_grows),
		cmocka_unit_test(test_svg_draws_the_matrix),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
