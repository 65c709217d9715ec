<?xml version="1.0" encoding="UTF-8"?>
<!--
  Quotations and references to works: cit/quote/bibl, q, said (outside speeches), soCalled, title,
  term, mentioned, foreign, hi, emph. Quotation marks stay in the text as printed, so none are added.
  A block quotation (cit or quote that stands as a block) becomes a blockquote with its source
  (bibl) as a footer; inline ones become q-less spans (marks are printed in the text).
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

  <!-- A block-level cit/quote: not inside a paragraph-like element. -->
  <xsl:function name="ed:is-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="empty($el/ancestor::*[self::tei:p or self::tei:head or self::tei:item
      or self::tei:note or self::tei:l or self::tei:ab or self::tei:cell or self::tei:said
      or self::tei:q or self::tei:quote or self::tei:dateline or self::tei:signed])"/>
  </xsl:function>

  <xsl:template match="tei:cit[ed:is-block(.)]">
    <figure class="ed-cit">
      <xsl:call-template name="ed:id"/>
      <blockquote class="ed-quote">
        <xsl:apply-templates select="tei:quote/node()"/>
      </blockquote>
      <xsl:if test="tei:bibl">
        <figcaption class="ed-cit-source"><xsl:apply-templates select="tei:bibl"/></figcaption>
      </xsl:if>
      <xsl:apply-templates select="* except (tei:quote, tei:bibl)"/>
    </figure>
  </xsl:template>

  <xsl:template match="tei:cit">
    <span class="ed-cit">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:quote[ed:is-block(.)][not(parent::tei:cit)]">
    <blockquote class="ed-quote">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>

  <xsl:template match="tei:quote">
    <span class="ed-quote">
      <xsl:call-template name="ed:id"/>
      <xsl:if test="../tei:bibl"><xsl:attribute name="title">source: {normalize-space(../tei:bibl)}</xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:cit/tei:bibl">
    <cite class="ed-bibl"><xsl:apply-templates/></cite>
  </xsl:template>

  <xsl:template match="tei:bibl">
    <span class="ed-bibl ed-bibl-{(@type, 'ref')[1]}">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:bibl/tei:author | tei:bibl/tei:editor | tei:bibl/tei:biblScope
                       | tei:bibl/tei:pubPlace | tei:bibl/tei:publisher | tei:bibl/tei:edition
                       | tei:bibl/tei:idno">
    <span class="ed-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:listBibl">
    <ul class="ed-listBibl">
      <xsl:for-each select="tei:bibl"><li><xsl:apply-templates select="."/></li></xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="tei:title">
    <cite class="ed-title"><xsl:apply-templates/></cite>
  </xsl:template>

  <xsl:template match="tei:q | tei:soCalled | tei:mentioned | tei:term | tei:gloss | tei:seg | tei:w
                       | tei:num | tei:measure | tei:time | tei:name | tei:rs | tei:forename
                       | tei:surname | tei:roleName | tei:addName">
    <span class="ed-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:foreign">
    <i class="ed-foreign">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates/>
    </i>
  </xsl:template>

  <xsl:template match="tei:emph">
    <em class="ed-emph"><xsl:apply-templates/></em>
  </xsl:template>

  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="normalize-space(@rend)"/>
    <xsl:choose>
      <xsl:when test="matches($rend, 'italic')"><i class="ed-hi"><xsl:apply-templates/></i></xsl:when>
      <xsl:when test="matches($rend, 'bold')"><b class="ed-hi"><xsl:apply-templates/></b></xsl:when>
      <xsl:when test="matches($rend, 'sup')"><sup class="ed-hi"><xsl:apply-templates/></sup></xsl:when>
      <xsl:otherwise>
        <span class="ed-hi ed-hi-{translate($rend, ' ', '-')}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Copy a TEI xml:id onto the HTML element (stable anchors). -->
  <xsl:template name="ed:id">
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
  </xsl:template>
</xsl:stylesheet>
