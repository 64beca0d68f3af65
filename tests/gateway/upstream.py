#!/usr/bin/python3
"""The API behind the gateways in tests/gateway: answers every request with 200 and remembers
what it received. GET /__seen (asked directly, not through a gateway) answers the requests so
far as JSON: [{"method", "path", "headers": {lower-cased name: value}}]. Prints its port first."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

seen = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/__seen":
            self.answer(seen)
            return
        seen.append({"method": self.command, "path": self.path,
                     "headers": {k.lower(): v for k, v in self.headers.items()}})
        self.answer({"upstream": "ok"})

    do_POST = do_GET
    do_HEAD = do_GET

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
sys.exit(0)
