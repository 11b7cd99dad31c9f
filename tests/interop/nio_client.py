"""An independent Matrix client (matrix-nio) that Kaigi's tests drive.

    nio_client.py bodies URL USER PASSWORD ROOM   joins, prints the room's message bodies (JSON list, oldest first)
    nio_client.py send URL USER PASSWORD ROOM TEXT sends a text message, prints the event id

Each call logs in, does its work, and logs out again.
"""

import asyncio
import json
import sys

from nio import AsyncClient, LoginResponse, MessageDirection, RoomMessagesResponse, RoomSendResponse


async def login(url: str, user: str, password: str) -> AsyncClient:
    client = AsyncClient(url, user)
    response = await client.login(password, device_name="nio-interop")
    if not isinstance(response, LoginResponse):
        raise SystemExit(f"login failed: {response}")
    return client


async def bodies(client: AsyncClient, room: str) -> list[str]:
    found: list[str] = []
    start = ""
    while True:
        page = await client.room_messages(room, start=start, direction=MessageDirection.back, limit=100)
        if not isinstance(page, RoomMessagesResponse):
            raise SystemExit(f"reading the room failed: {page}")
        for event in page.chunk:
            if getattr(event, "source", {}).get("type") == "m.room.message":
                content = event.source.get("content", {})
                if "m.new_content" not in content:
                    found.append(content.get("body", ""))
        if not page.chunk or not page.end or page.end == start:
            break
        start = page.end
    found.reverse()
    return found


async def main(argv: list[str]) -> None:
    command, url, user, password, room = argv[:5]
    client = await login(url, user, password)
    try:
        if command == "bodies":
            await client.join(room)
            print(json.dumps(await bodies(client, room), ensure_ascii=False))
        elif command == "send":
            response = await client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": argv[5]})
            if not isinstance(response, RoomSendResponse):
                raise SystemExit(f"sending failed: {response}")
            print(response.event_id)
        else:
            raise SystemExit(f"unknown command {command}")
    finally:
        await client.logout()
        await client.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
