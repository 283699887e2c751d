#!/usr/bin/env python3
"""Write the seed corpora of fuzz/corpus/<target>/ from tests/data and
inputs the test suites send (bodies of tests/api, CSV files, boundaries,
Open311 forms, pictures drawn by libgd as tests/api/test_photos.py draws
them, dates of the calendar tests). Run from the repository root; each
seed is named by the SHA-1 of its bytes, as libFuzzer names its finds, so
running it again adds nothing twice."""
import ctypes
import ctypes.util
import glob
import hashlib
import json
import os
import struct
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def json_seeds():
    bodies = [
        {"title": "路灯不亮", "description": "三天了\n没人管", "address": "金沙路1号",
         "code": "test.garbage", "lat": 34.605, "n": 12, "ok": True},
        {"title": "\u200b 路灯\u3000", "description": "第一行\n第二行\n"},
        {"title": "路灯\r不亮"}, {"title": "\t"}, {"title": "   "}, {"title": "长" * 61},
        {"body": "调解意见\n同意", "x": "token", "o": {"a": [1, 2]}, "a": [], "t": -5},
        {"body": "\ufeff", "x": ""}, {"title": "a\u2028b"}, {"title": "t", "colour": "red"},
        {"title": "t", "lat": 91}, {"title": "t", "n": 0.5}, {"title": None},
    ]
    for b in bodies:
        put("fuzz_json", json.dumps(b, ensure_ascii=False))
    put("fuzz_json", '{"title": "a", "title": "b"}')
    put("fuzz_json", '{"title": "\\u0000"}')
    put("fuzz_json", "[1, 2]")
    put("fuzz_json", '{"title": "\xc0\xaf"}'.encode("latin-1"))


def router_seeds():
    paths = [
        "GET /api/v1/requests/20001", "GET /api/v1/requests/+20001", "GET /api/v1/requests/020001",
        "POST /api/v1/requests/1/accept", "GET /api/v1/councils/topics/1",
        "GET /api/v1/councils/meetings/1/items/2/opinions", "PUT /api/v1/councils/units/2/threshold",
        "DELETE /api/v1/session", "GET /open311/v2/requests.json", "GET /metrics",
        "POST /api/v1/disputes/1/parties/2/reveal", "PATCH /healthz", "GET //api//v1/",
        "GET /api/v1/org/units/%2e%2e/1", "GET " + "/a" * 1100, "GET /api/v1/requests/1/",
    ]
    for p in paths:
        put("fuzz_router", p)


def csv_seeds():
    for path in glob.glob(os.path.join(ROOT, "tests", "data", "*.csv")):
        with open(path, "rb") as f:
            put("fuzz_csv", f.read())
    put("fuzz_csv", b'a,"b\r\n""c""",d\r\n1,2,3')
    put("fuzz_csv", "\ufeff编号,名称\n1,枫桥\n".encode())
    put("fuzz_csv", "编号,名称\n1,枫桥\n".encode("gbk"))


def geojson_seeds():
    ring = [[112.40, 34.60], [112.41, 34.60], [112.41, 34.61], [112.40, 34.61], [112.40, 34.60]]
    hole = [[112.402, 34.602], [112.403, 34.602], [112.403, 34.603], [112.402, 34.602]]
    put("fuzz_geojson", json.dumps({"type": "Polygon", "coordinates": [ring]}))
    put("fuzz_geojson", json.dumps({"type": "Polygon", "coordinates": [ring, hole]}))
    put("fuzz_geojson", json.dumps({"type": "MultiPolygon", "coordinates": [[ring], [hole]]}))
    put("fuzz_geojson", json.dumps({"type": "Feature", "geometry": {"type": "Polygon",
                                                                    "coordinates": [ring]}}))
    put("fuzz_geojson", json.dumps({"type": "Polygon", "coordinates": [ring[:3]]}))
    put("fuzz_geojson", json.dumps({"type": "Polygon", "coordinates": [[[1e400, 0]]]}))


