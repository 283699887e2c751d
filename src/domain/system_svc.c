/*
 * system_svc.c - the store as the operator's routes see it (system_svc.h).
 */
#include "domain/system_svc.h"

int syssvc_schema_version(store *db)
{
	return store_schema_version(db);
}

void syssvc_store_stats(store *db, syssvc_stats *out)
{
	store_stats_get(db, out);
}
