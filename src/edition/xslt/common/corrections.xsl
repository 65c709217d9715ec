<?xml version="1.0" encoding="UTF-8"?>
<!--
  Corrections and normalisation (choice/sic+corr, orig+reg, abbr+expan; supplied, unclear, del, add,
  gap, soft hyphens). Both readings are written; the stylesheet's CSS chooses which one shows:
  .ed-corr/.ed-reg/.ed-expan are the reading text, .ed-sic/.ed-orig/.ed-abbr the source's form
  (hidden in the reading view, shown in a diplomatic view; carries data-pagefind-ignore so that
  search indexes one reading). The choice's title attribute names the other reading (hover).
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

  <xsl:template match="tei:choice">
    <xsl:variable name="reading" select="(tei:corr, tei:reg, tei:expan)[1]"/>
    <xsl:variable name="source" select="(tei:sic, tei:orig, tei:abbr)[1]"/>
    <span class="ed-choice ed-choice-{local-name($reading)}"
          title="{if ($source/self::tei:sic) then 'source reads' else 'source form'}: {normalize-space($source)}">
      <xsl:apply-templates select="$reading"/>
      <xsl:apply-templates select="$source"/>
      <xsl:apply-templates select="* except ($reading, $source)"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:corr | tei:reg | tei:expan">
    <span class="ed-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:sic | tei:orig | tei:abbr">
    <span class="ed-{local-name()}" data-pagefind-ignore="">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A sic or abbr alone (no choice) is the text as printed. -->
  <xsl:template match="tei:sic[not(parent::tei:choice)] | tei:abbr[not(parent::tei:choice)]">
    <span class="ed-{local-name()}-alone"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <span class="ed-supplied" title="supplied by the editors">[<xsl:apply-templates/>]</span>
  </xsl:template>

  <xsl:template match="tei:unclear">
    <span class="ed-unclear" title="unclear in the source"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:del">
    <del class="ed-del"><xsl:apply-templates/></del>
  </xsl:template>

  <xsl:template match="tei:add">
    <ins class="ed-add"><xsl:apply-templates/></ins>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="ed-gap" title="{(@reason, 'omitted')[1]}">[…]</span>
  </xsl:template>

  <xsl:template match="tei:space">
    <span class="ed-space"> </span>
  </xsl:template>

  <!-- Soft line-end hyphen: kept, shown only in the diplomatic view. -->
  <xsl:template match="tei:pc[@force='weak']">
    <span class="ed-soft-hyphen" data-pagefind-ignore=""><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:pc">
    <xsl:apply-templates/>
  </xsl:template>
</xsl:stylesheet>
