<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of persons. Names come from the register (tei/register.xml) when it exists, else from
  the mentions themselves; page numbers are measured in the rendered main part by pdf.py and passed
  in as JSON ($index-pages), since CSS cannot merge repeated page numbers.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:pr="urn:edition:print"
  xmlns:ed="urn:edition:common"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- "Stalin, J. V." from the register's full name (names.xsl), else from the first mention. -->
  <xsl:function name="pr:person-name" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <xsl:variable name="person" select="ed:entity('per-' || $key)"/>
    <xsl:variable name="pn" select="($person/tei:persName[@type='full'], $person/tei:persName)[1]"/>
    <xsl:variable name="full" select="if ($pn) then normalize-space($pn) else ed:plain($mentions[1])"/>
    <xsl:variable name="words" select="tokenize($full, ' ')"/>
    <xsl:sequence select="
      if ($pn/tei:surname) then string-join(($pn/tei:surname, $pn/tei:forename) ! normalize-space(.), ', ')
      else if (count($words) gt 1 and $person)
      then $words[last()] || ', ' || string-join($words[position() lt last()], ' ')
      else $full"/>
  </xsl:function>

  <xsl:key name="pr:div-by-id" match="tei:div[@xml:id]" use="@xml:id"/>
  <xsl:variable name="root" select="/"/>

  <xsl:template name="person-index">
    <xsl:variable name="pages" select="parse-json($index-pages)" as="map(*)"/>
    <xsl:variable name="mentions" select="//tei:text//tei:persName[@ref]"/>
    <section class="div index" id="{$slug}-index" data-rh="Index of Persons">
      <!-- the contents link to the slot page the index replaces: the same anchor here -->
      <h1 class="head index-title" id="{$slug}-index-slot">Index of Persons</h1>
      <div class="index-entries">
        <xsl:for-each-group select="$mentions"
            group-by="tokenize(@ref)[starts-with(., 'per:')] ! substring-after(., 'per:')">
          <xsl:sort select="lower-case(pr:person-name(current-grouping-key(), current-group()))"/>
          <xsl:variable name="key" select="current-grouping-key()"/>
          <xsl:variable name="locators" select="$pages($key)"/>
          <div class="index-entry" data-key="{$key}">
            <span class="index-name">{pr:person-name($key, current-group())}</span>
            <xsl:choose>
              <!-- many locators: one subentry per work (pdf.py groups them), in page order -->
              <xsl:when test="$locators instance of array(*)">
                <xsl:for-each select="array:flatten($locators)[position() mod 2 = 1]">
                  <xsl:variable name="i" select="position()"/>
                  <xsl:variable name="work" select="key('pr:div-by-id', ., $root)"/>
                  <div class="index-sub">{if ($work) then pr:div-title($work) else 'Front matter'}: <span class="index-pages">{array:flatten($locators)[2 * $i]}</span></div>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <xsl:text>, </xsl:text>
                <span class="index-pages">{($locators, '–')[1]}</span>
              </xsl:otherwise>
            </xsl:choose>
          </div>
        </xsl:for-each-group>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
