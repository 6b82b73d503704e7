"""Every schema of the OpenAPI document has one name: two different models called `DeadlineOut`
would overwrite each other in components/schemas, and the documented responses would be wrong."""

import typing
from collections import defaultdict

from pydantic import BaseModel

from zhifa.api import api


def _models_in(annotation, seen: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, seen)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, seen)


def api_models() -> set:
    seen: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models_in(model, seen)
                for model in operation.response_models.values():
                    _models_in(model, seen)
    return seen


def duplicate_names(models) -> dict:
    by_name = defaultdict(set)
    for model in models:
        if model.__module__.startswith("ninja."):
            continue  # ninja's own wrappers of a query, a body or a response: never a component
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    return {name: sorted(where) for name, where in by_name.items() if len(where) > 1}


def test_no_two_api_schemas_share_a_name():
    assert duplicate_names(api_models()) == {}


def test_the_check_sees_a_collision():
    class DeadlineOut(BaseModel):
        x: int

    class Other(BaseModel):
        d: DeadlineOut

    found = duplicate_names(api_models() | {DeadlineOut, Other})
    assert "DeadlineOut" in found


def test_every_component_schema_is_used_under_its_own_name():
    schema = api.get_openapi_schema()
    names = set(schema["components"]["schemas"])
    # names are python identifiers of our models, never module-qualified fallbacks
    assert all("__" not in name for name in names), sorted(n for n in names if "__" in n)
