"""A web page's source block and navigation are not the work: the annotators leave them alone (a
transcriber's year, "Salil Sen for MIA, 2008", is no date of the work and must not trip the
validator's date-in-range rule), while the header still records them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lxml import etree

import webpages

T = "{http://www.tei-c.org/ns/1.0}"
PAGE = """J. V. Stalin
A Short Greeting
Source : Works, Vol. 7, 1925
Publisher : Foreign Languages Publishing House, Moscow, 1954
First Published : Pravda, No. 1, January 5, 1925
Transcription/Markup : A. Volunteer for the Archive, 2008

The text of the work, written on January 5, 1925, greets the congress of Soviets and Lenin.

J. Stalin
"""
META = """slug = "short-greeting"
title = "A Short Greeting"
authors = ["J. V. Stalin"]
author_refs = ["per:stalin"]
date = "1925-01-05"
kind = "excerpt"
language = "en"
profile = "web-transcription"
"""


def test_the_source_block_carries_no_annotations_and_validates(tmp_path: Path):
    project = webpages.make_project(tmp_path / "project", [])
    (project / "raw" / "000_greeting.txt").write_text(PAGE, encoding="utf-8")
    (project / "raw" / "000_greeting.toml").write_text(META, encoding="utf-8")
    run = [sys.executable, "-m", "edition.cli", "--root", str(project)]
    done = subprocess.run([*run, "convert"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    root = etree.parse(str(project / "tei" / "short-greeting.xml")).getroot()
    blocks = [n for n in root.iter(f"{T}note") if n.get("type") == "source"]
    assert blocks and "2008" in "".join(blocks[0].itertext())
    assert all(b.find(f".//{T}date") is None and b.find(f".//{T}persName") is None for b in blocks)
    # the work's own text is still annotated
    body = root.find(f"{T}text/{T}body")
    assert body is not None and body.find(f".//{T}p//{T}date") is not None
    done = subprocess.run([*run, "validate", "--strict"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
