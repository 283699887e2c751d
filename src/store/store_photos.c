/*
 * store_photos.c - the SQL of request_photos and of the request facts that
 * photos need, and the photo files under the data directory; see
 * store_photos.h.
 *
 * A file is created with O_EXCL under a random name, written whole,
 * fsynced, and then its directory is fsynced (and every directory created
 * on the way, through its parent), so that once the row commits the bytes
 * it points to survive a power cut.
 */
#include "store/store_photos.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "store/sqlite_int.h"

/* Bytes of data_dir + "/" + a relative path, NUL included. */
#define PHOTO_FILE_PATH_MAX (FQ_PATH_MAX + 128)
#define PHOTO_DIR_MODE 0750
#define PHOTO_FILE_MODE 0640

/* ---- statements ------------------------------------------------------ */

static const char SQL_REQUEST[] =
	"SELECT r.id, r.state, r.level, r.unit_path, b.path, r.reporter_account_id,"
	" r.reporter_person_id, r.household_id, r.assignee_account_id, r.assignee_unit_id,"
	" ?2 > 0 AND EXISTS (SELECT 1 FROM leader_households lh"
	" WHERE lh.leader_id = ?2 AND lh.household_id = r.household_id)"
	" FROM requests r LEFT JOIN units b ON b.id = r.building_id WHERE r.id = ?1";

static const char SQL_COUNT[] =
	"SELECT count(*) FROM request_photos WHERE request_id = ?1 AND kind = ?2";

static const char SQL_INSERT[] =
	"INSERT INTO request_photos(request_id, kind, mime, bytes, width, height, path,"
	" thumb_path, account_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

#define PHOTO_COLS                                                                             \
	"SELECT id, request_id, kind, mime, bytes, width, height, path, thumb_path,"            \
	" account_id, created_at FROM request_photos "

static const char SQL_GET[] = PHOTO_COLS "WHERE id = ?1 AND request_id = ?2";

static const char SQL_OF_REQUEST[] = PHOTO_COLS "WHERE request_id = ?1 ORDER BY id LIMIT ?2";

/* ---- rows ------------------------------------------------------------ */

static fq_status request_row(store_conn *c, fq_arena *a, int64_t id, int64_t leader_id,
			     store_photo_request *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_REQUEST, ARG_I64(id), ARG_I64(leader_id));
	if (!st)
		return stmt_ready(st, err);
	int rc = sqlite3_step(st);
	fq_status res = FQ_OK;
	if (rc == SQLITE_ROW) {
		store_photo_request r = {
		    .id = sqlite3_column_int64(st, 0),
		    .state = col_text(a, st, 1),
		    .level = sqlite3_column_int(st, 2),
		    .unit_path = col_text(a, st, 3),
		    .building_path = col_text(a, st, 4),
		    .reporter_account_id = sqlite3_column_int64(st, 5),
		    .reporter_person_id = sqlite3_column_int64(st, 6),
		    .household_id = sqlite3_column_int64(st, 7),
		    .assignee_account_id = sqlite3_column_int64(st, 8),
		    .assignee_unit_id = sqlite3_column_int64(st, 9),
		    .linked = sqlite3_column_int(st, 10) != 0,
		};
		if (!r.state || !r.unit_path)
			res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		else
			*out = r;
	} else if (rc == SQLITE_DONE) {
		res = fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	} else {
		res = stmt_fail(c, rc, err);
	}
	sqlite3_reset(st);
	return res;
}

fq_status store_photo_request_get(store_conn *c, fq_arena *a, int64_t id, int64_t leader_id,
				  store_photo_request *out, fq_err *err)
{
	store_photo_request r;
	fq_status st = request_row(c, a, id, leader_id, &r, err);
	if (st == FQ_OK)
		st = store_req_cohandlers(c, a, id, &r.cohandlers, &r.n_cohandlers, err);
	if (st == FQ_OK)
		*out = r;
	return st;
}

fq_status store_photos_count(store_conn *c, int64_t request_id, const char *kind, int *n,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_COUNT, ARG_I64(request_id), ARG_TEXT(kind));
	return stmt_count(c, st, n, err);
}

fq_status store_photo_insert(store_conn *c, const store_photo *p, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, SQL_INSERT, ARG_I64(p->request_id), ARG_TEXT(p->kind), ARG_TEXT(p->mime),
	               ARG_I64(p->bytes), ARG_INT(p->width), ARG_INT(p->height), ARG_TEXT(p->path),
	               ARG_TEXT(p->thumb_path));
	if (!st)
		return stmt_ready(st, err);
	if (p->account_id)
		sqlite3_bind_int64(st, 9, p->account_id);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, p->created_at);
	return stmt_insert(c, st, id, err);
}

ROW_READER(read_photo, store_photo,
	COL(I64, id), COL(I64, request_id), COL(OPT, kind), COL(OPT, mime), COL(I64, bytes),
	COL(INT, width), COL(INT, height), COL(OPT, path), COL(OPT, thumb_path),
	COL(I64, account_id), COL(I64, created_at))

fq_status store_photo_get(store_conn *c, fq_arena *a, int64_t request_id, int64_t id,
			  store_photo *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_GET, ARG_I64(id), ARG_I64(request_id));
	store_photo p = {0};
	fq_status res = stmt_one(c, a, st, read_photo, &p, "photo_id", "photo", err);
	if (res == FQ_OK)
		*out = p;
	return res;
}

