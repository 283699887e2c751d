/*
 * demo_councils.h - the demo street's resident councils for `fengqiao
 * demo`: in each of its first DEMO_COUNCIL_COMMUNITIES communities,
 * DEMO_COUNCIL_VOTERS resident accounts voter<k>_<i> (the demo password),
 * a support threshold, resident proposals (金点子) over and under it (in
 * the first community one is a single support short, for the browser
 * test), two closed meetings of the past months (a 幸福圆桌会 and a
 * 议事会) on 加装电梯, 停车位划分, 垃圾分类点位 and 广场舞噪音 with
 * participants, minutes, opinions, open and secret votes with their
 * results, resolutions and follow-up tasks in progress (one overdue with a
 * yellow card), and one meeting scheduled after the history's end. Every
 * write is a job of the council service (domain/council_svc.h) made by
 * whoever would make it in the product. Deterministic for a seed.
 */
#ifndef FQ_DEMO_DEMO_COUNCILS_H
#define FQ_DEMO_DEMO_COUNCILS_H

#include <stdint.h>

#include "demo/demo_requests.h"

#define DEMO_COUNCIL_COMMUNITIES 3
#define DEMO_COUNCIL_VOTERS 8

/* Build the councils of street s in db in one write job (blocking), dated
 * around end (unix s, the history's end), and print a summary line.
 * Returns 0, or -1 with the reason on stderr. */
int demo_councils_run(store *db, const demo_street_rows *s, uint64_t seed, int64_t end);

#endif
