<?xml version="1.0" encoding="UTF-8"?>
<!--
  Which HTML page a TEI node is on, the page shell (landmarks, navigation, downloads), and the
  pages of one text. A text with works (div[@type='work']) gets a volume page (<slug>.html: front
  matter, table of contents, page list), one page per work and one per back division; any other
  text is one page <slug>.html.
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

  <!-- ===== page units ===== -->

  <!-- The divisions of a document that get a page of their own (keys: computed once per document). -->
  <xsl:key name="w:works" match="tei:div[@type='work'][not(ancestor::tei:div[@type='work'])]" use="'work'"/>
  <xsl:key name="w:back-divs" match="tei:back/tei:div" use="'back'"/>

  <xsl:function name="w:units" as="element(tei:div)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="works" select="key('w:works', 'work', root($doc))"/>
    <xsl:sequence select="if ($works) then ($works | key('w:back-divs', 'back', root($doc))) else ()"/>
  </xsl:function>

  <xsl:function name="w:is-unit" as="xs:boolean">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="exists(key('w:works', 'work', root($div)))
      and ($div/self::tei:div[@type='work'][not(ancestor::tei:div[@type='work'])] or $div/parent::tei:back)"/>
  </xsl:function>

  <xsl:function name="w:unit-file" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="concat(if ($div/@xml:id) then string($div/@xml:id)
      else concat(ed:slug($div), '-', ($div/@type, 'div')[1], '-',
                  count($div/preceding::tei:div[@type = $div/@type]) + 1), '.html')"/>
  </xsl:function>

  <!-- The page file a node is on. A pb standing just before a unit belongs to that unit. -->
  <xsl:function name="w:page-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="unit" select="($node/ancestor-or-self::tei:div[w:is-unit(.)],
                                       $node/self::tei:pb/w:unit-after(.))[1]"/>
    <xsl:sequence select="if ($unit) then w:unit-file($unit) else concat(ed:slug($node), '.html')"/>
  </xsl:function>

  <xsl:function name="w:unit-after" as="element(tei:div)?">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="$pb/following-sibling::node()[not(self::text()[not(normalize-space())]
      or self::tei:fw or self::tei:pb)][1][self::tei:div[w:is-unit(.)]]"/>
  </xsl:function>

  <!-- A unit's title for the contents, <title>, previous/next links: its heading's plain text
       (ed:plain: no note calls, no notes), title-cased when the source prints it in capitals. -->
  <xsl:function name="w:unit-title" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="ed:title-case(ed:plain(($div/tei:head[not(@type='sub')])[1]))
      => w:or(concat('[', ($div/@type, 'division')[1], ' ', ($div/@n, '')[1], ']'))"/>
  </xsl:function>

  <xsl:function name="w:or" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:sequence select="if (normalize-space($s)) then $s else normalize-space($fallback)"/>
  </xsl:function>

  <!-- The title of a document (header). -->
  <xsl:function name="w:doc-title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="ts" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="normalize-space(($ts/tei:title[@type='main'], $ts/tei:title)[1])"/>
  </xsl:function>

  <!-- A short label for references: "Works, Volume 6: 1924, p. 29". -->
  <xsl:function name="w:page-label" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="pb" select="$node/preceding::tei:pb[@n][1]"/>
    <xsl:sequence select="concat(w:doc-title($node), if ($pb) then concat(', p. ', $pb/@n) else '')"/>
  </xsl:function>

  <!-- ===== hooks of the common stylesheets ===== -->

  <xsl:function name="ed:entity-href" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="concat('register.html#', $key)"/>
  </xsl:function>

  <xsl:function name="ed:date-href" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="iso" select="ed:date-start($date)"/>
    <xsl:sequence select="
      if ($iso = '') then ''
      else if ($iso = $w:chronology-days) then concat('chronology.html#d', $iso)
      else if (substring($iso, 1, 4) = $w:chronology-years) then concat('chronology.html#y', substring($iso, 1, 4))
      else ''"/>
  </xsl:function>

  <!-- ===== the page shell ===== -->

  <xsl:template name="w:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="body-class" as="xs:string" select="''"/>
    <xsl:param name="tei-slug" as="xs:string?" select="()"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$title} — {$w:edition-title}</title>
        <!-- No favicon: an empty data URI keeps the browser from asking the server for one. -->
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="assets/edition.css"/>
        <script src="assets/edition.js" defer=""></script>
      </head>
      <body class="{$body-class}">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title"><a href="index.html">{$w:edition-title}</a></p>
          <nav class="site-nav" aria-label="Edition">
            <ul>
              <li><a href="index.html">Home</a></li>
              <li><a href="register.html">Register</a></li>
              <li><a href="chronology.html">Chronology</a></li>
              <li><a href="about.html">About</a></li>
              <li><a href="search.html">Search</a></li>
            </ul>
          </nav>
          <form class="site-search" action="search.html" method="get" role="search">
            <label for="site-search-q" class="visually-hidden">Search the edition</label>
            <input id="site-search-q" type="search" name="q" placeholder="Search the edition"/>
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site-footer">
          <xsl:if test="exists($tei-slug)">
            <p class="downloads">Download: <a href="tei/{$tei-slug}.xml" download="">TEI XML</a><xsl:if
              test="$tei-slug = $pdf-slugs"> · <a href="pdf/{$tei-slug}.pdf">PDF</a></xsl:if></p>
          </xsl:if>
          <p>{$w:edition-title}. {$w:licence}</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:variable name="w:edition-title" as="xs:string"
    select="w:or(normalize-space(substring-before(string(($edition//tei:projectDesc/tei:p)[1]), ':')),
                 'Digital Edition')"/>
  <xsl:variable name="w:licence" as="xs:string"
    select="normalize-space(($edition//tei:licence)[1])"/>

  <!-- ===== the pages of one text ===== -->

  <xsl:template name="w:text-pages">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="slug" select="ed:slug(.)"/>
    <xsl:variable name="units" select="w:units(.)"/>
    <xsl:variable name="lang" select="string((tei:TEI/@xml:lang, 'en')[1])"/>
    <xsl:result-document href="{$slug}.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="w:doc-title(.)"/>
        <xsl:with-param name="tei-slug" select="$slug"/>
        <xsl:with-param name="lang" select="$lang"/>
        <xsl:with-param name="body-class" select="'text-page'"/>
        <xsl:with-param name="content">
          <article class="text" data-pagefind-body="">
            <xsl:call-template name="w:text-header"/>
            <xsl:call-template name="w:reading-controls"/>
            <xsl:if test="$units">
              <xsl:call-template name="w:volume-toc"/>
            </xsl:if>
            <div class="text-body">
              <xsl:apply-templates select="tei:TEI/tei:text"/>
            </div>
            <xsl:call-template name="w:note-list">
              <xsl:with-param name="scope" select="tei:TEI/tei:text"/>
            </xsl:call-template>
          </article>
          <xsl:if test="$units">
            <xsl:call-template name="w:page-index"/>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:for-each select="$units">
      <xsl:variable name="i" select="position()"/>
      <xsl:result-document href="{w:unit-file(.)}" format="page">
        <xsl:call-template name="w:page">
          <xsl:with-param name="title" select="w:unit-title(.)"/>
          <xsl:with-param name="tei-slug" select="$slug"/>
          <xsl:with-param name="lang" select="$lang"/>
          <xsl:with-param name="body-class" select="'text-page unit-page'"/>
          <xsl:with-param name="content">
            <nav class="unit-nav" aria-label="Volume">
              <p><a href="{$slug}.html">{w:doc-title(.)}</a></p>
              <ul>
                <xsl:if test="$i gt 1">
                  <li><a rel="prev" href="{w:unit-file($units[$i - 1])}">Previous: {w:unit-title($units[$i - 1])}</a></li>
                </xsl:if>
                <xsl:if test="$i lt count($units)">
                  <li><a rel="next" href="{w:unit-file($units[$i + 1])}">Next: {w:unit-title($units[$i + 1])}</a></li>
                </xsl:if>
              </ul>
            </nav>
            <article class="text" data-pagefind-body="">
              <xsl:call-template name="w:reading-controls"/>
              <div class="text-body">
                <!-- The page this unit starts on, when its pb stands just before it. -->
                <xsl:variable name="unit" select="."/>
                <xsl:apply-templates select="preceding-sibling::tei:pb[w:unit-after(.) is $unit]
                  | preceding-sibling::tei:fw[preceding-sibling::tei:pb[1][w:unit-after(.) is $unit]]">
                  <xsl:with-param name="w:on-unit-page" select="true()" tunnel="yes"/>
                </xsl:apply-templates>
                <xsl:apply-templates select=".">
                  <xsl:with-param name="w:on-unit-page" select="true()" tunnel="yes"/>
                </xsl:apply-templates>
              </div>
              <xsl:call-template name="w:note-list">
                <xsl:with-param name="scope" select="."/>
              </xsl:call-template>
            </article>
            <details class="volume-toc-details">
              <summary>Contents of the volume</summary>
              <xsl:call-template name="w:volume-toc">
                <xsl:with-param name="current" select="."/>
              </xsl:call-template>
            </details>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="w:text-header">
    <xsl:variable name="h" select="tei:TEI/tei:teiHeader"/>
    <header class="text-header">
      <h1>{w:doc-title(.)}</h1>
      <p class="text-meta">
        <xsl:value-of select="string-join($h/tei:fileDesc/tei:titleStmt/tei:author/normalize-space(), '; ')"/>
        <xsl:for-each select="$h/tei:profileDesc/tei:creation/tei:date[1]">
          <xsl:text> · </xsl:text>
          <xsl:call-template name="w:header-date"/>
        </xsl:for-each>
      </p>
      <xsl:for-each select="$h/tei:fileDesc/tei:sourceDesc/tei:bibl[1]">
        <p class="text-source">Source: <xsl:apply-templates select="node() except (tei:idno, tei:note)" mode="w:header-bibl"/></p>
      </xsl:for-each>
    </header>
  </xsl:template>

  <!-- A header date: ISO content ("1926-01-25") is shown as words, other content as written. -->
  <xsl:template name="w:header-date">
    <time datetime="{ed:date-start(.)}">
      <xsl:value-of select="if (matches(normalize-space(.), '^\d{4}-\d{2}')) then ed:date-label(.) else normalize-space(.)"/>
    </time>
  </xsl:template>

  <!-- A source description: its parts separated by commas. -->
  <xsl:template match="*" mode="w:header-bibl">
    <xsl:if test="preceding-sibling::*"><xsl:text>, </xsl:text></xsl:if>
    <xsl:value-of select="normalize-space(.)"/>
  </xsl:template>
  <xsl:template match="text()" mode="w:header-bibl"/>

  <!-- The diplomatic toggle: a checkbox the CSS reads with :has(), so it works without JavaScript. -->
  <xsl:template name="w:reading-controls">
    <div class="reading-controls" data-pagefind-ignore="">
      <input type="checkbox" id="diplomatic-toggle" class="diplomatic-toggle"/>
      <label for="diplomatic-toggle">Diplomatic view (source readings, line ends, page furniture)</label>
    </div>
  </xsl:template>

  <xsl:template name="w:volume-toc">
    <xsl:param name="current" as="element()?" select="()"/>
    <nav class="volume-toc" aria-label="Table of contents" data-pagefind-ignore="">
      <h2>Contents</h2>
      <ol>
        <xsl:for-each select="w:units(.)">
          <li>
            <a href="{w:unit-file(.)}">
              <xsl:if test=". is $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              {w:unit-title(.)}
            </a>
            <!-- The page a unit starts on: a pb opening it, else the last pb before it. -->
            <xsl:variable name="first-pb" select="(descendant::node()[not(self::text()[not(normalize-space())])][1][self::tei:pb[@n]],
                                                   preceding::tei:pb[@n][1])[1]"/>
            <xsl:if test="$first-pb"><span class="toc-page"> p. {$first-pb/@n}</span></xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

  <!-- Every printed page of a volume, linked to its anchor: "Works 6, p. 29" has a URL. -->
  <xsl:template name="w:page-index">
    <nav class="page-index" aria-label="Printed pages" data-pagefind-ignore="">
      <h2>Printed pages</h2>
      <ul>
        <xsl:for-each select="//tei:text//tei:pb[@n][w:is-first-anchor(.)]">
          <li><a href="{w:page-of(.)}#{ed:page-anchor(.)}">{@n}</a></li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>
</xsl:stylesheet>
