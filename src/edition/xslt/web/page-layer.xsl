<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page layer of printed sources: page beginnings (pb), page furniture (fw: running heads, page
  numbers, scanner stamps) and print lines (lb).

  A page beginning is copy-safe: an empty link (its id the stable anchor #p29) whose page number
  and break mark come from CSS generated content (data-n), so that a selection across a page break
  copies exactly the reading text and a screen reader reads the link's label once, not words
  inside a word. The CSS marks the break where it falls in the line (a thin rule) and puts the
  number in the margin of the same line. Furniture and line ends are kept in the HTML and shown
  only in the diplomatic view; they are left out of the search index.
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

  <xsl:key name="w:pb-anchor" match="tei:text//tei:pb[@n]" use="ed:page-anchor(.)"/>

  <!-- The first pb with its anchor on its HTML page gets the id (printed numbers may repeat). -->
  <xsl:function name="w:is-first-anchor" as="xs:boolean">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:variable name="page" select="w:page-of($pb)"/>
    <xsl:sequence select="$pb is (key('w:pb-anchor', ed:page-anchor($pb), root($pb))[w:page-of(.) = $page])[1]"/>
  </xsl:function>

  <!-- A page number the converter inferred (pb/@cert) rather than read from the page. -->
  <xsl:function name="w:page-inferred" as="xs:boolean">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="exists($pb/@cert) and not($pb/@resp = '#editors')"/>
  </xsl:function>

  <xsl:template match="tei:pb[@n]">
    <xsl:variable name="inferred" select="w:page-inferred(.)"/>
    <a class="pb{if ($inferred) then ' pb-inferred' else ''}" href="#{ed:page-anchor(.)}" data-n="{@n}"
       aria-label="page {@n}{if ($inferred) then ' (number inferred)' else ''}">
      <!-- (no text to keep out of the index; its id is the search's anchor for the printed page) -->
      <xsl:if test="w:is-first-anchor(.)"><xsl:attribute name="id" select="ed:page-anchor(.)"/></xsl:if>
    </a>
  </xsl:template>

  <xsl:template match="tei:pb">
    <span class="pb pb-unnumbered" role="separator" aria-label="page break"></span>
  </xsl:template>

  <xsl:template match="tei:fw">
    <span class="fw fw-{(@type, 'other')[1]}" data-pagefind-ignore=""><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:lb">
    <br class="lb{if (@break='no') then ' lb-nobreak' else ''}"/>
  </xsl:template>
</xsl:stylesheet>
