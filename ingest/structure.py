"""The clause tree: Điều → Mục → khoản → điểm → gạch đầu dòng, Phụ lục and their tables.

Parsing runs in three steps, all pure:
1. `blocks`: re-join physical lines into logical paragraphs (PDF hard wraps, a sentence broken
   across a blank line) and mark each with the structural marker it starts with;
2. `build_tree`: place blocks and table rows on a stack by level;
3. `finish`: give every node its id, citation, breadcrumb, text and verbatim original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.layout import Line, join_text, span_original
from ingest.tables import TITLE, TableRow

# --- markers -------------------------------------------------------------------------------

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("phan", re.compile(r"^Phần\s+(thứ\s+\w+|[IVXLC]+|\d+)\b\s*[.:]?(?:\s|$)", re.IGNORECASE)),
    ("chuong", re.compile(r"^Chương\s+([IVXLC]+|\d+)\b\s*[.:]?(?:\s|$)", re.IGNORECASE)),
    ("muc_luat", re.compile(r"^Mục\s+(\d+)\s*[.:]\s*\S")),
    ("dieu", re.compile(r"^Điều\s+(\d+)\s*[.:]")),
    ("phu_luc", re.compile(r"^Phụ\s+lục(?:\s+(?:số\s+)?([IVXLC]+|\d+))?(?:\s*$|\s*[.:]\s+\S)", re.IGNORECASE)),
    ("closing", re.compile(r"^Nơi\s+nhận\s*:")),
    ("muc_sub", re.compile(r"^([IVXLC]+\.\d+)\s*\.?\s+\S")),
    ("muc", re.compile(r"^([IVXLC]+)\s*[.\-–]\s+\S")),
    ("khoan_sub2", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\s*\.?\s+\S")),
    ("khoan_sub", re.compile(r"^(\d{1,2}\.\d{1,2})\s*\.?\s+(?=[A-ZÀ-Ỹa-zà-ỹđ])")),
    ("khoan", re.compile(r"^(\d{1,3})\s*\.\s+(?=[A-ZÀ-Ỹ])")),
    ("diem", re.compile(r"^([a-zđ])\s*\)\s+")),
    ("gach", re.compile(r"^[-–•]\s+")),
    ("cong", re.compile(r"^\+\s+")),
]
# The header, the preamble and the closing absorb blocks and never have children: anything closes them.
_LEVEL = {"header": 99, "preamble": 99, "closing": 99, "phu_luc": -1, "phan": 0.1, "chuong": 0.2, "muc_luat": 0.3,
          "dieu": 0.5, "muc": 1, "muc_sub": 1.5, "khoan": 2, "khoan_sub": 2.3, "khoan_sub2": 2.6, "diem": 3,
          "group": 3.5, "gach": 4, "cong": 5, "paragraph": 4}
_ABSORBING = {"header", "preamble", "closing"}  # take every following block until a structural one
_TOP = ("phan", "chuong", "muc_luat", "dieu", "phu_luc", "closing")
_TERMINAL = tuple(".;:!?")
_PREAMBLE_START = re.compile(r"^(Căn\s+cứ|THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ\s*$)")
_ATTACHMENT_NOTE = re.compile(r"^\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+\S")
_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA|Độc\s+lập\s*-\s*Tự\s+do")  # in capitals: not the Constitution cited in a preamble


def marker(text: str) -> tuple[str, str] | None:
    """The structural marker a logical line starts with: (kind, label as written)."""
    for kind, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            return kind, (m.group(1) or "") if m.groups() else ""
    return None


@dataclass
class Block:
    lines: list[Line]  # the non-blank source lines it was joined from
    kind: str  # a marker kind, or "text"
    label: str

    @property
    def text(self) -> str:
        return join_text([line.text for line in self.lines])

    @property
    def first(self) -> int:
        return self.lines[0].index

    @property
    def last(self) -> int:
        return self.lines[-1].index


def text_layout(lines: list[Line]) -> tuple[bool, int | None]:
    """Is every visual line followed by a blank one, and the hard-wrap width if the text has one."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    if not content:
        return False, None
    followed = sum(1 for i in content if i + 1 < len(lines) and lines[i + 1].blank)
    double_spaced = followed >= 0.7 * len(content)
    lengths = sorted(len(lines[i].text.strip()) for i in content)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    return double_spaced, (p90 if p90 <= 100 else None)


