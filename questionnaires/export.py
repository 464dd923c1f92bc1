"""Write a questionnaire back to YAML that loads to the identical questionnaire."""

from __future__ import annotations

import yaml

from questionnaires.model import Questionnaire


class _Dumper(yaml.SafeDumper):
    """Block style, texts kept on one line where they fit, no aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)


def to_yaml(questionnaire: Questionnaire, header: str = "") -> str:
    body = yaml.dump(
        questionnaire.to_data(),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body
