"""Circles in "points to" relations: reports_to, depends_on, after, superseded_by.

One finder for every relation, so that each circle is reported once, named
the same way, and on one of its own members: never on a document that only
leads into it.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Mapping, Sequence, TypeVar

Node = TypeVar("Node", bound=Hashable)


def find_cycles(graph: Mapping[Node, Iterable[Node]], order: Sequence[Node] | None = None) -> list[list[Node]]:
    """Each circle once, as its members from the one that comes first in ``order`` back to it.

    ``graph`` maps a node to the nodes it points to; targets that are not keys
    of ``graph`` are ignored (unknown ids are reported elsewhere). ``order``
    (default: the order of ``graph``) picks where a circle starts, so that the
    message and its place are the same whichever member the search met first.
    The walk is iterative: a chain of thousands of roles needs no deep recursion.
    """
    order = list(graph) if order is None else list(order)
    rank = {node: index for index, node in enumerate(order)}
    edges = {node: [target for target in targets if target in graph] for node, targets in graph.items()}
    state: dict[Node, int] = {}  # 1 = on the current walk, 2 = done
    cycles: list[list[Node]] = []
    seen: set[frozenset[Node]] = set()
    for root in sorted(graph, key=lambda node: rank.get(node, len(rank))):
        if root in state:
            continue
        state[root] = 1
        trail = [root]
        pending = [iter(edges[root])]
        while pending:
            target = next(pending[-1], None)
            if target is None:
                pending.pop()
                state[trail.pop()] = 2
                continue
            if state.get(target) == 1:
                loop = trail[trail.index(target):]
                members = frozenset(loop)
                if members not in seen:
                    seen.add(members)
                    pivot = loop.index(min(loop, key=lambda node: rank.get(node, len(rank))))
                    loop = loop[pivot:] + loop[:pivot]
                    cycles.append(loop + [loop[0]])
            elif target not in state:
                state[target] = 1
                trail.append(target)
                pending.append(iter(edges[target]))
    return cycles
