/*
 * system_svc.h - what the operator's routes (/healthz, /metrics) show of
 * the store, for callers above domain/ that may not include it: the
 * schema version and the group commit's counters.
 */
#ifndef FQ_DOMAIN_SYSTEM_SVC_H
#define FQ_DOMAIN_SYSTEM_SVC_H

#include "domain/svc.h"
#include "store/store.h"

/* Buckets of the batch size histogram: batches of at most 2^i jobs. */
#define SYSSVC_BATCH_BUCKETS STORE_BATCH_BUCKETS

/* The group commit's counters (store_stats). */
typedef store_stats syssvc_stats;

/* The schema version the database is at. */
int syssvc_schema_version(store *db);

/* A snapshot of the group commit's counters into *out; never fails. */
void syssvc_store_stats(store *db, syssvc_stats *out);

#endif
