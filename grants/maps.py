"""The map of Washington's counties, drawn on the server from static/geo/wa-counties.json (us-atlas data)."""

import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def county_shapes():
    """The viewBox and, per county, its FIPS, name, SVG path and a point to put its label on."""
    path = finders.find("geo/wa-counties.json") or Path(settings.BASE_DIR) / "static/geo/wa-counties.json"
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counties = []
    for county in data["counties"]:
        numbers = [float(n) for n in _NUMBER.findall(county["path"])]
        xs, ys = numbers[0::2], numbers[1::2]
        counties.append(
            {
                "fips": county["fips"],
                "name": county["name"],
                "path": county["path"],
                # The middle of the bounding box: good enough to place a short label.
                "label_x": round((min(xs) + max(xs)) / 2, 1),
                "label_y": round((min(ys) + max(ys)) / 2, 1),
            }
        )
    return data["viewBox"], counties


def coverage_map(rows):
    """Each county with the shading class the coverage map gives it and the number of awards serving it.

    ``rows``: the read model's coverage rows (grants.selectors.figures.coverage), or anything with ``fips`` and
    ``awards``: every row is an eligible county, so one with no award is hatched.
    """
    view_box, shapes = county_shapes()
    awards_by_county = {row.fips: row.awards for row in rows}
    listed_fips = set(awards_by_county)
    counties = []
    for shape in shapes:
        count = awards_by_county.get(shape["fips"], 0)
        if count >= 2:
            shade = "map-awards-many"
        elif count == 1:
            shade = "map-awards-one"
        elif shape["fips"] in listed_fips:
            shade = "map-listed-none"
        else:
            shade = "map-not-listed"
        counties.append({**shape, "awards": count, "shade": shade})
    return {"view_box": view_box, "counties": counties}
