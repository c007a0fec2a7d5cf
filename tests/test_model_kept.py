"""Programmes kept by the incremental cache (`policyc.model.kept`): the few fields every
build reads at once, the rest validated on first use, always equal to the built one."""

from __future__ import annotations

import copy

import pytest
from benchgen import generate

from policyc import pipeline
from policyc.model import ir, kept


@pytest.fixture(scope="module")
def programmes(tmp_path_factory: pytest.TempPathFactory) -> list[ir.Programme]:
    root = tmp_path_factory.mktemp("kept") / "policies"
    generate.generate(root, 20, seed=3)
    policies = pipeline.validate([root]).policies
    assert policies is not None
    return list(policies.programmes.values())


def _kept(programme: ir.Programme) -> ir.Programme:
    return kept.kept(
        kept.light_json(programme),
        kept.rest_json(programme),
        programme.sources,
        dict(programme.stale),
    )


def test_the_light_fields_are_typed_as_in_the_programme() -> None:
    assert set(kept.Light.model_fields) == kept.LIGHT | {"texts"}
    for name in kept.LIGHT:
        field = kept.Light.model_fields[name]
        theirs = ir.Programme.model_fields[name]
        assert (field.annotation, field.default) == (theirs.annotation, theirs.default), name


def test_light_fields_need_no_validation_of_the_rest(programmes: list[ir.Programme]) -> None:
    for programme in programmes:
        found = _kept(programme)
        assert type(found) is not ir.Programme  # the rest is not validated yet
        assert (found.id, found.name, found.locales, found.owner) == (
            programme.id,
            programme.name,
            programme.locales,
            programme.owner,
        )
        for locale in (*programme.catalogs, "xx"):  # "xx": no catalog, the source's text
            for key in (programme.name, programme.summary, programme.owner.team_name):
                if key:
                    assert found.text(key, locale) == programme.text(key, locale)
        assert found.at_hand("en") == {}  # `text` has them
        assert type(found) is not ir.Programme
        assert found.services == programme.services  # the rest, validated now
        assert type(found) is ir.Programme
        assert found == programme
        assert found.model_dump_json() == programme.model_dump_json()
        assert found.__pydantic_fields_set__ >= {"sources", "catalogs"}
        assert list(found.__dict__) == list(programme.__dict__)  # the fields in order


@pytest.mark.parametrize(
    "use",
    [
        lambda p: p.model_dump_json(),
        lambda p: p.model_dump(mode="json"),
        repr,
        lambda p: list(p),
        lambda p: p.model_copy(update={"sources": ()}),
        copy.copy,
        copy.deepcopy,
        lambda p: p.default_sla,
    ],
)
def test_every_other_use_validates_the_rest_first(
    programmes: list[ir.Programme], use: object
) -> None:
    programme = programmes[0]
    found = _kept(programme)
    use(found)  # type: ignore[operator]
    assert type(found) is ir.Programme
    assert found == programme and found.model_dump_json() == programme.model_dump_json()


def test_comparisons_see_two_plain_programmes(programmes: list[ir.Programme]) -> None:
    first, second = programmes[:2]
    assert _kept(first) == first and first == _kept(first) and _kept(first) == _kept(first)
    assert _kept(first) != second and second != _kept(first)


def test_other_messages_validate_the_rest_first(programmes: list[ir.Programme]) -> None:
    programme = programmes[0]
    found = _kept(programme)
    other = next(k for k in programme.catalogs["en"] if k != programme.name)
    assert found.text(other, "en") == programme.text(other, "en")
    assert type(found) is ir.Programme and found.at_hand("en") == programme.catalogs["en"]
