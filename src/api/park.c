/*
 * park.c - parking a request for its write (park.h).
 */
#include "api/park.h"

static void parked_done(void *arg, fq_status st, const fq_err *err)
{
	api_parked *p = arg;
	p->st = st;
	if (st != FQ_OK && err)
		p->err = *err;
	http_resume(p->r);
}

void api_park(app *a, api_parked *p, http_handler_fn cont, store_tx_fn fn)
{
	http_set_user(p->r, p);
	http_suspend(p->r, cont);
	fq_status st = store_write_async(a->db, fn, p, parked_done);
	if (st != FQ_OK) {
		p->st = fq_fail(&p->err, st, "", "the store is not accepting writes");
		http_resume(p->r);
	}
}
