"""Write a large, valid TEI P5 document for tests and benchmarks.

``make_large(path, target_bytes=2_000_000)`` writes a TEI document of about
``target_bytes`` bytes (UTF-8) by repeating and numbering public-domain
passages taken from the other documents in this folder: many ``div``s with
``head``, ``p``, ``note``, ``persName``, ``lg``/``l``, ``list`` and ``table``.
Every ``xml:id`` is unique and every ``#ref`` resolves to a ``person`` in the
header. The output is deterministic: the same arguments always give the same
bytes. Only the standard library is used.

Run as a script::

    python tests/data/tei/make_large.py OUT.xml [TARGET_BYTES]
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["make_large"]

TEI_NS = "http://www.tei-c.org/ns/1.0"

# (xml:id, display name) of every person referred to with persName/@ref.
PERSONS = [
    ("p-austen", "Jane Austen"),
    ("p-doyle", "Arthur Conan Doyle"),
    ("p-lincoln", "Abraham Lincoln"),
    ("p-thoreau", "Henry David Thoreau"),
    ("p-framers", "the Constitutional Convention"),
    ("p-blake", "William Blake"),
    ("p-shelley", "Percy Bysshe Shelley"),
    ("p-keats", "John Keats"),
    ("p-shakespeare", "William Shakespeare"),
    ("p-whitman", "Walt Whitman"),
    ("p-verlaine", "Paul Verlaine"),
    ("p-pushkin", "Alexander Pushkin"),
    ("p-homer", "Homer"),
]

# Prose passages: (person id, work title, year, language, paragraphs).
PROSE = [
    ("p-austen", "Pride and Prejudice", "1813", "en", [
        "It is a truth universally acknowledged, that a single man in possession of a good "
        "fortune, must be in want of a wife.",
        "However little known the feelings or views of such a man may be on his first entering "
        "a neighbourhood, this truth is so well fixed in the minds of the surrounding families, "
        "that he is considered the rightful property of some one or other of their daughters.",
        "\"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard that Netherfield "
        "Park is let at last?\"",
    ]),
    ("p-doyle", "The Red-Headed League", "1891", "en", [
        "\u201cTO THE RED-HEADED LEAGUE: On account of the bequest of the late Ezekiah Hopkins, of "
        "Lebanon, Pennsylvania, U.S.A., there is now another vacancy open which entitles a member "
        "of the League to a salary of \u00a3 4 a week for purely nominal services. All red-headed "
        "men who are sound in body and mind and above the age of twenty-one years, are eligible. "
        "Apply in person on Monday, at eleven o\u2019clock, to Duncan Ross, at the offices of the "
        "League, 7 Pope\u2019s Court, Fleet Street.\u201d",
        "\u201cWhat on earth does this mean?\u201d I ejaculated after I had twice read over the "
        "extraordinary announcement.",
        "Holmes chuckled and wriggled in his chair, as was his habit when in high spirits. "
        "\u201cIt is a little off the beaten track, isn\u2019t it?\u201d said he.",
    ]),
    ("p-lincoln", "Address at Gettysburg", "1863", "en", [
        "Four score and seven years ago our fathers brought forth on this continent, a new "
        "nation, conceived in Liberty, and dedicated to the proposition that all men are created "
        "equal.",
        "Now we are engaged in a great civil war, testing whether that nation, or any nation so "
        "conceived and so dedicated, can long endure. We are met on a great battle-field of that "
        "war. We have come to dedicate a portion of that field, as a final resting place for "
        "those who here gave their lives that that nation might live. It is altogether fitting "
        "and proper that we should do this.",
        "But, in a larger sense, we can not dedicate\u2014we can not consecrate\u2014we can not "
        "hallow\u2014this ground. The brave men, living and dead, who struggled here, have "
        "consecrated it, far above our poor power to add or detract.",
    ]),
    ("p-thoreau", "Walden", "1854", "en", [
        "When I wrote the following pages, or rather the bulk of them, I lived alone, in the "
        "woods, a mile from any neighbor, in a house which I had built myself, on the shore of "
        "Walden Pond, in Concord, Massachusetts, and earned my living by the labor of my hands "
        "only. I lived there two years and two months. At present I am a sojourner in civilized "
        "life again.",
    ]),
    ("p-framers", "The Constitution of the United States", "1787", "en", [
        "We the People of the United States, in Order to form a more perfect Union, establish "
        "Justice, insure domestic Tranquility, provide for the common defence, promote the "
        "general Welfare, and secure the Blessings of Liberty to ourselves and our Posterity, do "
        "ordain and establish this Constitution for the United States of America.",
        "All legislative Powers herein granted shall be vested in a Congress of the United "
        "States, which shall consist of a Senate and House of Representatives.",
    ]),
    ("p-austen", "Letter to Cassandra Austen", "1796", "en", [
        "Here I am once more in this scene of dissipation and vice, and I begin already to find "
        "my morals corrupted.",
        "I hope you are all alive after our melancholy parting yesterday, and that you pursued "
        "your intended avocation with success. God bless you! I must leave off, for we are "
        "going out.",
    ]),
]

# Verse passages: (person id, work title, year, language, stanzas of lines).
VERSE = [
    ("p-blake", "The Tyger", "1794", "en", [
        ["Tyger Tyger, burning bright,", "In the forests of the night;",
         "What immortal hand or eye,", "Could frame thy fearful symmetry?"],
        ["In what distant deeps or skies.", "Burnt the fire of thine eyes?",
         "On what wings dare he aspire?", "What the hand, dare seize the fire?"],
    ]),
    ("p-shelley", "Ozymandias", "1818", "en", [
        ["I met a traveller from an antique land", "Who said: \"Two vast and trunkless legs of stone",
         "Stand in the desert. Near them, on the sand,",
         "Half sunk, a shattered visage lies, whose frown,"],
    ]),
    ("p-keats", "On First Looking into Chapman's Homer", "1816", "en", [
        ["Much have I travell'd in the realms of gold,", "And many goodly states and kingdoms seen;",
         "Round many western islands have I been", "Which bards in fealty to Apollo hold."],
    ]),
    ("p-shakespeare", "Sonnet XVIII", "1609", "en", [
        ["Shall I compare thee to a summer's day?", "Thou art more lovely and more temperate:",
         "Rough winds do shake the darling buds of May,",
         "And summer's lease hath all too short a date:"],
    ]),
    ("p-whitman", "Song of Myself", "1892", "en", [
        ["I celebrate myself, and sing myself,", "And what I assume you shall assume,",
         "For every atom belonging to me as good belongs to you."],
    ]),
    ("p-verlaine", "Chanson d'automne", "1866", "fr", [
        ["Les sanglots longs", "Des violons", "De l'automne", "Blessent mon c\u0153ur",
         "D'une langueur", "Monotone."],
    ]),
    ("p-pushkin", "\u041a ***", "1825", "ru", [
        ["\u042f \u043f\u043e\u043c\u043d\u044e \u0447\u0443\u0434\u043d\u043e\u0435 "
         "\u043c\u0433\u043d\u043e\u0432\u0435\u043d\u044c\u0435:",
         "\u041f\u0435\u0440\u0435\u0434\u043e \u043c\u043d\u043e\u0439 "
         "\u044f\u0432\u0438\u043b\u0430\u0441\u044c \u0442\u044b,",
         "\u041a\u0430\u043a \u043c\u0438\u043c\u043e\u043b\u0435\u0442\u043d\u043e\u0435 "
         "\u0432\u0438\u0434\u0435\u043d\u044c\u0435,",
         "\u041a\u0430\u043a \u0433\u0435\u043d\u0438\u0439 \u0447\u0438\u0441\u0442\u043e\u0439 "
         "\u043a\u0440\u0430\u0441\u043e\u0442\u044b."],
    ]),
    ("p-homer", "Iliad", "", "grc", [
        ["\u03bc\u1fc6\u03bd\u03b9\u03bd \u1f04\u03b5\u03b9\u03b4\u03b5 \u03b8\u03b5\u1f70 "
         "\u03a0\u03b7\u03bb\u03b7\u03ca\u03ac\u03b4\u03b5\u03c9 \u1f08\u03c7\u03b9\u03bb\u1fc6\u03bf\u03c2",
         "\u03bf\u1f50\u03bb\u03bf\u03bc\u03ad\u03bd\u03b7\u03bd, \u1f23 \u03bc\u03c5\u03c1\u03af\u2019 "
         "\u1f08\u03c7\u03b1\u03b9\u03bf\u1fd6\u03c2 \u1f04\u03bb\u03b3\u03b5\u2019 "
         "\u1f14\u03b8\u03b7\u03ba\u03b5,"],
    ]),
]

# Article I, Section 8 of the Constitution, clauses 1-8, for the lists.
LIST_ITEMS = [
    "To lay and collect Taxes, Duties, Imposts and Excises, to pay the Debts and provide for the "
    "common Defence and general Welfare of the United States;",
    "To borrow Money on the credit of the United States;",
    "To regulate Commerce with foreign Nations, and among the several States, and with the Indian "
    "Tribes;",
    "To establish an uniform Rule of Naturalization, and uniform Laws on the subject of "
    "Bankruptcies throughout the United States;",
    "To coin Money, regulate the Value thereof, and of foreign Coin, and fix the Standard of "
    "Weights and Measures;",
    "To provide for the Punishment of counterfeiting the Securities and current Coin of the "
    "United States;",
    "To establish Post Offices and post Roads;",
    "To promote the Progress of Science and useful Arts, by securing for limited Times to Authors "
    "and Inventors the exclusive Right to their respective Writings and Discoveries;",
]

# Article I, Section 2: representatives per State until the first enumeration.
TABLE_ROWS = [
    ("New Hampshire", 3), ("Massachusetts", 8), ("Rhode-Island and Providence Plantations", 1),
    ("Connecticut", 5), ("New-York", 6), ("New Jersey", 4), ("Pennsylvania", 8),
    ("Delaware", 1), ("Maryland", 6), ("Virginia", 10), ("North Carolina", 5),
    ("South Carolina", 5), ("Georgia", 3),
]

_NAMES = dict(PERSONS)


def _e(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _header() -> str:
    persons = "\n".join(
        f'          <person xml:id="{pid}"><persName>{_e(name)}</persName></person>'
        for pid, name in PERSONS
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">A Large Test Document</title>
        <title type="sub">Public-domain passages repeated and numbered by make_large.py</title>
        <author>Various authors (see the list of persons)</author>
        <respStmt>
          <resp>generated for testing and benchmarks</resp>
          <name>the edition test suite</name>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <p>Test document for the edition test suite, public domain text.</p>
      </publicationStmt>
      <sourceDesc>
        <p>Generated by tests/data/tei/make_large.py from the public-domain passages transcribed
          in the other test documents of tests/data/tei; each passage is repeated many times and
          numbered. The headings, notes, lists and tables are generated test content.</p>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <langUsage>
        <language ident="en">English</language>
        <language ident="fr">French</language>
        <language ident="ru">Russian</language>
        <language ident="grc">Ancient Greek</language>
      </langUsage>
      <particDesc>
        <listPerson>
{persons}
        </listPerson>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
"""


