#!/usr/bin/env python3
"""What a user would write instead of `egpolicy apply` (issue 5's comparison baseline).

  ENTRYGUARD_TOKEN=... apply.py BASE_URL POLICY_DIR [LIVE_STATE_JSON]

Plans as plan.py does (live roles from LIVE_STATE_JSON, else from GET BASE_URL/roles), then sends
`DELETE BASE_URL/roles/{id}/resources/{resourceId}` for every unassignment from 16 threads, each
with its own keep-alive connection (standard library only). A 429 sleeps for its Retry-After and
retries; a 5xx or a dropped connection retries after a short backoff, up to 8 attempts; a 404 counts
as already absent. Prints the counts and the time on stderr; exit 1 if any DELETE failed.
"""
import email.utils
import http.client
import json
import os
import queue
import sys
import threading
import time
import urllib.parse

from plan import plan

THREADS = 16
MAX_ATTEMPTS = 8


class Connection:
    def __init__(self, base):
        self.url = urllib.parse.urlsplit(base)
        self.prefix = self.url.path.rstrip("/")
        self.headers = {"Authorization": "Bearer " + os.environ["ENTRYGUARD_TOKEN"], "Accept": "application/json"}
        self.connection = None

    def request(self, method, path):
        """(status, headers, body); reconnects once the server has closed the connection."""
        if self.connection is None:
            kind = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
            self.connection = kind(self.url.hostname, self.url.port, timeout=30)
        try:
            self.connection.request(method, self.prefix + path, headers=self.headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response, body


def retry_after(response, attempt):
    value = response.getheader("Retry-After")
    if value:
        if value.strip().isdigit():
            return int(value)
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    return min(0.1 * 2 ** attempt, 5.0)


def delete_all(base, work, results):
    connection = Connection(base)
    while True:
        try:
            role_id, resource_id = work.get_nowait()
        except queue.Empty:
            return
        outcome = "failed"
        for attempt in range(MAX_ATTEMPTS):
            try:
                status, response, _ = connection.request("DELETE", "/roles/%s/resources/%s" % (role_id, resource_id))
            except (OSError, http.client.HTTPException):
                time.sleep(min(0.1 * 2 ** attempt, 5.0))
                continue
            if status == 204:
                outcome = "deleted"
            elif status == 404:
                outcome = "already absent"
            elif status == 429 or status >= 500:
                time.sleep(retry_after(response, attempt) if status == 429 else min(0.1 * 2 ** attempt, 5.0))
                continue
            else:
                outcome = "failed (HTTP %d)" % status
            break
        with results["lock"]:
            results[outcome] = results.get(outcome, 0) + 1


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: ENTRYGUARD_TOKEN=... apply.py BASE_URL POLICY_DIR [LIVE_STATE_JSON]")
    if not os.environ.get("ENTRYGUARD_TOKEN"):
        sys.exit("error: set ENTRYGUARD_TOKEN")
    base, policy_dir = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    if len(sys.argv) == 4:
        with open(sys.argv[3], "rb") as f:
            live_roles = json.load(f)
    else:
        status, _, body = Connection(base).request("GET", "/roles")
        if status != 200:
            sys.exit("error: GET /roles answered HTTP %d" % status)
        live_roles = json.loads(body)
    unassign, missing, managed = plan(policy_dir, live_roles)
    planned = time.perf_counter()

    work = queue.Queue()
    for pair in unassign:
        work.put(pair)
    results = {"lock": threading.Lock()}
    threads = [threading.Thread(target=delete_all, args=(base, work, results)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = time.perf_counter()
    del results["lock"]
    counts = ", ".join("%d %s" % (n, k) for k, n in sorted(results.items())) or "nothing to do"
    print("%d roles managed, %d unassign, %d missing; plan %.3f s, %d DELETEs in %.3f s: %s"
          % (managed, len(unassign), missing, planned - started, len(unassign), done - planned, counts),
          file=sys.stderr)
    sys.exit(1 if any(k.startswith("failed") for k in results) else 0)


if __name__ == "__main__":
    main()
