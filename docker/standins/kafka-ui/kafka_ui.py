"""Stand-in for kafbat/kafka-ui (see Dockerfile): healthy while the configured broker accepts connections; lists its
one cluster at /api/clusters; and honours KAFKA_CLUSTERS_0_READONLY the way kafbat does: in a read-only cluster every
request but GET under /api/clusters/<name>/ answers 405 "This cluster is in read-only mode." The stand-in cannot
write to Kafka at all, so with read-only off a write answers 501, which a test expecting the refusal also catches."""
import json, os, socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

name = os.environ.get("KAFKA_CLUSTERS_0_NAME", "local")
bootstrap = os.environ.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", "localhost:9092")
read_only = os.environ.get("KAFKA_CLUSTERS_0_READONLY", "false").strip().lower() == "true"

def broker_up():
    host, port = bootstrap.split(",")[0].rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        return True
    except OSError:
        return False

class Web(BaseHTTPRequestHandler):
    def send(self, code, body, ctype="application/json"):
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(code); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)

    def do_GET(self):
        up = broker_up()
        path = self.path.split("?")[0]
        if path.startswith("/actuator/health"):
            self.send(200 if up else 503, {"status": "UP" if up else "DOWN"})
        elif path == "/api/clusters":
            self.send(200, [{"name": name, "defaultCluster": True, "status": "ONLINE" if up else "OFFLINE", "readOnly": read_only}])
        else:
            self.send(200, f"<h1>kafka-ui stand-in</h1><p>cluster {name} at {bootstrap}: {'up' if up else 'down'}"
                           f"{', read-only' if read_only else ''}</p>", "text/html")

    def write(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length:
            self.rfile.read(length)
        if self.path.startswith(f"/api/clusters/{name}/") and read_only:
            self.send(405, {"code": 4003, "message": "This cluster is in read-only mode.", "timestamp": 0})
        else:
            self.send(501, {"message": "the kafka-ui stand-in cannot write to Kafka"})

    do_POST = do_PUT = do_PATCH = do_DELETE = write

    def log_message(self, *args):
        pass

print(f"kafka-ui stand-in on 8080 for {name} at {bootstrap}{' (read-only)' if read_only else ''}", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8080), Web).serve_forever()
