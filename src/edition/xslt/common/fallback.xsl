<?xml version="1.0" encoding="UTF-8"?>
<!--
  The generic fallback, for web and print alike, for elements no template knows (foreign TEI):
  their content is rendered, as a block or inline, and an xsl:message warns (once per element
  name and document), so no text is ever dropped or run into its neighbours silently, as the
  TEI Consortium's stylesheets do. Import this module FIRST (lowest import precedence), so every
  other template wins over it.

  Block or inline follows the element's TEI classes: ed:block-elements lists the members of
  tei_all's block-level classes (model.divLike, model.divPart, model.pLike, model.lLike,
  model.listLike, model.headLike, model.divTop/Bottom and their parts, model.frontPart,
  model.entryLike) and the structural containers (text, body, table, figure, sp, …), taken
  from schema/tei/tei_all.rng. A block inside mixed content (a list in a p) stays inline: HTML
  cannot nest a block in a paragraph.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:variable name="ed:block-elements" as="xs:string*"
    select="tokenize('ab annotationBlock argument back body byline castList closer dateline div divGen docAuthor docDate eTree entry entryFree epigraph epilogue figure floatingText forest front graph group head item l lg list listApp listBibl listEvent listForest listNym listObject listOrg listPerson listPlace listRelation listWit meeting msDesc opener p performance postscript prologue row salute schemaSpec set signed sp spGrp superEntry table text titlePage trailer tree u')"/>

  <!-- the first element of each name in a document: the one that warns -->
  <xsl:key name="ed:by-name" match="*" use="node-name()"/>

  <xsl:template match="*">
    <xsl:variable name="block" as="xs:boolean"
      select="(local-name() = $ed:block-elements or self::tei:note) and not(../text()[normalize-space()])"/>
    <xsl:if test=". is key('ed:by-name', node-name())[1]">
      <xsl:message>warning: {string((root()/*/@xml:id, tokenize(base-uri(.), '/')[last()], 'document')[1])}: no template for &lt;{name()}&gt;; its content is rendered as a generic {if ($block) then 'block' else 'inline element'}</xsl:message>
    </xsl:if>
    <xsl:choose>
      <!-- a note no rule places (a margin note, say) must not run into the text around it -->
      <xsl:when test="self::tei:note or self::tei:noteGrp">
        <xsl:element name="{if ($block) then 'aside' else 'span'}">
          <xsl:attribute name="class">tei-unknown tei-{local-name()}</xsl:attribute>
          <xsl:attribute name="data-tei" select="local-name()"/>
          <xsl:text>[</xsl:text><xsl:apply-templates/><xsl:text>]</xsl:text>
        </xsl:element>
      </xsl:when>
      <xsl:when test="$block">
        <div class="tei-unknown tei-{local-name()}" data-tei="{local-name()}"><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-unknown tei-{local-name()}" data-tei="{local-name()}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