fq_status store_photos_of_request(store_conn *c, fq_arena *a, int64_t request_id,
				  store_photo **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, SQL_OF_REQUEST, ARG_I64(request_id), ARG_INT(STORE_PHOTOS_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_PHOTOS_ROWS_MAX, sizeof **out, read_photo, (void **)out, n,
	                 err);
}

/* ---- files ----------------------------------------------------------- */

/* data_dir + "/" + rel into buf; FQ_EINVAL for a path that could leave the
 * data directory, FQ_ETOOBIG past the buffer. */
static fq_status full_path(const char *data_dir, const char *rel, char *buf, size_t n,
			   fq_err *err)
{
	if (!rel || !*rel || rel[0] == '/' || strstr(rel, ".."))
		return fq_fail(err, FQ_EINVAL, "photo", "bad photo path");
	int w = snprintf(buf, n, "%s/%s", data_dir && *data_dir ? data_dir : ".", rel);
	if (w < 0 || (size_t)w >= n)
		return fq_fail(err, FQ_ETOOBIG, "photo", "the data directory's path is too long");
	return FQ_OK;
}

/* fsync the directory at path; 0 or -1 with errno. */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path (up to its last '/') in place: path is cut
 * there and the cut position returned, or NULL when there is no '/'. */
static char *cut_dir(char *path)
{
	char *slash = strrchr(path, '/');
	if (slash && slash != path)
		*slash = '\0';
	return slash && slash != path ? slash : NULL;
}

/* Create every missing directory on the way to file (a full path), each
 * made durable by an fsync of its parent. */
static fq_status make_dirs(const char *file, fq_err *err)
{
	char buf[PHOTO_FILE_PATH_MAX];
	snprintf(buf, sizeof buf, "%s", file);
	if (!cut_dir(buf))
		return FQ_OK;
	for (char *p = buf + 1; ; p++) {
		int last = *p == '\0';
		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(buf, PHOTO_DIR_MODE) == 0) {
			char parent[PHOTO_FILE_PATH_MAX];
			snprintf(parent, sizeof parent, "%s", buf);
			if (sync_dir(cut_dir(parent) ? parent : ".") != 0)
				return fq_fail(err, FQ_EIO, "photo", "cannot sync a directory: %s",
					       strerror(errno));
		} else if (errno != EEXIST) {
			return fq_fail(err, FQ_EIO, "photo", "cannot create the photo directory: %s",
				       strerror(errno));
		}
		if (last)
			return FQ_OK;
		*p = '/';
	}
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

fq_status store_photo_file_write(const char *data_dir, const char *rel, const void *data,
				 size_t len, fq_err *err)
{
	char path[PHOTO_FILE_PATH_MAX];
	fq_status st = full_path(data_dir, rel, path, sizeof path, err);
	if (st == FQ_OK)
		st = make_dirs(path, err);
	if (st != FQ_OK)
		return st;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PHOTO_FILE_MODE);
	if (fd < 0)
		return fq_fail(err, FQ_EIO, "photo", "cannot create the photo file: %s",
			       strerror(errno));
	int bad = write_all(fd, data, len) != 0 || fsync(fd) != 0;
	int saved = errno;
	if (close(fd) != 0)
		bad = 1;
	char dir[PHOTO_FILE_PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	if (!bad && sync_dir(cut_dir(dir) ? dir : ".") != 0) {
		bad = 1;
		saved = errno;
	}
	if (!bad)
		return FQ_OK;
	unlink(path);
	return fq_fail(err, FQ_EIO, "photo", "cannot write the photo file: %s", strerror(saved));
}

void store_photo_file_remove(const char *data_dir, const char *rel)
{
	char path[PHOTO_FILE_PATH_MAX];
	if (!rel || full_path(data_dir, rel, path, sizeof path, NULL) != FQ_OK)
		return;
	if (unlink(path) != 0) {
		if (errno != ENOENT)
			fq_warn("cannot remove the photo file %s: %s", path, strerror(errno));
		return;
	}
	char *slash = cut_dir(path);
	if (sync_dir(slash ? path : ".") != 0)
		fq_warn("cannot sync the directory of %s: %s", rel, strerror(errno));
}

fq_status store_photo_file_read(const char *data_dir, const char *rel, size_t max, char **out,
				size_t *len, fq_err *err)
{
	char path[PHOTO_FILE_PATH_MAX];
	fq_status st = full_path(data_dir, rel, path, sizeof path, err);
	if (st != FQ_OK)
		return st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return fq_fail(err, FQ_ENOTFOUND, "photo_id", "the photo's file is gone");
	if (fd < 0)
		return fq_fail(err, FQ_EIO, "photo_id", "cannot open the photo's file");
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;
	if (fstat(fd, &sb) != 0)
		st = fq_fail(err, FQ_EIO, "photo_id", "cannot stat the photo's file");
	else if ((size_t)sb.st_size > max)
		st = fq_fail(err, FQ_ETOOBIG, "photo_id", "the photo's file is larger than %zu bytes",
			     max);
	else if (!(buf = malloc((size_t)sb.st_size + 1)))
		st = fq_fail(err, FQ_ENOMEM, "photo_id", "out of memory");
	while (st == FQ_OK && got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			st = fq_fail(err, FQ_EIO, "photo_id", "cannot read the photo's file");
		else
			got += (size_t)r;
	}
	close(fd);
	if (st != FQ_OK) {
		free(buf);
		return st;
	}
	*out = buf;
	*len = got;
	return FQ_OK;
}
