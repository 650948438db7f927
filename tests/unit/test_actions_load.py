"""The action server can load our package and knows every custom action the domain names."""

from __future__ import annotations

import yaml
from rasa_sdk.executor import ActionExecutor

from bot.config import ROOT


def test_every_domain_action_is_served() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(domain["actions"]) <= set(executor.actions)
