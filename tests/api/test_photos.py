"""Photos on requests over real HTTP: JPEG, PNG and WebP uploads with their
EXIF/GPS, XMP and text metadata gone from the stored file and from what GET
returns; thumbnails; the 9-per-kind limit; the size cap (413) above the
server's JSON body cap; type by magic bytes (415); files that do not
decode (422); result photos by the holder only; scope (404) for photos and
uploads; ETag and Cache-Control; and no files left behind by a refusal.

The org tree, people and requests are written with Python's sqlite3 on a
database made by `fengqiao init`, the accounts with `fengqiao user add`.
Pictures are drawn by libgd through ctypes (the server's own image
library); the metadata blocks are written byte by byte here."""
import ctypes
import ctypes.util
import http.client
import json
import os
import secrets
import shutil
import socket
import sqlite3
import struct
import tempfile
import threading
import time
import unittest
import zlib

import fq

PASSWORD = "photo-test-pass-1"
GPS_SECRET = b"GPS-SECRET-DATUM"
MAKE_SECRET = b"SECRETCAM"
TEXT_SECRET = b"TEXT-SECRET-ADDRESS"
XMP_SECRET = b"XMP-SECRET-34.6"

UNITS = [
    (1, None, "street", "410306001", "吉利街道", "/1/"),
    (2, 1, "community", "410306001001", "枫桥社区", "/1/2/"),
    (10, 2, "grid", "410306001001001", "枫桥第一网格", "/1/2/10/"),
    (11, 2, "grid", "410306001001002", "枫桥第二网格", "/1/2/11/"),
    (20, 10, "building", "B20", "1号楼", "/1/2/10/20/"),
]

# username, role, unit code, person
ACCOUNTS = [
    ("res", "resident", "410306001001001", 1001),
    ("gw_a", "grid_worker", "410306001001001", None),
    ("gw_b", "grid_worker", "410306001001002", None),
    ("res2", "resident", "410306001001002", None),
    ("com", "community_officer", "410306001001", None),
]

# request id -> state (all in grid 10, raised by res, held by gw_a)
REQUESTS = {1: "accepted", 2: "accepted", 3: "closed", 4: "accepted", 5: "accepted",
            6: "dispatched", 7: "accepted", 8: "submitted"}


# ---- pictures ---------------------------------------------------------------