def blocks(lines: list[Line], layout: tuple[bool, int | None] | None = None) -> list[Block]:
    """Re-join physical lines into logical paragraphs, each tagged with its marker. `layout` is the
    whole document's (`text_layout`): a short stretch of prose between two tables says too little."""
    double_spaced, wrap = layout or text_layout(lines)
    out: list[Block] = []
    blank_since = False
    label_alone: Block | None = None  # "1." on a line of its own (Word's numbering), waiting for its text
    for line in lines:
        if line.artifact:
            continue
        if line.blank:
            blank_since = True
            continue
        text = line.text.strip()
        if label_alone is not None:
            label_alone.lines.append(line)
            label_alone = None
            blank_since = False
            continue
        if _LABEL_ALONE.match(text):
            found = marker(f"{text} X")
            if found:
                label_alone = Block([line], *found)
                out.append(label_alone)
                blank_since = False
                continue
        found = marker(text)
        if out and not found and _continues(out[-1], text, blank_since and not double_spaced, wrap):
            out[-1].lines.append(line)
        else:
            kind, label = found or ("text", "")
            out.append(Block([line], kind, label))
        blank_since = False
    return out


_LABEL_ALONE = re.compile(r"^(?:Điều\s+\d+\s*[.:]|Chương\s+[IVXLC\d]+|\d{1,3}(?:\.\d{1,2}){0,2}\s*\.|[a-zđ]\s*\)|[IVXLC]+\s*\.)$")


def _continues(block: Block, text: str, after_blank: bool, wrap: int | None) -> bool:
    if text[:1].islower():
        return True
    if after_blank:
        return False
    previous = block.lines[-1].text.strip()
    if _is_caps(previous) and not _is_caps(text):
        return False  # a title in capitals ends where the text in ordinary case begins
    if wrap is None:
        return False  # paragraphs are whole lines: only a lower-case start continues one
    if len(previous) >= 0.8 * wrap:
        return True  # the previous line was hard-wrapped
    return not block.text.endswith(_TERMINAL) and len(previous) >= 0.6 * wrap


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


# --- tree ----------------------------------------------------------------------------------


@dataclass
class Node:
    kind: str
    label: str
    blocks: list[Block] = field(default_factory=list)
    row: TableRow | None = None
    table: str = ""  # rows and sections: "indicator" or "task" table
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    segment: str = ""
    ordinal: int = 0  # 1-based position among siblings of the same kind

    @property
    def level(self) -> float:
        if self.kind == "section":
            return 0.5 + self.row.level if self.row else 1
        if self.kind == "row":
            return 9
        return _LEVEL[self.kind]

    @property
    def first(self) -> int:
        return self.row.first_line if self.row else self.blocks[0].first

    @property
    def last(self) -> int:
        return self.row.last_line if self.row else self.blocks[-1].last

    def add(self, child: "Node") -> "Node":
        child.parent = self
        child.ordinal = 1 + sum(1 for c in self.children if c.kind == child.kind)
        self.children.append(child)
        return child


def _is_group_heading(block: Block) -> bool:
    """A short unmarked line ending in ':' that introduces a list ("Chính phủ số:")."""
    text = block.text
    return text.endswith(":") and len(text) <= 60 and len(block.lines) == 1


_TYPE_WORD = re.compile(r"^(QUYẾT ĐỊNH|NGHỊ QUYẾT|NGHỊ ĐỊNH|THÔNG TƯ|CHỈ THỊ|CÔNG ĐIỆN|KẾ HOẠCH|THÔNG BÁO|LUẬT|BÁO CÁO|"
                        r"ĐỀ ÁN|CHƯƠNG TRÌNH|HƯỚNG DẪN|QUY ĐỊNH|QUY CHẾ|CÔNG VĂN|TỜ TRÌNH)\b")


