#!/usr/bin/python3
"""Stand-in for Mailpit: an SMTP sink on 1025 and Mailpit's read API on 8025 (/api/v1/messages,
/api/v1/message/<id>, /livez, /readyz). `mailpit readyz` exits 0 when the web server answers."""
import email, email.policy, json, socketserver, sys, threading, urllib.request, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

if len(sys.argv) > 1 and sys.argv[1] in ("readyz", "livez"):
    try:
        urllib.request.urlopen("http://127.0.0.1:8025/readyz", timeout=3)
        sys.exit(0)
    except Exception as e:
        print(e, file=sys.stderr)
        sys.exit(1)

MESSAGES, LOCK = [], threading.Lock()

class Smtp(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
    def handle(self):
        self.reply("220 mailpit stand-in ESMTP")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-mailpit"); self.reply("250-8BITMIME"); self.reply("250-SMTPUTF8"); self.reply("250 SIZE 0")
            elif verb == "HELO":
                self.reply("250 mailpit")
            elif verb == "MAIL":
                sender, rcpts = cmd[10:].strip().strip("<>").split(">")[0], []; self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(cmd[8:].strip().strip("<>").split(">")[0]); self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data.append(l[1:] if l.startswith(b"..") else l)
                raw = b"".join(data)
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                body = msg.get_body(preferencelist=("plain", "html"))
                text = body.get_content() if body is not None else ""
                with LOCK:
                    MESSAGES.insert(0, {"ID": uuid.uuid4().hex, "From": {"Address": sender}, "To": [{"Address": r} for r in rcpts],
                                        "Subject": str(msg.get("Subject", "")), "Snippet": text[:250], "Text": text,
                                        "Created": datetime.now(timezone.utc).isoformat(), "Raw": raw.decode("utf-8", "replace")})
                self.reply("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye"); return
            else:
                self.reply("502 Command not implemented")

class Web(BaseHTTPRequestHandler):
    def send(self, code, body, ctype="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        path = self.path.split("?")[0]
        with LOCK:
            msgs = list(MESSAGES)
        if path in ("/livez", "/readyz"):
            self.send(200, "ok", "text/plain")
        elif path == "/api/v1/messages":
            summary = [{k: v for k, v in m.items() if k not in ("Text", "Raw")} for m in msgs]
            self.send(200, json.dumps({"total": len(msgs), "messages_count": len(msgs), "messages": summary}))
        elif path.startswith("/api/v1/message/"):
            m = next((m for m in msgs if m["ID"] == path.rsplit("/", 1)[1]), None)
            self.send(200, json.dumps(m)) if m else self.send(404, '{"error":"not found"}')
        elif path == "/":
            rows = "".join(f"<li>{m['Created']} to {', '.join(t['Address'] for t in m['To'])}: {m['Subject']}</li>" for m in msgs)
            self.send(200, f"<h1>Mailpit stand-in</h1><ul>{rows}</ul>", "text/html")
        else:
            self.send(404, '{"error":"not found"}')
    def log_message(self, *args):
        pass

socketserver.ThreadingTCPServer.allow_reuse_address = True
smtp = socketserver.ThreadingTCPServer(("0.0.0.0", 1025), Smtp)
threading.Thread(target=smtp.serve_forever, daemon=True).start()
print("mailpit stand-in: SMTP on 1025, web on 8025", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8025), Web).serve_forever()
