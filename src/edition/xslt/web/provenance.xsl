<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editorial layer on the web: who made an annotation and how certain it is. The common rules
  render names, dates, quotations and corrections; here their HTML element gets data-resp
  ('conv' for the converter, 'editors' once reviewed) and data-cert (the converter's certainty),
  which the "Show editorial layer" view colours by type and certainty (edition.css, legend on the
  page). A correction is focusable (tabindex), so that its source reading shows on keyboard focus
  and on touch, not only on hover.
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

  <xsl:template match="(tei:persName | tei:orgName | tei:placeName | tei:date | tei:quote | tei:cit | tei:soCalled
                        | tei:title | tei:said | tei:bibl | tei:choice)[@resp or @cert]
                       | tei:choice" priority="10">
    <xsl:variable name="out" as="node()*"><xsl:next-match/></xsl:variable>
    <!-- who: the converter ('conv') or the editors (any other responsibility); none when the TEI
         names nobody (a choice with neither @resp nor @cert) -->
    <xsl:variable name="resp" select="if (normalize-space(@resp) = '#conv') then 'conv'
      else if (@resp) then 'editors' else if (@cert) then 'conv' else ()"/>
    <xsl:variable name="source" select="."/>
    <xsl:for-each select="$out">
      <xsl:choose>
        <xsl:when test="self::* and position() = 1">
          <xsl:copy>
            <xsl:copy-of select="@*"/>
            <xsl:if test="exists($resp)"><xsl:attribute name="data-resp" select="$resp"/></xsl:if>
            <xsl:if test="$source/@cert"><xsl:attribute name="data-cert" select="$source/@cert"/></xsl:if>
            <xsl:if test="$source/self::tei:choice"><xsl:attribute name="tabindex" select="'0'"/></xsl:if>
            <xsl:copy-of select="node()"/>
          </xsl:copy>
        </xsl:when>
        <xsl:otherwise><xsl:copy-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The editorial layer's figures for the about page: how much the converter did, how much the
       editors have reviewed, how many page numbers are inferred. -->
  <xsl:template name="w:provenance-figures">
    <!-- counted in the texts' records (w:site-record) -->
    <xsl:variable name="annotated" select="$w:recorded/w:ann"/>
    <xsl:variable name="all" select="w:sum($annotated/@all)"/>
    <xsl:variable name="machine" select="w:sum($annotated/@conv)"/>
    <xsl:variable name="pbs" select="$w:recorded/w:pbs"/>
    <p class="provenance-summary">Of the <strong>{$all}</strong> annotations in the texts (names, dates,
      quotations, corrections, speeches), <strong>{$machine}</strong> were made by the converter and not yet
      reviewed, <strong>{$all - $machine}</strong> reviewed or made by the editors.
      <strong>{w:sum($pbs/@inferred)}</strong> of the <strong>{w:sum($pbs/@all)}</strong> printed page numbers are inferred
      from the sequence of pages (the scan lost the number); they are shown in italics.</p>
    <table class="provenance-table">
      <caption>Converter annotations by kind and certainty</caption>
      <thead><tr><th scope="col">kind</th><th scope="col">high</th><th scope="col">medium</th><th scope="col">low</th><th scope="col">no certainty given</th><th scope="col">reviewed</th></tr></thead>
      <tbody>
        <xsl:for-each-group select="$annotated" group-by="string(@kind)">
          <xsl:sort select="w:sum(current-group()/@all)" order="descending"/>
          <xsl:variable name="g" select="current-group()"/>
          <tr>
            <th scope="row">{current-grouping-key()}</th>
            <td>{w:sum($g/@high)}</td>
            <td>{w:sum($g/@medium)}</td>
            <td>{w:sum($g/@low)}</td>
            <td>{w:sum($g/@none)}</td>
            <td>{w:sum($g/@all) - w:sum($g/@conv)}</td>
          </tr>
        </xsl:for-each-group>
      </tbody>
    </table>
  </xsl:template>

  <!-- The key to the editorial layer (shown with it). -->
  <xsl:template name="w:layer-legend">
    <div class="layer-legend" data-pagefind-ignore="">
      <p class="legend-title">Editorial layer</p>
      <ul>
        <li><span class="lg lg-name">name</span> person or organisation (links to the register)</li>
        <li><span class="lg lg-date">date</span> date (links to the chronology)</li>
        <li><span class="lg lg-quote">quotation</span> quotation, title or so-called term</li>
        <li><span class="lg lg-corr">correction</span> corrected reading (focus or tap it for the source's)</li>
        <li><span class="lg lg-editors">solid</span> reviewed by the editors · <span class="lg lg-high">dashed</span> converter, high certainty ·
          <span class="lg lg-medium">dotted</span> converter, medium · <span class="lg lg-low">wavy</span> converter, low</li>
        <li><span class="lg-page">p. 12</span> printed page read from the scan · <span class="lg-page lg-page-inferred">p. 13</span> page number inferred</li>
      </ul>
    </div>
  </xsl:template>
</xsl:stylesheet>