def _after_title(header: Node, block: Block) -> bool:
    """The header's type line and title are in; a block of ordinary text after them is the body
    (a directive, a notice, a plan that starts without a preamble)."""
    texts = [b.text for b in header.blocks]
    typed = next((i for i, t in enumerate(texts) if _TYPE_WORD.match(t)), None)
    if typed is None or len(texts) - typed < 2:
        return False
    return not _is_caps(block.text) and not block.text.startswith(("V/v", "Về việc", "(")) and len(block.text) > 60


def mark_appendices(items: list[Block | tuple[str, TableRow]]) -> None:
    """An annex that is not headed "Phụ lục" ("DANH MỤC …", "QUY CHẾ …" over "(Ban hành kèm theo
    Quyết định số …)"): its capitalised title becomes an appendix heading, so the annex is not read
    as part of the signature block above it."""
    for i, item in enumerate(items):
        if not isinstance(item, Block) or item.kind != "text" or not _ATTACHMENT_NOTE.match(item.text) or i == 0:
            continue
        before = [items[k] for k in range(max(0, i - 4), i)]
        if any(isinstance(b, Block) and b.kind == "phu_luc" for b in before):
            continue  # "PHỤ LỤC I" / its title / "(Kèm theo …)": already an appendix
        j = i
        while j > 0 and isinstance(items[j - 1], Block) and items[j - 1].kind == "text" \
                and items[j - 1].text.isupper() and i - j < 4:
            j -= 1
        if j < i:
            items[j].kind, items[j].label = "phu_luc", ""


def build_tree(items: list[Block | tuple[str, TableRow]]) -> Node:
    """Place blocks and table rows (("indicator"|"task", row)) in one tree under a root."""
    mark_appendices(items)
    root = Node("root", "")
    stack: list[Node] = [root]
    seen_top = False
    # A text with a header (the motto, or articles) starts with it; a plan excerpt starts with its content.
    has_header = any(isinstance(item, Block) and (item.kind == "dieu" or _MOTTO.search(item.text))
                     for item in items[:12])

    def open_at(level: float) -> Node:
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        return stack[-1]

    for item in items:
        if isinstance(item, tuple):
            table, row = item
            node = Node(row.kind, row.label, row=row, table=table)
            if row.kind == "section":
                parent = open_at(node.level)
            else:
                while stack[-1].kind == "section" and row.label.isdigit() and stack[-1].label.isdigit() \
                        and stack[-1].row.level >= 3:
                    stack.pop()  # a numbered row closes "12 Phát triển …" whose rows are a), b)
                parent = stack[-1] if stack[-1].kind in ("section", "phu_luc", "muc", "root", "khoan") else open_at(1.5)
            parent.add(node)
            if row.kind == "section":
                stack.append(node)
            continue
        block = item
        top = stack[-1]
        if block.kind == "text" and has_header and not seen_top and top is root \
                and not _PREAMBLE_START.match(block.text):
            stack.append(root.add(Node("header", "", [block])))
            continue
        if block.kind == "text" and _PREAMBLE_START.match(block.text) and not seen_top:
            parent = open_at(0)
            stack.append(parent.add(Node("preamble", "", [block])))
            seen_top = True
            continue
        if top.kind == "phu_luc" and not top.children and block.kind == "text" and (
                block.text.isupper() or _ATTACHMENT_NOTE.match(block.text)):
            top.blocks.append(block)  # the annex's title and its "(Kèm theo …)" line
            continue
        if top.kind in _ABSORBING and block.kind not in _TOP:
            # Each ends at the first clause; the header also ends with its title, the closing keeps its
            # list and signature.
            if block.kind in ("text", "gach", "cong") and not (top.kind == "header" and _after_title(top, block)):
                top.blocks.append(block)
                continue
        if block.kind in _TOP:
            seen_top = True
        if block.kind == "text":
            group = _is_group_heading(block)
            parent = open_at(_LEVEL["group" if group else "paragraph"])
            if parent.kind in ("section", "row"):
                parent = open_at(1.5)
            if group and parent is not root:
                stack.append(parent.add(Node("group", "", [block])))
            elif parent is not root and parent.blocks and not parent.children:
                parent.blocks.append(block)  # the body of a heading ("a) Nông nghiệp" + its paragraph)
            else:
                stack.append(parent.add(Node("paragraph", "", [block])))
            continue
        node = Node(block.kind, block.label, [block])
        parent = open_at(0) if block.kind == "closing" else open_at(node.level)  # "Nơi nhận" ends the text's body
        stack.append(parent.add(node))
    return root


