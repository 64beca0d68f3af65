#!/usr/bin/python3
"""A real SMTP server for Atrium's tests (aiosmtpd), run by tests/support/smtp_sink.cpp.

Run it with Debian's /usr/bin/python3, which has python3-aiosmtpd.

It listens on 127.0.0.1 (port 0 unless --port is given) and prints the port on the first line of
stdout. Each accepted message is written to --maildir as <name>.eml (the bytes received) and
<name>.json (the envelope and Python's own parse of the message: decoded subject, text and HTML
parts, MIME defects), each written to a temporary file and renamed, the .json last: a reader that
sees a .json file sees the whole message. The server exits when stdin closes (so it never
outlives the test that started it) or on SIGTERM.
"""

import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import signal
import socket
import ssl
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# aiosmtpd warns when AUTH is allowed without TLS; the plain-text AUTH tests want exactly that.
warnings.filterwarnings("ignore")
# Failed TLS handshakes are expected in the tests; aiosmtpd would log each with a traceback.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", metavar="USER:PASS", help="require AUTH LOGIN/PLAIN")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"),
                        help="offer STARTTLS and require it before MAIL")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="implicit TLS (SMTPS)")
    parser.add_argument("--fail-rcpt", action="append", default=[], metavar="ADDRESS",
                        help="answer 550 to RCPT TO this address (repeatable)")
    return parser.parse_args()


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(temporary, path)


def parts_of(message):
    """The decoded text/plain and text/html bodies (the first of each), as str."""
    found = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html") and kind not in found:
            # Line breaks as "\n", whatever the message used on the wire.
            found[kind] = part.get_content().replace("\r\n", "\n")
    return found.get("text/plain"), found.get("text/html")


class Handler:
    def __init__(self, maildir, fail_rcpt):
        self.maildir = maildir
        self.fail_rcpt = {address.lower() for address in fail_rcpt}
        self.sequence = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.fail_rcpt:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text, html = parts_of(message)
        ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_to": envelope.rcpt_tos,
            "tls": ssl_object is not None,
            "auth_user": (session.auth_data.login.decode("utf-8", "replace")
                          if session.authenticated and session.auth_data else ""),
            "headers": [[name, str(value)] for name, value in message.items()],
            "subject": str(message.get("Subject", "")),
            "content_type": message.get_content_type(),
            "text": text,
            "html": html,
            "defects": [repr(d) for d in message.defects] +
                       [repr(d) for part in message.walk() for d in part.defects],
        }
        self.sequence += 1
        name = "%020d-%d-%06d" % (time.time_ns(), os.getpid(), self.sequence)
        base = os.path.join(self.maildir, name)
        write_atomically(base + ".eml", raw)
        write_atomically(base + ".json", json.dumps(record).encode("utf-8"))
        return "250 Message accepted for delivery"


def make_authenticator(expected_user, expected_password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword)
                and auth_data.login == expected_user.encode()
                and auth_data.password == expected_password.encode()):
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)
    return authenticate


def tls_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


async def serve(args):
    loop = asyncio.get_running_loop()
    handler = Handler(args.maildir, args.fail_rcpt)
    options = {"hostname": "localhost", "enable_SMTPUTF8": True}
    if args.auth:
        user, _, password = args.auth.partition(":")
        options["authenticator"] = make_authenticator(user, password)
        options["auth_required"] = True
        # Over STARTTLS, AUTH waits for TLS; over implicit TLS aiosmtpd cannot tell that the
        # connection is already encrypted, and without TLS there is none to wait for.
        options["auth_require_tls"] = bool(args.starttls)
    if args.starttls:
        options["tls_context"] = tls_context(*args.starttls)
        options["require_starttls"] = True
    server_ssl = tls_context(*args.tls) if args.tls else None

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Restarting on the same port must not wait for the old connections' TIME_WAIT.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(16)
    server = await loop.create_server(lambda: SMTP(handler, loop=loop, **options), sock=sock,
                                      ssl=server_ssl)
    print(sock.getsockname()[1], flush=True)

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    # EOF on stdin: the test process is gone (or closed the pipe on purpose).
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not os.read(0, 4096) else None)
    await stop.wait()
    server.close()


def main():
    args = parse_args()
    os.makedirs(args.maildir, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
