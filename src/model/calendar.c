/*
 * calendar.c - the wire names of the calendar's override kinds; see
 * calendar.h.
 */
#include "model/calendar.h"

#include "model/wire.h"

/* The wire names, by value. */
static const char *const KIND_NAMES[] = {[CAL_HOLIDAY] = "holiday", [CAL_WORKDAY] = "workday"};

const char *cal_kind_name(cal_kind kind)
{
	return wire_name(KIND_NAMES, sizeof KIND_NAMES / sizeof KIND_NAMES[0], (int)kind);
}

cal_kind cal_kind_parse(const char *name)
{
	return (cal_kind)wire_parse(KIND_NAMES, sizeof KIND_NAMES / sizeof KIND_NAMES[0], name);
}
