"""A one-replica store for kvs-test's tests: speaks the API, but every 10th write answers an HTML 500 page
(after applying the write, as a crashing web framework would). Python 3 standard library only."""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

store = {}
clock = [0]
writes = [0]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return {}

    def do_GET(self):
        self.body()
        if self.path == "/view":
            return self.answer(200, {"view": [os.environ["SOCKET_ADDRESS"]]})
        key = unquote(self.path[len("/kvs/"):])
        with lock:
            if key in store:
                return self.answer(200, {"result": "found", "value": store[key], "causal-metadata": clock[0]})
        return self.answer(404, {"error": "Key does not exist"})

    def do_PUT(self):
        request = self.body()
        key = unquote(self.path[len("/kvs/"):])
        with lock:
            existed = key in store
            store[key] = request.get("value")
            clock[0] += 1
            writes[0] += 1
            if writes[0] % 10 == 0:
                return self.answer(500, "<!doctype html><html><title>500 Internal Server Error</title></html>", "text/html")
            return self.answer(200 if existed else 201, {"result": "replaced" if existed else "created",
                                                         "causal-metadata": clock[0]})

    def do_DELETE(self):
        self.body()
        key = unquote(self.path[len("/kvs/"):])
        with lock:
            if key not in store:
                return self.answer(404, {"error": "Key does not exist"})
            del store[key]
            clock[0] += 1
            return self.answer(200, {"result": "deleted", "causal-metadata": clock[0]})


host, port = os.environ["SOCKET_ADDRESS"].rsplit(":", 1)
ThreadingHTTPServer((host, int(port)), Handler).serve_forever()
