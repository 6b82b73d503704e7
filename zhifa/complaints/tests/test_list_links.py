"""The work-order list offers each user only the pages they may open (a walk-through found a
supervisor sent to 登记工单, which answered 403)."""

import re

import pytest

from zhifa import testing


@pytest.mark.parametrize("who", ["supervisor", "officer", "head"])
def test_every_link_on_the_list_opens_for_that_user(client, world, who):
    user = {
        "supervisor": lambda: testing.make_user(world.sichuan, roles=("supervisor",)),
        "officer": lambda: testing.make_officer(world.chengdu).user,
        "head": lambda: testing.make_user(world.chengdu, roles=("agency_head",)),
    }[who]()
    client.force_login(user)
    page = client.get("/complaints/").content.decode()
    links = set(re.findall(r'href="(/complaints/[a-z-]*/?)"', page)) - {"/complaints/"}
    assert links, page
    assert ("/complaints/new/" in links) == (who != "supervisor")
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