class Gd:
    """The few libgd calls needed to draw a picture and encode it."""

    def __init__(self):
        self.lib = ctypes.CDLL(ctypes.util.find_library("gd") or "libgd.so.3")
        L = self.lib
        L.gdImageCreateTrueColor.restype = ctypes.c_void_p
        L.gdImageCreateTrueColor.argtypes = [ctypes.c_int, ctypes.c_int]
        L.gdImageFilledRectangle.argtypes = [ctypes.c_void_p] + [ctypes.c_int] * 5
        for name in ("gdImagePngPtr", "gdImageWebpPtr"):
            getattr(L, name).restype = ctypes.c_void_p
            getattr(L, name).argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        L.gdImageJpegPtr.restype = ctypes.c_void_p
        L.gdImageJpegPtr.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        L.gdFree.argtypes = [ctypes.c_void_p]
        L.gdImageDestroy.argtypes = [ctypes.c_void_p]

    def encode(self, w, h, fmt):
        L = self.lib
        im = L.gdImageCreateTrueColor(w, h)
        L.gdImageFilledRectangle(im, 0, 0, w // 2, h - 1, 0xFF0000)
        L.gdImageFilledRectangle(im, w // 2, 0, w - 1, h - 1, 0x0000FF)
        size = ctypes.c_int(0)
        if fmt == "jpeg":
            p = L.gdImageJpegPtr(im, ctypes.byref(size), 85)
        elif fmt == "png":
            p = L.gdImagePngPtr(im, ctypes.byref(size))
        else:
            p = L.gdImageWebpPtr(im, ctypes.byref(size))
        data = ctypes.string_at(p, size.value)
        L.gdFree(p)
        L.gdImageDestroy(im)
        return data


GD = Gd()


def exif_tiff():
    """Little-endian EXIF: IFD0 with Make and a GPS pointer; the GPS IFD
    with latitude N 34°36' and a map datum."""
    make = MAKE_SECRET + b"\0"
    ifd0, n0 = 8, 2
    make_off = ifd0 + 2 + 12 * n0 + 4
    gps = make_off + len(make)
    lat = gps + 2 + 12 * 3 + 4
    datum = lat + 24
    t = b"II" + struct.pack("<HI", 42, ifd0)
    t += struct.pack("<H", n0)
    t += struct.pack("<HHII", 0x010F, 2, len(make), make_off)
    t += struct.pack("<HHII", 0x8825, 4, 1, gps)
    t += struct.pack("<I", 0) + make
    t += struct.pack("<H", 3)
    t += struct.pack("<HHI4s", 0x0001, 2, 2, b"N\0\0\0")
    t += struct.pack("<HHII", 0x0002, 5, 3, lat)
    t += struct.pack("<HHII", 0x0012, 2, len(GPS_SECRET) + 1, datum)
    t += struct.pack("<I", 0)
    t += struct.pack("<6I", 34, 1, 36, 1, 0, 1) + GPS_SECRET + b"\0"
    return t


def jpeg_with_exif(w=640, h=480):
    plain = GD.encode(w, h, "jpeg")
    body = b"Exif\0\0" + exif_tiff()
    app1 = b"\xFF\xE1" + struct.pack(">H", len(body) + 2) + body
    xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>" + XMP_SECRET + b"</x:xmpmeta>"
    app1x = b"\xFF\xE1" + struct.pack(">H", len(xmp) + 2) + xmp
    return plain[:2] + app1 + app1x + plain[2:]


def jpeg_claiming(w, h, size=2048, source=None):
    """A JPEG whose frame header claims w x h pixels but whose picture data
    is a run of zero bytes, ending with an end of image so that the file
    looks whole: the tables and scan header of a real JPEG (source, or a
    small one drawn here), the sizes patched, size bytes in all."""
    src = source or GD.encode(64, 48, "jpeg")
    pos, head = 2, None
    while pos < len(src):
        marker = src[pos + 1]
        seg = struct.unpack(">H", src[pos + 2:pos + 4])[0]
        if marker == 0xDA:
            head = bytearray(src[:pos + 2 + seg])
            break
        if 0xC0 <= marker <= 0xC2:
            sof = pos + 5
        pos += 2 + seg
    head[sof:sof + 4] = struct.pack(">HH", h, w)
    return bytes(head) + b"\0" * (size - len(head) - 2) + b"\xFF\xD9"


def jpeg_cut(data, keep):
    """A real JPEG with its picture data cut to keep bytes and an end of
    image put back: a photo cut short on its way."""
    sos = data.index(b"\xFF\xDA")
    start = sos + 2 + struct.unpack(">H", data[sos + 2:sos + 4])[0]
    return data[:start + keep] + b"\xFF\xD9"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_text(w=64, h=48, padding=0):
    """A PNG with tEXt, iTXt and eXIf chunks; padding adds that many bytes
    of text (to make a large file)."""
    plain = GD.encode(w, h, "png")
    head = 8 + 12 + 13
    extra = png_chunk(b"tEXt", b"Comment\0" + TEXT_SECRET)
    extra += png_chunk(b"iTXt", b"GPS\0\0\0\0\0" + GPS_SECRET)
    extra += png_chunk(b"eXIf", exif_tiff())
    if padding:
        extra += png_chunk(b"tEXt", b"Padding\0" + b"p" * padding)
    return plain[:head] + extra + plain[head:]


def riff_chunk(fourcc, data):
    return fourcc + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def webp_with_exif(w=64, h=48):
    plain = GD.encode(w, h, "webp")
    assert plain[12:15] == b"VP8", plain[:16]
    vp8x = bytes([0x0C, 0, 0, 0]) + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
    body = riff_chunk(b"VP8X", vp8x) + plain[12:]
    body += riff_chunk(b"EXIF", exif_tiff())
    body += riff_chunk(b"XMP ", b"<x:xmpmeta>" + XMP_SECRET + b"</x:xmpmeta>")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def jpeg_size(data):
    """(width, height) from a JPEG's start of frame."""
    pos = 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        seg = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[pos + 5:pos + 9])
            return w, h
        pos += 2 + seg
    raise AssertionError("no start of frame")


def multipart(parts):
    """parts: (field, filename or None, content type or None, bytes)."""
    boundary = "fq-test-" + secrets.token_hex(8)
    out = b""
    for name, filename, ctype, data in parts:
        disp = 'form-data; name="%s"' % name
        if filename:
            disp += '; filename="%s"' % filename
        out += b"--" + boundary.encode() + b"\r\n"
        out += b"Content-Disposition: " + disp.encode() + b"\r\n"
        if ctype:
            out += b"Content-Type: " + ctype.encode() + b"\r\n"
        out += b"\r\n" + data + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return out, "multipart/form-data; boundary=" + boundary


# ---- the database -----------------------------------------------------------

def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath in UNITS:
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id)"
                   " VALUES (?,?,?,?,?,?,1)", (uid, parent, kind, code, name, upath))
    db.execute("INSERT INTO households(id, code, building_id, grid_id, entrance, floor, room,"
               " address, street_id) VALUES (100, 'H100', 20, 10, 1, 1, '101', '金沙路1号', 1)")
    db.execute("INSERT INTO persons(id, household_id, name, id_number, phone, relation, gender,"
               " birth_year, street_id) VALUES (1001, 100, '张三', '410305198001010011',"
               " '13900001001', '户主', 'M', 1980, 1)")
    if db.execute("SELECT count(*) FROM categories").fetchone()[0] == 0:
        db.execute("INSERT INTO categories(id, code, name) VALUES (1, 'test.photo', '测试')")
    db.commit()
    db.close()
    for username, role, code, person in ACCOUNTS:
        extra = ["--person-id", str(person)] if person else []
        fq.run("user", "add", "--db", path, "--username", username, "--role", role,
               "--unit", code, *extra, stdin=PASSWORD + "\n")
    db = sqlite3.connect(path)
    ids = dict(db.execute("SELECT username, id FROM accounts"))
    category = db.execute("SELECT min(id) FROM categories").fetchone()[0]
    for rid, state in REQUESTS.items():
        db.execute(
            "INSERT INTO requests(id, number, street_id, community_id, grid_id, unit_path,"
            " category_id, channel, title, description, building_id, household_id,"
            " reporter_account_id, reporter_person_id, state, level, assignee_account_id,"
            " assignee_unit_id, created_at, updated_at)"
            " VALUES (?, ?, 1, 2, 10, '/1/2/10/', ?, 'self', '楼道灯坏了', '三楼楼道灯不亮',"
            " 20, 100, ?, 1001, ?, 2, ?, 10, 1760000000, 1760000000)",
            (rid, "FQ2025100100000%d" % rid, category, ids["res"], state, ids["gw_a"]))
    db.commit()
    db.close()


class PhotosTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-photos-")
        cls.db = os.path.join(cls.dir, "photos.db")
        cls.data = os.path.join(cls.dir, "data")
        build_db(cls.db)
        cls.srv = fq.Server(db=cls.db, extra=["--data-dir", cls.data])
        cls.tokens = {}
        for username, _, _, _ in ACCOUNTS:
            st, body = cls.srv.json("POST", "/api/v1/session",
                                    {"username": username, "password": PASSWORD})
            assert st in (200, 201), (username, st, body)
            cls.tokens[username] = body["token"]

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    # -- helpers --

    def auth(self, user):
        return {"Authorization": "Bearer " + self.tokens[user]} if user else {}

    def upload(self, user, rid, parts):
        body, ctype = multipart(parts)
        h = self.auth(user)
        h["Content-Type"] = ctype
        return self.srv.json("POST", "/api/v1/requests/%d/photos" % rid, raw=body, headers=h)

    def upload_ok(self, user, rid, parts):
        st, body = self.upload(user, rid, parts)
        self.assertEqual(st, 201, body)
        return body["photos"]

    def get(self, user, url, headers=None):
        h = self.auth(user)
        h.update(headers or {})
        return self.srv.request("GET", url, headers=h)

    def stored(self, photo_id):
        db = sqlite3.connect(self.db)
        row = db.execute("SELECT path, thumb_path, mime, bytes FROM request_photos WHERE id = ?",
                         (photo_id,)).fetchone()
        db.close()
        self.assertIsNotNone(row)
        with open(os.path.join(self.data, row[0]), "rb") as f:
            data = f.read()
        self.assertEqual(len(data), row[3])
        return data, row

    def files_of(self, rid):
        d = os.path.join(self.data, "photos", str(rid))
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def rows_of(self, rid):
        db = sqlite3.connect(self.db)
        n = db.execute("SELECT count(*) FROM request_photos WHERE request_id = ?",
                       (rid,)).fetchone()[0]
        db.close()
        return n

    def assert_clean(self, data):
        for secret in (b"Exif", GPS_SECRET, MAKE_SECRET, TEXT_SECRET, XMP_SECRET, b"eXIf",
                       b"tEXt", b"iTXt", b"EXIF", b"XMP "):
            self.assertNotIn(secret, data)

    # -- uploads --

    def test_jpeg_exif_gone_from_file_and_get(self):
        original = jpeg_with_exif()
        self.assertIn(GPS_SECRET, original)
        photos = self.upload_ok("res", 1, [("photo", "IMG_0001.jpg", "image/jpeg", original)])
        self.assertEqual(len(photos), 1)
        p = photos[0]
        self.assertEqual((p["kind"], p["width"], p["height"]), ("report", 640, 480))
        self.assertEqual(p["url"], "/api/v1/requests/1/photos/%d" % p["id"])
        self.assertEqual(p["thumb_url"], p["url"] + "/thumb")
        data, row = self.stored(p["id"])
        self.assertEqual(row[2], "image/jpeg")
        self.assert_clean(data)
        self.assertNotIn(b"ns.adobe.com", data)
        self.assertTrue(data.startswith(b"\xFF\xD8") and data.endswith(b"\xFF\xD9"))
        st, h, served = self.get("res", p["url"])
        self.assertEqual(st, 200)
        self.assertEqual(served, data)
        self.assertEqual(h["Content-Type"], "image/jpeg")
        self.assertIn("private", h["Cache-Control"])
        etag = h["ETag"]
        self.assertTrue(etag.startswith('"') and etag.endswith('"'))
        st, h2, again = self.get("res", p["url"], {"If-None-Match": etag})
        self.assertEqual(st, 304)
        self.assertEqual(again, b"")
        self.assertEqual(h2["ETag"], etag)

    def test_png_and_webp_in_one_upload(self):
        png, webp = png_with_text(), webp_with_exif()
        self.assertIn(TEXT_SECRET, png)
        self.assertIn(GPS_SECRET, webp)
        photos = self.upload_ok("gw_a", 2, [("photo", "a.png", "image/png", png),
                                            ("photo", "b.webp", "image/webp", webp)])
        self.assertEqual([(p["width"], p["height"]) for p in photos], [(64, 48), (64, 48)])
        mimes = []
        for p in photos:
            data, row = self.stored(p["id"])
            self.assert_clean(data)
            st, h, served = self.get("res", p["url"])
            self.assertEqual(st, 200)
            self.assertEqual(served, data)
            mimes.append(h["Content-Type"])
        self.assertEqual(mimes, ["image/png", "image/webp"])
        webp_stored, _ = self.stored(photos[1]["id"])
        self.assertEqual(webp_stored[20] & 0x0C, 0)  # VP8X EXIF and XMP flags cleared
        self.assertEqual(struct.unpack("<I", webp_stored[4:8])[0], len(webp_stored) - 8)

    def test_thumbnail_served(self):
        photos = self.upload_ok("res", 4, [("photo", "x.jpg", None, jpeg_with_exif(800, 600))])
        p = photos[0]
        st, h, thumb = self.get("com", p["thumb_url"])
        self.assertEqual(st, 200)
        self.assertEqual(h["Content-Type"], "image/jpeg")
        self.assertEqual(jpeg_size(thumb), (320, 240))
        self.assertNotIn(b"Exif", thumb)
        self.assertIn("private", h["Cache-Control"])
        st, h_photo, _ = self.get("com", p["url"])
        self.assertNotEqual(h["ETag"], h_photo["ETag"])
        self.assertEqual(len(self.files_of(4)), 2)

    def test_result_photos_by_the_holder_only(self):
        png = png_with_text()
        st, body = self.upload("res", 5, [("kind", None, None, b"result"),
                                          ("photo", "r.png", None, png)])
        self.assertEqual(st, 403, body)
        self.assertEqual(body["error"]["field"], "kind")
        photos = self.upload_ok("gw_a", 5, [("kind", None, None, b"result"),
                                            ("photo", "r.png", None, png)])
        self.assertEqual(photos[0]["kind"], "result")
        st, body = self.upload("gw_a", 6, [("kind", None, None, b"result"),
                                           ("photo", "r.png", None, png)])
        self.assertEqual(st, 409, body)  # dispatched: not being resolved
        st, body = self.upload("gw_a", 5, [("kind", None, None, b"before"),
                                           ("photo", "r.png", None, png)])
        self.assertEqual(st, 422, body)
        self.assertEqual(body["error"]["field"], "kind")

    def test_tenth_photo_is_refused(self):
        png = png_with_text(16, 16)
        photos = self.upload_ok("res", 7, [("photo", "p%d.png" % i, None, png)
                                           for i in range(9)])
        self.assertEqual(len(photos), 9)
        st, body = self.upload("res", 7, [("photo", "p10.png", None, png)])
        self.assertEqual(st, 409, body)
        self.assertIn("at most 9 report photos", body["error"]["message"])
        self.assertEqual(self.rows_of(7), 9)
        self.assertEqual(len(self.files_of(7)), 18)  # no file of the refused one
        # the other kind has its own nine
        self.upload_ok("gw_a", 7, [("kind", None, None, b"result"), ("photo", "r.png", None, png)])

    def test_concurrent_uploads_keep_the_limit(self):
        """Two uploads of five, by two people (one person's second upload
        would wait for their first: 429), that both pass the first check:
        the second transaction finds no room, and its files are removed."""
        png = GD.encode(1600, 1200, "png")
        parts = [("photo", "c%d.png" % i, None, png) for i in range(5)]
        statuses = []

        def go(user):
            statuses.append(self.upload(user, 8, parts)[0])
        threads = [threading.Thread(target=go, args=(user,)) for user in ("res", "com")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(statuses), [201, 409])
        self.assertEqual(self.rows_of(8), 5)
        self.assertEqual(len(self.files_of(8)), 10)

    def test_size_cap(self):
        # over max_photo_bytes (8 MiB): 413 naming the field, nothing kept
        big = png_with_text(padding=8 * 1024 * 1024 + 10)
        before = self.files_of(2)
        st, body = self.upload("res", 2, [("photo", "big.png", None, big)])
        self.assertEqual(st, 413, body)
        self.assertEqual(body["error"]["field"], "photo")
        self.assertEqual(self.files_of(2), before)
        # above the server's 1 MiB JSON body cap, below the photo cap: taken
        photos = self.upload_ok("res", 2, [("photo", "mid.png", None,
                                            png_with_text(padding=1536 * 1024))])
        data, _ = self.stored(photos[0]["id"])
        self.assertLess(len(data), 100 * 1024)  # the padding was a text chunk

    def test_body_over_route_cap_is_413_before_reading(self):
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=30)
        s.sendall(("POST /api/v1/requests/1/photos HTTP/1.1\r\nHost: x\r\n"
                   "Authorization: Bearer %s\r\n"
                   "Content-Type: multipart/form-data; boundary=b\r\n"
                   "Content-Length: %d\r\n\r\n" % (self.tokens["res"], 200 * 1024 * 1024)
                   ).encode())
        reply = s.recv(4096)
        s.close()
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:80])

    def test_text_named_jpg_is_415(self):
        st, body = self.upload("res", 1, [("photo", "photo.jpg", "image/jpeg",
                                           b"just some text pretending to be a photo\n")])
        self.assertEqual(st, 415, body)
        self.assertEqual(body["error"]["field"], "photo")
        self.assertIn("JPEG, PNG or WebP", body["error"]["message"])

    def test_file_that_does_not_decode_is_422(self):
        broken = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00" + b"\x13" * 300
        st, body = self.upload("res", 1, [("photo", "broken.jpg", None, broken)])
        self.assertEqual(st, 422, body)
        self.assertEqual(body["error"]["field"], "photo")
        png = GD.encode(32, 32, "png")
        st, body = self.upload("res", 1, [("photo", "ok.png", None, png),
                                          ("photo", "cut.png", None, png[:len(png) // 2])])
        self.assertEqual(st, 422, body)
        self.assertIn("photo 2 of 2", body["error"]["message"])

    def test_truncated_jpeg_is_422(self):
        """A header that claims 8000 x 6000 over 2 KB of zeros, and a real
        photo cut short with its end of image put back: both refused before
        anything is decoded, nothing kept."""
        before = self.files_of(1)
        bomb = jpeg_claiming(8000, 6000)
        self.assertEqual(len(bomb), 2048)
        st, body = self.upload("res", 1, [("photo", "bomb.jpg", None, bomb)])
        self.assertEqual(st, 422, body)
        self.assertEqual(body["error"]["field"], "photo")
        self.assertIn("truncated", body["error"]["message"])
        cut = jpeg_cut(GD.encode(640, 480, "jpeg"), 64)
        st, body = self.upload("res", 1, [("photo", "ok.png", None, png_with_text()),
                                          ("photo", "cut.jpg", None, cut)])
        self.assertEqual(st, 422, body)
        self.assertIn("photo 2 of 2", body["error"]["message"])
        self.assertIn("truncated", body["error"]["message"])
        self.assertEqual(self.files_of(1), before)

    def test_every_file_checked_before_any_decoding(self):
        """Eight 8000 x 6000 headers over zeros and a damaged PNG: the
        first file is refused at once, none is decoded (this took 7.2 s)."""
        parts = [("photo", "b%d.jpg" % i, None, jpeg_claiming(8000, 6000)) for i in range(8)]
        parts.append(("photo", "d.png", None, b"\x89PNG\r\n\x1a\n" + b"\0" * 300))
        started = time.monotonic()
        st, body = self.upload("res", 1, parts)
        took = time.monotonic() - started
        self.assertEqual(st, 422, body)
        self.assertIn("photo 1 of 9", body["error"]["message"])
        self.assertLess(took, 1.0)

    def test_closed_request_takes_no_photos(self):
        st, body = self.upload("res", 3, [("photo", "a.png", None, png_with_text())])
        self.assertEqual(st, 409, body)
        self.assertEqual(self.files_of(3), [])

    def test_bad_forms(self):
        st, body = self.srv.json("POST", "/api/v1/requests/1/photos", body={"photo": "x"},
                                 headers=self.auth("res"))
        self.assertEqual(st, 415, body)
        self.assertEqual(body["error"]["field"], "Content-Type")
        h = self.auth("res")
        h["Content-Type"] = "multipart/form-data"  # no boundary
        st, body = self.srv.json("POST", "/api/v1/requests/1/photos", raw=b"x", headers=h)
        self.assertEqual(st, 415, body)
        st, body = self.upload("res", 1, [("kind", None, None, b"report")])
        self.assertEqual(st, 422, body)
        self.assertEqual(body["error"]["field"], "photo")
        st, body = self.upload("res", 1, [("picture", "a.png", None, png_with_text())])
        self.assertEqual(st, 422, body)
        self.assertEqual(body["error"]["field"], "picture")

    # -- scope --

    def test_scope_is_404(self):
        photos = self.upload_ok("res", 1, [("photo", "s.png", None, png_with_text())])
        url, thumb = photos[0]["url"], photos[0]["thumb_url"]
        for user in ("res", "gw_a", "com"):
            self.assertEqual(self.get(user, url)[0], 200, user)
        for user in ("gw_b", "res2"):
            self.assertEqual(self.get(user, url)[0], 404, user)
            self.assertEqual(self.get(user, thumb)[0], 404, user)
            st, body = self.upload(user, 1, [("photo", "s.png", None, png_with_text())])
            self.assertEqual(st, 404, (user, body))
        self.assertEqual(self.get(None, url)[0], 401)
        # the photo under another request's id, and ids that do not exist
        self.assertEqual(self.get("res", url.replace("/requests/1/", "/requests/4/"))[0], 404)
        self.assertEqual(self.get("res", "/api/v1/requests/1/photos/999999")[0], 404)
        self.assertEqual(self.upload("res", 999, [("photo", "s.png", None, png_with_text())])[0],
                         404)


if __name__ == "__main__":
    fq.main()
