#!/usr/bin/env python3
"""Draws the scene illustrations of the bundled role-plays and the pictures of the team
games' event cards: one flat style from one small kit
of shapes (rounded buildings, people as simple figures without faces, the app's dark sky and
the team palette), written as SVG to assets/art/ and rasterised to PNG (scenes 960x540,
cards 480x360) in scenarios/images/ by headless Chromium with the bundled font. The pictures are the project's
own work under its licence (see assets/README.md).

Usage: scripts/illustrations.py   (needs chromium; rewrites only the files it lists)
"""

import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
ART = ROOT / "assets" / "art"
OUT = ROOT / "scenarios" / "images"
FONT = ROOT / "assets" / "fonts" / "NanumSquareRoundB.ttf"
W, H = 960, 540

# The app's colours (src/app/theme.rs) and the colour-blind-safe team palette.
SKY_TOP, SKY_LOW = "#1b2538", "#2d3f5e"
SURFACE, INK, ACCENT, PROBLEM = "#212936", "#f7f7f2", "#ffcc40", "#ff8c78"
ORANGE, SKYBLUE, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, RED, PINK = "#0072B2", "#D55E00", "#CC79A7"
SKIN = ["#f2c9a0", "#d9a77c", "#b98560"]
WOOD, WALL, GROUND = "#8a5a3c", "#3a4a66", "#34465e"


