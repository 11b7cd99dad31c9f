"""A long-lived matrix-nio client, with end-to-end encryption, that Kaigi's
interop tests and benchmarks drive one JSON line at a time.

    nio_peer.py URL USER PASSWORD STORE_DIR

It signs in, syncs in the background (which also uploads, queries and claims
keys) and accepts invitations by itself. Each line on stdin is a request
{"id": N, "cmd": ..., ...}; each answer is one line {"id": N, "ok": ...} or
{"id": N, "error": "..."} on stdout. Commands:

    join        room                          joins the room
    send        room, type, content           sends (encrypted where the room is)
    events      room                          the room's events so far, decrypted
    wait        room, match                   waits for an event whose fields
                                              include every field of `match`;
                                              room "#presence" holds presence
                                              updates (m.presence, status_msg)
    send_file   room, path, name, mime        uploads (encrypted where the room
                                              is) and sends an m.file
    download    content                       the file of an m.file content, as hex
    quit
"""

import asyncio
import json
import mimetypes
import os
import sys
import time

from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    LoginResponse,
    MegolmEvent,
    PresenceEvent,
    RoomSendResponse,
    UploadResponse,
)
from nio.crypto.attachments import decrypt_attachment


# The pseudo-room that presence updates are kept under: `wait` with room
# "#presence" waits for a presence update, e.g. {"sender": ..., "content": {...}}.
PRESENCE = "#presence"


class Peer:
    def __init__(self, url: str, user: str, store: str) -> None:
        os.makedirs(store, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True)
        self.client = AsyncClient(url, user, store_path=store, config=config)
        self.events: dict[str, list[dict]] = {}
        self.arrived = asyncio.Condition()

    async def login(self, password: str) -> None:
        response = await self.client.login(password, device_name="nio-interop")
        if not isinstance(response, LoginResponse):
            raise SystemExit(f"login failed: {response}")
        self.client.add_event_callback(self.on_event, object)
        self.client.add_event_callback(self.on_invite, InviteMemberEvent)
        self.client.add_presence_callback(self.on_presence, PresenceEvent)

    async def on_invite(self, room, event) -> None:
        if event.state_key == self.client.user_id and event.membership == "invite":
            await self.client.join(room.room_id)

    async def on_event(self, room, event) -> None:
        if isinstance(event, InviteMemberEvent):
            return
        source = dict(getattr(event, "source", {}) or {})
        if isinstance(event, MegolmEvent):
            source = {"type": "undecryptable", "event_id": event.event_id, "sender": event.sender}
        source["received_ms"] = time.time() * 1000
        async with self.arrived:
            self.events.setdefault(room.room_id, []).append(source)
            self.arrived.notify_all()

    async def on_presence(self, event) -> None:
        source = {
            "type": "m.presence",
            "sender": event.user_id,
            "content": {"presence": event.presence, "status_msg": event.status_msg},
        }
        async with self.arrived:
            self.events.setdefault(PRESENCE, []).append(source)
            self.arrived.notify_all()

    async def wait(self, room: str, match: dict, timeout: float) -> dict:
        def found():
            return next((e for e in self.events.get(room, []) if includes(e, match)), None)

        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(found), timeout)
            return found()

    async def send(self, room: str, kind: str, content: dict) -> str:
        if room not in self.client.rooms:
            await self.client.join(room)
            await self.client.sync(timeout=0)
        response = await self.client.room_send(room, kind, content, ignore_unverified_devices=True)
        if not isinstance(response, RoomSendResponse):
            raise RuntimeError(f"sending failed: {response}")
        return response.event_id

    async def send_file(self, room: str, path: str, name: str, mime: str | None) -> str:
        mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
        encrypted = self.client.rooms[room].encrypted
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            upload, keys = await self.client.upload(
                f, content_type=mime, filename=name, encrypt=encrypted, filesize=size
            )
        if not isinstance(upload, UploadResponse):
            raise RuntimeError(f"upload failed: {upload}")
        content = {"msgtype": "m.file", "body": name, "info": {"mimetype": mime, "size": size}}
        if encrypted:
            content["file"] = dict(keys, url=upload.content_uri)
        else:
            content["url"] = upload.content_uri
        return await self.send(room, "m.room.message", content)

    async def download(self, content: dict) -> str:
        file = content.get("file")
        response = await self.client.download(file["url"] if file else content["url"])
        body = getattr(response, "body", None)
        if body is None:
            raise RuntimeError(f"download failed: {response}")
        if file:
            body = decrypt_attachment(body, file["key"]["k"], file["hashes"]["sha256"], file["iv"])
        return body.hex()


def includes(event: dict, match: dict) -> bool:
    for key, want in match.items():
        have = event.get(key)
        if isinstance(want, dict):
            if not isinstance(have, dict) or not includes(have, want):
                return False
        elif have != want:
            return False
    return True


async def serve(peer: Peer) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        request = json.loads(line)
        answer = {"id": request.get("id")}
        try:
            answer["ok"] = await handle(peer, request)
        except Exception as e:  # every failure goes back to the test as text
            answer["error"] = f"{type(e).__name__}: {e}"
        print(json.dumps(answer, ensure_ascii=False), flush=True)
        if request.get("cmd") == "quit":
            return


async def handle(peer: Peer, request: dict):
    cmd = request["cmd"]
    room = request.get("room")
    if cmd == "join":
        await peer.client.join(room)
        return room
    if cmd == "send":
        return await peer.send(room, request.get("type", "m.room.message"), request["content"])
    if cmd == "events":
        return peer.events.get(room, [])
    if cmd == "wait":
        return await peer.wait(room, request["match"], request.get("timeout", 60))
    if cmd == "send_file":
        return await peer.send_file(room, request["path"], request["name"], request.get("mime"))
    if cmd == "download":
        return await peer.download(request["content"])
    if cmd == "quit":
        return None
    raise ValueError(f"unknown command {cmd}")


async def main(url: str, user: str, password: str, store: str) -> None:
    peer = Peer(url, user, store)
    await peer.login(password)
    syncing = asyncio.create_task(peer.client.sync_forever(timeout=30000, full_state=True))
    # Ready once the first sync is through and the device keys are uploaded.
    await peer.client.synced.wait()
    print(json.dumps({"id": None, "ok": "ready"}), flush=True)
    try:
        await serve(peer)
    finally:
        syncing.cancel()
        await peer.client.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
