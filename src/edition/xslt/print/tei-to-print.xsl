<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI → print HTML for CSS Paged Media (WeasyPrint). Layout decisions that exist only on paper
  (title page, imprint, contents with page numbers, footnotes at the page foot, margin page
  numbers of the source, the index skeleton) live here and in print.css.

  Parameters:
    build-date     the date printed in the imprint (xs:string)
    ed:register    tei/register.xml as a document node (names.xsl), absent when there is none
    css-href       the print stylesheet, linked from the HTML
    part           'main' (the book without its index) or 'index' (only the index pages)
    index-pages    JSON object {person key: "12, 15"} filled in from the rendered main part
    first-page     the folio of the first index page

  Unknown elements: their content is rendered and an xsl:message warns, never a silent loss.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:pr="urn:edition:print"
  xmlns:ed="urn:edition:common"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Shared with the web edition: what a note, quotation, correction, speaker, name looks like. -->
  <xsl:import href="../common/fallback.xsl"/>
  <xsl:import href="../common/functions.xsl"/>
  <xsl:import href="../common/corrections.xsl"/>
  <xsl:import href="../common/names.xsl"/>
  <xsl:import href="../common/notes.xsl"/>
  <xsl:import href="../common/quotations.xsl"/>
  <xsl:import href="../common/speech.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:param name="build-date" as="xs:string" select="string(current-date())"/>
  <xsl:param name="css-href" as="xs:string" select="'print.css'"/>
  <xsl:param name="part" as="xs:string" select="'main'"/>
  <xsl:param name="index-pages" as="xs:string" select="'{}'"/>
  <xsl:param name="first-page" as="xs:integer" select="1"/>

  <xsl:include href="print-text.xsl"/>
  <xsl:include href="print-index.xsl"/>


  <xsl:variable name="slug" as="xs:string"
    select="string((/tei:TEI/tei:teiHeader//tei:idno[@type='slug'], /tei:TEI/@xml:id)[1])"/>
  <xsl:variable name="title-stmt" select="/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
  <xsl:variable name="main-title" as="xs:string"
    select="normalize-space(($title-stmt/tei:title[@type='main'], $title-stmt/tei:title)[1])"/>
  <xsl:variable name="author" as="xs:string"
    select="string-join($title-stmt/tei:author/normalize-space(), '; ')"/>
  <xsl:variable name="is-book" as="xs:boolean"
    select="exists(//tei:text//tei:div[@type='work']) or count(//tei:text//tei:pb) gt 100"/>
  <xsl:variable name="has-index" as="xs:boolean"
    select="exists(//tei:text//tei:persName[tokenize(@ref) ! starts-with(., 'per:') = true()])"/>
  <!-- The divisions listed in the contents: works in a volume, else the top divisions. -->
  <xsl:variable name="toc-divs" as="element(tei:div)*"
    select="if (//tei:text//tei:div[@type='work'])
            then //tei:text//tei:div[@type='work'] | //tei:text/tei:back/tei:div | //tei:text/tei:front/tei:div
            else //tei:text/(tei:front|tei:body|tei:back)/tei:div[tei:head]
                 | //tei:text/tei:body/tei:div[@type='text']/tei:div[tei:head]"/>

  <xsl:template match="/">
    <html lang="{(/tei:TEI/@xml:lang, 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <title>{$main-title}</title>
        <meta name="author" content="{$author}"/>
        <meta name="description" content="{normalize-space(string-join($title-stmt/tei:title, ': '))}"/>
        <meta name="generator" content="edition print stylesheet (XSLT 3.0, WeasyPrint)"/>
        <meta name="dcterms.created" content="{$build-date}"/>
        <link rel="stylesheet" href="{$css-href}"/>
        <xsl:if test="$part = 'index'">
          <style>@page:first {{ counter-reset: page {$first-page} footnote; }}</style>
        </xsl:if>
      </head>
      <body class="{if ($is-book) then 'book' else 'offprint'} part-{$part}"
            data-volume="{($title-stmt/tei:title[@type='short']/normalize-space(), $main-title)[1]}">
        <xsl:choose>
          <xsl:when test="$part = 'index'">
            <xsl:call-template name="person-index"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="title-page"/>
            <xsl:call-template name="imprint"/>
            <xsl:if test="count($toc-divs) gt 1">
              <xsl:call-template name="contents"/>
            </xsl:if>
            <xsl:apply-templates select="/tei:TEI/tei:text"/>
            <xsl:if test="$has-index">
              <!-- Holds the index's first page (a recto): pdf.py drops it and joins the index there. -->
              <div class="index-slot" id="{$slug}-index-slot"/>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </body>
    </html>
  </xsl:template>

  <!-- ===== front matter of the print edition ===== -->

  <xsl:template name="title-page">
    <section class="title-page">
      <p class="tp-author">{$author}</p>
      <h1 class="tp-title" id="top">{$main-title}</h1>
      <xsl:for-each select="$title-stmt/tei:title[@type='sub']">
        <p class="tp-sub">{normalize-space(.)}</p>
      </xsl:for-each>
      <p class="tp-publisher">{normalize-space(/tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher[1])}</p>
    </section>
  </xsl:template>

  <xsl:template name="imprint">
    <xsl:variable name="fd" select="/tei:TEI/tei:teiHeader/tei:fileDesc"/>
    <section class="imprint">
      <p class="im-edition"><span class="im-label">Edition:</span> {pr:sentence($main-title)}
        {pr:sentence(normalize-space(string-join($title-stmt/tei:title[@type='sub'], ' ')))}
        {normalize-space(($fd/tei:publicationStmt/tei:publisher)[1])}.</p>
      <xsl:for-each select="$fd/tei:sourceDesc/tei:bibl">
        <p class="im-source"><span class="im-label">Source:</span>
          <xsl:text> </xsl:text>
          <xsl:value-of select="pr:typographic(normalize-space(string-join(
            (tei:author, tei:title, tei:biblScope, tei:pubPlace, tei:publisher, tei:date) ! normalize-space(.), ', ')))"/>.
          <xsl:for-each select="tei:note">{' ' || pr:typographic(normalize-space(.))}</xsl:for-each>
        </p>
      </xsl:for-each>
      <xsl:for-each select="$title-stmt/tei:respStmt">
        <p class="im-resp"><span class="im-label">{upper-case(substring(normalize-space(tei:resp), 1, 1)) || substring(normalize-space(tei:resp), 2)}:</span>
          {' ' || string-join((tei:name, tei:orgName, tei:persName) ! normalize-space(.), ', ')}.</p>
      </xsl:for-each>
      <xsl:for-each select="$fd/tei:publicationStmt/tei:availability/tei:licence">
        <p class="im-licence"><span class="im-label">Licence:</span> {normalize-space(.)}<xsl:if
          test="@target"> ({@target})</xsl:if>.</p>
      </xsl:for-each>
      <p class="im-date"><span class="im-label">Printed from the TEI on</span> {$build-date}.</p>
      <p class="im-note">Numbers in the margin such as [p. 29] give the pagination of the source.</p>
    </section>
  </xsl:template>

  <xsl:template name="contents">
    <nav class="toc">
      <h2 class="toc-title" id="{$slug}-contents">Contents</h2>
      <ol class="toc-list">
        <xsl:for-each select="$toc-divs">
          <li class="toc-{(@type, 'div')[1]}">
            <a href="#{pr:div-id(.)}"><span class="toc-text">{
              pr:div-title(.)
            }</span></a>
          </li>
          <!-- A work's chapters under it (one entry per headed division, when it has several);
               flat entries, so that each folio stands at the foot of its own entry. -->
          <xsl:for-each select="pr:chapters(.)">
            <!-- to the heading, not the division: a division's box may begin at the foot of the
                 page before the one its heading is carried to -->
            <li class="toc-chapter"><a href="#{(tei:head[not(@type='sub')][1]/@xml:id, pr:div-id(.))[1]}"><span class="toc-text">{
              pr:div-title(.)
            }</span></a></li>
          </xsl:for-each>
        </xsl:for-each>
        <xsl:if test="$has-index">
          <li class="toc-index"><a href="#{$slug}-index-slot"><span class="toc-text">Index of Persons</span></a></li>
        </xsl:if>
      </ol>
    </nav>
  </xsl:template>

  <!-- A title as a sentence of the imprint: a full stop unless it ends in one ("…revolution?"). -->
  <xsl:function name="pr:sentence" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (matches($text, '[.?!]$') or $text = '') then $text else $text || '.'"/>
  </xsl:function>

  <xsl:function name="pr:chapters" as="element(tei:div)*">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:variable name="headed" select="$div[@type = 'work']/tei:div[tei:head[normalize-space(ed:plain(.))]]"/>
    <xsl:sequence select="if (count($headed) ge 2) then $headed else ()"/>
  </xsl:function>

  <xsl:function name="pr:div-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="string(($div/@xml:id, generate-id($div))[1])"/>
  </xsl:function>

  <!-- A division's title for the contents and running heads: its heading in title case; a
       heading that is only a year ("1924" opening the chronicle, whose own title the scan
       lost) follows the label of the division's type. -->
  <xsl:function name="pr:div-title" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="head" select="($div/tei:head[not(@type='sub')])[1]"/>
    <xsl:variable name="plain" select="if ($head) then normalize-space(ed:plain($head)) else ''"/>
    <xsl:sequence select="
      if ($plain = '') then pr:div-label($div)
      else if (matches($plain, '^\d{1,4}$') and $div/@type) then pr:div-label($div) || ', ' || $plain
      else ed:title-case($plain)"/>
  </xsl:function>

  <xsl:function name="pr:div-label" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="
      if ($div/@type = 'notes') then 'Notes'
      else if ($div/@type = 'chronicle') then 'Biographical Chronicle'
      else if ($div/@type = 'preface') then 'Preface'
      else if ($div/@type = 'source') then 'Source'
      else string(($div/@n, $div/@type, 'Section')[1])"/>
  </xsl:function>

</xsl:stylesheet>