def open311_seeds():
    forms = [
        {"api_key": "k", "service_code": "test.garbage", "lat": "34.605", "long": "112.405",
         "description": "垃圾没人清\r\n三天了", "attribute[title]": "垃圾", "email": "a@b.c"},
        {"service_code": "x", "address_string": "金沙路1号", "attribute[floor][]": "3",
         "media_url": "https://example.org/a.jpg", "first_name": "张", "last_name": "三"},
        {"address_id": "10", "description": "<b>&amp;</b>", "1bad": "v", "a b": "c"},
    ]
    for f in forms:
        put("fuzz_open311", urllib.parse.urlencode(f))
    put("fuzz_open311", "a=%ZZ&b=%e4%b8&c")
    put("fuzz_open311", "&&=&a==b&%00=1")


class Gd:
    def __init__(self):
        self.lib = ctypes.CDLL(ctypes.util.find_library("gd") or "libgd.so.3")
        L = self.lib
        L.gdImageCreateTrueColor.restype = ctypes.c_void_p
        L.gdImageCreateTrueColor.argtypes = [ctypes.c_int, ctypes.c_int]
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
        size = ctypes.c_int(0)
        if fmt == "jpeg":
            p = L.gdImageJpegPtr(im, ctypes.byref(size), 50)
        elif fmt == "png":
            p = L.gdImagePngPtr(im, ctypes.byref(size))
        else:
            p = L.gdImageWebpPtr(im, ctypes.byref(size))
        data = ctypes.string_at(p, size.value)
        L.gdFree(p)
        L.gdImageDestroy(im)
        return data


def exif_app1(orientation):
    tiff = b"II" + struct.pack("<HI", 42, 8) + struct.pack("<H", 1)
    tiff += struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack("<I", 0)
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def photo_seeds():
    gd = Gd()
    for fmt in ("jpeg", "png", "webp"):
        put("fuzz_photo", gd.encode(8, 6, fmt))
    jpeg = gd.encode(8, 6, "jpeg")
    put("fuzz_photo", jpeg[:2] + exif_app1(6) + jpeg[2:])
    put("fuzz_photo", jpeg[:200])
    png = gd.encode(4, 4, "png")
    text = b"tEXt" + b"Comment\0secret"
    chunk = struct.pack(">I", len(text) - 4) + text + b"\0\0\0\0"
    put("fuzz_photo", png[:33] + chunk + png[33:])


def multipart_seeds():
    b = "fq"
    one = ("--fq\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nreport\r\n"
           "--fq\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n"
           "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0JFIF\r\n--fq--\r\n")
    put("fuzz_multipart", one.encode("latin-1"))
    put("fuzz_multipart", ("multipart/form-data; boundary=\"x y\"\n--x y\r\nContent-Disposition: "
                           "form-data; name=\"note\"\r\n\r\n说明\r\n--x y--\r\n").encode())
    put("fuzz_multipart", "multipart/form-data\n--fq--\r\n")
    put("fuzz_multipart", "--fq\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--fq--\r\n")
    put("fuzz_multipart", "--fq\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nunterminated")


def dates_seeds():
    put("fuzz_dates", "2026-02-13T17:30:00+08:00\n2026-02-14 holiday 春节\n2026-02-15 workday 春节调休\n5")
    put("fuzz_dates", "2026-11-23T13:56:38Z\n2026-11-23\n0")
    put("fuzz_dates", "2199-12-31T23:59:59+08:00\n2500")
    put("fuzz_dates", "2000-01-01\n2000-02-30\n1999-12-31T23:59:59-12:00\n2026-13-01 holiday x\n-3")
    put("fuzz_dates", "2026-10-01T00:00:00.123456789+14:00\n2026-10-01 holiday 国庆节\n2026-10-01 workday dup\n1")


if __name__ == "__main__":
    json_seeds()
    router_seeds()
    csv_seeds()
    geojson_seeds()
    open311_seeds()
    photo_seeds()
    multipart_seeds()
    dates_seeds()
