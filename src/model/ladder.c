/*
 * ladder.c - the range of the ladder's levels; see ladder.h.
 */
#include "model/ladder.h"

int ladder_level_valid(int level)
{
	return level >= LADDER_LEVEL_MIN && level <= LADDER_LEVEL_MAX;
}