# --- ids, citations, text -------------------------------------------------------------------

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_FOLD = str.maketrans({"đ": "dd"})
_COLUMN_LABELS = [
    ("indicator", ""), ("task", ""), ("lead", "Cơ quan chủ trì"), ("coordinating", "Cơ quan phối hợp"),
    ("expected_result", "Kết quả"), ("time_frame", "Thời gian"), ("reported_result", "Kết quả đạt được"),
    ("monitor", "Cơ quan theo dõi"), ("unit", "Đơn vị tính"), ("progress", "Tiến độ"),
]
_KNOWN_COLUMNS = {column for column, _ in _COLUMN_LABELS}
_CITE_WORD = {"dieu": "Điều", "muc": "Mục", "khoan": "khoản", "diem": "điểm"}


def roman_to_int(label: str) -> int:
    total = 0
    for i, ch in enumerate(label):
        value = _ROMAN_VALUES[ch]
        total += -value if i + 1 < len(label) and _ROMAN_VALUES[label[i + 1]] > value else value
    return total


def slug_label(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower().translate(_FOLD)).strip("-") or "x"


def _letter_section(node: Node) -> bool:
    """A table section "C", "I" or "L" among "A", "B" … (the table parser decided from its neighbours)."""
    return bool(node.row) and "letter" in node.row.inferred


def _segment(node: Node) -> str:
    label = node.label.lower().translate(_FOLD)
    label = re.sub(r"[^a-z0-9]+", "", label)
    if node.kind == "section":
        if not node.label:
            return f"nhom{node.ordinal}"
        if re.fullmatch(r"[IVXLC]+", node.label) and not _letter_section(node):
            return f"m{roman_to_int(node.label)}"
        sub = re.fullmatch(r"([IVXLC]+)\.(\d+)", node.label)
        if sub:
            return f"m{roman_to_int(sub.group(1))}-{sub.group(2)}"
        if node.label.isdigit():
            return f"k{node.label}" if node.row and node.row.level < 3 else f"r{node.label}"
        return f"phan{label}"
    if node.kind == "row":
        return f"r{label}" if label else f"r{node.ordinal}"
    dotted = node.label.replace(".", "-")
    if node.kind == "phan":
        return f"phan{roman_to_int(node.label.upper()) if re.fullmatch(r'[IVXLCivxlc]+', node.label) else slug_label(node.label)}"
    if node.kind == "chuong":
        return f"ch{roman_to_int(node.label.upper()) if re.fullmatch(r'[IVXLCivxlc]+', node.label) else node.label}"
    if node.kind == "muc_luat":
        return f"muc{node.label}"
    if node.kind == "muc_sub":
        head, _, rest = node.label.partition(".")
        return f"m{roman_to_int(head)}-{rest.replace('.', '-')}"
    if node.kind in ("khoan_sub", "khoan_sub2"):
        return f"k{dotted}"
    if node.kind == "phu_luc" and not node.label:
        return f"pl{node.ordinal}" if node.ordinal > 1 else "pl"
    prefix = {
        "header": "mo-dau", "preamble": "can-cu", "closing": "noi-nhan", "dieu": "d", "muc": "m",
        "khoan": "k", "diem": "", "gach": "g", "cong": "c", "paragraph": "doan", "group": "nhom",
        "phu_luc": "pl",
    }[node.kind]
    if node.kind in ("header", "preamble", "closing"):
        return prefix
    if node.kind in ("gach", "cong", "paragraph", "group"):
        return f"{prefix}{node.ordinal}"
    if node.kind == "muc" or (node.kind == "phu_luc" and re.fullmatch(r"[IVXLC]+", node.label)):
        return f"{prefix}{roman_to_int(node.label)}"
    return f"{prefix}{label}"


