<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes on the web: a note's call is a link to the note in the list at the end of the page
  (works without JavaScript); edition.js turns the link into an accessible pop-up (keyboard and
  touch). Footnotes (note[@place='foot'] at the call) and editorial notes are listed at the end of
  their page; endnotes (note[@place='end'] in div[@type='notes']) are rendered where they stand
  and, on any other page that calls them, also in that page's list.
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

  <xsl:function name="w:note-mark" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if ($note/@n) then string($note/@n)
                          else if ($note/@type = 'editorial') then '†' else ed:note-label($note)"/>
  </xsl:function>

  <xsl:function name="w:call-id" as="xs:string">
    <xsl:param name="call" as="element()"/>
    <xsl:sequence select="if ($call/self::tei:note) then 'call-' || ed:note-id($call)
      else 'call-' || ed:slug($call) || '-' || substring-after($call/@target, '#') || '-'
           || index-of(key('ed:note-calls', substring-after($call/@target, '#'), root($call)) ! generate-id(.),
                       generate-id($call))[1]"/>
  </xsl:function>

  <!-- A note standing in the text: only its call here; its body goes to the list. -->
  <!-- A call's mark is CSS generated content from data-n (like a page number): copying a passage
       copies the reading text without note numbers; the link's label names the note. -->
  <xsl:template match="tei:note">
    <a class="note-call note-call-{ed:note-kind(.)}" id="{w:call-id(.)}" href="#{ed:note-id(.)}"
       role="doc-noteref" aria-label="{ed:note-by(.)} {w:note-mark(.)}" data-n="{w:note-mark(.)}"></a>
  </xsl:template>

  <!-- An endnote where it stands (the notes division). -->
  <xsl:template match="tei:note[ed:note-kind(.) = 'end']">
    <xsl:call-template name="w:note-entry"/>
  </xsl:template>

  <xsl:template match="tei:ref[@type='noteCall']">
    <xsl:variable name="id" select="substring-after(normalize-space(@target), '#')"/>
    <xsl:variable name="note" select="if ($id) then id($id)[self::tei:note] else ()"/>
    <xsl:choose>
      <xsl:when test="$note">
        <a class="note-call note-call-end" id="{w:call-id(.)}" href="#{$id}" role="doc-noteref"
           aria-label="Note {w:note-mark($note)}" data-n="{normalize-space(.)}"></a>
      </xsl:when>
      <xsl:otherwise>
        <!-- the source prints this call but not the note: shown in the diplomatic view only -->
        <span class="note-call note-missing" data-n="{normalize-space(.)}"></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="w:note-entry">
    <xsl:param name="page" as="xs:string" select="w:page-of(.)"/>
    <xsl:param name="element" as="xs:string" select="'div'"/>
    <xsl:param name="indexed" as="xs:boolean" select="true()"/>
    <xsl:element name="{$element}">
      <xsl:attribute name="id" select="ed:note-id(.)"/>
      <xsl:attribute name="class" select="'note note-' || ed:note-kind(.) || @type ! (' note-' || .)"/>
      <!-- A note role where HTML allows one (not on li: the list is the notes section). -->
      <xsl:if test="$element != 'li'"><xsl:attribute name="role" select="'doc-footnote'"/></xsl:if>
      <!-- An endnote copied onto a calling page is indexed once, on its own page. -->
      <xsl:if test="not($indexed)"><xsl:attribute name="data-pagefind-ignore" select="''"/></xsl:if>
      <!-- The source's own label (endnotes print their number) stands as the label. -->
      <span class="note-label">
        <xsl:choose>
          <xsl:when test="tei:label[1][not(preceding-sibling::*)]"><xsl:apply-templates select="tei:label[1]/node()"/></xsl:when>
          <xsl:otherwise>{w:note-mark(.)}</xsl:otherwise>
        </xsl:choose>
      </span>
      <span class="visually-hidden"> {ed:note-by(.)}</span>
      <div class="note-body">
        <xsl:apply-templates select="." mode="ed:note-body"/>
      </div>
      <!-- Back to the call(s) on this page. -->
      <xsl:variable name="calls" select="if (ed:note-kind(.) = 'end')
        then key('ed:note-calls', ed:note-id(.), root(.))[w:page-of(.) = $page] else ."/>
      <xsl:for-each select="$calls">
        <a class="note-back" href="#{w:call-id(.)}" aria-label="back to the text">↩</a>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <!-- The notes of a page at its end: footnotes standing on it, endnotes it calls from elsewhere. -->
  <xsl:template name="w:note-list">
    <xsl:param name="scope" as="element()"/>
    <xsl:variable name="page" select="w:page-of($scope)"/>
    <xsl:variable name="foot" select="$scope//tei:note[not(ed:note-kind(.) = 'end')][not(@type = 'source')]
      [not(ancestor::tei:note)][w:page-of(.) = $page]"/>
    <xsl:variable name="called" select="($scope//tei:ref[@type='noteCall'][@target][w:page-of(.) = $page]
      ! id(substring-after(normalize-space(@target), '#'), root(.))[self::tei:note])"/>
    <xsl:variable name="end" select="$called[not(w:page-of(.) = $page)]"/>
    <xsl:if test="$foot or $end">
      <section class="note-list" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$foot | $end">
            <xsl:call-template name="w:note-entry">
              <xsl:with-param name="page" select="$page"/>
              <xsl:with-param name="element" select="'li'"/>
              <xsl:with-param name="indexed" select="not(. intersect $end)"/>
            </xsl:call-template>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
