"""The groups every breakdown shows: categories below k merged, the same for the whole wave.

A breakdown never shows a group of fewer than ``k`` families: small categories are
merged into one group ("Weitere …"), and if that is still small it joins the smallest
other group. So every group size can be shown, and no later table needs to hide a whole
column. The merges are decided once, at a wave's first full report, and kept for every
later one (a category nobody had then stays merged).

Particular rules:

* **Locations** merge only within their district region's group, so that a district
  region is always the sum of whole location groups; the district regions merge first.
  While a wave is open, its page tells staff per location only whether it has reached
  ``k`` answers; a merged group is checked against that, so that "fewer than 5" next to
  a group of known size never pins a location's count between 1 and k - 1. (That a
  place has no answer at all is not protected: it says nothing about any family.)
* A **question** used as a breakdown merges only answers that every condition of the
  questionnaire treats alike (both shown or both hidden after it).
* The categories of a **multiple choice** question overlap (a family can be in several):
  they are not merged; a category is left out when it, or the families outside it, are
  fewer than ``k``.
* A breakdown left with one group is not offered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.structure import LOCATION, NO_REGION, Dimension, Structure

OTHER = "_other"


@dataclass(frozen=True)
class Group:
    """Categories shown together. ``lead``: the large category that small ones joined
    (the group is named after it); None for a group of small ones ("Weitere …")."""

    key: str
    categories: tuple[str, ...]
    lead: str | None = None


@dataclass(frozen=True)
class Grouping:
    """The groups of one dimension (in order); ``regions``: for locations, the district
    region groups above them, as lists of location group keys."""

    dimension: str
    groups: tuple[Group, ...]
    regions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    dropped: tuple[str, ...] = ()  # overlap: categories not shown

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.groups)

    def group_of(self) -> dict[str, str]:
        return {c: g.key for g in self.groups for c in g.categories}

    def offered(self) -> bool:
        return len(self.groups) >= 2

    def to_data(self) -> dict:
        return {
            "groups": [[g.key, list(g.categories), g.lead] for g in self.groups],
            "regions": [[key, list(members)] for key, members in self.regions],
            "dropped": list(self.dropped),
        }

    @classmethod
    def from_data(cls, dimension: str, data: Mapping) -> Grouping:
        return cls(
            dimension,
            tuple(
                Group(str(g[0]), tuple(str(c) for c in g[1]), g[2] if len(g) > 2 else None)
                for g in data["groups"]
            ),
            tuple((str(k), tuple(str(m) for m in ms)) for k, ms in data.get("regions", [])),
            tuple(str(c) for c in data.get("dropped", [])),
        )


@dataclass(frozen=True)
class Steps:
    """What the wave page has told about each location: whether it reached ``k`` answers
    (so a reader knows "at least k" or "at most k - 1")."""

    k: int
    reached: frozenset[str] = frozenset()
    locations: frozenset[str] = frozenset()

    def bounds(self, category: str) -> tuple[int, int | None]:
        if category not in self.locations:
            return 0, None
        return (self.k, None) if category in self.reached else (0, self.k - 1)


def partition(
    sizes: Mapping[str, int],
    order: Sequence[str],
    k: int,
    classes: Mapping[str, str] | None = None,
    prefix: str = OTHER,
) -> list[Group]:
    """Merge the categories of a partition so that every group holds at least ``k``.

    Small categories are gathered into one group per class (named ``prefix`` + class);
    a gathered group that is still small joins the smallest group of its class. A class
    that is small as a whole stays one group (the caller decides what a small group
    means). Order: the categories' own order, merged groups after them."""
    classes = classes or {c: "" for c in order}
    groups: list[tuple[list[str], str | None]] = []
    by_class: dict[str, list[str]] = {}
    for category in order:
        by_class.setdefault(classes.get(category, ""), []).append(category)
    for members in by_class.values():
        large: list[tuple[list[str], str | None]] = [([c], None) for c in members if sizes.get(c, 0) >= k]
        small = [c for c in members if sizes.get(c, 0) < k]
        if small:
            if sum(sizes.get(c, 0) for c in small) >= k or not large:
                large.append((small, None))
            else:
                index = min(
                    range(len(large)),
                    key=lambda i: (sum(sizes.get(c, 0) for c in large[i][0]), members.index(large[i][0][0])),
                )
                first = large[index][0][0]
                large[index] = ([*large[index][0], *small], first)
        groups.extend(large)
    out = []
    for members, lead in groups:
        key = (
            members[0]
            if len(members) == 1
            else (f"{lead}_and_more" if lead else prefix + "_" + "_".join(members))
        )
        out.append(Group(key[:120], tuple(sorted(members, key=order.index)), lead))
    return out


