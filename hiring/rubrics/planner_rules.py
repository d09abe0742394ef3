"""``planner.yaml``: the team planner's rules as data, and their checks. Pure.

The file names the company stages (in order), how central ML can be to the product
(with the share of engineering an ML team may take, and the stage from which ML hires
make sense), groups of role families counted together, which ``teams.yaml`` stage a
team of a given size is at, and the ordered hiring rules: whom to hire, at which level,
how many (a fixed count, or a ratio to a role or group), when, and why. Every
reference (role, group, company stage, centrality, team stage) is checked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from hiring.rubrics.parsing import Documents, LineDict, Reader
from hiring.rubrics.types import LEVELS, TEAM_STAGES

CONDITIONS = (
    "stages",
    "centrality",
    "ml_started",
    "min_engineers",
    "max_engineers",
    "fewer_than",
    "at_least",
)
MAX_COUNT = 20


@dataclass(frozen=True)
class CompanyStage:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Centrality:
    id: str
    name: str
    description: str
    share_min: int  # percent of engineering
    share_max: int
    ml_from: str  # the first company stage at which ML hires make sense


@dataclass(frozen=True)
class RoleGroup:
    id: str
    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class MaturityStep:
    team_stage: str  # a teams.yaml stage id
    up_to: int | None  # largest ML team at this stage; None for the last step


@dataclass(frozen=True)
class Conditions:
    stages: tuple[str, ...] = ()
    centrality: tuple[str, ...] = ()
    ml_started: bool | None = None
    min_engineers: int | None = None
    max_engineers: int | None = None
    fewer_than: tuple[tuple[str, int], ...] = ()  # (role or group, count)
    at_least: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class HiringRule:
    id: str
    hire: str  # role family id
    level: str
    reason: str
    when: Conditions = field(default_factory=Conditions)
    count: int | None = 1
    per: str | None = None  # role or group the ratio counts
    ratio: float | None = None  # hires of ``hire`` for each of ``per`` (rounded down)
    max: int = MAX_COUNT


@dataclass(frozen=True)
class Advice:
    id: str
    text: str
    when: Conditions = field(default_factory=Conditions)


@dataclass(frozen=True)
class PlannerRules:
    company_stages: tuple[CompanyStage, ...]
    centrality: tuple[Centrality, ...]
    groups: tuple[RoleGroup, ...]
    maturity: tuple[MaturityStep, ...]
    rules: tuple[HiringRule, ...]
    advice: tuple[Advice, ...]
    first_team: int = 2

    @property
    def stage_order(self) -> Mapping[str, int]:
        return MappingProxyType({s.id: i for i, s in enumerate(self.company_stages)})

    @property
    def centrality_by_id(self) -> Mapping[str, Centrality]:
        return MappingProxyType({c.id: c for c in self.centrality})

    @property
    def groups_by_id(self) -> Mapping[str, RoleGroup]:
        return MappingProxyType({g.id: g for g in self.groups})


def _ids(reader: Reader, entries: list[tuple[str, int]], field_name: str, what: str) -> None:
    counts = Counter(identifier for identifier, _ in entries if identifier)
    for identifier, line in entries:
        if counts[identifier] > 1:
            reader.problem(line, field_name, f"duplicate {what} {identifier!r}")
            counts[identifier] = 0


def _choices(
    reader: Reader, data: LineDict, key: str, path: str, allowed: set[str], what: str
) -> tuple[str, ...]:
    values = reader.strings(data, key, path, required=False)
    for value in values:
        if value not in allowed:
            reader.problem(reader.line_of(data, key), f"{path}.{key}", f"unknown {what} {value!r}")
    return values


def _counts(
    reader: Reader, data: LineDict, key: str, path: str, countable: set[str]
) -> tuple[tuple[str, int], ...]:
    value = reader.get(data, key, path, dict, required=False)
    if value is None:
        return ()
    result = []
    for name, count in value.items():
        where = f"{path}.{key}.{name}"
        if name not in countable:
            reader.problem(reader.line_of(value, name), where, "unknown role family or group")
        elif isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 10_000:
            reader.problem(reader.line_of(value, name), where, "must be a whole number 0-10000")
        else:
            result.append((str(name), count))
    return tuple(result)


def _conditions(
    reader: Reader, item: LineDict, path: str, known: dict[str, set[str]]
) -> Conditions:
    data = reader.get(item, "when", path, dict, required=False)
    if data is None:
        return Conditions()
    where = f"{path}.when"
    for key in data:
        if key not in CONDITIONS:
            reader.problem(
                reader.line_of(data, key),
                f"{where}.{key}",
                f"unknown condition (use {', '.join(CONDITIONS)})",
            )
    started = reader.get(data, "ml_started", where, bool, required=False)
    return Conditions(
        stages=_choices(reader, data, "stages", where, known["stages"], "company stage"),
        centrality=_choices(reader, data, "centrality", where, known["centrality"], "centrality"),
        ml_started=started,
        min_engineers=reader.integer(data, "min_engineers", where, 0, 1_000_000, required=False),
        max_engineers=reader.integer(data, "max_engineers", where, 0, 1_000_000, required=False),
        fewer_than=_counts(reader, data, "fewer_than", where, known["countable"]),
        at_least=_counts(reader, data, "at_least", where, known["countable"]),
    )


def _rule(reader: Reader, item: LineDict, path: str, known: dict[str, set[str]]) -> HiringRule:
    hire = reader.text(item, "hire", path)
    if hire and hire not in known["roles"]:
        reader.problem(reader.line_of(item, "hire"), f"{path}.hire", f"unknown role {hire!r}")
    level = reader.choice(item, "level", path, LEVELS)
    per_data = reader.get(item, "per", path, dict, required=False)
    count = reader.integer(item, "count", path, 1, MAX_COUNT, required=False)
    per = ratio = None
    if per_data is not None:
        if "count" in item:
            reader.problem(
                reader.line_of(item, "per"), f"{path}.per", "give either count or per, not both"
            )
        per = reader.text(per_data, "of", f"{path}.per")
        if per and per not in known["countable"]:
            reader.problem(
                reader.line_of(per_data, "of"), f"{path}.per.of", "unknown role family or group"
            )
        ratio_value = reader.get(per_data, "ratio", f"{path}.per", (int, float))
        if ratio_value is not None and not 0 < ratio_value <= MAX_COUNT:
            reader.problem(
                reader.line_of(per_data, "ratio"),
                f"{path}.per.ratio",
                f"must be above 0 and at most {MAX_COUNT}, not {ratio_value}",
            )
        elif ratio_value is not None:
            ratio = float(ratio_value)
        count = None
    elif count is None:
        count = 1
    return HiringRule(
        id=reader.identifier(item, "id", path),
        hire=hire,
        level=level,
        reason=" ".join(reader.text(item, "reason", path).split()),
        when=_conditions(reader, item, path, known),
        count=count,
        per=per,
        ratio=ratio,
        max=reader.integer(item, "max", path, 1, MAX_COUNT, required=False) or MAX_COUNT,
    )


def read_planner(documents: Documents, role_ids: set[str]) -> PlannerRules | None:
    """``planner.yaml``, checked against the role families; None (reported) when the
    file is missing or empty."""
    reader, data = documents.document("planner.yaml")
    if data is None:
        return None
    stages = [
        CompanyStage(
            id=reader.identifier(item, "id", path),
            name=reader.text(item, "name", path),
            description=" ".join(reader.text(item, "description", path).split()),
        )
        for path, _line, item in reader.items(data, "company_stages", "")
    ]
    _ids(reader, [(s.id, reader.line_of(data, "company_stages")) for s in stages],
         "company_stages", "company stage")  # fmt: skip
    stage_ids = {s.id for s in stages}
    centrality = []
    for path, _line, item in reader.items(data, "centrality", ""):
        share = reader.get(item, "ml_share", path, list, default=[])
        low = high = 0
        if not (
            len(share) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in share)
            and 0 <= share[0] <= share[1] <= 100
        ):
            reader.problem(
                reader.line_of(item, "ml_share"),
                f"{path}.ml_share",
                "must be [lowest, highest] percent of engineering, 0-100, lowest first",
            )
        else:
            low, high = share
        ml_from = reader.text(item, "ml_from", path)
        if ml_from and ml_from not in stage_ids:
            reader.problem(
                reader.line_of(item, "ml_from"),
                f"{path}.ml_from",
                f"unknown company stage {ml_from!r}",
            )
        centrality.append(
            Centrality(
                id=reader.identifier(item, "id", path),
                name=reader.text(item, "name", path),
                description=" ".join(reader.text(item, "description", path).split()),
                share_min=low,
                share_max=high,
                ml_from=ml_from,
            )
        )
    groups = []
    for path, _line, item in reader.items(data, "groups", ""):
        group_id = reader.identifier(item, "id", path)
        if group_id in role_ids:
            reader.problem(
                reader.line_of(item, "id"), f"{path}.id", "is a role family id; name groups apart"
            )
        roles = _choices(reader, item, "roles", path, role_ids, "role family")
        if not roles:
            reader.problem(reader.line_of(item), f"{path}.roles", "needs at least 1 role family")
        groups.append(RoleGroup(group_id, reader.text(item, "name", path), roles))
    maturity = []
    entries = reader.items(data, "maturity", "")
    for index, (path, _line, item) in enumerate(entries):
        team_stage = reader.choice(item, "team_stage", path, TEAM_STAGES)
        last = index == len(entries) - 1
        up_to = reader.integer(item, "up_to", path, 0, 1_000_000, required=not last)
        if last and up_to is not None:
            reader.problem(
                reader.line_of(item, "up_to"), f"{path}.up_to", "the last step has no upper bound"
            )
        maturity.append(MaturityStep(team_stage, None if last else up_to))
    known = {
        "stages": stage_ids,
        "centrality": {c.id for c in centrality},
        "roles": role_ids,
        "countable": role_ids | {g.id for g in groups},
    }
    rules = [
        _rule(reader, item, path, known) for path, _line, item in reader.items(data, "rules", "")
    ]
    _ids(reader, [(r.id, reader.line_of(data, "rules")) for r in rules], "rules", "rule id")
    advice = [
        Advice(
            id=reader.identifier(item, "id", path),
            text=" ".join(reader.text(item, "text", path).split()),
            when=_conditions(reader, item, path, known),
        )
        for path, _line, item in reader.items(data, "advice", "")
    ] if "advice" in data else []  # fmt: skip
    return PlannerRules(
        company_stages=tuple(stages),
        centrality=tuple(centrality),
        groups=tuple(groups),
        maturity=tuple(maturity),
        rules=tuple(rules),
        advice=tuple(advice),
        first_team=reader.integer(data, "first_team", "", 0, 100, required=False) or 0,
    )
