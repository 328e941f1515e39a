"""Write street networks as OSM XML, so generated networks go through the same reader."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.sax.saxutils import quoteattr

Tags = Mapping[str, str]


def osm_xml(
    nodes: Iterable[tuple[int, float, float]],
    ways: Iterable[tuple[int, list[int], Tags]],
    generator: str = "huvudman",
) -> str:
    """An OSM XML document: nodes as (id, lat, lon), ways as (id, node ids, tags)."""
    out = ["<?xml version='1.0' encoding='UTF-8'?>",
           f"<osm version=\"0.6\" generator={quoteattr(generator)}>"]
    for nid, lat, lon in nodes:
        out.append(f'  <node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>')
    for wid, refs, tags in ways:
        out.append(f'  <way id="{wid}" version="1">')
        out.extend(f'    <nd ref="{r}"/>' for r in refs)
        out.extend(f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items())
        out.append("  </way>")
    out.append("</osm>")
    return "\n".join(out) + "\n"
