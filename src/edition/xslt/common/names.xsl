<?xml version="1.0" encoding="UTF-8"?>
<!--
  Dates, persons and organisations. Names link to the register and dates to the chronology through
  the hooks ed:entity-href / ed:date-href (functions.xsl; empty = no link, as in print).
  The register is the global parameter ed:register, the document the caller parsed (absent when
  there is none): the stylesheets read no file themselves (no doc()), so nothing outside the edition.
  Default mode; an importing stylesheet overrides any template by import precedence.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:param name="ed:register" as="document-node()?" select="()"/>
  <xsl:key name="ed:entity" match="tei:person | tei:org | tei:place" use="@xml:id"/>

  <!-- The register entry for a key ('per-stalin'), if the register has it. -->
  <xsl:function name="ed:entity" as="element()?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="if (exists($ed:register)) then key('ed:entity', $key, $ed:register)[1] else ()"/>
  </xsl:function>

  <!-- The full name of an entry: its first persName/orgName/placeName, else the key. -->
  <xsl:function name="ed:entity-name" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="e" select="ed:entity($key)"/>
    <xsl:sequence select="if ($e) then normalize-space(($e/tei:persName, $e/tei:orgName, $e/tei:placeName)[1])
                          else replace($key, '^(per|org|place)-', '')"/>
  </xsl:function>

  <xsl:template match="tei:persName[@ref] | tei:orgName[@ref] | tei:placeName[@ref]">
    <xsl:variable name="key" select="ed:entity-key(@ref)"/>
    <xsl:variable name="href" select="ed:entity-href($key)"/>
    <xsl:variable name="class" select="concat('ed-name ed-', local-name())"/>
    <xsl:choose>
      <xsl:when test="$href != ''">
        <a class="{$class}" href="{$href}" title="{ed:entity-name($key)}" data-ref="{$key}">
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$class}" data-ref="{$key}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:persName | tei:orgName | tei:placeName">
    <span class="ed-name ed-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:date">
    <xsl:variable name="href" select="ed:date-href(.)"/>
    <xsl:variable name="iso" select="ed:date-start(.)"/>
    <xsl:choose>
      <xsl:when test="$href != ''">
        <a class="ed-date" href="{$href}" title="{ed:date-label(.)}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:when test="$iso != ''">
        <time class="ed-date" datetime="{$iso}" title="{ed:date-label(.)}"><xsl:apply-templates/></time>
      </xsl:when>
      <xsl:otherwise><span class="ed-date"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
