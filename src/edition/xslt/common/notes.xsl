<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes: what the web and print editions share. Where a note shows (pop-up, page foot, list at the
  end) is the format's decision; the note's body and its label are the same everywhere:
    mode ed:note-body     the note's content as HTML blocks (a p around bare text)
    ed:note-label($note)  its printed mark (functions.xsl); ed:note-id($note) its stable id
    ed:note-kind($note)   'foot' | 'end' | 'editorial' | 'margin'
    ed:note-calls         key: the ref[@type='noteCall'] elements pointing at an endnote id
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:key name="ed:note-calls" match="tei:ref[@type='noteCall'][@target]"
           use="tokenize(normalize-space(@target), ' ') ! substring-after(., '#')"/>

  <xsl:function name="ed:note-kind" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if ($note/@type = 'editorial') then 'editorial'
                          else if ($note/@place = 'end' or $note/ancestor::tei:div[@type='notes']) then 'end'
                          else if ($note/@place = 'margin') then 'margin' else 'foot'"/>
  </xsl:function>

  <!-- The body of a note: block children as they are, bare text in one p. -->
  <!-- The note's leading label (its printed number) is the format's to place: not in the body. -->
  <xsl:template match="tei:note" mode="ed:note-body">
    <xsl:variable name="content" select="node() except tei:label[1][not(preceding-sibling::*)]"/>
    <xsl:choose>
      <xsl:when test="tei:p | tei:list | tei:cit | tei:quote[not(ancestor::tei:p)] | tei:lg | tei:table">
        <xsl:apply-templates select="$content"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="ed-note-text"><xsl:apply-templates select="$content"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Who is responsible for a note, for a label such as "Translator's note". -->
  <xsl:function name="ed:note-by" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if ($note/@type = 'translator') then 'Translator’s note'
                          else if ($note/@type = 'editorial') then 'Editors’ note'
                          else if (ed:note-kind($note) = 'end') then 'Note' else 'Footnote'"/>
  </xsl:function>
</xsl:stylesheet>