def frame(body, sky=(SKY_TOP, SKY_LOW), size=(W, H), round_by=28):
    """A picture: the sky as its background, rounded corners clipping everything drawn."""
    w, h = size
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="{sky[0]}"/><stop offset="1" stop-color="{sky[1]}"/></linearGradient></defs>
<clipPath id="round"><rect width="{w}" height="{h}" rx="{round_by}"/></clipPath>
<g clip-path="url(#round)"><rect width="{w}" height="{h}" fill="url(#sky)"/>
{body}
</g></svg>
"""

def ground(y=430, colour=GROUND):
    return f'<rect x="0" y="{y}" width="{W}" height="{H - y}" fill="{colour}"/>'


def person(x, y, s=1.0, colour=ORANGE, skin=0, hair="#2b2b2b", arm_up=False, cane=False):
    """A figure standing on (x, y): a round head and a rounded body, no face."""
    h = 150 * s
    head = 22 * s
    body = f'<rect x="{x - 30 * s}" y="{y - h + 2 * head + 6 * s}" width="{60 * s}" height="{h - 2 * head - 6 * s}" rx="{26 * s}" fill="{colour}"/>'
    arm = ""
    if arm_up:
        arm = (f'<rect x="{x + 18 * s}" y="{y - h - 10 * s}" width="{14 * s}" height="{70 * s}" rx="{7 * s}" fill="{colour}"/>'
               f'<circle cx="{x + 25 * s}" cy="{y - h - 12 * s}" r="{9 * s}" fill="{SKIN[skin]}"/>')
    stick = ""
    if cane:
        stick = f'<rect x="{x + 36 * s}" y="{y - 70 * s}" width="{6 * s}" height="{70 * s}" rx="3" fill="{WOOD}"/>'
    face = f'<circle cx="{x}" cy="{y - h + head}" r="{head}" fill="{SKIN[skin]}"/>'
    hair_cap = f'<path d="M{x - head} {y - h + head} a{head} {head} 0 0 1 {2 * head} 0 z" fill="{hair}"/>'
    return stick + arm + body + face + hair_cap


def building(x, y, w, h, colour=WALL, roof=None, windows=(2, 2), lit=True, door=True):
    """A building standing on (x, y) with its lower-left corner there."""
    out = f'<rect x="{x}" y="{y - h}" width="{w}" height="{h}" rx="10" fill="{colour}"/>'
    if roof:
        out += f'<path d="M{x - 16} {y - h + 8} L{x + w / 2} {y - h - 70} L{x + w + 16} {y - h + 8} z" fill="{roof}"/>'
    cols, rows = windows
    gw, gh = w / (cols + 1), (h - (70 if door else 20)) / (rows + 1)
    for c in range(cols):
        for r in range(rows):
            wx = x + gw * (c + 1) - 16
            wy = y - h + gh * (r + 1) - 14
            out += f'<rect x="{wx}" y="{wy}" width="32" height="28" rx="5" fill="{YELLOW if lit and (c + r) % 3 != 2 else SURFACE}"/>'
    if door:
        out += f'<rect x="{x + w / 2 - 22}" y="{y - 64}" width="44" height="64" rx="8" fill="{SURFACE}"/>'
    return out


def sign(x, y, text, fill=ACCENT, ink="#1b2538", size=34, pad=18):
    width = len(text) * size + 2 * pad
    return (f'<rect x="{x - width / 2}" y="{y - size / 2 - pad / 2}" width="{width}" height="{size + pad}" rx="12" fill="{fill}"/>'
            f'<text x="{x}" y="{y + size * 0.36}" font-family="N" font-size="{size}" text-anchor="middle" fill="{ink}">{text}</text>')


def tree(x, y, s=1.0, colour=GREEN):
    return (f'<rect x="{x - 8 * s}" y="{y - 60 * s}" width="{16 * s}" height="{60 * s}" rx="6" fill="{WOOD}"/>'
            f'<circle cx="{x}" cy="{y - 90 * s}" r="{46 * s}" fill="{colour}"/>')


def coin(x, y, r=26, colour=ACCENT):
    return (f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}"/>'
            f'<circle cx="{x}" cy="{y}" r="{r * 0.66}" fill="none" stroke="#c99a20" stroke-width="{r * 0.14}"/>')


def stack(x, y, n, r=30):
    return "".join(f'<rect x="{x - r}" y="{y - 14 * (k + 1)}" width="{2 * r}" height="14" rx="7" fill="{ACCENT}" stroke="#c99a20" stroke-width="3"/>' for k in range(n))


def cup(x, y, s=1.0, colour=INK):
    return (f'<path d="M{x - 16 * s} {y - 34 * s} h{32 * s} l-4 {34 * s} h-{24 * s} z" fill="{colour}"/>'
            f'<path d="M{x - 6 * s} {y - 44 * s} q6 -8 0 -16 M{x + 4 * s} {y - 44 * s} q6 -8 0 -16" stroke="{INK}" stroke-width="3" fill="none" opacity="0.6"/>')


def table(x, y, w=240, colour=WOOD):
    return (f'<rect x="{x - w / 2}" y="{y}" width="{w}" height="18" rx="9" fill="{colour}"/>'
            f'<rect x="{x - 8}" y="{y + 18}" width="16" height="{430 - y - 18}" fill="{colour}"/>')


def crate(x, y, fruit, w=120):
    out = f'<rect x="{x}" y="{y - 60}" width="{w}" height="60" rx="8" fill="{WOOD}"/>'
    for k in range(4):
        out += f'<circle cx="{x + 18 + k * (w - 36) / 3}" cy="{y - 64}" r="17" fill="{fruit}"/>'
    return out


def snow(seed=7, n=60):
    out, v = "", seed
    for _ in range(n):
        v = (v * 1103515245 + 12345) % 2**31
        x, y, r = v % W, (v // W) % 430, 3 + v % 5
        out += f'<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff" opacity="0.8"/>'
    return out


def bubble(x, y, w, h, text="", size=40):
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="22" fill="{INK}"/>'
            f'<path d="M{x + 40} {y + h} l10 26 l20 -26 z" fill="{INK}"/>'
            f'<text x="{x + w / 2}" y="{y + h / 2 + size * 0.36}" font-family="N" font-size="{size}" text-anchor="middle" fill="#1b2538">{text}</text>')


def bulb(x, y, s=1.0):
    rays = "".join(
        f'<rect x="{x - 4}" y="{y - 118 * s}" width="8" height="26" rx="4" fill="{ACCENT}" transform="rotate({a} {x} {y - 40 * s})"/>'
        for a in (-60, -30, 0, 30, 60))
    return (rays + f'<circle cx="{x}" cy="{y - 40 * s}" r="{40 * s}" fill="{ACCENT}"/>'
            f'<rect x="{x - 18 * s}" y="{y - 6 * s}" width="{36 * s}" height="{26 * s}" rx="6" fill="{INK}"/>')


SCENES = {
    # An empty floor above the bus terminal: bare walls, a big window with a bus outside.
    "scene-empty-floor": frame(
        f'<rect x="0" y="0" width="{W}" height="{H}" rx="28" fill="{WALL}"/>'
        f'<rect x="120" y="70" width="720" height="250" rx="16" fill="{SKY_LOW}"/>'
        f'<rect x="150" y="210" width="260" height="90" rx="24" fill="{GREEN}"/>'
        f'<circle cx="200" cy="300" r="20" fill="{SURFACE}"/><circle cx="360" cy="300" r="20" fill="{SURFACE}"/>'
        f'<rect x="170" y="225" width="50" height="36" rx="6" fill="{SKYBLUE}"/><rect x="235" y="225" width="50" height="36" rx="6" fill="{SKYBLUE}"/><rect x="300" y="225" width="50" height="36" rx="6" fill="{SKYBLUE}"/>'
        f'<rect x="476" y="70" width="8" height="250" fill="{WALL}"/>'
        f'<rect x="0" y="400" width="{W}" height="140" fill="#4a5a78"/>'
        + sign(700, 250, "임대", fill=INK) +
        f'<rect x="560" y="360" width="120" height="70" rx="6" fill="{WOOD}"/><rect x="600" y="330" width="90" height="40" rx="6" fill="#9b6b4b"/>'
        + person(330, 470, 0.9, ORANGE) + person(430, 470, 0.85, BLUE, skin=1),
    ),
    # The café at work: a counter, cups, an older neighbour serving, neighbours at a table.
    "scene-cafe": frame(
        f'<rect x="0" y="0" width="{W}" height="{H}" rx="28" fill="#3b2f2a"/>'
        f'<rect x="60" y="60" width="340" height="200" rx="16" fill="{SKY_LOW}"/>'
        + sign(700, 90, "마을카페") +
        f'<rect x="520" y="150" width="360" height="16" rx="8" fill="{WOOD}"/>'
        + "".join(cup(560 + k * 70, 148, 0.8, [ORANGE, SKYBLUE, PINK, GREEN, YELLOW][k]) for k in range(5)) +
        person(720, 330, 1.0, GREEN, skin=0, hair="#dddddd") +
        f'<rect x="520" y="300" width="380" height="140" rx="14" fill="{WOOD}"/>'
        + table(220, 360, 260) + cup(170, 360, 0.9, SKYBLUE) + cup(270, 360, 0.9, PINK)
        + person(100, 470, 0.95, BLUE, skin=1) + person(340, 470, 0.95, ORANGE, skin=2)
        + ground(470, "#2a221e"),
    ),
    # Money: a jar of coins, stacks, a note book of accounts.
    "scene-money": frame(
        ground(440)
        + f'<rect x="160" y="180" width="220" height="260" rx="40" fill="{SKYBLUE}" opacity="0.35"/>'
        f'<rect x="190" y="160" width="160" height="30" rx="10" fill="{SKYBLUE}"/>'
        + coin(230, 400) + coin(290, 395) + coin(260, 350) + coin(320, 345) + coin(220, 300)
        + stack(480, 440, 5) + stack(560, 440, 8) + stack(640, 440, 11)
        + f'<rect x="700" y="250" width="190" height="190" rx="12" fill="{INK}"/>'
        + "".join(f'<rect x="725" y="{285 + k * 36}" width="{140 - (k % 2) * 40}" height="12" rx="6" fill="#9aa3b5"/>' for k in range(4))
        + sign(480, 90, "자금"),
    ),
    # A farmer with crates of fruit and rice from the edge of town.
    "scene-farm": frame(
        f'<rect x="0" y="330" width="{W}" height="210" fill="#3f6b3a"/>'
        + "".join(f'<rect x="{k * 120 - 40}" y="{350 + (k % 2) * 30}" width="200" height="10" rx="5" fill="#5d8a4d"/>' for k in range(9))
        + tree(120, 340, 1.0) + tree(840, 340, 0.8, "#2f8a5a")
        + person(470, 450, 1.05, ORANGE, skin=2, hair="#555555")
        + crate(560, 460, RED) + crate(700, 460, ORANGE) + crate(300, 460, YELLOW)
        + f'<circle cx="780" cy="110" r="50" fill="{ACCENT}"/>',
        sky=("#243a5e", "#4d6c94"),
    ),
    # Neighbours round a table deciding together: hands up, one vote each.
    "scene-meeting": frame(
        f'<rect x="0" y="0" width="{W}" height="{H}" rx="28" fill="{WALL}"/>'
        + bubble(360, 50, 240, 90, "한 사람 한 표", 34)
        + person(190, 470, 0.95, ORANGE, arm_up=True) + person(330, 470, 0.95, SKYBLUE, skin=1)
        + person(630, 470, 0.95, PINK, skin=2, arm_up=True) + person(770, 470, 0.95, GREEN, hair="#dddddd", arm_up=True)
        + f'<rect x="160" y="380" width="640" height="30" rx="15" fill="{WOOD}"/>'
        + f'<rect x="420" y="300" width="120" height="80" rx="10" fill="{INK}"/><rect x="440" y="290" width="80" height="14" rx="7" fill="{SURFACE}"/>'
        + ground(470, "#2e3b52"),
    ),
    # Winter: the café from outside under snow, fewer people in the street.
    "scene-winter": frame(
        ground(420, "#dfe6ee")
        + building(300, 420, 360, 260, "#5a4a44", roof="#e8eef5", windows=(3, 1))
        + sign(480, 130, "마을카페", size=28)
        + tree(140, 420, 0.9, "#dfe6ee") + tree(820, 420, 1.0, "#dfe6ee")
        + person(760, 500, 0.8, BLUE, skin=1) + snow(),
        sky=("#101622", "#2a3650"),
    ),
    # A big chain's shop towers over a small café.
    "scene-chain": frame(
        ground(440)
        + building(420, 440, 380, 380, "#4b5568", windows=(4, 4))
        + sign(610, 110, "BIG CAFE", fill=RED, ink=INK, size=30)
        + building(150, 440, 200, 170, "#5a4a44", roof=ORANGE, windows=(2, 1))
        + sign(250, 320, "마을카페", size=22, pad=12)
        + person(880, 480, 0.75, PINK) + person(80, 480, 0.75, GREEN, skin=1),
    ),
    # The school with its shop: a small stall by the gate, students around it.
    "scene-school": frame(
        ground(430, "#3d4a3a")
        + building(80, 430, 520, 280, "#c9b48a", windows=(5, 2), door=True)
        + f'<rect x="320" y="110" width="40" height="40" rx="20" fill="{INK}"/>'
        + f'<rect x="640" y="300" width="240" height="130" rx="10" fill="{SURFACE}"/>'
        + "".join(f'<rect x="{640 + k * 40}" y="270" width="40" height="40" fill="{[RED, INK][k % 2]}"/>' for k in range(6))
        + sign(760, 350, "매점", size=30, pad=12)
        + person(600, 480, 0.7, BLUE) + person(700, 480, 0.7, ORANGE, skin=1) + person(880, 480, 0.7, PINK, skin=2),
    ),
    # A workshop with a big order: boxes piling up and a truck at the door.
    "scene-workshop": frame(
        ground(440)
        + building(60, 440, 460, 300, "#46607d", windows=(3, 1), lit=True)
        + "".join(f'<rect x="{560 + (k % 3) * 84}" y="{360 - (k // 3) * 70}" width="76" height="66" rx="6" fill="#c8965c"/>' for k in range(7))
        + f'<rect x="600" y="200" width="300" height="50" rx="14" fill="{INK}"/>'
        + f'<text x="750" y="236" font-family="N" font-size="30" text-anchor="middle" fill="#1b2538">주문 1,000개</text>'
        + person(200, 480, 0.8, GREEN) + person(300, 480, 0.8, YELLOW, skin=1) + person(400, 480, 0.8, PINK, skin=2),
    ),
    # The city hall, where designations and contracts are decided; papers in hand.
    "scene-city": frame(
        ground(440)
        + f'<rect x="220" y="200" width="520" height="240" rx="6" fill="#b8c2d1"/>'
        + f'<path d="M190 205 L480 90 L770 205 z" fill="#d9dfe8"/>'
        + "".join(f'<rect x="{255 + k * 90}" y="230" width="34" height="210" rx="8" fill="#e8edf3"/>' for k in range(6))
        + f'<rect x="478" y="30" width="6" height="70" fill="{INK}"/><rect x="484" y="30" width="50" height="32" fill="{SKYBLUE}"/>'
        + sign(480, 170, "시청", fill=BLUE, ink=INK, size=28, pad=12)
        + person(120, 500, 0.85, ORANGE, arm_up=False)
        + f'<rect x="150" y="390" width="60" height="76" rx="6" fill="{INK}"/>'
        + person(840, 500, 0.85, BLUE, skin=1),
    ),
    # An idea and its mentor: a bulb over a notebook, two people leaning in.
    "scene-idea": frame(
        f'<rect x="0" y="0" width="{W}" height="{H}" rx="28" fill="{WALL}"/>'
        + bulb(480, 230, 1.1)
        + f'<rect x="330" y="300" width="300" height="110" rx="12" fill="{INK}"/>'
        + "".join(f'<rect x="355" y="{322 + k * 26}" width="{230 - k * 50}" height="10" rx="5" fill="#9aa3b5"/>' for k in range(3))
        + person(230, 480, 1.0, GREEN, hair="#888888") + person(730, 480, 0.95, ORANGE, skin=1)
        + ground(480, "#2e3b52"),
    ),
    # Partners: two organisations shaking hands over a shared goal.
    "scene-partners": frame(
        ground(440)
        + building(40, 440, 230, 220, GREEN, windows=(2, 2))
        + building(690, 440, 230, 220, BLUE, windows=(2, 2))
        + person(380, 480, 1.0, GREEN, skin=1) + person(580, 480, 1.0, BLUE, skin=0)
        + f'<rect x="405" y="395" width="150" height="22" rx="11" fill="{SKIN[0]}"/>'
        + f'<path d="M480 120 c-40 -50 -110 0 0 70 c110 -70 40 -120 0 -70 z" fill="{PINK}"/>',
    ),
}


CW, CH = 480, 360


def card(body, sky=(SKY_TOP, SKY_LOW)):
    """An event card's picture: 4:3, the same sky and kit, one idea drawn large."""
    return frame(body, sky, (CW, CH), 24)


