/*
 * photo_svc.c - the photos service: checks, files, the upload job and
 * finding a photo; see photo_svc.h.
 */
#include "domain/photo_svc.h"

#include "core/timeutil.h"

/* The request as the store has it, if the caller may add photos of the
 * job's kind to it, with room for j->n more. */
static fq_status check_request(store_conn *c, const photosvc_upload_job *j, fq_err *err)
{
	store_photo_request rq;
	fq_status st = store_photo_request_get(c, j->a, j->request_id, photo_link_leader(j->who),
					       &rq, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	if (st == FQ_OK)
		st = photo_may_add(j->who, &rq, j->kind, err);
	int have = 0;
	if (st == FQ_OK)
		st = store_photos_count(c, j->request_id, photo_kind_name(j->kind), &have, err);
	if (st == FQ_OK)
		st = photo_room(j->kind, have, j->n, err);
	return st;
}

static fq_status check_body(store_conn *c, void *arg, fq_err *err)
{
	return check_request(c, arg, err);
}

fq_status photosvc_check(store *db, const photosvc_upload_job *j, fq_err *err)
{
	return svc_read(db, check_body, (void *)j, err);
}

static fq_status upload_run(store_conn *c, svc_job *job, fq_err *err)
{
	photosvc_upload_job *j = (photosvc_upload_job *)job;
	fq_status st = check_request(c, j, err);
	for (size_t i = 0; st == FQ_OK && i < j->n; i++)
		st = store_photo_insert(c, &j->rows[i], &j->rows[i].id, err);
	return st;
}

void photosvc_upload_job_init(photosvc_upload_job *j)
{
	j->job.run = upload_run;
}

fq_status photosvc_write_files(photosvc_upload_job *j, size_t i, const photo_image *img,
			       fq_err *err)
{
	char path[PHOTO_PATH_MAX], thumb[PHOTO_PATH_MAX];
	photo_file_names(j->request_id, img->type, path, thumb);
	store_photo *row = &j->rows[i];
	*row = (store_photo){
		.request_id = j->request_id,
		.kind = photo_kind_name(j->kind),
		.mime = photo_type_mime(img->type),
		.bytes = (int64_t)img->data.len,
		.width = img->width,
		.height = img->height,
		.path = fq_arena_strdup(j->a, path),
		.thumb_path = fq_arena_strdup(j->a, thumb),
		.account_id = j->who ? j->who->account_id : 0,
		.created_at = fq_now_ms() / 1000,
	};
	if (!row->path || !row->thumb_path)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = store_photo_file_write(j->data_dir, row->path, img->data.data,
					      img->data.len, err);
	if (st != FQ_OK)
		return st;
	j->written++;
	st = store_photo_file_write(j->data_dir, row->thumb_path, img->thumb.data, img->thumb.len,
				    err);
	if (st == FQ_OK)
		j->written++;
	return st;
}

void photosvc_remove_files(photosvc_upload_job *j)
{
	for (size_t i = 0; i < j->written; i++) {
		const store_photo *p = &j->rows[i / 2];
		store_photo_file_remove(j->data_dir, i % 2 ? p->thumb_path : p->path);
	}
	j->written = 0;
}

typedef struct find_read {
	fq_arena *a;
	const caller *who;
	int64_t request_id, photo_id;
	store_photo *out;
} find_read;

static fq_status find_body(store_conn *c, void *arg, fq_err *err)
{
	find_read *x = arg;
	store_photo_request rq;
	fq_status st = store_photo_request_get(c, x->a, x->request_id, photo_link_leader(x->who),
					       &rq, err);
	if (st == FQ_OK && !photo_request_visible(x->who, &rq))
		st = fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	if (st == FQ_OK)
		st = store_photo_get(c, x->a, x->request_id, x->photo_id, x->out, err);
	return st;
}

fq_status photosvc_find(store *db, fq_arena *a, const caller *who, int64_t request_id,
			int64_t photo_id, store_photo *out, fq_err *err)
{
	find_read x = {.a = a, .who = who, .request_id = request_id, .photo_id = photo_id,
		       .out = out};
	return svc_read(db, find_body, &x, err);
}

fq_status photosvc_file_read(const char *data_dir, const char *rel, size_t max, char **out,
			     size_t *len, fq_err *err)
{
	return store_photo_file_read(data_dir, rel, max, out, len, err);
}

fq_status photosvc_of_request(store_conn *c, fq_arena *a, int64_t request_id, store_photo **out,
			      size_t *n, fq_err *err)
{
	return store_photos_of_request(c, a, request_id, out, n, err);
}
