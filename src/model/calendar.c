/*
 * calendar.c - the wire names of the calendar's override kinds; see
 * calendar.h.
 */
#include "model/calendar.h"

#include <string.h>

const char *cal_kind_name(cal_kind kind)
{
	switch (kind) {
	case CAL_HOLIDAY:
		return "holiday";
	case CAL_WORKDAY:
		return "workday";
	}
	return NULL;
}

cal_kind cal_kind_parse(const char *name)
{
	if (!name)
		return 0;
	if (strcmp(name, "holiday") == 0)
		return CAL_HOLIDAY;
	if (strcmp(name, "workday") == 0)
		return CAL_WORKDAY;
	return 0;
}
