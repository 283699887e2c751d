/*
 * fuzz_router.c - libFuzzer target for the route table and path parsing
 * (src/http/router.c) over the real table of src/api/routes.c. An input is
 * "METHOD PATH": the bytes before the first space are the method, the rest
 * the path, cut at HTTP_PATH_MAX as the server does. Checks that captures
 * point into the scratch buffer and that Allow is a string.
 */

#include "api/app.h"
#include "fuzz.h"
#include "http/router.h"

/* Bytes of the capture scratch and of the Allow list, as server.c sizes them. */
#define SCRATCH_BYTES HTTP_PATH_MAX
#define ALLOW_BYTES 128

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > HTTP_PATH_MAX + 16)
		size = HTTP_PATH_MAX + 16;
	char *in = fuzz_cstr(data, size);
	if (!in)
		return 0;
	char *sp = strchr(in, ' ');
	const char *method = sp ? in : "GET";
	const char *path = sp ? sp + 1 : in;
	if (sp)
		*sp = '\0';
	const char *params[HTTP_PARAMS_MAX] = {0};
	char scratch[SCRATCH_BYTES], allow[ALLOW_BYTES];
	allow[0] = '\0';
	int i = router_find(api_routes, api_n_routes, method, path, params, scratch, sizeof scratch,
	                    allow, sizeof allow);
	FUZZ_CHECK(i == ROUTER_NOT_FOUND || i == ROUTER_BAD_METHOD ||
	       (i >= 0 && (size_t)i < api_n_routes));
	for (int k = 0; i >= 0 && k < HTTP_PARAMS_MAX; k++)
		FUZZ_CHECK(!params[k] ||
		       (params[k] >= scratch && params[k] < scratch + sizeof scratch));
	if (i == ROUTER_BAD_METHOD)
		FUZZ_CHECK(memchr(allow, '\0', sizeof allow));
	free(in);
	return 0;
}
