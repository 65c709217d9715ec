<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page layer of printed sources: page beginnings (pb) as margin numbers with a stable anchor
  per page (#p29), page furniture (fw: running heads, page numbers, scanner stamps) and print
  lines (lb). Furniture and line ends are kept in the HTML and shown only in the diplomatic view;
  they are left out of the search index.
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

  <xsl:template match="tei:pb[@n]">
    <a class="pb{if (@cert) then ' pb-inferred' else ''}" href="#{ed:page-anchor(.)}"
       data-pagefind-ignore="" title="{if (@cert) then 'printed page (number inferred)' else 'printed page'} {@n}">
      <xsl:if test="w:is-first-anchor(.)"><xsl:attribute name="id" select="ed:page-anchor(.)"/></xsl:if>
      <span class="visually-hidden">page </span>{@n}</a>
  </xsl:template>

  <xsl:template match="tei:pb">
    <span class="pb pb-unnumbered" title="page break"></span>
  </xsl:template>

  <xsl:template match="tei:fw">
    <span class="fw fw-{(@type, 'other')[1]}" data-pagefind-ignore=""><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:lb">
    <br class="lb{if (@break='no') then ' lb-nobreak' else ''}"/>
  </xsl:template>
</xsl:stylesheet>
