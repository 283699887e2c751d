"""The map settings handed to the pages (docs/maps.md, issue 19 item 10):
GET /api/v1/ui/config answers tile_url, tile_label_url and tile_crs to
anyone, cacheable; the CSP admits the origins of both tile layers; a
tile_crs other than wgs84 or gcj02 stops the server from starting."""
import json
import os
import tempfile
import unittest

import fq

BASE = "https://t0.tiles.example.org/vec_w/wmts?LAYER=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")
LABEL = "https://labels.example.org/cva/{z}/{x}/{y}.png"


class TestMapSettings(unittest.TestCase):
    def test_defaults_are_no_tiles_in_wgs84(self):
        srv = fq.Server()
        try:
            st, h, raw = srv.request("GET", "/api/v1/ui/config")
            body = json.loads(raw)
            self.assertEqual(st, 200)
            self.assertEqual(body, {"tile_url": "", "tile_label_url": "", "tile_crs": "wgs84"})
            self.assertEqual(h["Cache-Control"], "public, max-age=300")
        finally:
            srv.stop()

    def test_tiles_their_labels_and_gcj02_reach_the_pages_and_the_csp(self):
        srv = fq.Server(extra=["--web-dir", WEB, "--tile-url", BASE, "--tile-label-url", LABEL,
                               "--tile-crs", "gcj02"])
        try:
            st, body = srv.json("GET", "/api/v1/ui/config")
            self.assertEqual(st, 200)
            self.assertEqual(body, {"tile_url": BASE, "tile_label_url": LABEL,
                                    "tile_crs": "gcj02"})
            st, h, _ = srv.request("GET", "/")
            csp = h["Content-Security-Policy"]
            self.assertIn("https://t0.tiles.example.org", csp)
            self.assertIn("https://labels.example.org", csp)
            self.assertNotIn("wmts?", csp)
        finally:
            srv.stop()

    def test_an_unknown_crs_is_refused_naming_the_setting(self):
        p = fq.run("serve", "--db", os.path.join(tempfile.mkdtemp(), "x.db"),
                   "--tile-crs", "bd09", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("tile_crs", p.stderr)
        self.assertIn("wgs84|gcj02", p.stderr)


if __name__ == "__main__":
    fq.main()
