"""docs/openapi.yaml must describe every row of the route table in
src/api/routes.c: a route missing from the reference fails this test."""
import os
import re
import unittest

import fq


def routes():
    with open(os.path.join(fq.SOURCE, "src/api/routes.c")) as f:
        text = f.read()
    return set(re.findall(r'\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"', text))


def documented():
    """(METHOD, path) pairs under `paths:` in the OpenAPI file."""
    found = set()
    path = None
    with open(os.path.join(fq.SOURCE, "docs/openapi.yaml")) as f:
        for line in f:
            m = re.match(r"^  (/[^:]*):\s*$", line)
            if m:
                path = m.group(1)
                continue
            m = re.match(r"^    (get|post|put|patch|delete):\s*$", line)
            if m and path:
                found.add((m.group(1).upper(), path))
    return found


class OpenApiTest(unittest.TestCase):
    def test_every_route_documented(self):
        missing = routes() - documented()
        self.assertEqual(missing, set(), "routes missing from docs/openapi.yaml")

    def test_nothing_documented_that_is_not_served(self):
        extra = documented() - routes()
        self.assertEqual(extra, set(), "documented routes that the server does not have")

    def test_route_table_parsed(self):
        self.assertIn(("GET", "/healthz"), routes())


if __name__ == "__main__":
    fq.main()