_FOOTER = """    </body>
  </text>
</TEI>
"""


def _source_note(nid: str, pid: str, title: str, year: str, rep: int) -> str:
    when = f" ({year})" if year else ""
    return (f'<note place="foot" xml:id="{nid}">From <persName ref="#{pid}">{_e(_NAMES[pid])}'
            f'</persName>, <title>{_e(title)}</title>{when}; repetition {rep} in this generated '
            f'test document.</note>')


def _section(ch: int, sec: int, counter: int) -> str:
    """One numbered section; ``counter`` selects the passages deterministically."""
    sid = f"c{ch}-s{sec}"
    pid, title, year, lang, paras = PROSE[counter % len(PROSE)]
    vpid, vtitle, _vyear, vlang, stanzas = VERSE[counter % len(VERSE)]
    out = [f'        <div type="section" n="{ch}.{sec}" xml:id="{sid}">',
           f"          <head>{ch}.{sec} {_e(title)}</head>"]
    for k, para in enumerate(paras, 1):
        note = _source_note(f"{sid}-n{k}", pid, title, year, counter) if k == 1 else ""
        lang_attr = "" if lang == "en" else f' xml:lang="{lang}"'
        out.append(f'          <p n="{k}"{lang_attr}>{_e(para)}{note}</p>')
    out.append(f'          <p>The next passage is by <persName ref="#{vpid}">{_e(_NAMES[vpid])}'
               f"</persName>: <title>{_e(vtitle)}</title>.</p>")
    lang_attr = "" if vlang == "en" else f' xml:lang="{vlang}"'
    out.append(f'          <lg type="poem" xml:id="{sid}-lg"{lang_attr}>')
    line_no = 0
    for stanza in stanzas:
        out.append('            <lg type="stanza">')
        for line in stanza:
            line_no += 1
            out.append(f'              <l n="{line_no}">{_e(line)}</l>')
        out.append("            </lg>")
    out.append("          </lg>")
    if counter % 3 == 0:
        start = counter % len(LIST_ITEMS)
        items = [LIST_ITEMS[(start + i) % len(LIST_ITEMS)] for i in range(4)]
        out.append(f'          <list type="ordered" xml:id="{sid}-list">')
        out.append(f"            <head>Powers of Congress (selection {counter})</head>")
        out.extend(f'            <item n="{i}">{_e(text)}</item>' for i, text in enumerate(items, 1))
        out.append("          </list>")
    if counter % 5 == 0:
        out.append(f'          <table xml:id="{sid}-table" rows="{len(TABLE_ROWS) + 1}" cols="2">')
        out.append(f"            <head>Representatives by State (table {counter})</head>")
        out.append('            <row role="label"><cell role="label">State</cell>'
                   '<cell role="label">Representatives</cell></row>')
        out.extend(f'            <row><cell>{_e(state)}</cell><cell><num value="{n}">{n}</num>'
                   "</cell></row>" for state, n in TABLE_ROWS)
        out.append("          </table>")
    out.append("        </div>")
    return "\n".join(out) + "\n"


def make_large(path, target_bytes: int = 2_000_000) -> int:
    """Write a valid TEI document of at least ``target_bytes`` bytes (just over it) to ``path``.

    Returns the number of bytes written.
    """
    parts = [_header()]
    size = len(parts[0].encode("utf-8")) + len(_FOOTER.encode("utf-8"))
    counter = 0
    chapter = 0
    sections_per_chapter = 8
    while size < target_bytes:
        chapter += 1
        head = (f'      <div type="chapter" n="{chapter}" xml:id="c{chapter}">\n'
                f"        <head>Chapter {chapter}</head>\n")
        chunk = [head]
        for sec in range(1, sections_per_chapter + 1):
            chunk.append(_section(chapter, sec, counter))
            counter += 1
        chunk.append("      </div>\n")
        text = "".join(chunk)
        parts.append(text)
        size += len(text.encode("utf-8"))
    parts.append(_FOOTER)
    data = "".join(parts).encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: make_large.py OUT.xml [TARGET_BYTES]")
    written = make_large(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 2_000_000)
    print(f"{sys.argv[1]}: {written} bytes")
