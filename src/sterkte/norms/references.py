"""Parliamentary references, parsed and checked.

Accepted forms (as the letters cite them):
- ``Kamerstukken II 2021/22, 29628, nr. 1051``
- ``Kamerstukken II 2019/20, 35300 VI, nr. 54`` (a dossier with a chapter)
- ``Aanhangsel Handelingen II 2017/18, nr. 3220`` (answers to written questions)
- ``Handelingen II 2021/22, nr. 30, item 5``
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KST = re.compile(
    r"^Kamerstukken (?P<chamber>I{1,2}) (?P<y1>\d{4})/(?P<y2>\d{2}), "
    r"(?P<dossier>\d{5})(?: (?P<chapter>[A-Z]{1,6}|\d{1,3}))?, nr\. (?P<number>\d+)$")
_AH = re.compile(
    r"^Aanhangsel Handelingen (?P<chamber>I{1,2}) (?P<y1>\d{4})/(?P<y2>\d{2}), "
    r"nr\. (?P<number>\d+)$")
_HAN = re.compile(
    r"^Handelingen (?P<chamber>I{1,2}) (?P<y1>\d{4})/(?P<y2>\d{2}), nr\. (?P<number>\d+)"
    r"(?:, item (?P<item>\d+))?$")

FORMS = ("Kamerstukken II 2021/22, 29628, nr. 1051",
         "Aanhangsel Handelingen II 2017/18, nr. 3220",
         "Handelingen II 2021/22, nr. 30, item 5")


@dataclass(frozen=True)
class Reference:
    kind: str  # 'kamerstuk', 'aanhangsel', 'handelingen'
    chamber: str  # 'Tweede Kamer' or 'Eerste Kamer'
    session: str  # '2021/22'
    dossier: str | None  # '29628', '35300 VI'
    number: int
    item: int | None = None

    def __str__(self) -> str:
        ch = "II" if self.chamber == "Tweede Kamer" else "I"
        if self.kind == "kamerstuk":
            return f"Kamerstukken {ch} {self.session}, {self.dossier}, nr. {self.number}"
        if self.kind == "aanhangsel":
            return f"Aanhangsel Handelingen {ch} {self.session}, nr. {self.number}"
        item = f", item {self.item}" if self.item is not None else ""
        return f"Handelingen {ch} {self.session}, nr. {self.number}{item}"


def parse_reference(text: str) -> Reference:
    """Parse a citation; ``ValueError`` says what was expected."""
    t = " ".join(text.replace("\u00a0", " ").split())
    for kind, rx in (("kamerstuk", _KST), ("aanhangsel", _AH), ("handelingen", _HAN)):
        m = rx.match(t)
        if not m:
            continue
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if (y1 + 1) % 100 != y2:
            raise ValueError(f"session year {y1}/{y2:02d} is not two consecutive years "
                             f"(expected {y1}/{(y1 + 1) % 100:02d})")
        if not 1814 <= y1 <= 2100:
            raise ValueError(f"session year {y1} is out of range")
        groups = m.groupdict()
        dossier = groups.get("dossier")
        if dossier and groups.get("chapter"):
            dossier = f"{dossier} {groups['chapter']}"
        item = groups.get("item")
        return Reference(kind=kind,
                         chamber="Tweede Kamer" if m.group("chamber") == "II" else "Eerste Kamer",
                         session=f"{y1}/{y2:02d}", dossier=dossier,
                         number=int(m.group("number")), item=int(item) if item else None)
    raise ValueError("not a parliamentary reference: expected a form such as "
                     + "; ".join(repr(f) for f in FORMS))
