#!/usr/bin/env python3
"""Builds world.tsv.gz, the country outlines of sitrep's offline story maps.

Source: the npm package `world-atlas` 2.0.2 (ISC licence, by Mike Bostock), which packages
Natural Earth's 1:50m admin-0 countries (public domain) as TopoJSON. Fetch it with the machine's
npm client and run:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 build_world.py package/countries-50m.json | gzip -9n > world.tsv.gz

Each output line is one country: `name<TAB>min_lon,min_lat,max_lon,max_lat<TAB>svg path`, with
the path in x = longitude, y = -latitude (an equirectangular projection the page scales with its
viewBox), rounded to 0.01 degree, so the server draws only the countries a map's box touches.
"""
import json
import sys


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def ring_path(points):
    out = []
    last = None
    for lon, lat in points:
        point = (round(lon, 2), round(-lat, 2))
        if point == last:
            continue
        last = point
        out.append(f"{point[0]:g},{point[1]:g}")
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def main():
    topology = json.load(open(sys.argv[1]))
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        paths, lons, lats = [], [], []
        for polygon in polygons:
            for ring in polygon:
                points = ring_points(ring, arcs)
                path = ring_path(points)
                if path:
                    paths.append(path)
                    lons.extend(p[0] for p in points)
                    lats.extend(p[1] for p in points)
        if not paths:
            continue
        name = geometry.get("properties", {}).get("name", "").replace("\t", " ")
        box = f"{min(lons):.2f},{min(lats):.2f},{max(lons):.2f},{max(lats):.2f}"
        print(f"{name}\t{box}\t{''.join(paths)}")


if __name__ == "__main__":
    main()