def cloud(x, y, s=1.0, colour="#c9d3e0"):
    return (f'<circle cx="{x - 50 * s}" cy="{y}" r="{40 * s}" fill="{colour}"/>'
            f'<circle cx="{x}" cy="{y - 25 * s}" r="{55 * s}" fill="{colour}"/>'
            f'<circle cx="{x + 55 * s}" cy="{y}" r="{40 * s}" fill="{colour}"/>'
            f'<rect x="{x - 90 * s}" y="{y}" width="{185 * s}" height="{40 * s}" rx="{20 * s}" fill="{colour}"/>')


def drops(x0, y0, n=7, colour=SKYBLUE):
    return "".join(f'<rect x="{x0 + k * 30}" y="{y0 + (k % 3) * 22}" width="8" height="30" rx="4" fill="{colour}" transform="rotate(15 {x0 + k * 30} {y0})"/>' for k in range(n))


def bunting(y):
    flags = [ORANGE, SKYBLUE, GREEN, YELLOW, PINK, BLUE, RED]
    out = f'<path d="M0 {y} Q240 {y + 40} 480 {y}" stroke="{INK}" stroke-width="3" fill="none"/>'
    for k in range(8):
        x = 30 + k * 60
        yy = y + 40 * (1 - ((x - 240) / 240) ** 2) * 0.5 + 2
        out += f'<path d="M{x - 18} {yy} L{x + 18} {yy} L{x} {yy + 40} z" fill="{flags[k % len(flags)]}"/>'
    return out


