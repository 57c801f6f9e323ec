"""A minimal terminal chat over the REST channel, for trying the assistant out."""

import json
import urllib.request
import uuid
from typing import Optional


def send(url: str, sender: str, message: str) -> list:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def chat(url: str, sender: Optional[str]) -> int:
    sender = sender or f"terminal:{uuid.uuid4().hex[:12]}"
    print(f"Je praat als '{sender}'. Stoppen: Ctrl-D.")
    message = "hoi"
    while True:
        for reply in send(url, sender, message):
            print(f"> {reply.get('text', '')}")
            buttons = reply.get("buttons") or []
            if buttons:
                print("  [" + "] [".join(button["title"] for button in buttons) + "]")
        try:
            message = input("jij: ").strip()
        except EOFError:
            print()
            return 0
        for button in buttons:
            if message.lower() == button["title"].lower():
                message = button["payload"]
