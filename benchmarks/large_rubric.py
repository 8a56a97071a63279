"""Large rubrics as people would write them, and the densest one the size limit lets in.

``realistic(n)`` writes a rubric of ``n`` criteria the way the shipped ones are written (block
style, bilingual titles, notes and sources, ``provisional`` marks): domains of groups of ten
criteria, mixing every kind a scheme uses (yes/no, levels with labels, percentage bands, a
linear share, counts with a cap, deductions), some answerable ``na`` (excluded from the
group's maximum, or counting as met with a justification), groups whose maximum is their
children's sum (a clean rubric: ``tiercert check`` reports nothing), a knock-out gate and four
tiers.  About 480 bytes a criterion: the 10 MB limit holds some 20,000.

``dense(n)`` writes the most criteria a byte can hold (one line each, flow style, a yes/no
rule): about 61 bytes a criterion, some 160,000 under the limit.  What the limits guarantee is
measured on both (``bench_large.py``).
"""

from __future__ import annotations

#: one criterion per kind, cycled through each group of ten: (rule, what an answer can be)
_RULES = (
    "{kind: boolean, points: 2}",
    "\n".join(
        (
            "",
            "          kind: levels",
            "          levels:",
            "            - {id: tot, points: 3, label: {vi: Tốt, en: Good}}",
            "            - {id: kha, points: 2, label: {vi: Khá, en: Fair}}",
            "            - {id: trung_binh, points: 1, label: {vi: Trung bình, en: Average}}",
            "            - {id: yeu, points: 0, label: {vi: Yếu, en: Poor}}",
        )
    ),
    "\n".join(
        (
            "",
            "          kind: bands",
            '          unit: "%"',
            "          range: {min: 0, max: 100}",
            "          bands:",
            "            - {min: 0, max: 50, points: 0}",
            "            - {min: 50, max: 70, points: 1}",
            "            - {min: 70, max: 90, points: 2}",
            "            - {min: 90, max: 100, points: 3}",
        )
    ),
    "\n".join(
        (
            "",
            "          kind: linear",
            '          unit: "%"',
            "          range: {min: 0, max: 100}",
            "          start: {value: 0, points: 0}",
            "          end: {value: 50, points: 2}",
        )
    ),
    "{kind: count, per_item: 0.5, max_items: 4}",
    "{kind: deduction, per_item: 1, start: 2}",
)
#: the most each rule above gives
_BEST = (2, 3, 3, 2, 2, 2)


def realistic(leaves: int) -> str:
    """A clean rubric of ``leaves`` criteria (a multiple of ten), written as people write."""
    lines = [
        "format: 1",
        f"id: large{leaves}",
        'version: "2026.1"',
        "language: vi",
        "title:",
        f"  vi: Bộ tiêu chí thử nghiệm với {leaves} tiêu chí",
        f"  en: A trial rubric of {leaves} criteria",
        "sources:",
        "  - id: qd-2026",
        "    title: Quyết định ban hành bộ tiêu chí (thử nghiệm)",
        "    publisher: Ủy ban nhân dân tỉnh",
        "facts:",
        "  - id: ky_luat",
        "    title: {vi: Người đứng đầu bị kỷ luật, en: The head was disciplined}",
        "    type: boolean",
        "    default: false",
        "criteria:",
    ]
    groups = leaves // 10
    per_domain = 10
    top = 0
    for d in range(0, groups, per_domain):
        domain_best = 0
        domain = len(lines)
        lines += [
            f"  - id: d{d // per_domain}",
            "    title:",
            f"      vi: Lĩnh vực {d // per_domain} - cải cách hành chính và chuyển đổi số",
            f"      en: Domain {d // per_domain} - administrative reform and digital change",
            "    children:",
        ]
        for g in range(d, min(d + per_domain, groups)):
            best = 0
            lines += [
                f"      - id: g{g}",
                "        title:",
                f"          vi: Nhóm tiêu chí {g} về chất lượng phục vụ người dân",
                f"          en: Criteria group {g} on the quality of service to citizens",
                "        max: MAX",
                "        children:",
            ]
            group_at = len(lines) - 2
            for i in range(10):
                kind = i % len(_RULES)
                rule = _RULES[kind].replace("\n          ", "\n              ")
                lines += [
                    f"          - id: g{g}.{i}",
                    "            title:",
                    f"              vi: Tỷ lệ hồ sơ được giải quyết đúng hạn, mục {i} của nhóm {g}",
                    f"              en: Share of files settled on time, item {i} of group {g}",
                    "            sources: [qd-2026]",
                ]
                if i % 4 == 3:
                    lines.append("            provisional: true")
                if i == 7:  # may not apply: left out of the group's maximum
                    lines.append("            na: {counts_as: excluded}")
                elif i == 9:  # may not apply: counts as met, with a reason
                    lines.append(
                        "            na: {counts_as: satisfied, evidence: [justification]}"
                    )
                lines.append(f"            rule: {rule}")
                best += _BEST[kind]
            lines[group_at] = f"        max: {best}"
            domain_best += best
        top += domain_best
        del domain
    lines += [
        "gates:",
        "  - id: khong_ky_luat",
        "    title: {vi: Không bị kỷ luật, en: No disciplinary action}",
        "    require: {fact: ky_luat, equals: false}",
        "tiers:",
    ]
    for rank, share in enumerate((50, 65, 80, 90), 1):
        lines += [
            f"  - id: hang{rank}",
            f"    label: {{vi: Hạng {rank}, en: Rank {rank}}}",
            f"    rank: {rank}",
            f"    min: {top * share // 100}",
        ]
    return "\n".join(lines) + "\n"


def dense(leaves: int) -> str:
    """A clean rubric of ``leaves`` yes/no criteria, as few bytes each as the format allows."""
    lines = ["format: 1", f"id: dense{leaves}", 'version: "1"', "title: Dense", "criteria:"]
    lines += [
        f"  - {{id: c{i}, title: C, rule: {{kind: boolean, points: 1}}}}" for i in range(leaves)
    ]
    lines += ["tiers: [{id: t1, label: One, rank: 1, min: 1}]"]
    return "\n".join(lines) + "\n"
