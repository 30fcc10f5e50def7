"""A real OpenAI-compatible HTTP server returning a fixed completion, for the LLM path's tests.

`python tests/fake_openai.py PORT CONTENT [DELAY_SECONDS] [MODE]`. It answers every POST to
`…/chat/completions` with CONTENT as the assistant message, after DELAY seconds. MODE `raw` sends
CONTENT itself as the HTTP body (not the API's JSON), `500` answers with a server error.
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, CONTENT = int(sys.argv[1]), sys.argv[2]
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
MODE = sys.argv[4] if len(sys.argv) > 4 else "json"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(DELAY)
        if not self.path.endswith("/chat/completions"):
            self.send_error(404)
            return
        if MODE == "500":
            self.send_error(500, "model crashed")
            return
        body = CONTENT.encode() if MODE == "raw" else json.dumps({
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": "test",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": CONTENT}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("localhost", PORT), Handler).serve_forever()
