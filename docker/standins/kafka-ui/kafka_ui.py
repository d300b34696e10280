"""Stand-in for kafbat/kafka-ui (see Dockerfile): healthy while the configured broker accepts connections."""
import json, os, socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

name = os.environ.get("KAFKA_CLUSTERS_0_NAME", "local")
bootstrap = os.environ.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", "localhost:9092")

def broker_up():
    host, port = bootstrap.split(",")[0].rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        return True
    except OSError:
        return False

class Web(BaseHTTPRequestHandler):
    def do_GET(self):
        up = broker_up()
        if self.path.startswith("/actuator/health"):
            code, body, ctype = 200 if up else 503, json.dumps({"status": "UP" if up else "DOWN"}), "application/json"
        else:
            code, body, ctype = 200, f"<h1>kafka-ui stand-in</h1><p>cluster {name} at {bootstrap}: {'up' if up else 'down'}</p>", "text/html"
        data = body.encode()
        self.send_response(code); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)
    def log_message(self, *args):
        pass

print(f"kafka-ui stand-in on 8080 for {name} at {bootstrap}", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8080), Web).serve_forever()
