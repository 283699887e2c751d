#!/usr/bin/env python3
"""A report storm for bench/intake.sh: N requests (诉求) about one place
posted over C keep-alive connections to 127.0.0.1, and the rate of each
thousand from the answers' completion times.

    storm.py PORT TOKEN MODE N [C]      MODE: point LAT,LON | household ID | building ID

Prints one line: "first_rate last_rate not_201 duplicates_in_last_answer",
the rates in requests per second over the first and the last 1,000 answers.
Stops by itself after N answers.
"""
import asyncio
import json
import sys
import time

CHUNK = 1000


def body(mode, where, i):
    b = {"title": "水管爆裂 %d" % i, "category": "property.corridor_light",
         "description": "楼下水管爆了，水漫到楼道里，很多人家停水。"}
    if mode == "household":
        b["household_id"] = int(where)
    else:
        b.update(channel="hotline", caller_name="王先生", caller_phone="13900001101")
        if mode == "point":
            lat, lon = where.split(",")
            b.update(lat=float(lat), lon=float(lon))
        else:
            b["building_id"] = int(where)
    return json.dumps(b, ensure_ascii=False).encode()


async def worker(port, token, mode, where, counter, n, done, result):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            i = counter[0]
            if i >= n:
                return
            counter[0] += 1
            payload = body(mode, where, i)
            w.write(b"POST /api/v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nAuthorization: Bearer " +
                    token.encode() + b"\r\nContent-Length: " + str(len(payload)).encode() +
                    b"\r\n\r\n" + payload)
            head = await r.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            data = await r.readexactly(length)
            done.append(time.monotonic())
            if status != 201:
                result["bad"] += 1
            else:
                result["last"] = data
    finally:
        w.close()


async def main():
    port, token, mode, where, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    c = int(sys.argv[6]) if len(sys.argv) > 6 else 64
    counter, done, result = [0], [], {"bad": 0, "last": b"{}"}
    start = time.monotonic()
    await asyncio.gather(*(worker(int(port), token, mode, where, counter, n, done, result)
                           for _ in range(c)))
    done.sort()
    first = CHUNK / (done[CHUNK - 1] - start)
    last = CHUNK / (done[-1] - done[-CHUNK - 1])
    dups = len(json.loads(result["last"]).get("duplicates", []))
    print(f"{first:.0f} {last:.0f} {result['bad']} {dups}")


asyncio.run(main())
