/*
 * test_photo_svc.c - unit tests for the photos service over a real store
 * (src/domain/photo_svc.c): a request that does not exist is not found
 * for the checks, the job and the lookup, and the files of an upload are
 * written under the data directory and removed again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/photo_svc.h"
#include "svc_cases_fixture.h"

static void test_no_request(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	photosvc_upload_job j = {.a = f->a, .who = &f->gw, .data_dir = f->dir, .request_id = 77,
				 .kind = PHOTO_REPORT, .n = 1};
	photosvc_upload_job_init(&j);
	assert_int_equal(photosvc_check(f->s, &j, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "id");
	assert_int_equal(svc_write(f->s, &j.job), FQ_ENOTFOUND);
	store_photo p;
	assert_int_equal(photosvc_find(f->s, f->a, &f->gw, 77, 1, &p, &err), FQ_ENOTFOUND);
}

static void test_files(void **state)
{
	svc_fixture *f = *state;
	fq_err err = {0};
	photosvc_upload_job j = {.a = f->a, .who = &f->gw, .data_dir = f->dir, .request_id = 77,
				 .kind = PHOTO_REPORT, .n = 1};
	char data[] = "jpeg bytes", thumb[] = "thumb bytes";
	photo_image img = {.type = PHOTO_JPEG, .width = 4, .height = 3,
			   .data = {.data = (unsigned char *)data, .len = sizeof data},
			   .thumb = {.data = (unsigned char *)thumb, .len = sizeof thumb}};
	assert_int_equal(photosvc_write_files(&j, 0, &img, &err), FQ_OK);
	assert_int_equal(j.written, 2);
	assert_int_equal(j.rows[0].width, 4);
	char *back = NULL;
	size_t len = 0;
	assert_int_equal(photosvc_file_read(f->dir, j.rows[0].path, 1024, &back, &len, &err), FQ_OK);
	assert_int_equal(len, sizeof data);
	free(back);
	photosvc_remove_files(&j);
	assert_int_equal(j.written, 0);
	assert_int_not_equal(photosvc_file_read(f->dir, j.rows[0].thumb_path, 1024, &back, &len, &err),
			     FQ_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_request, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_files, svc_setup, svc_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
