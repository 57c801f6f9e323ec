"""deploy/nginx.conf: rate limits on web chat sessions, media, the replay API and the wijkteam login,
and an access log without tokens. Read statically always; with an nginx binary (on PATH, or
NGINX_BINARY=/path/to/nginx) also `nginx -t` and a live run in front of a fake upstream."""

import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = (ROOT / "deploy" / "nginx.conf").read_text()
LIMITED = {  # (listen port, location): zone
    ("8080", "/webhooks/webchat/session"): "webchat_session",
    ("8080", "/webhooks/webchat/media/"): "media",
    ("8080", "/webhooks/replay/api/"): "replay_api",
    ("8081", "/login"): "wijkteam_login",
    ("8080", "/webhooks/webchat/message"): "chat",
    ("8080", "/webhooks/rest/"): "chat",
}


# -- a small reader for the config: blocks as (name, arguments, children) ------------------------


def parse(text):
    tokens = re.findall(r'"[^"]*"|\'[^\']*\'|[{};]|[^\s{};]+', re.sub(r"#[^\n]*", "", text))
    position = 0

    def block():
        nonlocal position
        items, words = [], []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == "{":
                items.append((words[0], words[1:], block()))
                words = []
            elif token == "}":
                return items
            elif token == ";":
                items.append((words[0], words[1:], None))
                words = []
            else:
                words.append(token)
        return items

    return block()


TREE = parse(CONFIG)
HTTP = next(children for name, _, children in TREE if name == "http")
SERVERS = [children for name, _, children in HTTP if name == "server"]


def directives(children, name):
    return [arguments for found, arguments, _ in children if found == name]


def locations():
    """{(server's listen port, location path): the location's directives}"""
    found = {}
    for server in SERVERS:
        port = directives(server, "listen")[0][0]
        for name, arguments, children in server:
            if name == "location":
                found[(port, arguments[-1])] = children
    return found


# -- static ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "zone"), sorted(LIMITED.items()))
def test_each_sensitive_route_is_rate_limited_per_client(where, zone):
    children = locations()[where]
    limits = directives(children, "limit_req")
    assert limits and f"zone={zone}" in limits[0]
    zones = {arguments[1].split("=")[1].split(":")[0]: arguments for arguments in directives(HTTP, "limit_req_zone")}
    assert zone in zones and any(a.startswith("rate=") for a in zones[zone])
    assert zones[zone][0] in ("$binary_remote_addr", "$session_post_key")


def test_the_session_limit_counts_posts_only_and_matches_any_suffix():
    assert ("8080", "/webhooks/webchat/session") in locations()  # a prefix location: /session/ and /session?x too
    maps = {tuple(arguments): children for name, arguments, children in HTTP if name == "map"}
    assert maps[("$request_method", "$session_post_key")] == [("POST", ["$binary_remote_addr"], None), ("default", ['""'], None)]


def test_the_login_is_on_the_wijkteam_port_in_front_of_wijkteam_8081():
    children = locations()[("8081", "/login")]
    assert directives(children, "proxy_pass") == [["http://$wijkteam_app"]]
    wijkteam_server = next(s for s in SERVERS if directives(s, "listen")[0][0] == "8081")
    assert ["$wijkteam_app", "wijkteam:8081"] in directives(wijkteam_server, "set")


def test_refused_requests_get_429():
    assert directives(HTTP, "limit_req_status") == [["429"]]


def test_the_access_log_has_no_query_strings_tokens_or_headers():
    formats = {arguments[0]: " ".join(arguments[1:]) for arguments in directives(HTTP, "log_format")}
    access_logs = directives(HTTP, "access_log")
    assert access_logs and all(log[-1] in formats for log in access_logs)
    for log in access_logs:
        line = formats[log[-1]]
        for leaky in (
            "$request ",
            '$request"',
            "$request_uri",
            "$args",
            "$arg_",
            "$query_string",
            "$is_args",
            "$http_",
            "$cookie_",
        ):
            assert leaky not in line, leaky
        assert "$logged_path" in line
    assert "map $uri $logged_path" in CONFIG and '"/webhooks/webchat/media/<token>"' in CONFIG
    for server in SERVERS:
        assert not directives(server, "access_log") and not directives(server, "log_format")


def test_error_lines_which_quote_the_request_are_kept_to_critical_ones():
    assert directives(HTTP, "error_log") == [["/dev/stderr", "crit"]]


def test_the_rasa_http_api_stays_closed():
    assert directives(locations()[("8080", "/")], "return") == [["404"]]


# -- with an nginx binary -------------------------------------------------------------------------


