#!/usr/bin/python3
"""A loopback SMTP server for the e-mail tests (aiosmtpd, Debian python3-aiosmtpd).

Listens on 127.0.0.1 on a free port, writes the port into --port-file once it
accepts connections, and stores each message as NNNN.eml with NNNN.json
(envelope sender and recipients) in --dir. Runs until terminated.

  --reject ADDR     answer RCPT TO:<ADDR> with 550 (permanent)
  --defer ADDR:N    answer RCPT TO:<ADDR> with 451 (transient) the first N times
  --tls-cert F --tls-key K   offer STARTTLS with this certificate, and require it
  --implicit-tls --port N    with --tls-cert: TLS from the first byte instead (SMTPS), on port N
  --login USER:PASSWORD      require AUTH with these credentials (only over TLS)
"""
import argparse
import asyncio
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult


class Sink:
    def __init__(self, folder, reject, defer):
        self.folder = folder
        self.reject = {a.lower() for a in reject}
        self.defer = {}
        for item in defer:
            address, _, times = item.rpartition(":")
            self.defer[address.lower()] = int(times)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        key = address.lower()
        if key in self.reject:
            return "550 5.1.1 <%s>: no such mailbox here" % address
        if self.defer.get(key, 0) > 0:
            self.defer[key] -= 1
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%04d" % self.count)
        write(base + ".eml", envelope.original_content)
        write(base + ".json", json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos}).encode())
        return "250 2.0.0 accepted as %04d" % self.count


def write(path, data):
    """Whole files only: written aside, then renamed."""
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--defer", action="append", default=[])
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--login")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir, args.reject, args.defer)
    options = {}
    implicit = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        if args.implicit_tls:
            implicit = context
        else:
            options.update(tls_context=context, require_starttls=True)
    if args.login:
        user, _, password = args.login.partition(":")

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            return AuthResult(success=ok)

        options.update(authenticator=authenticate, auth_required=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, decode_data=False, hostname="sink.test", **options), "127.0.0.1",
                                      args.port, ssl=implicit)
    port = server.sockets[0].getsockname()[1]
    write(args.port_file, str(port).encode())
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