def snowflake(x, y, r, colour=INK):
    return "".join(f'<rect x="{x - 5}" y="{y - r}" width="10" height="{2 * r}" rx="5" fill="{colour}" transform="rotate({a} {x} {y})"/>' for a in (0, 60, 120))


CARDS = {
    "card-festival": card(bunting(60) + ground(280) + person(150, 320, 0.8, ORANGE, arm_up=True)
                          + person(250, 320, 0.8, PINK, skin=1) + person(350, 320, 0.8, GREEN, skin=2, arm_up=True)),
    "card-rain": card(cloud(240, 120, 1.1) + drops(130, 190, 8) + ground(300)),
    "card-storm": card(cloud(240, 110, 1.2, "#8c98ab")
                       + f'<path d="M250 150 L210 230 L245 230 L220 310 L300 200 L262 200 L290 150 z" fill="{ACCENT}"/>'
                       + drops(110, 170, 3) + drops(330, 170, 3), sky=("#10141d", "#27324a")),
    "card-cold": card(snowflake(240, 170, 90) + snowflake(90, 90, 30) + snowflake(390, 260, 35) + snow(3, 25),
                      sky=("#142238", "#3b5478")),
    "card-help": card(f'<path d="M240 120 c-50 -70 -150 0 0 110 c150 -110 50 -180 0 -110 z" fill="{PINK}"/>'
                      + person(130, 340, 0.85, GREEN) + person(350, 340, 0.85, BLUE, skin=1)
                      + f'<rect x="160" y="265" width="160" height="20" rx="10" fill="{SKIN[0]}"/>'),
    "card-town": card(ground(290) + building(30, 290, 120, 130, WALL, roof=ORANGE, windows=(2, 1))
                      + building(330, 290, 120, 150, "#46607d", roof=GREEN, windows=(2, 1))
                      + f'<rect x="232" y="110" width="14" height="180" rx="6" fill="#9aa3b5"/>'
                      + f'<path d="M239 110 q40 -20 60 10" stroke="#9aa3b5" stroke-width="12" fill="none"/>'
                      + f'<circle cx="300" cy="128" r="16" fill="{ACCENT}"/>'),
    "card-price-down": card(ground(300) + stack(120, 300, 3) + stack(200, 300, 2) + coin(290, 270, 24)
                            + f'<rect x="366" y="60" width="28" height="130" rx="8" fill="{PROBLEM}"/>'
                            + f'<path d="M330 180 L380 250 L430 180 z" fill="{PROBLEM}"/>'),
    "card-price-up": card(ground(300) + stack(120, 300, 6) + stack(200, 300, 9) + coin(290, 270, 24)
                          + f'<rect x="366" y="120" width="28" height="130" rx="8" fill="{ACCENT}"/>'
                          + f'<path d="M330 130 L380 60 L430 130 z" fill="{ACCENT}"/>'),
    "card-buyers": card(ground(300)
                        + f'<rect x="170" y="130" width="140" height="140" rx="16" fill="{GREEN}"/>'
                        + f'<path d="M205 135 q35 -70 70 0" stroke="{GREEN}" stroke-width="12" fill="none"/>'
                        + f'<path d="M240 185 c-20 -28 -60 0 0 44 c60 -44 20 -72 0 -44 z" fill="{INK}"/>'
                        + person(90, 340, 0.8, ORANGE) + person(400, 340, 0.8, SKYBLUE, skin=2)),
    "card-drought": card(f'<circle cx="240" cy="110" r="60" fill="{ACCENT}"/>'
                         + "".join(f'<rect x="236" y="10" width="8" height="26" rx="4" fill="{ACCENT}" transform="rotate({a} 240 110)"/>' for a in range(0, 360, 30))
                         + f'<rect x="0" y="240" width="{CW}" height="120" fill="#8a6a4a"/>'
                         + f'<path d="M60 260 l40 30 l-20 30 M240 250 l-30 40 l40 30 M380 270 l30 20 l-10 40" stroke="#5a4030" stroke-width="6" fill="none"/>',
                         sky=("#6a4a2a", "#c98a4a")),
    "card-fisher": card(f'<rect x="0" y="230" width="{CW}" height="130" fill="{BLUE}"/>'
                        + person(120, 260, 0.9, RED, skin=1)
                        + f'<path d="M150 150 L340 60" stroke="{WOOD}" stroke-width="8"/><path d="M340 60 L350 250" stroke="{INK}" stroke-width="2"/>'
                        + f'<path d="M360 290 q30 -24 60 0 q-30 24 -60 0 z M420 290 l18 -14 v28 z" fill="{ORANGE}"/>'
                        + f'<path d="M250 300 q24 -18 48 0 q-24 18 -48 0 z M298 300 l14 -11 v22 z" fill="{SKYBLUE}"/>'),
}


def main():
    ART.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        page = pathlib.Path(work) / "p.html"
        sizes = [((W, H), SCENES), ((CW, CH), CARDS)]
        for (w, h), svg, name in [(size, v, n) for size, kind in sizes for n, v in kind.items()]:
            (ART / f"{name}.svg").write_text(svg, encoding="utf-8")
            page.write_text(
                f"<!doctype html><html><head><meta charset='utf-8'><style>"
                f"@font-face{{font-family:N;src:url('file://{FONT}')}}"
                f"html,body{{margin:0;background:transparent}}</style></head><body>{svg}</body></html>",
                encoding="utf-8")
            subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--default-background-color=00000000", f"--window-size={w},{h}",
                 f"--screenshot={OUT / (name + '.png')}", page.as_uri()],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
