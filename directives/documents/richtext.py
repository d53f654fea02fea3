"""Rich text (Wagtail's stored HTML) as the paragraphs of a Word document: each
paragraph, list item and heading one block of runs, bold and italic kept, links as
their text, whitespace as a browser shows it."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "blockquote", "li", *HEADINGS}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """A paragraph of the document: plain text, a list item ("- ") or a heading (bold)."""

    runs: list[Run] = field(default_factory=list)
    item: bool = False
    heading: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.bold = self.italic = 0

    def open(self, **kind) -> Block:
        self.close()
        self.current = Block(**kind)
        return self.current

    def close(self) -> None:
        if self.current is not None:
            block = _trimmed(self.current)
            if block.runs:
                self.blocks.append(block)
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "br":
            self.add("\n")
        elif tag == "li":
            self.open(item=True)
        elif tag in HEADINGS:
            self.open(heading=True)
        elif tag in BLOCKS or tag in ("ul", "ol"):
            self.open()

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("i", "em"):
            self.italic = max(self.italic - 1, 0)
        elif tag in BLOCKS or tag in ("ul", "ol"):
            self.close()

    def handle_data(self, data):
        self.add(_SPACES.sub(" ", data))

    def add(self, text: str) -> None:
        if not text:
            return
        if self.current is None:
            if not text.strip():
                return
            self.current = Block()
        self.current.runs.append(Run(text, bold=self.bold > 0, italic=self.italic > 0))


def _trimmed(block: Block) -> Block:
    """Runs joined where their style is the same, spaces at line ends dropped."""
    runs: list[Run] = []
    for run in block.runs:
        if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
            runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
        else:
            runs.append(run)
    text = "".join(run.text for run in runs)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    out, position = [], 0
    for run in runs:
        start, end = position, position + len(run.text)
        position = end
        keep_from, keep_to = max(start, lead), min(end, len(text) - trail)
        if keep_from < keep_to:
            piece = text[keep_from:keep_to]
            piece = re.sub(r" *\n *", "\n", piece)
            out.append(Run(piece, run.bold, run.italic))
    return Block(runs=out, item=block.item, heading=block.heading)


def blocks_of(html: str) -> list[Block]:
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader.blocks
