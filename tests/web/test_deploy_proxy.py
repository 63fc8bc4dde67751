"""docs/deploy.md's reverse proxy, tried: Debian's nginx (installed by `make test`), run
in the foreground with the nginx configuration *taken from docs/deploy.md* (only the
ports and the certificate's place changed), TLS with a certificate made here, in front of
a real `sterkte serve` process. Through HTTPS: a store without accounts is refused behind
the proxy; a login gives a cookie with the Secure flag (uvicorn trusts the proxy's
X-Forwarded-Proto); a form needs its CSRF token and a cross-site Origin is refused; the
audit trail has the browser's address; plain HTTP is sent to HTTPS.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sterkte.store import accounts as store
from sterkte.store.db import connect
from tests.report.store_builder import build_published_store
from tests.store.test_concurrency import start_sterkte
from tests.web.accounts_helpers import PASSWORD, sterkte

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Proxied:
    url: str  # https://localhost:PORT (nginx)
    plain: str  # http://localhost:PORT (nginx's redirect to HTTPS)
    db: Path
    tls: ssl.SSLContext
    open_answer: httpx.Response  # what the proxy gave before the store had accounts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (as `openssl req -x509` in the docs)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "fullchain.pem", folder / "privkey.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def documented_site() -> str:
    """The nginx configuration docs/deploy.md gives (its ```nginx block)."""
    found = re.search(r"```nginx\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert found is not None, "docs/deploy.md has no nginx configuration"
    return found.group(1)


def _nginx_conf(folder: Path, https: int, plain: int, upstream: int) -> Path:
    cert, key = _certificate(folder)
    site = documented_site()
    changes = [("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;"),
               ("listen 80;", f"listen 127.0.0.1:{plain};"),
               ("/etc/ssl/sterkte/fullchain.pem", str(cert)),
               ("/etc/ssl/sterkte/privkey.pem", str(key)),
               ("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}")]
    for old, new in changes:
        assert old in site, f"docs/deploy.md's nginx configuration has no {old!r}"
        site = site.replace(old, new)
    temp = "\n".join(f"    {k}_temp_path {folder / k};"
                     for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = folder / "nginx.conf"
    conf.write_text(f"""worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'};
events {{ worker_connections 64; }}
http {{
    access_log {folder / 'access.log'};
{temp}
{site}
}}
""")
    return conf


def _wait(url: str, tls: ssl.SSLContext | bool, proc: subprocess.Popen[str], what: str,
          ready: int | None = None) -> None:
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, f"{what} stopped: {proc.communicate()}"
        try:
            if ready is None or httpx.get(url, verify=tls, timeout=5).status_code == ready:
                httpx.get(url, verify=tls, timeout=5)
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{what} did not answer"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run `make test` (it installs Debian's nginx)",
                    pytrace=False)
    folder = tmp_path_factory.mktemp("proxy")
    db = build_published_store(folder)
    upstream, https, plain = _free_port(), _free_port(), _free_port()
    conf = _nginx_conf(folder, https, plain, upstream)
    tls = ssl.create_default_context(cafile=str(folder / "fullchain.pem"))
    serve = start_sterkte(db, "serve", "--port", str(upstream))
    nginx = subprocess.Popen([NGINX, "-p", str(folder), "-e", str(folder / "error.log"),
                              "-c", str(conf), "-g", "daemon off;"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait(f"http://127.0.0.1:{upstream}/login", False, serve, "sterkte serve")
        url = f"https://localhost:{https}"
        _wait(f"{url}/login", tls, nginx, "nginx", ready=200)
        open_answer = httpx.get(f"{url}/", verify=tls, headers={"Accept": "text/html"})
        sterkte(db, "users", "add", "beheer", "--role", "beheerder", "--password-stdin",
                stdin=PASSWORD + "\n")
        yield Proxied(url, f"http://localhost:{plain}", db, tls, open_answer)
    finally:
        nginx.terminate()
        serve.terminate()
        nginx.wait(timeout=30)
        _, err = serve.communicate(timeout=30)
        assert "Traceback" not in err, err


def test_an_open_store_is_not_served_through_the_proxy(proxied: Proxied) -> None:
    got = proxied.open_answer
    assert got.status_code == 403
    assert "alleen open voor deze computer, niet via een reverse proxy" in got.text


def test_a_login_through_https_gives_a_secure_http_only_strict_cookie(proxied: Proxied) -> None:
    with httpx.Client(base_url=proxied.url, verify=proxied.tls, timeout=60) as b:
        ok = b.post("/login", data={"name": "beheer", "password": PASSWORD, "next": "/norms"})
        assert ok.status_code == 303 and ok.headers["location"] == "/norms"
        assert ok.headers["strict-transport-security"] == "max-age=31536000"
        flags = [f.strip().lower() for f in ok.headers["set-cookie"].split(";")]
        assert flags[0].startswith("sterkte_session=")
        assert {"secure", "httponly", "samesite=strict", "path=/"} <= set(flags[1:])
        assert b.get("/norms").status_code == 200
    con = connect(proxied.db, read_only=True)
    try:
        last = store.audit_lines(con, action="login")[-1]
    finally:
        con.close()
    # the browser's address (nginx's X-Forwarded-For), not an empty one
    assert (last.user, last.outcome, last.address) == ("beheer", "ok", "127.0.0.1")


def test_forms_through_the_proxy_need_the_csrf_token_and_this_sites_origin(
        proxied: Proxied) -> None:
    with httpx.Client(base_url=proxied.url, verify=proxied.tls, timeout=60) as b:
        b.post("/login", data={"name": "beheer", "password": PASSWORD, "next": "/"})
        page = b.get("/norms")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        # the browser's Origin names nginx's port: the Host nginx passes on must too
        own = {"Origin": proxied.url}
        evil = b.post("/logout", data={"csrf": csrf.group(1)},
                      headers={"Origin": "https://evil.example"})
        assert evil.status_code == 403 and "evil.example" in evil.text
        assert b.post("/logout", data={"csrf": "fout"}, headers=own).status_code == 403
        assert b.get("/norms").status_code == 200  # still logged in
        out = b.post("/logout", data={"csrf": csrf.group(1)}, headers=own)
        assert out.status_code == 303
        assert b.get("/norms").status_code == 303  # to the login page


def test_plain_http_is_sent_to_https(proxied: Proxied) -> None:
    got = httpx.get(f"{proxied.plain}/norms?lang=en")
    assert got.status_code == 301
    assert got.headers["location"] == "https://localhost/norms?lang=en"