def location_grouping(dimension: Dimension, sizes: Mapping[str, int], k: int, steps: Steps) -> Grouping:
    """Locations grouped within district regions, district regions merged first."""
    regions = list(dict.fromkeys(dimension.parent[c] for c in dimension.categories))
    region_size = {
        r: sum(sizes.get(c, 0) for c in dimension.categories if dimension.parent[c] == r) for r in regions
    }
    region_groups = partition(region_size, regions, k, prefix="_regions")
    location_groups: list[Group] = []
    upper: list[tuple[str, tuple[str, ...]]] = []
    for region_group in region_groups:
        members = [c for c in dimension.categories if dimension.parent[c] in region_group.categories]
        inside = partition(sizes, members, k, prefix="_locations")
        inside = _safe_against_steps(inside, sizes, k, steps)
        location_groups.extend(inside)
        upper.append((region_group.key, tuple(g.key for g in inside)))
    if len(region_groups) == 1:
        upper = []  # one district region group: it is the whole wave
    return Grouping(LOCATION, tuple(location_groups), tuple(upper))


def _safe_against_steps(groups: list[Group], sizes: Mapping[str, int], k: int, steps: Steps) -> list[Group]:
    """Merge further where the wave page's steps and a group's size would pin the count
    of one of its locations; as a last resort, the whole region is one group."""
    groups = list(groups)
    while len(groups) > 1:
        pinned = next((g for g in groups if len(g.categories) > 1 and _pins(g, sizes, steps)), None)
        if pinned is None:
            break
        others = [g for g in groups if g is not pinned]
        partner = min(others, key=lambda g: sum(sizes.get(c, 0) for c in g.categories))
        merged = Group(
            "_locations_" + "_".join((*pinned.categories, *partner.categories))[:120],
            (*pinned.categories, *partner.categories),
        )
        groups = [g for g in others if g is not partner] + [merged]
    if len(groups) == 1 and len(groups[0].categories) > 1 and _pins(groups[0], sizes, steps):
        return groups  # the region's own size pins nothing more than the steps do already
    return groups


def _pins(group: Group, sizes: Mapping[str, int], steps: Steps) -> bool:
    return pins_a_count(
        sum(sizes.get(c, 0) for c in group.categories), [steps.bounds(c) for c in group.categories]
    )


def pins_a_count(total: int, bounds: Sequence[tuple[int, int | None]]) -> bool:
    """Whether a sum shown exactly, with what is known of each part, fixes a part to a
    count from 1 to k - 1 (a part fixed to 0 or to at least k is no secret)."""
    for i, (low, high) in enumerate(bounds):
        others_low = sum(b[0] for j, b in enumerate(bounds) if j != i)
        highs = [b[1] for j, b in enumerate(bounds) if j != i]
        others_high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        least = max(low, total - others_high) if others_high is not None else low
        most = total - others_low if high is None else min(high, total - others_low)
        if least >= most and high is not None and 1 <= least <= high:
            return True
    return False


def overlap_grouping(dimension: Dimension, sizes: Mapping[str, int], total: int, k: int) -> Grouping:
    """Keep each category that holds at least ``k`` families and leaves at least ``k``."""
    kept = [c for c in dimension.categories if sizes.get(c, 0) >= k and total - sizes.get(c, 0) >= k]
    dropped = [c for c in dimension.categories if c not in kept]
    return Grouping(dimension.key, tuple(Group(c, (c,)) for c in kept), (), tuple(dropped))


def condition_classes(structure: Structure, question: str) -> dict[str, str]:
    """Answers of ``question`` that every condition on it treats alike share a class."""
    rows = structure.rows[question]
    signature = {atom: "" for atom in rows.atoms}
    for other in structure.questionnaire.questions:
        condition = other.show_if
        if condition is None or condition.question != question:
            continue
        for atom in rows.atoms:
            signature[atom] += "1" if atom in condition.any_of else "0"
    return signature


def decide(
    structure: Structure, sizes: Mapping[str, Mapping[str, int]], total: int, k: int, steps: Steps
) -> dict[str, Grouping]:
    """The groups of every dimension, from the category sizes of the first full report.
    Dimensions left with fewer than two groups are included (not offered)."""
    out: dict[str, Grouping] = {}
    for key, dimension in structure.dimensions.items():
        counts = sizes[key]
        if key == LOCATION:
            out[key] = location_grouping(dimension, counts, k, steps)
        elif dimension.overlap:
            out[key] = overlap_grouping(dimension, counts, total, k)
        else:
            classes = condition_classes(structure, dimension.question) if dimension.question else None
            groups = partition(counts, list(dimension.categories), k, classes)
            if any(sum(counts.get(c, 0) for c in g.categories) < k for g in groups):
                groups = partition(counts, list(dimension.categories), k)  # classes too small: one class
                if classes and any(len({classes[c] for c in g.categories}) > 1 for g in groups):
                    groups = []  # would mix what a condition tells apart: not a breakdown
            out[key] = Grouping(key, tuple(groups))
    return out


def no_region(region: str) -> bool:
    return region == NO_REGION
