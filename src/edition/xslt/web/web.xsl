<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI → static web edition (XSLT 3.0, Saxon). Compiled once per build; called
    - once per text with the text's document as global context item and initial template
      'w:text-pages': writes the text's pages (xsl:result-document, hrefs relative to the output);
    - once per text with initial template 'w:site-record': the text's site record (what the
      site-wide pages show of it, rendered), written to $w:record-uri;
    - once with initial template 'w:site-pages': home, register, chronology, about, search, from
      the texts' records ($w:records) and $edition (the texts or their summaries: headers, dates).
  Parameters:
    edition          every text of the edition (document nodes, or summaries), for headers and dates
    w:records        the texts' site records, in the edition's order (site-wide pages)
    w:record-uri     where w:site-record writes (an absolute file URI)
    ed:register      register.xml as a document node, absent when there is none
    base-url         the site's canonical address ('' = unknown), for permalinks and citations
    edition-version, build-date   what a citation names as the edition's version and date
    pdf-slugs        the texts whose PDF is copied into the site (pdf/<slug>.pdf): only these are linked
  Rules by concern: ../common/*.xsl (shared with print: corrections, quotations, names and dates,
  speech, notes), structure.xsl (divisions and blocks, unknown elements), page-layer.xsl (pb, fw, lb),
  notes.xsl (calls, pop-ups, note lists), pages.xsl (which page a node is on, page shell, citation
  data, search filters), site.xsl (site-wide pages, the register's index and entry pages),
  provenance.xsl (the editorial layer: who annotated, how certain).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns:w="urn:edition:web"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="../common/fallback.xsl"/>
  <xsl:import href="../common/functions.xsl"/>
  <xsl:import href="../common/corrections.xsl"/>
  <xsl:import href="../common/quotations.xsl"/>
  <xsl:import href="../common/names.xsl"/>
  <xsl:import href="../common/speech.xsl"/>
  <xsl:import href="../common/notes.xsl"/>

  <xsl:include href="pages.xsl"/>
  <xsl:include href="structure.xsl"/>
  <xsl:include href="page-layer.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="site.xsl"/>
  <xsl:include href="provenance.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>
  <xsl:output name="page" method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:param name="edition" as="document-node()*" select="()"/>
  <!-- The slugs of the texts whose PDF is published in the site (pdf/<slug>.pdf). -->
  <xsl:param name="pdf-slugs" as="xs:string*" select="()"/>
  <!-- The site's canonical address ('' = unknown: citations then carry no URL), ending in '/'. -->
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <!-- The edition's version (the package's) and the date of the build, for citations. -->
  <xsl:param name="edition-version" as="xs:string" select="''"/>
  <xsl:param name="build-date" as="xs:string" select="''"/>
</xsl:stylesheet>
