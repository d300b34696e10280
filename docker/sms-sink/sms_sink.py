#!/usr/bin/env python3
"""sms-sink: the SMS provider of the compose deployment, so that codes never need a public inbox.

notification-service's `http` SMS gateway POSTs {"to", "text"} to /v1/messages with `Authorization: Bearer <key>`;
the sink checks the key and keeps the newest messages in memory (nothing on disk). Like a real provider it honours
`Idempotency-Key`: a POST repeating a key it has taken answers the first message's id and stores nothing (the
gateway retries a delivery under the same key when an answer was lost, e.g. its replica was killed). An operator reads them back with
the same key at GET /v1/messages?to=<E.164> (newest first) on a port that compose publishes on 127.0.0.1 only.

  SMS_SINK_API_KEY  the key (required, at least 16 characters)    SMS_SINK_KEEP  messages kept (default 1000)
  SMS_SINK_PORT     port (default 8080)                            `sms_sink.py healthcheck` exits 0 when it answers

Errors are RFC 9457 problems. Logs name a masked number only, never a message or a key.
"""
import hmac
import json
import os
import re
import sys
import threading
import urllib.request
import uuid
from collections import deque
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("SMS_SINK_PORT", "8080"))

if len(sys.argv) > 1 and sys.argv[1] == "healthcheck":
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=3)
        sys.exit(0)
    except Exception as e:  # noqa: BLE001 - any failure is "not healthy"
        print(e, file=sys.stderr)
        sys.exit(1)

KEY = os.environ.get("SMS_SINK_API_KEY", "")
if len(KEY) < 16:
    sys.exit("sms-sink: set SMS_SINK_API_KEY (at least 16 characters); it is the provider's API key")
KEEP = int(os.environ.get("SMS_SINK_KEEP", "1000"))
MAX_BODY = 16 * 1024
PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
PROBLEMS = "https://mi-account.dev/problems/"

messages = deque(maxlen=KEEP)  # newest first
taken = {}  # Idempotency-Key -> the id of the message it brought, for the newest KEEP keys
keys = deque()
lock = threading.Lock()


def masked(number):
    return number[:3] + "*" * max(0, len(number) - 7) + number[-4:] if len(number) >= 8 else "***"


def authorized(header):
    if not header or not header[:7].lower() == "bearer ":
        return False
    # compare_digest: the time taken does not tell how much of a guess was right
    return hmac.compare_digest(header[7:].strip().encode(), KEY.encode())


class Sink(BaseHTTPRequestHandler):
    server_version = "sms-sink"
    sys_version = ""

    def answer(self, status, body, extra=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, slug, title, detail, extra=None):
        self.answer(status, {"type": PROBLEMS + slug, "title": title, "status": status, "detail": detail,
                             "instance": urlsplit(self.path).path}, extra)

    def refuse_unless_authorized(self):
        if authorized(self.headers.get("Authorization")):
            return False
        self.problem(401, "unauthorized", "Unauthorized", "the provider's API key is required (Bearer)",
                     {"WWW-Authenticate": 'Bearer realm="sms-sink"'})
        return True

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/healthz":
            self.answer(200, {"status": "UP"})
            return
        if url.path != "/v1/messages":
            self.problem(404, "not-found", "Not found", "no such resource")
            return
        if self.refuse_unless_authorized():
            return
        # parse_qs turns a '+' into a space: an unencoded +86... arrives as " 86...", so put it back
        to = parse_qs(url.query).get("to", [None])[0]
        to = "+" + to[1:] if to and to.startswith(" ") else to
        with lock:
            found = [m for m in messages if to is None or m["to"] == to]
        self.answer(200, found)

    def do_POST(self):
        if urlsplit(self.path).path != "/v1/messages":
            self.problem(404, "not-found", "Not found", "no such resource")
            return
        if self.refuse_unless_authorized():
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.problem(413 if length > MAX_BODY else 400, "validation", "Invalid request",
                         f"the body must be JSON of at most {MAX_BODY} bytes")
            return
        try:
            sms = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            sms = None
        if not isinstance(sms, dict) or not isinstance(sms.get("to"), str) or not isinstance(sms.get("text"), str) \
                or not PHONE.fullmatch(sms["to"]) or not sms["text"]:
            self.problem(400, "validation", "Invalid request",
                         'the body must be {"to": an E.164 number, "text": a non-empty string}')
            return
        key = self.headers.get("Idempotency-Key")
        message = {"id": str(uuid.uuid4()), "to": sms["to"], "text": sms["text"],
                   "receivedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")}
        with lock:
            first = taken.get(key) if key else None
            if first is None:
                messages.appendleft(message)
                if key:
                    taken[key] = message["id"]
                    keys.append(key)
                    if len(keys) > KEEP:
                        taken.pop(keys.popleft(), None)
        if first is not None:
            print(f"sms-sink: a repeated SMS to {masked(sms['to'])} (same Idempotency-Key), not sent again", flush=True)
            self.answer(200, {"id": first})
            return
        print(f"sms-sink: accepted an SMS to {masked(sms['to'])}", flush=True)
        self.answer(201, {"id": message["id"]})

    def do_PUT(self):
        self.problem(405, "method-not-allowed", "Method not allowed", "GET or POST /v1/messages")

    do_DELETE = do_PATCH = do_PUT

    def log_message(self, *args):
        pass  # the request line holds the number unmasked; the accepted line above is the log


print(f"sms-sink: listening on {PORT}, keeping the newest {KEEP} messages in memory", flush=True)
ThreadingHTTPServer(("0.0.0.0", PORT), Sink).serve_forever()
