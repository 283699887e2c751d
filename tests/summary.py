#!/usr/bin/env python3
"""Count test cases across every test program and print "N passed, N failed".

cmocka programs leave an XML report per program, the API tests a JSON
report (browser-test_*.json for the browser tests, several of which share
an API test's name); a CTest entry that failed without leaving a report (a crash, a
sanitizer abort) counts as one failed case."""
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

results = sys.argv[1]
passed = failed = 0
failures = []
reported = set()

for path in glob.glob(os.path.join(results, "test_*.xml")):
    name = os.path.basename(path)[:-4]
    reported.add(name)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        failed += 1
        failures.append(f"{name}: unreadable report")
        continue
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.append(f"{name}: {case.get('name')}")
        else:
            passed += 1

# the browser tests' reports are browser-test_*.json: several have the
# name of an API test
for path in glob.glob(os.path.join(results, "test_*.json")) + \
        glob.glob(os.path.join(results, "browser-test_*.json")):
    name = os.path.basename(path)[:-5]
    reported.add(name)
    with open(path) as f:
        r = json.load(f)
    passed += r["passed"]
    failed += r["failed"]
    failures += [f"{name}: {n}" for n in r["failures"]]

ctest_xml = os.path.join(results, "ctest.xml")
if os.path.exists(ctest_xml):
    for case in ET.parse(ctest_xml).getroot().iter("testcase"):
        entry = case.get("name", "")
        name = entry.split("/")[-1]
        if entry.startswith("browser/"):
            name = "browser-" + name
        bad = case.get("status") == "fail" or case.find("failure") is not None
        if bad and not any(f.startswith(name + ":") for f in failures):
            failed += 1
            failures.append(f"{name}: the program failed or crashed")
        elif name not in reported and not bad:
            passed += 1

for f in failures:
    print("FAILED", f)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
