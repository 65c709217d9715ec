<?xml version="1.0" encoding="UTF-8"?>
<!--
  Speeches: sp (a speech or turn, @who), speaker, interjections (said[@who]), audience reactions
  (incident, vocal, kinesic with @type: applause, laughter, ...) and stage directions. Reactions
  keep the printed words; the class ed-reaction-TYPE lets the CSS set them apart.
  Speaker names come from the register (names.xsl) when the text names none.
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

  <!-- The speakers of a @who ('per:stalin per:voice'), as names. -->
  <xsl:function name="ed:speaker-names" as="xs:string">
    <xsl:param name="who" as="xs:string?"/>
    <xsl:sequence select="string-join(for $w in tokenize(normalize-space($who), ' ')
                                      return ed:entity-name(ed:entity-key($w)), ', ')"/>
  </xsl:function>

  <xsl:template match="tei:sp">
    <div class="ed-sp" data-who="{string-join(for $w in tokenize(normalize-space(@who), ' ') return ed:entity-key($w), ' ')}">
      <xsl:call-template name="ed:id"/>
      <xsl:if test="not(tei:speaker) and @who">
        <!-- The speaker's name is not in the source here: supplied, and kept out of the search index. -->
        <p class="ed-speaker ed-speaker-supplied" data-pagefind-ignore="">{ed:speaker-names(@who)}</p>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <p class="ed-speaker">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:said">
    <span class="ed-said" data-who="{ed:entity-key(@who)}">
      <xsl:call-template name="ed:id"/>
      <xsl:if test="@who"><xsl:attribute name="title">interjection: {ed:speaker-names(@who)}</xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:incident | tei:vocal | tei:kinesic">
    <span class="ed-reaction ed-reaction-{(@type, local-name())[1]}" role="note"
          aria-label="audience: {(@type, local-name())[1]}">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:incident/tei:desc | tei:vocal/tei:desc | tei:kinesic/tei:desc">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:stage">
    <span class="ed-stage"><xsl:call-template name="ed:id"/><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