def _heading(node: Node) -> str:
    if node.row:
        return node.row.cells.get(TITLE, "")
    if not node.blocks:
        return ""
    text = node.blocks[0].text
    m = re.match(r"^(Điều\s+\d+\s*[.:]|Chương\s+[IVXLC\d]+\s*[.:]?|Phần\s+(?:thứ\s+\w+|[IVXLC\d]+)\s*[.:]?|"
                 r"Mục\s+\d+\s*[.:]|[IVXLC]+\.\d+\s*\.?|\d{1,2}(?:\.\d{1,2}){1,2}\s*\.?|[IVXLC]+\s*[.\-–]|"
                 r"\d{1,2}\s*\.|[a-zđ]\s*\)|Phụ\s+lục(\s+(?:số\s+)?[IVXLC\d]+)?\s*[.:]?)\s*", text, re.IGNORECASE)
    return (text[m.end():] if m else text).strip()


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _row_noun(node: Node) -> str:
    return "chỉ tiêu" if node.table == "indicator" else "nhiệm vụ"


def _cite_part(node: Node) -> str:
    kind = node.kind
    if kind in _CITE_WORD:
        return f"{_CITE_WORD[kind]} {node.label}"
    if kind == "phu_luc":
        if node.label or not _heading(node):
            return f"Phụ lục {node.label}".strip()
        title = _heading(node).split(" (")[0]
        return _short(title[:1] + title[1:].lower(), 60)  # "Quy chế quản lý …", "Danh mục nguyên liệu …"
    if kind == "phan":
        return f"Phần {node.label}"
    if kind == "chuong":
        return f"Chương {node.label}"
    if kind in ("muc_luat", "muc_sub"):
        return f"Mục {node.label}"
    if kind in ("khoan_sub", "khoan_sub2"):
        return f"mục {node.label}"
    if kind == "gach":
        return f"gạch đầu dòng thứ {node.ordinal}"
    if kind == "cong":
        return f"ý (+) thứ {node.ordinal}"
    if kind == "paragraph":
        return f"đoạn {node.ordinal}"
    if kind == "group":
        return f'phần "{_heading(node).rstrip(":").strip()}"'
    if kind == "header":
        return "phần mở đầu"
    if kind == "preamble":
        return "phần căn cứ"
    if kind == "closing":
        return "phần nơi nhận"
    if kind == "section":
        title = _heading(node)
        if not node.label:
            return f'nhóm "{title}"'
        if re.fullmatch(r"[IVXLC]+(\.\d+)?", node.label) and not _letter_section(node):
            return f"Mục {node.label}"
        if node.label.isdigit():
            return f"{_row_noun(node)} {node.label}" if node.row and node.row.level >= 3 else f"khoản {node.label}"
        return f"Phần {node.label}"
    if kind == "row":
        parent = node.parent
        if parent and parent.kind == "section" and not parent.label and _heading(parent).lower().startswith("chỉ tiêu"):
            return f"{_heading(parent)[0].lower()}{_heading(parent)[1:]} {node.label}"  # "chỉ tiêu kinh tế số 1"
        return f"{_row_noun(node)} {node.label}" if node.label else f"{_row_noun(node)} thứ {node.ordinal}"
    raise ValueError(kind)


def _citation(chain: list[Node], short_name: str) -> str:
    """Smallest unit first for the body of a text; appendix and table references go largest first. An
    attached text without a number ("Quy chế … ban hành kèm theo") is cited like a text of its own:
    "khoản 2 Điều 5 Quy chế … kèm theo Quyết định số …"."""
    annex = next((n for n in chain if n.kind == "phu_luc" and not n.label and _heading(n)), None)
    if annex is not None and not any(n.kind in ("section", "row") for n in chain):
        inner = [_cite_part(n) for n in reversed(chain) if n is not annex]
        return " ".join(inner + [_cite_part(annex), "kèm theo", short_name])
    tabular = any(n.kind in ("phu_luc", "section", "row") for n in chain)
    if tabular:
        parts = []
        for n in chain:
            if n.kind == "section" and not n.label and n.children and all(c.kind == "row" for c in n.children) \
                    and any(c is n for c in chain[:-1]) and _heading(n).lower().startswith("chỉ tiêu"):
                continue  # folded into the row ("chỉ tiêu kinh tế số 1")
            parts.append(_cite_part(n))
        return ", ".join(parts + [short_name])
    return " ".join([_cite_part(n) for n in reversed(chain)] + [short_name])


