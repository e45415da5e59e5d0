"""The yardstick of bench/throughput.py: a WSGI app that answers the very bytes the portal gave,
from memory, under the same gunicorn. Its pages come from the JSON file named by BENCH_PAGES."""

import base64
import json
import os

with open(os.environ["BENCH_PAGES"], encoding="utf-8") as handle:
    PAGES = {path: (status, content_type, base64.b64decode(body))
             for path, (status, content_type, body) in json.load(handle).items()}
REASONS = {200: "200 OK", 404: "404 Not Found"}


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    status, content_type, body = PAGES.get(path, (404, "text/plain", b"no"))
    start_response(REASONS.get(status, f"{status} X"),
                   [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
