"""Nobody waits for somebody else's map."""

from __future__ import annotations

from test_bot_maps import TASTE_EN


async def test_help_is_answered_while_five_people_build_maps(server, bot):
    people = [server.person(f"Reader {n}") for n in range(5)]
    for person in people:
        await person.ask(TASTE_EN)
    for person in people:
        await person.say("/map")
    for person in people:
        assert (await person.next_message()).text.startswith("Building your map")

    sixth = server.person("Sixth")
    answer = await sixth.ask("/help", timeout=30)

    photos = [
        await person.wait_for(lambda sent: sent.method == "sendPhoto", timeout=300)
        for person in people
    ]
    assert answer.at < max(photo.at for photo in photos)
