#!/usr/bin/env python3
"""A replica of the course's key-value API that makes the mistakes people make.

Python 3 standard library only. Each mistake can be switched on or off, so that a test can show
that kvs-test finds each one (see README.md next to this file):

  apply-on-arrival  a peer's write is applied when it arrives in its sender's order, without
                    checking its dependencies on other replicas, and the clock it carries is
                    merged (so a write that is still on its way is later taken for a duplicate)
  merge-on-503      a peer's write that cannot be applied yet is refused with 503, but the
                    sender's clock is merged anyway (the replica now claims writes it lacks)
  give-up           a write is sent to a peer at most 3 times, then dropped for good
  resurrect         deletes leave no tombstone, and anti-entropy adds every key a peer has and
                    this replica lacks, and leaves the keys it has alone: a key deleted here
                    comes back from a slower peer, and an overwrite lost on the way is never
                    repaired
  no-view           no /view endpoints (404)

BUGGY_STORE_BUGS selects them: "all" (the default), "none", or a comma-separated list.
BUGGY_STORE_JITTER_MS (default 50) delays every replication send by a random 0..N ms, as a
real network would, so that messages from different senders overtake each other.

With every switch off it is a plainer store (vector clocks, causal delivery by retried sends,
last-writer-wins by Lamport clock, tombstones, anti-entropy that merges whole states), but it
never detects a failed peer, so its views never change after a crash.
"""

import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALL_BUGS = ("apply-on-arrival", "merge-on-503", "give-up", "resurrect", "no-view")
KEY_LENGTH_MAX = 50
BODY_BYTES_MAX = 1 << 20
PEER_TIMEOUT_SECONDS = 0.5
GIVE_UP_AFTER_ATTEMPTS = 3
ANTI_ENTROPY_SECONDS = 1.0
ERROR_503 = "Causal dependencies not satisfied; try again later"


def fail(message):
    print("buggy_store: " + message, file=sys.stderr, flush=True)
    sys.exit(64)


def parse_address(text):
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host + ":" + port


def parse_bugs(text):
    text = (text or "all").strip()
    if text == "all":
        return set(ALL_BUGS)
    if text == "none" or text == "":
        return set()
    bugs = {b.strip() for b in text.split(",") if b.strip()}
    unknown = sorted(bugs - set(ALL_BUGS))
    if unknown:
        fail("BUGGY_STORE_BUGS names unknown bugs %s (known: %s, all, none)" % (unknown, ", ".join(ALL_BUGS)))
    return bugs


SELF = parse_address(os.environ.get("SOCKET_ADDRESS", ""))
if SELF is None:
    fail("SOCKET_ADDRESS is not set or malformed (expected IP:PORT)")
VIEW_ENV = [parse_address(a) for a in os.environ.get("VIEW", "").split(",") if a.strip()]
if not VIEW_ENV or None in VIEW_ENV:
    fail("VIEW is not set or malformed (expected comma-separated IP:PORT)")
BUGS = parse_bugs(os.environ.get("BUGGY_STORE_BUGS"))
JITTER_MS = int(os.environ.get("BUGGY_STORE_JITTER_MS", "50"))