def _breadcrumb_part(node: Node) -> str:
    heading = _short(_heading(node), 60)
    if node.kind in ("dieu", "muc", "khoan", "diem", "phu_luc", "phan", "chuong", "muc_luat", "muc_sub", "khoan_sub",
                     "khoan_sub2") or (node.kind == "section" and node.label):
        prefix = {"dieu": f"Điều {node.label}", "muc": f"{node.label}.", "khoan": f"{node.label}.",
                  "diem": f"{node.label})", "phu_luc": f"Phụ lục {node.label}".strip() if node.label else "",
                  "phan": f"Phần {node.label}", "chuong": f"Chương {node.label}", "muc_luat": f"Mục {node.label}.",
                  "muc_sub": f"{node.label}.", "khoan_sub": f"{node.label}.", "khoan_sub2": f"{node.label}."
                  }.get(node.kind, node.label)
        return f"{prefix} {heading}".strip() if node.kind != "dieu" else prefix
    if node.kind == "row":
        return _cite_part(node)
    return heading or _cite_part(node)


def node_text(node: Node) -> str:
    if node.row is None:
        return join_text([b.text for b in node.blocks])
    if node.kind == "section":
        return f"{node.label} {_heading(node)}".strip()
    cells = node.row.cells
    parts = []
    for column, name in _COLUMN_LABELS:
        value = cells.get(column, "")
        if value:
            parts.append(f"{name}: {value}" if name else value)
    others = [(column, value) for column, value in cells.items() if column not in _KNOWN_COLUMNS and value]
    for n, (column, value) in enumerate(others):  # columns of their own: "Mô tả", "Giai đoạn 2026-2030"
        name = column.removeprefix("value:")
        first = n == 0 and not any(cells.get(c) for c in ("indicator", "task"))
        parts.append(value if first else f"{name[:1].upper()}{name[1:]}: {value}")
    body = " ".join(p if p.endswith((".", ";", ":", "!", "?", "…")) else p + "." for p in parts)
    return f"{node.label}. {body}" if node.label else body


@dataclass
class FlatClause:
    """What `finish` produces for each node; `pipeline` turns it into a `Clause`."""

    node: Node
    id: str
    path: list[str]
    citation: str
    breadcrumb: list[str]
    heading: str
    text: str
    original: str
    parent: str | None


def finish(root: Node, lines: list[Line], doc_id: str, short_name: str, doc_label: str) -> list[FlatClause]:
    """Ids, citations, breadcrumbs and texts for every node, in document order."""
    out: list[FlatClause] = []
    used: set[str] = set()

    def walk(node: Node, chain: list[Node], path: list[str], crumbs: list[str], parent_id: str | None) -> None:
        segment = _segment(node)
        candidate, n = segment, 2
        while ".".join(path + [candidate]) in used:
            candidate, n = f"{segment}-{n}", n + 1  # labels repeat in these texts ("c)" twice)
        node.segment = candidate
        my_path = path + [candidate]
        used.add(".".join(my_path))
        my_chain = chain + [node]
        my_crumbs = crumbs + [_breadcrumb_part(node)]
        clause_id = f"{doc_id}:{'.'.join(my_path)}"
        out.append(FlatClause(node, clause_id, my_path, _citation(my_chain, short_name), my_crumbs,
                              _heading(node), node_text(node), span_original(lines, node.first, node.last), parent_id))
        for child in node.children:
            walk(child, my_chain, my_path, my_crumbs, clause_id)

    for child in root.children:
        walk(child, [], [], [doc_label], None)
    return out
