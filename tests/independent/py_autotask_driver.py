"""Drives py-autotask (unmodified, from PyPI) against an Autotask tenant and prints one JSON
object with what it saw. Run by tests/sim/autotask_independent.rs with the tenant's certificate in
REQUESTS_CA_BUNDLE.

Environment: AT_BASE_URL (discovery base, ending in '/'), AT_USER, AT_SECRET, AT_CODE.
"""

import json
import logging
import os
import sys
import traceback

from py_autotask import AutotaskClient
from py_autotask.auth import AutotaskAuth


class Recorder(logging.Handler):
    """Keeps the library's warnings and errors, so the test can show why something stopped."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def main():
    recorder = Recorder()
    logging.getLogger("py_autotask").addHandler(recorder)
    base = os.environ["AT_BASE_URL"]
    # The library has no option for the discovery host: it is a class attribute naming
    # webservices.autotask.net. Pointing it at the tenant is configuration, not a change.
    AutotaskAuth.ZONE_INFO_URL = base + "v1.0/zoneInformation"
    client = AutotaskClient.create(
        username=os.environ["AT_USER"],
        integration_code=os.environ["AT_CODE"],
        secret=os.environ["AT_SECRET"],
    )
    out = {}
    out["zone_url"] = client.auth.api_url
    out["test_connection"] = client.auth.test_connection()
    out["info"] = client.get_entity_info("Companies")
    out["fields"] = client.get_field_info("Companies")
    out["company1"] = client.get("Companies", 1)
    out["missing"] = client.get("Companies", 9999999)
    first = client.query(
        "Companies",
        filters=[{"op": "gte", "field": "id", "value": 0}],
        max_records=100,
    )
    out["first_page"] = {
        "count": len(first.items),
        "next": first.page_details.next_page_url,
    }
    out["count"] = client.count(
        "Companies", {"filter": [{"op": "eq", "field": "isActive", "value": True}]}
    )
    # The library's own paging helper.
    try:
        items = client.companies.query_all(page_size=100)
        out["query_all"] = {"ok": True, "ids": [c["id"] for c in items]}
    except Exception as e:  # reported, not hidden
        out["query_all"] = {"ok": False, "error": repr(e)}
    out["warnings"] = list(recorder.messages)
    # The library's authenticated session, following nextPageUrl by hand with the same method
    # and body (what query_all would have to do).
    body = {"filter": [{"op": "gte", "field": "id", "value": 0}], "maxRecords": 100}
    url = client.auth.api_url.rstrip("/") + "/v1.0/Companies/query"
    ids, pages = [], 0
    while url and pages < 1000:
        r = client.session.post(url, json=body, timeout=30)
        r.raise_for_status()
        page = r.json()
        ids.extend(item["id"] for item in page["items"])
        url = page["pageDetails"]["nextPageUrl"]
        pages += 1
    out["session_paging"] = {"ids": ids, "pages": pages}
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        sys.exit(1)
