/*
 * mediation_limits.h - the body cap of the cloud-mediation upload routes,
 * for the route table: a full set of files at the largest size, plus the
 * multipart headers and the caption.
 */
#ifndef FQ_API_MEDIATION_LIMITS_H
#define FQ_API_MEDIATION_LIMITS_H

#include "domain/mediation.h"

#define MED_FORM_OVERHEAD (64 * 1024) /* part headers, boundaries and the caption */
#define MED_UPLOAD_BODY_MAX \
	((size_t)MED_FILES_PER_POST_MAX * (size_t)MED_FILE_BYTES_MAX + MED_FORM_OVERHEAD)

#endif