def nginx_binary():
    binary = os.environ.get("NGINX_BINARY") or shutil.which("nginx")
    if not binary:
        pytest.skip("nginx is not installed here (set NGINX_BINARY=/path/to/nginx to run `nginx -t` and the live checks)")
    return binary


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_config(tmp_path, upstream_port, ports, access_log=None):
    """The deployment's config with loopback addresses for the compose service names."""
    text = CONFIG.replace("server rasa-1:5005; server rasa-2:5005;", f"server 127.0.0.1:{upstream_port};")
    text = text.replace("set $wijkteam_app wijkteam:8081;", f"set $wijkteam_app 127.0.0.1:{upstream_port};")
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{ports[0]};").replace("listen 8081;", f"listen 127.0.0.1:{ports[1]};")
    if access_log:
        text = text.replace("access_log /dev/stdout no_tokens;", f"access_log {access_log} no_tokens;")
    temp = "".join(f" {kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text = text.replace("http {", "http {" + temp, 1)
    path = tmp_path / "nginx.conf"
    path.write_text(text)
    return path


def test_nginx_accepts_the_config(tmp_path):
    binary = nginx_binary()
    config = local_config(tmp_path, 5005, (8080, 8081))
    result = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(config), "-e", "/dev/stderr", "-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


class Upstream(BaseHTTPRequestHandler):
    def _ok(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = _ok

    def log_message(self, *args):
        pass


@pytest.fixture
def running_nginx(tmp_path):
    binary = nginx_binary()
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    ports, log = (free_port(), free_port()), tmp_path / "access.log"
    config = local_config(tmp_path, upstream.server_address[1], ports, access_log=log)
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(config), "-e", "/dev/stderr", "-g", f"daemon off; pid {tmp_path / 'nginx.pid'};"],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", ports[1]), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start listening"
            time.sleep(0.05)
    try:
        yield {"residents": f"http://127.0.0.1:{ports[0]}", "wijkteam": f"http://127.0.0.1:{ports[1]}", "log": log}
    finally:
        process.terminate()
        process.wait(20)
        upstream.shutdown()


def status(url, method="GET", headers=None):
    request = urllib.request.Request(url, data=b"{}" if method == "POST" else None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    ("server", "path", "method", "burst"),
    [
        ("residents", "/webhooks/webchat/session", "POST", 10),
        ("residents", "/webhooks/webchat/media/abc.def", "GET", 20),
        ("residents", "/webhooks/replay/api/sources", "GET", 30),
        ("wijkteam", "/login", "POST", 5),
        ("residents", "/webhooks/webchat/message", "POST", 30),
        ("residents", "/webhooks/rest/webhook", "POST", 30),
    ],
)
def test_a_burst_past_the_limit_gets_429(running_nginx, server, path, method, burst):
    answers = [status(running_nginx[server] + path, method) for _ in range(burst + 10)]
    assert answers[: burst + 1] == [200] * (burst + 1)  # the burst passes
    assert 429 in answers[burst + 1 :]


def test_reading_the_session_route_is_not_limited_and_a_quick_chat_passes(running_nginx):
    assert all(status(running_nginx["residents"] + "/webhooks/webchat/session") == 200 for _ in range(20))
    assert all(status(running_nginx["residents"] + "/webhooks/webchat/message", "POST") == 200 for _ in range(20))


def test_the_access_log_never_holds_a_token(running_nginx):
    base = running_nginx["residents"]
    status(base + "/webhooks/webchat/media/MEDIATOKEN123.sig456?download=QUERYSECRET")
    status(base + "/webhooks/replay/api/replay?source=participant:SENDERSECRET", headers={"Authorization": "Bearer AUTHSECRET"})
    status(base + "/webhooks/telegram/webhook", "POST", headers={"X-Telegram-Bot-Api-Secret-Token": "TGSECRET"})
    status(running_nginx["wijkteam"] + "/login?next=/boards", "POST", headers={"Cookie": "session=COOKIESECRET"})
    deadline = time.monotonic() + 10
    while len(running_nginx["log"].read_text().splitlines()) < 4:
        assert time.monotonic() < deadline, "nginx did not log the requests"
        time.sleep(0.05)
    logged = running_nginx["log"].read_text()
    for secret in ("MEDIATOKEN123", "sig456", "QUERYSECRET", "SENDERSECRET", "AUTHSECRET", "TGSECRET", "COOKIESECRET", "?"):
        assert secret not in logged, secret
    assert "/webhooks/webchat/media/<token>" in logged and "/webhooks/replay/api/replay" in logged
