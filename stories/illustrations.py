"""Flat illustrations for the example stories, drawn with Pillow when the seed content loads.

Nothing is downloaded, and no invented story carries a photo of a real person: each picture is
a few figures and a motif, labelled "Example illustration".
"""

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
BRAND = (11, 85, 99)
BRAND_DARK = (7, 58, 68)
TINT = (231, 241, 242)
PALETTE = [(242, 169, 0), (212, 53, 28), (0, 112, 60), (76, 44, 146), (29, 112, 184), (145, 43, 136)]
SKIN = [(141, 85, 36), (198, 134, 66), (224, 172, 105), (241, 194, 125), (255, 219, 172), (92, 56, 30)]


def _person(draw, x, ground, height, colour, skin):
    head = height // 6
    draw.ellipse((x - head, ground - height, x + head, ground - height + 2 * head), fill=skin)
    draw.rounded_rectangle(
        (x - head * 1.4, ground - height + 2.2 * head, x + head * 1.4, ground), radius=head, fill=colour
    )


def _motif(draw, motif, rng):
    if motif == "table":
        draw.rounded_rectangle((250, 600, 1350, 650), radius=12, fill=BRAND_DARK)
        for x in range(330, 1300, 140):
            draw.ellipse((x, 560, x + 60, 600), fill=rng.choice(PALETTE))
    elif motif == "garden":
        for x in range(150, 1500, 220):
            size = rng.randint(120, 220)
            draw.polygon([(x, 760), (x + size // 2, 760 - size * 2), (x + size, 760)], fill=(0, 112, 60))
    elif motif == "map":
        for _ in range(14):
            x, y = rng.randint(150, 1450), rng.randint(120, 420)
            draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=rng.choice(PALETTE))
        draw.line([(150, 380), (500, 200), (900, 330), (1400, 160)], fill=BRAND_DARK, width=10)
    elif motif == "phone":
        for x in (420, 1180):
            draw.rounded_rectangle((x - 50, 180, x + 50, 360), radius=18, fill=BRAND_DARK)
        draw.arc((470, 100, 1130, 500), start=200, end=340, fill=(242, 169, 0), width=12)
    elif motif == "circle":
        draw.ellipse((500, 200, 1100, 800), outline=(242, 169, 0), width=18)
    else:  # walk
        draw.line([(0, 790), (1600, 700)], fill=BRAND_DARK, width=30)
        for x in range(200, 1500, 300):
            draw.rectangle((x, 300, x + 160, 640), fill=rng.choice([BRAND, BRAND_DARK]))


def draw_illustration(seed, motif="table", people=6):
    """A JPEG (bytes) of people sharing a space, deterministic for a given seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), TINT)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 760, WIDTH, HEIGHT), fill=(200, 222, 225))
    for _ in range(5):
        radius = rng.randint(120, 260)
        x, y = rng.randint(0, WIDTH), rng.randint(0, 500)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(214, 232, 234))
    _motif(draw, motif, rng)
    spacing = (WIDTH - 300) // max(people - 1, 1)
    for index in range(people):
        x = 150 + index * spacing + rng.randint(-30, 30)
        _person(draw, x, 790, rng.randint(330, 450), rng.choice(PALETTE), rng.choice(SKIN))
    font = ImageFont.load_default(size=44)
    draw.rounded_rectangle((40, 36, 540, 116), radius=12, fill=BRAND)
    draw.text((64, 52), "Example illustration", font=font, fill=(255, 255, 255))
    output = BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()
