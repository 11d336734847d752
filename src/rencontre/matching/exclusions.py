"""Who may never be proposed to whom: oneself, known partners, declared competitors, opt-outs.

Built once per recommendation run (index arrays, not per-block scans of every profile), then
asked for a (rows × candidate columns) mask by the exact and the shortlist paths alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.matching.graph import PartnerGraph, csr_gather, symmetric_csr
from rencontre.matching.pair_features import country_codes
from rencontre.matching.profiles import OrgProfile

Index = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Exclusions:
    opted_out: Mask
    # Country codes, -1 unknown: cross-border pairs are of two known, different countries (as
    # the cross-border signal counts them), so an organisation without one is in no such pair.
    countries: Index
    groups: Index  # organisation group code, -1 when none
    # Barred pairs as CSR: barred[indptr[i]:indptr[i+1]] may not be proposed to i.
    indptr: Index
    barred: Index

    @staticmethod
    def build(
        profiles: Sequence[OrgProfile],
        *,
        exclude_partners: bool,
        graph: PartnerGraph | None = None,
    ) -> Exclusions:
        """Exclusions declared by either side count (competitors, and partners if asked).

        Known partners are read from `graph` (the profiles' partner graph) when it is given.
        """
        position = {p.id: k for k, p in enumerate(profiles)}
        sources: list[int] = []
        targets: list[int] = []
        for i, profile in enumerate(profiles):
            for other in profile.excluded:
                j = position.get(other)
                if j is not None:
                    sources.append(i)
                    targets.append(j)
        source, target = np.array(sources, dtype=np.int64), np.array(targets, dtype=np.int64)
        if exclude_partners:
            if graph is None:
                graph = PartnerGraph.from_partners(
                    [p.id for p in profiles], {p.id: p.partners for p in profiles}
                )
            source = np.concatenate([source, np.repeat(np.arange(graph.size), graph.degree)])
            target = np.concatenate([target, graph.indices])
        indptr, barred = symmetric_csr(len(profiles), source, target)
        group_names = sorted({p.organisation_group for p in profiles} - {""})
        code = {name: k for k, name in enumerate(group_names)}
        return Exclusions(
            opted_out=np.array([p.opted_out for p in profiles], dtype=bool),
            countries=country_codes(profiles, unknown=-1),
            groups=np.array([code.get(p.organisation_group, -1) for p in profiles], dtype=np.int64),
            indptr=indptr,
            barred=barred,
        )

    def allowed(self, rows: Index, columns: Index, *, cross_border: bool) -> Mask:
        """True where candidate columns[c] may be proposed to organisation rows[r]."""
        mask = np.broadcast_to(~self.opted_out[columns], (len(rows), len(columns))).copy()
        mask &= columns[None, :] != rows[:, None]
        group = self.groups[rows][:, None]
        mask &= ~((group == self.groups[columns][None, :]) & (group >= 0))
        if cross_border:
            mine, theirs = self.countries[rows][:, None], self.countries[columns][None, :]
            mask &= (mine != theirs) & (mine >= 0) & (theirs >= 0)
        reader, barred = csr_gather(self.indptr, self.barred, rows)
        column_at = np.full(len(self.opted_out), -1, dtype=np.int64)
        column_at[columns] = np.arange(len(columns))
        hit = column_at[barred] >= 0
        mask[reader[hit], column_at[barred][hit]] = False
        return mask