class State:
    """Everything a replica knows, guarded by one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.view = sorted(set(VIEW_ENV) | {SELF})
        self.clock = {}          # replica address -> writes of it applied here
        self.lamport = 0
        self.store = {}          # key -> [value, lamport, origin, deleted]

    def covers(self, metadata):
        return all(self.clock.get(a, 0) >= n for a, n in metadata.items())

    def merge_clock(self, other):
        for a, n in other.items():
            if n > self.clock.get(a, 0):
                self.clock[a] = n

    def put_entry(self, key, entry):
        """Last writer wins by (lamport, origin); a tombstone is an entry too."""
        old = self.store.get(key)
        if old is None or (entry[1], entry[2]) > (old[1], old[2]):
            if entry[3] and "resurrect" in BUGS:
                self.store.pop(key, None)
            else:
                self.store[key] = entry

    def live(self, key):
        entry = self.store.get(key)
        return entry is not None and not entry[3]


STATE = State()


def parse_metadata(value):
    """Metadata this store did not make is taken for null."""
    if not isinstance(value, dict):
        return {}
    return {a: n for a, n in value.items()
            if isinstance(a, str) and isinstance(n, int) and not isinstance(n, bool) and n > 0}


def peers():
    with STATE.lock:
        return [a for a in STATE.view if a != SELF]


def http_json(method, address, path, body=None, timeout=PEER_TIMEOUT_SECONDS):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request("http://" + address + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def replicate(message):
    for peer in peers():
        threading.Thread(target=send, args=(peer, message), daemon=True).start()


def send(peer, message):
    time.sleep(random.uniform(0, JITTER_MS) / 1000.0)
    attempts = 0
    while True:
        try:
            status, _ = http_json("POST", peer, "/internal/replicate", message)
            if status == 200:
                return
        except (OSError, ValueError):
            pass
        attempts += 1
        if "give-up" in BUGS and attempts >= GIVE_UP_AFTER_ATTEMPTS:
            print("buggy_store %s: gave up sending %s#%d to %s" % (SELF, message["origin"], message["seq"], peer),
                  file=sys.stderr, flush=True)
            return
        with STATE.lock:
            if peer not in STATE.view:
                return
        # A short pause and a few tries: the usual code, which gives up on a write whose
        # dependencies take longer than that to arrive, or on a peer paused for a second.
        time.sleep(0.02 if "give-up" in BUGS else min(0.05 * attempts, 0.5))


def on_replicate(message):
    """A write sent by a peer: 200 once applied (or already applied), 503 to be sent again."""
    origin, seq, deps = message["origin"], message["seq"], parse_metadata(message["deps"])
    entry = [message["value"], message["lamport"], origin, message["deleted"]]
    with STATE.lock:
        if seq <= STATE.clock.get(origin, 0):
            return 200
        in_order = seq == STATE.clock.get(origin, 0) + 1
        others_ready = STATE.covers({a: n for a, n in deps.items() if a != origin})
        ready = in_order if "apply-on-arrival" in BUGS else in_order and others_ready
        if not ready:
            if "merge-on-503" in BUGS:
                STATE.merge_clock(deps)
                STATE.merge_clock({origin: seq})
            return 503
        STATE.put_entry(message["key"], entry)
        STATE.lamport = max(STATE.lamport, entry[1])
        STATE.merge_clock(deps)
        STATE.clock[origin] = seq
        return 200


def snapshot():
    with STATE.lock:
        entries = {k: e for k, e in STATE.store.items() if not (e[3] and "resurrect" in BUGS)}
        return {"store": entries, "clock": dict(STATE.clock), "lamport": STATE.lamport}


def merge_snapshot(remote):
    with STATE.lock:
        for key, entry in remote.get("store", {}).items():
            if "resurrect" in BUGS:
                # A key missing here is taken for one never heard of; a key present is kept as it
                # is, so neither a delete nor a lost overwrite is ever repaired.
                if key not in STATE.store:
                    STATE.store[key] = entry
            else:
                STATE.put_entry(key, entry)
        STATE.merge_clock(parse_metadata(remote.get("clock")))
        STATE.lamport = max(STATE.lamport, int(remote.get("lamport", 0)))


def pull_from(peer):
    try:
        status, remote = http_json("GET", peer, "/internal/state")
        if status == 200 and isinstance(remote, dict):
            merge_snapshot(remote)
            return True
    except (OSError, ValueError):
        pass
    return False


def anti_entropy():
    while True:
        time.sleep(ANTI_ENTROPY_SECONDS)
        for peer in peers():
            pull_from(peer)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "buggy-store/1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        """(ok, parsed body or None); an empty body is None."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > BODY_BYTES_MAX:
            self.answer(413, {"error": "Body too large"})
            self.close_connection = True
            return False, None
        raw = self.rfile.read(length) if length > 0 else b""
        if not raw.strip():
            return True, None
        try:
            return True, json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return True, ValueError()

    def route(self, method):
        path = urllib.parse.urlsplit(self.path).path
        ok, body = self.read_body()
        if not ok:
            return
        if path.startswith("/kvs/"):
            try:
                key = urllib.parse.unquote(path[len("/kvs/"):], errors="strict")
            except UnicodeDecodeError:
                return self.answer(400, {"error": "Key is not valid UTF-8"})
            if method not in ("GET", "PUT", "DELETE"):
                return self.answer(405, {"error": "Method not allowed"})
            if isinstance(body, ValueError) or (body is not None and not isinstance(body, dict)):
                if method == "PUT":
                    return self.answer(400, {"error": "Malformed JSON body"})
                body = None
            return self.on_kvs(method, key, body or {})
        if path == "/view" and "no-view" not in BUGS:
            if method not in ("GET", "PUT", "DELETE"):
                return self.answer(405, {"error": "Method not allowed"})
            return self.on_view(method, body if isinstance(body, dict) else {})
        if path == "/internal/replicate" and method == "POST" and isinstance(body, dict):
            status = on_replicate(body)
            return self.answer(status, {"result": "applied"} if status == 200 else {"error": ERROR_503})
        if path == "/internal/state" and method == "GET":
            return self.answer(200, snapshot())
        return self.answer(404, {"error": "Not found"})

    def on_kvs(self, method, key, body):
        if method == "PUT":
            if body.get("value") is None:
                return self.answer(400, {"error": "PUT request does not specify a value"})
        if len(key) > KEY_LENGTH_MAX:
            return self.answer(400, {"error": "Key is too long"})
        metadata = parse_metadata(body.get("causal-metadata"))
        with STATE.lock:
            if not STATE.covers(metadata):
                return self.answer(503, {"error": ERROR_503})
            present = STATE.live(key)
            if method == "GET":
                if not present:
                    return self.answer(404, {"error": "Key does not exist"})
                return self.answer(200, {"result": "found", "value": STATE.store[key][0],
                                         "causal-metadata": dict(STATE.clock)})
            if method == "DELETE" and not present:
                return self.answer(404, {"error": "Key does not exist"})
            deps = dict(STATE.clock)
            STATE.lamport += 1
            seq = STATE.clock.get(SELF, 0) + 1
            STATE.clock[SELF] = seq
            deleted = method == "DELETE"
            value = None if deleted else body["value"]
            STATE.put_entry(key, [value, STATE.lamport, SELF, deleted])
            message = {"origin": SELF, "seq": seq, "deps": deps, "key": key, "value": value,
                       "lamport": STATE.lamport, "deleted": deleted}
            metadata_out = dict(STATE.clock)
        replicate(message)
        if deleted:
            return self.answer(200, {"result": "deleted", "causal-metadata": metadata_out})
        if present:
            return self.answer(200, {"result": "replaced", "causal-metadata": metadata_out})
        return self.answer(201, {"result": "created", "causal-metadata": metadata_out})

    def on_view(self, method, body):
        if method == "GET":
            with STATE.lock:
                return self.answer(200, {"view": list(STATE.view)})
        address = body.get("socket-address")
        if not isinstance(address, str) or parse_address(address) is None:
            return self.answer(400, {"error": "Request does not specify a socket-address"})
        with STATE.lock:
            present = address in STATE.view
            if method == "PUT" and not present:
                STATE.view = sorted(STATE.view + [address])
                return self.answer(201, {"result": "added"})
            if method == "PUT":
                return self.answer(200, {"result": "already present"})
            if not present:
                return self.answer(404, {"error": "View has no such replica"})
            STATE.view = [a for a in STATE.view if a != address]
            return self.answer(200, {"result": "deleted"})

    def do_GET(self):
        self.route("GET")

    def do_PUT(self):
        self.route("PUT")

    def do_DELETE(self):
        self.route("DELETE")

    def do_POST(self):
        self.route("POST")

    def do_PATCH(self):
        self.route("PATCH")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            print("buggy_store %s: %r while serving %s" % (SELF, error, client_address), file=sys.stderr, flush=True)


def main():
    port = int(SELF.rpartition(":")[2])
    server = Server(("0.0.0.0", port), Handler)
    # A restarted replica first takes what its peers know (its own earlier writes included), so
    # that it does not number new writes like old ones.
    for peer in peers():
        pull_from(peer)
    threading.Thread(target=anti_entropy, daemon=True).start()
    print("buggy_store %s: serving, view %s, bugs %s" % (SELF, ",".join(STATE.view), ",".join(sorted(BUGS)) or "none"),
          file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
