/*
 * workdays.h - the working-day calendar of the database (calendar_days,
 * or the seeded 2025-2026 schedules when the table is empty), cached per
 * connection, for every deadline counted in working days.
 */
#ifndef FQ_DOMAIN_WORKDAYS_H
#define FQ_DOMAIN_WORKDAYS_H

#include "core/arena.h"
#include "core/status.h"
#include "domain/calendar.h"
#include "store/store.h"

/* The calendar as the table holds it now. Borrowed from the connection's
 * cache: valid while the caller holds the connection; not to be freed.
 * FQ_ESTORE when the table is inconsistent. */
fq_status workdays_calendar(store_conn *c, fq_arena *a, const cal_calendar **out, fq_err *err);

#endif
