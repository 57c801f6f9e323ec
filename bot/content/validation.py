"""What every content loader shares: strict models, readable validation errors, and YAML files read
with clear errors (the file named, and the place in it)."""

import re
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Type, TypeVar

import yaml
from pydantic import BaseModel, Extra, ValidationError

from bot.content.errors import ContentError

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """A content record: unknown keys are an error (a typo never passes silently), values are fixed."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False


def compiled_pattern(pattern: str) -> str:
    """The pattern itself when it is a regular expression; a ValueError naming it when not."""
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"pattern {pattern!r} does not compile: {error}") from None
    return pattern


def one_of(allowed: Iterable[str]) -> Callable[[Any, str], str]:
    """A validator for a field that takes one of `allowed` (the error lists them)."""
    choices = tuple(allowed)

    def check(cls: Any, value: str) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return check


def describe(error: ValidationError) -> str:
    """pydantic's errors as one line: "domains.geld.question: field required; ..."."""
    return "; ".join(f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors())


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key repeated in one mapping (plain YAML keeps the last silently)."""


def _mapping_without_repeats(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise ContentError(f"line {key_node.start_mark.line + 1}: {key!r} is listed twice")
        keys.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def read_yaml(path: Path, text: Optional[str] = None, unique_keys: bool = False) -> Any:
    """The file's YAML (or `text` as if it were that file); a ContentError naming the file when it is
    missing or no YAML, or (with unique_keys) when a mapping repeats a key."""
    try:
        source = path.read_text(encoding="utf-8") if text is None else text
        return yaml.load(source, Loader=_UniqueKeyLoader) if unique_keys else yaml.safe_load(source)
    except FileNotFoundError:
        raise ContentError(f"{path}: the file is missing") from None
    except ContentError as error:
        raise ContentError(f"{path}: {error}") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from None


def read_mapping(path: Path, text: Optional[str] = None, needs: str = "", unique_keys: bool = False) -> dict:
    """The file's top-level mapping; a ContentError saying what it needs when it holds something else."""
    raw = read_yaml(path, text, unique_keys=unique_keys)
    if not isinstance(raw, dict):
        raise ContentError(f"{path}: " + (f"needs {needs}" if needs else "the file holds a mapping"))
    return raw


def parse(model: Type[Model], path: Path, text: Optional[str] = None) -> Model:
    """The file (or `text` as if it were that file) checked against `model`: keys once, keys as text."""
    raw = read_mapping(path, text, unique_keys=True)
    odd = [key for key in raw if not isinstance(key, str)]
    if odd:
        raise ContentError(f"{path}: keys {odd} are not read as text (YAML reads yes/no as true/false): quote them")
    try:
        return model.parse_obj(raw)
    except ValidationError as error:
        raise ContentError(f"{path}: {describe(error)}") from None
