#!/usr/bin/python3
"""Parses e-mail messages with Python's standard `email` package (policy=default)
and prints what the tests check, as JSON: one object per file given.

Usage: parse_message.py FILE...
"""
import email
import email.policy
import hashlib
import json
import sys


def defects_of(message):
    found = [type(d).__name__ for d in message.defects]
    for part in message.walk():
        if part is not message:
            found += [type(d).__name__ for d in part.defects]
    return found


def describe(path):
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        })
    to = message["To"]
    return {
        "path": path,
        "from": str(message["From"]),
        "from_name": message["From"].addresses[0].display_name if message["From"] else None,
        "from_address": message["From"].addresses[0].addr_spec if message["From"] else None,
        "to": [{"name": a.display_name, "address": a.addr_spec} for a in (to.addresses if to else [])],
        "subject": str(message["Subject"]),
        "date": str(message["Date"]),
        "date_valid": message["Date"] is not None and message["Date"].datetime is not None,
        "message_id": str(message["Message-ID"]),
        "content_type": message.get_content_type(),
        "part_types": [p.get_content_type() for p in message.walk()],
        "text": plain.get_content() if plain else None,
        "html": html.get_content() if html else None,
        "attachments": attachments,
        "defects": defects_of(message),
        "max_line_octets": max(len(line) for line in lines),
        "longest_line": max(lines, key=len).decode("ascii", "replace"),
        "bare_line_feeds": raw.replace(b"\r\n", b"").count(b"\n"),
        "bare_carriage_returns": raw.replace(b"\r\n", b"").count(b"\r"),
        "eight_bit": any(b > 127 for b in raw),
    }


if __name__ == "__main__":
    json.dump([describe(p) for p in sys.argv[1:]], sys.stdout, ensure_ascii=False)
